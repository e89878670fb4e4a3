"""Writing events: an event with its companies, citations and quotes, or its deletion.

Each runs in one transaction (all of it is saved, or none of it) inside a history
context naming the user. They take model instances and plain values, never forms,
so the site, the admin, the shell, an importer and a test all call them alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

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
    Raises StaleVersionError if someone saved the event since that version.
    """
    with transaction.atomic(), recorded_as(user):
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
            citation.save()
        for quote in quotes:
            quote.event = event
            quote.save()
    return event


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
