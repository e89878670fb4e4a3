"""An agreement's page: its lifecycle chain, term-by-term comparison and events, as it
stands today or as it stood on a date."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from partnerships.dates import DateError, parse_optional_end
from partnerships.models import Agreement, AgreementTerm
from partnerships.queries.agreements import agreement_chain, comparisons
from partnerships.queries.asof import chain_as_of
from partnerships.views.htmx import HtmxHttpRequest


@require_GET
def agreement_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(
        Agreement.objects.select_related("partnership").prefetch_related(
            Prefetch("terms", queryset=AgreementTerm.objects.prefetch_related("citations__source")),
            "citations__source",
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
    return render(
        request,
        "partnerships/agreement.html",
        {
            "agreement": agreement,
            "chain": chain,
            "links": links,
            "comparisons": comparisons(agreement, links),
            "events": events,
            "as_of": as_of,
            "as_of_error": as_of_error,
            "as_of_text": request.GET.get("as_of", ""),
        },
    )
