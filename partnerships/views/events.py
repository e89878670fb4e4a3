"""Editors' screens for events: add, change and delete them from the timeline.

Without JavaScript each is a page (POST, redirect, GET). With htmx the same forms
open in place: "Add event" above the results, "Edit" and "Delete" inside the card.
Saving puts the card back where it now belongs: in place when the date is unchanged,
else the results are drawn again around it, with the reader's filters.

"New company…" (and partnership, agreement) keep what was typed: the posted form is
kept in the session as a draft, the editor adds the record on its own page, and
comes back to ``?draft=<key>&created_company=<slug>`` with it chosen.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from partnerships.forms.base import add_row
from partnerships.forms.events import EventForms, agreement_choices
from partnerships.forms.fields import parse_id
from partnerships.forms.groups import reload, save_or_conflict
from partnerships.forms.timeline import TimelineState
from partnerships.models import Agreement, Company, Event, Partnership, Quote, StaleVersionError
from partnerships.permissions import editor_required
from partnerships.queries.agreements import agreement_chain
from partnerships.queries.events import dates_sources_give, neighbours
from partnerships.services.events import delete_event, save_event
from partnerships.views.editing import form_page
from partnerships.views.htmx import (
    HtmxHttpRequest,
    by_pk,
    by_slug,
    current_page,
    navigate,
    render_screen,
    wants_fragment,
)
from partnerships.views.timeline import timeline_context

DRAFTS_KEY = "event_drafts"
MAX_DRAFTS = 10
# "New …" buttons: where the missing record is added.
CREATE_PAGES = {
    "company": "partnerships:company_add",
    "partnership": "partnerships:partnership_add",
    "agreement": "partnerships:agreement_add",
}
# Pages whose results (#timeline-results) a saved event can be drawn again into,
# and the filter each page fixes.
RESULTS_PAGES = {"timeline": None, "company": "company", "partnership": "partnership"}
CARD_PAGES = {*RESULTS_PAGES, "agreement"}


# --- the event's page ----------------------------------------------------------------------


@require_safe
def event_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.select_related("partnership", "agreement").prefetch_related(
            "companies",
            Prefetch("citations__source"),
            Prefetch("quotes", queryset=Quote.objects.select_related("company", "source")),
        ),
        slug=slug,
    )
    chain, links = agreement_chain(event.agreement) if event.agreement else ([], [])
    previous, following = neighbours(event)
    context = {
        "event": event,
        "chain": chain,
        "links": links,
        "previous": previous,
        "next": following,
        "dates_given": dates_sources_give(event),
    }
    return render(request, "partnerships/event.html", context)


# --- add and change ------------------------------------------------------------------------


@form_page
@editor_required("partnerships.add_event")
@vary_on_headers("HX-Request")
def event_add(request: HtmxHttpRequest) -> HttpResponse:
    return _event_screen(request, None)


@form_page
@editor_required("partnerships.change_event")
@vary_on_headers("HX-Request")
def event_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return _event_screen(request, get_object_or_404(Event, slug=slug))


def _event_screen(request: HtmxHttpRequest, event: Event | None) -> HttpResponse:
    # Read before the form: validating it sets the new date on the same instance.
    previous_date = event.date if event else None
    if request.method == "GET":
        forms, notice = _forms_from_draft(request, event)
        return _render_form(request, forms, event, notice=notice)

    data = request.POST
    if data.get("_create") in CREATE_PAGES:
        return _leave_for_new_record(request, event, data["_create"])
    if "add_row" in data:
        forms = EventForms(add_row(data, data["add_row"]), event=event, reshow=True)
        forms.focus_last_row(data["add_row"])
        return _render_form(request, forms, event)

    forms, saved = save_or_conflict(
        EventForms(data, event=event),
        save=lambda forms: _save_event(forms, request),
        rebuild=lambda: EventForms(data, event=reload(event) if event else None),
    )
    if saved is None:
        return _render_form(request, forms, event)
    _forget_draft(request, data.get("draft"))
    return _saved(request, saved, moved=saved.date != previous_date, added=event is None)


def _save_event(forms: EventForms, request: HtmxHttpRequest) -> Event | None:
    """Save through the service; a rule it holds that the form could not see (its last
    source removed meanwhile) comes back as a message on the form, nothing saved."""
    try:
        return save_event(**forms.changes(), user=request.user)
    except ValidationError as error:
        for message in error.messages:
            forms.add_error(message)
        return None


def _render_form(
    request: HtmxHttpRequest,
    forms: EventForms,
    event: Event | None,
    *,
    notice: str = "",
) -> HttpResponse:
    inline = wants_fragment(request)
    if event is None:
        action, card_id = reverse("partnerships:event_add"), "event-new"
        cancel_url = reverse("partnerships:timeline")
    else:
        action = reverse("partnerships:event_edit", args=[event.slug])
        card_id = f"event-{event.slug}"
        cancel_url = reverse("partnerships:event_card", args=[event.slug])
    context = {
        "forms": forms,
        "form": forms.form,
        "event": event,
        "action": action,
        "card_id": card_id,
        "inline": inline,
        # The page's own <h1>; above the results an <h2>; in a card, where the title was.
        "heading_level": 4 if inline and event else 2 if inline else 1,
        "cancel_url": cancel_url,
        "page_cancel_url": event.get_absolute_url() if event else reverse("partnerships:timeline"),
        "notice": notice,
        "draft": request.POST.get("draft") or request.GET.get("draft") or "",
    }
    return render_screen(request, "partnerships/event_form.html", context, fragment="event_form")


def _saved(request: HtmxHttpRequest, event: Event, *, moved: bool, added: bool) -> HttpResponse:
    """Show the saved event where it belongs: in place, in the redrawn results, or on a page."""
    page, kwargs, params = current_page(request)
    if not request.htmx or page not in CARD_PAGES:
        messages.success(request, f"Saved “{event.title}”.")
        url = _timeline_url_at(event)
        return navigate(request, url)

    lanes = params.get("lanes", "partnership")
    if (moved or added) and page in RESULTS_PAGES:
        scope_name = RESULTS_PAGES[page]
        scope = {scope_name: kwargs["slug"]} if scope_name else None
        state = TimelineState.from_query(_params_at(params, event), scope=scope)
        context = {**timeline_context(state), "just_saved": event.pk}
        html = render_to_string("partnerships/_timeline.html#results", context, request=request)
        if page == "timeline":
            shown = {item.pk for item in context["page"].events}
            html += render_to_string(
                "partnerships/event_form.html#form_slot",
                {"saved": event, "hidden": event.pk not in shown},
                request=request,
            )
        return reswap(retarget(HttpResponse(html), "#timeline-results"), "outerHTML")
    return _render_card(request, event.pk, lanes=lanes, just_saved=True)


def _params_at(params: QueryDict, event: Event) -> QueryDict:
    positioned = params.copy()
    for key in ("after", "before"):
        positioned.pop(key, None)
    positioned["at"] = event.date.isoformat()
    return positioned


def _timeline_url_at(event: Event) -> str:
    """The timeline opened at the event, at a zoom that shows it (minor events need months)."""
    query = {"at": event.date.isoformat()}
    if event.significance < Event.Significance.NOTABLE:
        query["zoom"] = "month"
    return f"{reverse('partnerships:timeline')}?{urlencode(query)}#event-{event.slug}"


# --- the card, and Cancel ------------------------------------------------------------------


@require_safe
def event_card(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """One event's card (what "Cancel" puts back); without htmx, its page."""
    event = get_object_or_404(Event, slug=slug)
    if not request.htmx:
        return redirect(event)
    _, _, params = current_page(request)
    return _render_card(request, event.pk, lanes=params.get("lanes", "partnership"))


