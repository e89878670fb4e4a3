"""Editors' screens: add and change companies, partnerships (with their parties) and
agreements (with key terms and links), so that none of it needs the admin.

Plain POST forms that work without JavaScript. "Add another …" buttons post the page
(name="add_row") and get it back as typed with one more blank row, judged only on Save.
A stale form is refused and shows their version beside yours; saving again applies
yours. ``?next=<path>`` sends the editor back where they came from, with
``created_<record>=<slug>`` appended when a record was added.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import IntegrityError
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from partnerships.forms.records import (
    AgreementForm,
    CompanyForm,
    LinksFormSet,
    PartiesFormSet,
    PartnershipForm,
    TermsFormSet,
    add_row,
)
from partnerships.models import Agreement, AgreementTerm, Company, Partnership, StaleVersionError
from partnerships.permissions import editor_required
from partnerships.services import records as record_services
from partnerships.views.htmx import HtmxHttpRequest, by_pk, by_slug, navigate, render_screen

# The page is posted whole, so one decorator serves showing and saving it.
form_page = require_http_methods(["GET", "POST"])

RACE_MESSAGE = (
    "Someone else saved a change here a moment ago, so nothing was saved. "
    "Check the form and save again."
)


# --- companies -----------------------------------------------------------------------------


@form_page
@editor_required("partnerships.add_company")
def company_add(request: HtmxHttpRequest) -> HttpResponse:
    return _company_screen(request, Company())


@form_page
@editor_required("partnerships.change_company")
def company_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return _company_screen(request, get_object_or_404(Company, slug=slug))


def _company_screen(request: HtmxHttpRequest, company: Company) -> HttpResponse:
    adding = company.pk is None
    name = str(company)  # as saved: the form may change the instance
    if request.method == "GET":
        form = CompanyForm(instance=company)
    else:
        form = CompanyForm(request.POST, instance=company)
        if form.is_valid():
            try:
                saved = record_services.save_company(form=form)
            except (StaleVersionError, IntegrityError):
                form = CompanyForm(request.POST, instance=_fresh(company))
                _recheck_after_race(form)
            else:
                return _saved(request, saved, added=adding, param="created_company")
    context = {
        "form": form,
        "company": company,
        "name": name,
        "adding": adding,
        "conflicts": _conflicts(form, []),
    }
    return _render(request, "partnerships/records/company_form.html", context, company)


# --- partnerships --------------------------------------------------------------------------


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


def _partnership_forms(data, partnership: Partnership, *, reshow=False, created=None):
    form = PartnershipForm(data, instance=partnership, reshow=reshow)
    parties = PartiesFormSet(
        data,
        instance=partnership,
        prefix="parties",
        reshow=reshow,
        # Back from "add a new company": it fills the first blank row.
        initial=[{"company": created.pk}] if created else None,
    )
    return form, parties


def _partnership_screen(request: HtmxHttpRequest, partnership: Partnership) -> HttpResponse:
    adding = partnership.pk is None
    name = str(partnership)
    if request.method == "GET":
        created = by_slug(Company, request.GET.get("created_company"))
        form, parties = _partnership_forms(None, partnership, created=created)
    elif "add_row" in request.POST:
        form, parties = _partnership_forms(
            add_row(request.POST, "parties"), partnership, reshow=True
        )
    else:
        form, parties = _partnership_forms(request.POST, partnership)
        if all([form.is_valid(), parties.is_valid()]):
            try:
                saved = record_services.save_partnership(form=form, parties_formset=parties)
            except (StaleVersionError, IntegrityError):
                form, parties = _partnership_forms(request.POST, _fresh(partnership))
                _recheck_after_race(form, parties)
            else:
                return _saved(request, saved, added=adding, param="created_partnership")
    sections = [("Parties", "Party", parties)]
    context = {
        "form": form,
        "parties": parties,
        "partnership": partnership,
        "name": name,
        "adding": adding,
        "problems": _problems(form, sections),
        "conflicts": _conflicts(form, sections),
    }
    return _render(request, "partnerships/records/partnership_form.html", context, partnership)


# --- agreements ----------------------------------------------------------------------------


@form_page
@editor_required(
    "partnerships.add_agreement",
    "partnerships.add_agreementterm",
    "partnerships.add_agreementlink",
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
)
def agreement_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(Agreement.objects.select_related("partnership"), slug=slug)
    return _agreement_screen(request, agreement)


def _agreement_forms(data, agreement: Agreement, *, partnership, reshow=False, initial=None):
    form = AgreementForm(data, instance=agreement, reshow=reshow, initial=initial)
    terms = TermsFormSet(data, instance=agreement, prefix="terms", reshow=reshow)
    links = LinksFormSet(
        data, prefix="links", agreement=agreement, partnership=partnership, reshow=reshow
    )
    return form, terms, links


def _agreement_screen(request: HtmxHttpRequest, agreement: Agreement) -> HttpResponse:
    adding = agreement.pk is None
    name = str(agreement) if agreement.pk else ""
    if adding and request.method == "GET":
        # ?partnership=<slug>, or back from "add a new partnership".
        partnership = by_slug(Partnership, request.GET.get("created_partnership")) or by_slug(
            Partnership, request.GET.get("partnership")
        )
    elif adding:
        partnership = by_pk(Partnership, request.POST.get("partnership"))
    else:
        partnership = agreement.partnership

    if request.method == "GET":
        initial = {"partnership": partnership.pk} if adding and partnership else None
        form, terms, links = _agreement_forms(
            None, agreement, partnership=partnership, initial=initial
        )
    elif "add_row" in request.POST:
        prefix = request.POST["add_row"] if request.POST["add_row"] in ("terms", "links") else ""
        data = add_row(request.POST, prefix) if prefix else request.POST
        form, terms, links = _agreement_forms(data, agreement, partnership=partnership, reshow=True)
    else:
        form, terms, links = _agreement_forms(request.POST, agreement, partnership=partnership)
        if all([form.is_valid(), terms.is_valid(), links.is_valid()]):
            try:
                saved = record_services.save_agreement(
                    form=form, terms_formset=terms, links_formset=links
                )
            except (StaleVersionError, IntegrityError):
                form, terms, links = _agreement_forms(
                    request.POST, _fresh(agreement), partnership=partnership
                )
                _recheck_after_race(form, terms, links)
            else:
                return _saved(request, saved, added=adding, param="created_agreement")
    sections = [("Key terms", "Key term", terms), ("Links", "Link", links)]
    context = {
        "form": form,
        "terms": terms,
        "links": links,
        "agreement": agreement,
        "partnership": partnership,
        "name": name,
        "adding": adding,
        "topic_keys": AgreementTerm.objects.order_by("topic")
        .values_list("topic", flat=True)
        .distinct(),
        "problems": _problems(form, sections),
        "conflicts": _conflicts(form, sections),
    }
    return _render(request, "partnerships/records/agreement_form.html", context, agreement)


# --- shared steps --------------------------------------------------------------------------


def _render(request: HtmxHttpRequest, template: str, context: dict, record: Model):
    next_url = _next_url(request)
    context["next"] = next_url
    context["cancel_url"] = next_url or _cancel_url(record, context)
    return render_screen(request, template, context, fragment="record-form")


def _cancel_url(record: Model, context: dict) -> str:
    if record.pk:
        return record.get_absolute_url()
    partnership = context.get("partnership")
    if isinstance(record, Agreement) and partnership is not None:
        return partnership.get_absolute_url()
    return reverse("partnerships:timeline")


def _saved(request: HtmxHttpRequest, record, *, added: bool, param: str) -> HttpResponse:
    """Back to ``next`` (saying what was added), else to the record's own page."""
    next_url = _next_url(request)
    if next_url:
        target = _with_query(next_url, param, record.slug) if added else next_url
    else:
        target = record.get_absolute_url()
    return navigate(request, target)


