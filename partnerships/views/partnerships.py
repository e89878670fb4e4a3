"""A partnership's page: its parties, agreements and its own timeline."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from partnerships.forms.timeline import TimelineState
from partnerships.models import Partnership
from partnerships.views.htmx import HtmxHttpRequest
from partnerships.views.timeline import render_timeline


@require_GET
@vary_on_headers("HX-Request")
def partnership_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(
        Partnership.objects.prefetch_related("parties__company", "agreements"), slug=slug
    )
    state = TimelineState.from_query(request.GET, scope={"partnership": partnership.slug})
    return render_timeline(request, "partnerships/partnership.html", state, partnership=partnership)
