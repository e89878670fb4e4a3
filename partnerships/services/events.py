"""Multi-step writes, each in one transaction: all of it is saved, or none of it.

History rows come from the database triggers (pghistory); ``pghistory.context``
adds who made the change, for calls from outside a request too.
"""

from __future__ import annotations

import pghistory
from django.db import transaction

from partnerships.models import Event, EventCitation, StaleVersionError


def _history_context(user):
    return pghistory.context(user=user.pk if user is not None and user.pk else None)


def save_event(*, form, citation_formset, new_source_formset, quote_formset, user) -> Event:
    """Save a validated event form with its citations, new sources and quotes.

    The event row is saved first, and always, so its version covers the whole
    event: anyone holding an older version of any part of it gets a conflict.
    Raises StaleVersionError if someone saved the event since the form was validated.
    """
    with transaction.atomic(), _history_context(user):
        event = form.save(commit=False)
        event.save()
        form.save_m2m()
        citation_formset.instance = event
        citation_formset.save()
        for source_form in new_source_formset.forms:
            if not source_form.has_changed():
                continue
            source = source_form.save()
            EventCitation.objects.create(
                event=event, source=source, excerpt=source_form.cleaned_data.get("excerpt", "")
            )
        quote_formset.instance = event
        quote_formset.save()
    return event


def delete_event(*, event: Event, loaded_version: int | None, user) -> None:
    """Delete an event (its citations, companies and quotes go with it; history keeps them).

    Raises StaleVersionError if it changed since the editor was asked to confirm.
    """
    with transaction.atomic(), _history_context(user):
        current = Event.objects.select_for_update().filter(pk=event.pk).first()
        if current is None:
            return
        if loaded_version is not None and loaded_version != current.version:
            raise StaleVersionError(current)
        current.delete()