def _render_card(
    request: HtmxHttpRequest, pk: int, *, lanes: str, just_saved: bool = False
) -> HttpResponse:
    event = get_object_or_404(Event.objects.for_cards(), pk=pk)
    context = {"event": event, "lanes": lanes, "just_saved": event.pk if just_saved else None}
    return render(request, "partnerships/_timeline.html#card", context)


# --- drafts: "New company…" and back -------------------------------------------------------


def _leave_for_new_record(request: HtmxHttpRequest, event: Event | None, kind: str):
    """Keep what was typed, and go and add the missing record."""
    data = {
        key: values
        for key, values in request.POST.lists()
        if key not in ("csrfmiddlewaretoken", "_create", "add_row", "draft")
    }
    key = secrets.token_urlsafe(9)
    drafts = dict(request.session.get(DRAFTS_KEY, {}))
    drafts[key] = {"event": event.slug if event else None, "data": data}
    request.session[DRAFTS_KEY] = dict(list(drafts.items())[-MAX_DRAFTS:])

    back = reverse("partnerships:event_edit", args=[event.slug]) if event else None
    back = f"{back or reverse('partnerships:event_add')}?{urlencode({'draft': key})}"
    query = {"next": back}
    if kind == "agreement":
        partnership = by_pk(Partnership, request.POST.get("partnership"))
        if partnership:
            query["partnership"] = partnership.slug
    return navigate(request, f"{reverse(CREATE_PAGES[kind])}?{urlencode(query)}")


