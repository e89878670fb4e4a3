"""History pages: who changed what and when, what we had recorded on a date, and the
editors' revert and restore.

Reading history is public (it is how a reader tells a correction from a change in
the deal), without the editors' usernames; reverting and restoring are for editors, checked here in the views.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partnerships.dates import DateError, When, parse_partial_date
from partnerships.models import Agreement, AgreementHistory, Event, EventHistory, Partnership
from partnerships.permissions import editor_required
from partnerships.queries import history
from partnerships.queries.snapshots import usernames, who
from partnerships.services.history import (
    AlreadyRestored,
    HistoryError,
    restore_event,
    revert_agreement,
    revert_event,
)
from partnerships.views.htmx import HtmxHttpRequest

DELETED_LIMIT = 200


# --- Reading ------------------------------------------------------------------------------


@require_safe
def event_history(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("partnership"), slug=slug)
    changes = history.event_changes(event.pk, with_names=_sees_editors(request.user))
    return _history_page(request, event, changes, kind="event")


@require_safe
def agreement_history(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(Agreement.objects.select_related("partnership"), slug=slug)
    changes = history.agreement_changes(agreement.pk, with_names=_sees_editors(request.user))
    return _history_page(request, agreement, changes, kind="agreement")


def _sees_editors(user) -> bool:
    """Editors and admins see who made each change; readers see "an editor", so the
    public pages do not list the accounts worth attacking. (The permission is the one
    the revert button asks for, so it costs no extra query.)"""
    return user.is_staff or user.has_perm("partnerships.change_event")


def _history_page(request, record: models.Model, changes: list, *, kind: str) -> HttpResponse:
    model = type(record)
    context = {
        "record": record,
        "kind": kind,
        "parts": "companies, sources and quotes" if kind == "event" else "terms, links and sources",
        "changes": changes,
        "can_revert": request.user.has_perm(f"partnerships.change_{kind}"),
        "can_restore": kind == "event" and request.user.has_perm("partnerships.add_event"),
        "revert_url_name": f"partnerships:{kind}_revert",
    }
    context.update(_recorded_on(request, model, record, changes))
    return render(request, "partnerships/history.html", context)


def _recorded_on(request, model, record, changes: list) -> dict:
    """ "What did we have recorded on this day?", beside what we have now."""
    text = request.GET.get("recorded_on", "").strip()
    if not text:
        return {}
    try:
        day = parse_partial_date(text, end=True)
    except DateError as error:
        return {"recorded_error": f"“{text[:40]}” is not a date. {error}"}
    end = history.end_of_day(day)
    snapshot = history.recorded_as_of(model, record.pk, end)
    rows = history.compare_with_current(model, snapshot, record) if snapshot else []
    first = history.first_recorded(model, record.pk)
    return {
        "recorded_on": day,
        "recorded": snapshot,
        "recorded_rows": rows,
        "corrections": [row for row in rows if row.corrected],
        "first_recorded": first if first and first > end else None,
        "later_part_changes": sum(
            1 for change in changes if not change.is_record and change.at > end
        ),
        "deal_changes": history.deal_changes_after(record, day),
        "as_of_query": f"?as_of={day.isoformat()}&partnership={record.partnership.slug}",
    }


# --- Reverting ----------------------------------------------------------------------------


@editor_required("partnerships.change_event")
@require_http_methods(["GET", "POST"])
def event_revert(request: HtmxHttpRequest, slug: str, history_id: int) -> HttpResponse:
    return _revert(request, Event, EventHistory, slug, history_id, kind="event")


@editor_required("partnerships.change_agreement")
@require_http_methods(["GET", "POST"])
def agreement_revert(request: HtmxHttpRequest, slug: str, history_id: int) -> HttpResponse:
    return _revert(request, Agreement, AgreementHistory, slug, history_id, kind="agreement")


def _revert(request, model, history_model, slug: str, history_id: int, *, kind: str):
    """GET: what would change, and a button to confirm. POST: revert, then back to history."""
    record = get_object_or_404(model, slug=slug)
    snapshot = get_object_or_404(
        history_model.objects.select_related("pgh_context").exclude(pgh_label="delete"),
        pk=history_id,
        pgh_obj_id=record.pk,
    )
    history_url = reverse(f"partnerships:{kind}_history", args=[record.slug])
    recorded_at = date_format(snapshot.pgh_created_at, "j M Y, H:i") + " UTC"
    if request.method == "POST":
        service = revert_event if kind == "event" else revert_agreement
        try:
            outcome = service(
                **{f"{kind}_history_id": snapshot.pk}, user=request.user, url=request.path
            )
        except HistoryError as error:
            messages.error(request, str(error))
            return redirect(history_url)
        if outcome.changed:
            changed = ", ".join(outcome.changed)
            messages.success(
                request, f"Reverted to the version of {recorded_at}. Changed: {changed}."
            )
        else:
            messages.info(request, "That version matches the current one; nothing changed.")
        for note in outcome.notes:
            messages.warning(request, note)
        # The slug may have changed with the revert.
        record.refresh_from_db(fields=["slug"])
        return redirect(reverse(f"partnerships:{kind}_history", args=[record.slug]))
    rows = [row for row in history.compare_with_current(model, snapshot, record) if row.corrected]
    names = usernames([snapshot])
    return render(
        request,
        "partnerships/history_revert.html",
        {
            "record": record,
            "kind": kind,
            "snapshot": snapshot,
            "recorded_at": snapshot.pgh_created_at,
            "who": who(snapshot, names),
            "rows": rows,
            "history_url": history_url,
        },
    )


# --- Deleted events -----------------------------------------------------------------------


@editor_required("partnerships.add_event")
@require_safe
def deleted_events(request: HtmxHttpRequest) -> HttpResponse:
    last_deletions = (
        EventHistory.objects.filter(pgh_label="delete")
        .exclude(pgh_obj_id__in=Event._base_manager.values("pk"))
        .order_by("pgh_obj_id", "-pgh_id")
        .distinct("pgh_obj_id")
        .values("pgh_id")
    )
    rows = list(
        EventHistory.objects.filter(pgh_id__in=last_deletions)
        .select_related("pgh_context")
        .order_by("-pgh_created_at", "-pgh_id")[: DELETED_LIMIT + 1]
    )
    partnerships = Partnership._base_manager.in_bulk({row.partnership_id for row in rows})
    names = usernames(rows)
    deleted = [
        {
            "event_id": row.pgh_obj_id,
            "title": row.title,
            "when": str(When.of(row)),
            "partnership": partnerships.get(row.partnership_id),
            "deleted_at": row.pgh_created_at,
            "deleted_by": who(row, names),
        }
        for row in rows[:DELETED_LIMIT]
    ]
    return render(
        request,
        "partnerships/deleted_events.html",
        {"deleted": deleted, "more": len(rows) > DELETED_LIMIT, "limit": DELETED_LIMIT},
    )


@editor_required("partnerships.add_event")
@require_POST
def event_restore(request: HtmxHttpRequest, event_id: int) -> HttpResponse:
    try:
        outcome = restore_event(event_id=event_id, user=request.user, url=request.path)
    except AlreadyRestored as error:
        messages.info(request, str(error))
        return redirect(error.event.get_absolute_url())
    except HistoryError as error:
        if not EventHistory.objects.filter(pgh_obj_id=event_id, pgh_label="delete").exists():
            raise Http404("No deleted event has that number.") from None
        messages.error(request, str(error))
        return redirect("partnerships:deleted_events")
    event = outcome.instance
    messages.success(request, f"Restored “{event.title}” with {', '.join(outcome.changed)}.")
    for note in outcome.notes:
        messages.warning(request, note)
    return redirect(event.get_absolute_url())
