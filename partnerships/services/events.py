"""Writing events: an event with its companies, citations and quotes, or its deletion.

Each runs in one transaction (all of it is saved, or none of it) inside a history
context naming the user. They take model instances and plain values, never forms,
so the site, the admin, the shell, an importer and a test all call them alike.

Every event is cited or flagged: ``save_event`` refuses an event left with no citation
unless it is marked unsourced (``Event.is_unsourced``), and clears that mark as soon as
the event cites a source, so the flag always means "published without a source".
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from partnerships.dates import Precision
from partnerships.models import Company, Event, EventCitation, Quote, StaleVersionError
from partnerships.services.history import recorded_as


def save_event(
    *,
    event: Event,
    companies: Iterable[Company] | None = None,
    citations: Iterable[EventCitation] = (),
    quotes: Iterable[Quote] = (),
    removed: Iterable[EventCitation | Quote] = (),
    user=None,
) -> Event:
    """Save an event and the parts of it that changed.

    ``event`` carries the version its editor loaded; ``companies`` (when given) is the
    whole set; ``citations`` and ``quotes`` are rows to add or change (a citation may
    cite a source not saved yet: it is saved first); ``removed`` are rows to delete.
    The event row is saved first, and always, so its version covers the whole event:
    anyone holding an older version of any part of it gets a conflict.
    Raises StaleVersionError if someone saved the event since that version, and
    ValidationError (code "unsourced", nothing saved) if the event would be left with
    no citation without being marked unsourced.
    """
    citations, removed = list(citations), list(removed)
    with transaction.atomic(), recorded_as(user):
        if event.is_unsourced and _cited_after(event, citations, removed):
            event.is_unsourced = False
        event.save()
        if companies is not None:
            event.companies.set(companies)
        # Removals first, so that a row removed and typed again does not meet itself.
        for row in removed:
            row.delete()
        for citation in citations:
            if citation.source.pk is None:
                citation.source.save()
            citation.event = event
            if not citation.disagrees:  # the event's own date: blank means "agrees"
                citation.gives_date, citation.gives_precision = None, Precision.DAY
            citation.save()
        for quote in quotes:
            quote.event = event
            quote.save()
        if not event.is_unsourced and not event.citations.exists():
            raise ValidationError(unsourced_message(event), code="unsourced")
    return event


def unsourced_message(event: Event) -> str:
    return (
        f"“{event.title}” cites no source: cite at least one, or mark it unsourced "
        "to publish it without one."
    )


def _cited_after(
    event: Event, citations: list[EventCitation], removed: list[EventCitation | Quote]
) -> bool:
    """Whether the event will cite a source once these rows are written (read before)."""
    if any(citation.pk is None for citation in citations):
        return True
    if event.pk is None:
        return False
    gone = {row.pk for row in removed if isinstance(row, EventCitation)}
    return EventCitation.objects.filter(event_id=event.pk).exclude(pk__in=gone).exists()


def delete_event(*, event: Event, loaded_version: int | None, user=None) -> None:
    """Delete an event (its citations, companies and quotes go with it; history keeps them).

    ``loaded_version`` is the version the editor saw when asked to confirm. Raises
    StaleVersionError if the event has changed since, or if no version was given: a
    delete that cannot be checked is refused like a stale edit, never done unchecked.
    """
    with transaction.atomic(), recorded_as(user):
        current = Event.objects.select_for_update().filter(pk=event.pk).first()
        if current is None:
            return
        if loaded_version != current.version:
            raise StaleVersionError(current)
        current.delete()