def _forms_from_draft(request: HtmxHttpRequest, event: Event | None) -> tuple[EventForms, str]:
    key = request.GET.get("draft")
    if not key:
        return EventForms(event=event), ""
    draft = request.session.get(DRAFTS_KEY, {}).get(key)
    if draft is None or draft.get("event") != (event.slug if event else None):
        return EventForms(event=event), "That draft has expired; the form starts afresh."
    data = QueryDict(mutable=True)
    for name, values in draft["data"].items():
        data.setlist(name, values)
    _choose_created(data, request.GET)
    data["draft"] = key
    return EventForms(data, event=event, reshow=True), ""


def _choose_created(data: QueryDict, params: QueryDict) -> None:
    """Choose the record just added on its own page."""
    company = by_slug(Company, params.get("created_company"))
    if company is not None:
        chosen = data.getlist("companies")
        if str(company.pk) not in chosen:
            data.setlist("companies", [*chosen, str(company.pk)])
    partnership = by_slug(Partnership, params.get("created_partnership"))
    if partnership is not None:
        data["partnership"] = str(partnership.pk)
        agreement = by_pk(Agreement, data.get("agreement"))
        if agreement is not None and agreement.partnership_id != partnership.pk:
            data["agreement"] = ""
    agreement = by_slug(Agreement, params.get("created_agreement"))
    if agreement is not None:
        data["agreement"] = str(agreement.pk)
        data["partnership"] = str(agreement.partnership_id)


def _forget_draft(request: HtmxHttpRequest, key: str | None) -> None:
    drafts = request.session.get(DRAFTS_KEY)
    if key and drafts and key in drafts:
        drafts = dict(drafts)
        del drafts[key]
        request.session[DRAFTS_KEY] = drafts


# --- delete --------------------------------------------------------------------------------


@form_page
@editor_required("partnerships.delete_event")
@vary_on_headers("HX-Request")
def event_delete(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.for_cards(), slug=slug)
    changed = False
    if request.method == "POST":
        try:
            delete_event(
                event=event,
                loaded_version=parse_id(request.POST.get("loaded_version")),
                user=request.user,
            )
        except StaleVersionError:
            event = get_object_or_404(Event.objects.for_cards(), pk=event.pk)
            changed = True
        else:
            return _deleted(request, event)
    inline = wants_fragment(request)
    context = {
        "event": event,
        "inline": inline,
        "changed": changed,
        "heading_level": 4 if inline else 1,
    }
    return render_screen(request, "partnerships/event_delete.html", context, fragment="confirm")


def _deleted(request: HtmxHttpRequest, event: Event) -> HttpResponse:
    restore_url = reverse("partnerships:deleted_events")
    if request.htmx:
        context = {"event": event, "restore_url": restore_url}
        return render(request, "partnerships/event_delete.html#deleted", context)
    messages.success(
        request,
        format_html(
            'Deleted “{}”. <a href="{}">Restore from history</a>', event.title, restore_url
        ),
    )
    return redirect("partnerships:timeline")


# --- what the form's selects fetch ---------------------------------------------------------


@require_safe
@editor_required()
def event_agreement_options(request: HtmxHttpRequest) -> HttpResponse:
    """The agreement <option>s of the partnership chosen on the event form."""
    partnership = by_pk(Partnership, request.GET.get("partnership"))
    selected = request.GET.get("agreement", "")
    context = {
        "options": agreement_choices(partnership.pk if partnership else None),
        "selected": selected,
    }
    return render(request, "partnerships/event_form.html#options", context)
