"""A partnership's page (its parties, agreements and own timeline), and the editors'
partnership form with its parties."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from partnerships.forms.partnerships import PartnershipForms
from partnerships.forms.timeline import TimelineState
from partnerships.models import Company, Partnership
from partnerships.permissions import editor_required
from partnerships.services.partnerships import save_partnership
from partnerships.views.editing import form_page, record_screen
from partnerships.views.htmx import HtmxHttpRequest, by_slug
from partnerships.views.timeline import render_timeline


@require_safe
@vary_on_headers("HX-Request")
def partnership_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(
        Partnership.objects.prefetch_related("parties__company", "agreements"), slug=slug
    )
    state = TimelineState.from_query(request.GET, scope={"partnership": partnership.slug})
    return render_timeline(request, "partnerships/partnership.html", state, partnership=partnership)


@form_page
@editor_required("partnerships.add_partnership", "partnerships.add_party")
def partnership_add(request: HtmxHttpRequest) -> HttpResponse:
    return _partnership_screen(request, Partnership())


@form_page
@editor_required(
    "partnerships.change_partnership",
    "partnerships.add_party",
    "partnerships.change_party",
    "partnerships.delete_party",
)
def partnership_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return _partnership_screen(request, get_object_or_404(Partnership, slug=slug))


def _partnership_screen(request: HtmxHttpRequest, partnership: Partnership) -> HttpResponse:
    # Back from "add a new company": it fills the first blank party row.
    created = by_slug(Company, request.GET.get("created_company"))

    def build(data, partnership, reshow=False):
        return PartnershipForms(
            data, partnership=partnership, reshow=reshow, created=created if data is None else None
        )

    return record_screen(
        request,
        partnership,
        build=build,
        save=save_partnership,
        template="partnerships/records/partnership_form.html",
        created_param="created_partnership",
        context={"partnership": partnership},
    )
