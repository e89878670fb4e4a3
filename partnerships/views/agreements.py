"""An agreement's page (its lifecycle chain, term-by-term comparison and events, as it
stands today or as it stood on a date), and the editors' agreement form."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from partnerships.dates import DateError, parse_optional_end
from partnerships.forms.agreements import AgreementForms
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementTerm,
    Partnership,
    TermCitation,
)
from partnerships.permissions import editor_required
from partnerships.queries.agreements import agreement_chain, compared_terms, comparisons
from partnerships.queries.asof import chain_as_of, text_as_of
from partnerships.services.agreements import save_agreement
from partnerships.views.editing import form_page, record_screen
from partnerships.views.htmx import HtmxHttpRequest, by_pk, by_slug


@require_safe
def agreement_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(
        Agreement.objects.select_related("partnership").prefetch_related(
            Prefetch(
                "terms",
                queryset=AgreementTerm.objects.prefetch_related(
                    Prefetch("citations", queryset=TermCitation.objects.select_related("source"))
                ),
            ),
            Prefetch("citations", queryset=AgreementCitation.objects.select_related("source")),
            "partnership__parties__company",
        ),
        slug=slug,
    )
    chain, links = agreement_chain(agreement)
    events = agreement.events.for_cards().order_by("date", "id")
    try:
        as_of, as_of_error = parse_optional_end(request.GET.get("as_of")), ""
    except DateError as error:
        as_of, as_of_error = None, str(error)
    if as_of:
        chain, links = chain_as_of(agreement, chain, links, as_of)
        events = events.filter(date__lte=as_of)
    compared = comparisons(agreement, links)
    later_shown = bool(as_of) and request.GET.get("later") == "shown"
    if as_of:
        # Only what was known then: text as recorded by that day, and text written later
        # only on request ("Show it anyway"), marked as such (queries.asof).
        events = list(events)
        text_as_of(
            agreement,
            as_of,
            compared_terms=compared_terms(compared),
            links=() if later_shown else links,
            events=() if later_shown else events,
        )
    return render(
        request,
        "partnerships/agreement.html",
        {
            "agreement": agreement,
            "chain": chain,
            "links": links,
            "comparisons": compared,
            "events": events,
            "as_of": as_of,
            "as_of_error": as_of_error,
            "as_of_text": request.GET.get("as_of", ""),
            "later_shown": later_shown,
            **(as_of_urls(agreement, as_of) if as_of else {}),
        },
    )


def as_of_urls(agreement: Agreement, as_of) -> dict[str, str]:
    """The page on ``as_of`` with text written later shown, and without it."""
    url = agreement.get_absolute_url()
    day = as_of.isoformat()
    return {
        "later_url": f"{url}?{urlencode({'as_of': day, 'later': 'shown'})}",
        "hide_later_url": f"{url}?{urlencode({'as_of': day})}",
    }


@form_page
@editor_required(
    "partnerships.add_agreement",
    "partnerships.add_agreementterm",
    "partnerships.add_agreementlink",
    "partnerships.add_agreementcitation",
    "partnerships.add_source",
)
def agreement_add(request: HtmxHttpRequest) -> HttpResponse:
    return _agreement_screen(request, Agreement())


@form_page
@editor_required(
    "partnerships.change_agreement",
    "partnerships.add_agreementterm",
    "partnerships.change_agreementterm",
    "partnerships.delete_agreementterm",
    "partnerships.add_agreementlink",
    "partnerships.change_agreementlink",
    "partnerships.delete_agreementlink",
    "partnerships.add_agreementcitation",
    "partnerships.change_agreementcitation",
    "partnerships.delete_agreementcitation",
    "partnerships.add_termcitation",
    "partnerships.change_termcitation",
    "partnerships.delete_termcitation",
    "partnerships.add_source",
)
def agreement_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(Agreement.objects.select_related("partnership"), slug=slug)
    return _agreement_screen(request, agreement)


def _agreement_screen(request: HtmxHttpRequest, agreement: Agreement) -> HttpResponse:
    adding = agreement.pk is None
    if adding and request.method == "GET":
        # ?partnership=<slug>, or back from "add a new partnership".
        partnership = by_slug(Partnership, request.GET.get("created_partnership")) or by_slug(
            Partnership, request.GET.get("partnership")
        )
    elif adding:
        partnership = by_pk(Partnership, request.POST.get("partnership"))
    else:
        partnership = agreement.partnership
    initial = {"partnership": partnership.pk} if adding and partnership else None

    def build(data, agreement, reshow=False):
        return AgreementForms(
            data, agreement=agreement, partnership=partnership, reshow=reshow, initial=initial
        )

    return record_screen(
        request,
        agreement,
        build=build,
        save=save_agreement,
        template="partnerships/records/agreement_form.html",
        created_param="created_agreement",
        cancel_url=partnership.get_absolute_url() if adding and partnership else "",
        context={
            "agreement": agreement,
            "partnership": partnership,
            "topic_keys": AgreementTerm.objects.order_by("topic")
            .values_list("topic", flat=True)
            .distinct(),
        },
    )
