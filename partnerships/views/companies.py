"""A company's page (its partnerships and its own timeline), and the editors' company form."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from partnerships.forms.companies import CompanyForms
from partnerships.forms.timeline import TimelineState
from partnerships.models import Company
from partnerships.permissions import editor_required
from partnerships.services.companies import save_company
from partnerships.views.editing import form_page, record_screen
from partnerships.views.htmx import HtmxHttpRequest
from partnerships.views.timeline import render_timeline


@require_safe
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


@form_page
@editor_required("partnerships.add_company")
def company_add(request: HtmxHttpRequest) -> HttpResponse:
    return _company_screen(request, Company())


@form_page
@editor_required("partnerships.change_company")
def company_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return _company_screen(request, get_object_or_404(Company, slug=slug))


def _company_screen(request: HtmxHttpRequest, company: Company) -> HttpResponse:
    return record_screen(
        request,
        company,
        build=lambda data, company, reshow=False: CompanyForms(data, company=company),
        save=save_company,
        template="partnerships/records/company_form.html",
        created_param="created_company",
        context={"company": company},
    )
