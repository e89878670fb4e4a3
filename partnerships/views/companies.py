"""A company's page: its partnerships and its own timeline."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from partnerships.forms.timeline import TimelineState
from partnerships.models import Company
from partnerships.views.htmx import HtmxHttpRequest
from partnerships.views.timeline import render_timeline


@require_GET
@vary_on_headers("HX-Request")
def company_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company, slug=slug)
    parties = company.parties.select_related("partnership").prefetch_related(
        "partnership__parties__company"
    )
    state = TimelineState.from_query(request.GET, scope={"company": company.slug})
    return render_timeline(
        request, "partnerships/company.html", state, company=company, parties=parties
    )
