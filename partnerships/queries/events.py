"""Event reads beyond the timeline's: an event's neighbours in its partnership."""

from __future__ import annotations

from django.db.models import Q

from partnerships.models import Event


def neighbours(event: Event) -> tuple[Event | None, Event | None]:
    """The previous and next events in the same partnership, by (date, id)."""
    same = Event.objects.filter(partnership_id=event.partnership_id)
    previous = (
        same.filter(Q(date__lt=event.date) | Q(date=event.date, id__lt=event.pk))
        .order_by("-date", "-id")
        .first()
    )
    following = (
        same.filter(Q(date__gt=event.date) | Q(date=event.date, id__gt=event.pk))
        .order_by("date", "id")
        .first()
    )
    return previous, following