def _next_url(request: HtmxHttpRequest) -> str:
    """A path on this site to return to; anything else (another host, a scheme) is ignored."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts=None)
    ):
        return candidate
    return ""


def _with_query(url: str, key: str, value: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    return urlunsplit(parts._replace(query=urlencode([*query, (key, value)])))


def _fresh(record: Model) -> Model:
    """The record as now saved (after a failed save left the instance half-changed)."""
    if record.pk is None:
        return type(record)()
    found = type(record)._default_manager.filter(pk=record.pk).first()
    if found is None:
        raise Http404("This record was deleted by someone else.")
    return found


def _recheck_after_race(form, *formsets) -> None:
    """Validate the rebuilt forms: a change saved by someone else shows as a conflict,
    a clash (a name or topic just taken) as a message. If nothing shows, say what happened."""
    results = [form.is_valid(), *(formset.is_valid() for formset in formsets)]
    if all(results):
        form.add_error(None, RACE_MESSAGE)


def _problems(form, sections) -> list[dict]:
    """Every error on the page, for the summary at the top, each linked to its field."""
    problems = [{"text": str(error), "href": ""} for error in form.non_field_errors()]
    problems += [
        {"text": f"{field.label}: {error}", "href": f"#{field.auto_id}"}
        for field in form
        for error in field.errors
    ]
    for section, row_label, formset in sections:
        anchor = f"#{formset.prefix}-section"
        problems += [
            {"text": f"{section}: {error}", "href": anchor} for error in formset.non_form_errors()
        ]
        for number, row in enumerate(formset.forms, start=1):
            if not row.is_bound or row.reshow:
                continue
            removed = formset.can_delete and row.cleaned_data.get("DELETE")
            if removed and not getattr(row, "conflict", None):
                continue
            where = f"{row_label} {number}"
            problems += [
                {"text": f"{where}: {error}", "href": f"#{row.prefix}"}
                for error in row.non_field_errors()
            ]
            problems += [
                {
                    "text": f"{where}, {field.label}: {error}",
                    "href": f"#{row.prefix}" if field.is_hidden else f"#{field.auto_id}",
                }
                for field in row
                for error in field.errors
            ]
    return problems


def _conflicts(form, sections) -> list[dict]:
    """The records someone else saved since this page was loaded, with both versions."""
    found = []
    if getattr(form, "conflict", None):
        found.append(
            {
                "label": f"This {form.instance._meta.verbose_name}",
                "rows": _readable(form, form.conflict["rows"]),
            }
        )
    for _section, row_label, formset in sections:
        for row in formset.forms:
            if getattr(row, "conflict", None):
                current = row.conflict["current"]
                found.append(
                    {
                        "label": f"{row_label} “{current.heading}”",
                        "rows": _readable(row, row.conflict["rows"]),
                    }
                )
    return found


def _readable(form, rows: list[dict]) -> list[dict]:
    """Choices by their labels and yes/no for both sides, as the form shows them."""
    by_label = {str(field.label): field for field in form.fields.values()}
    readable = []
    for row in rows:
        field = by_label.get(str(row["label"]))
        choices = dict(getattr(field, "choices", None) or [])
        readable.append(
            {
                "label": row["label"],
                "theirs": _shown(row["theirs"], choices),
                "yours": _shown(row["yours"], choices),
            }
        )
    return readable


def _shown(value, choices: dict):
    if not isinstance(value, Model) and str(value) in choices:
        return choices[str(value)]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value
