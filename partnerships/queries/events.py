"""Event reads beyond the timeline's: an event's neighbours in its partnership, and the
dates its sources give when they disagree."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q

from partnerships.dates import format_date
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


@dataclass(frozen=True)
class GivenDate:
    """A date the event's sources give, and how many of them give it."""

    date: dt.date
    precision: str
    sources: int
    is_events_own: bool

    @property
    def label(self) -> str:
        return format_date(self.date, self.precision)


def dates_sources_give(event: Event) -> list[GivenDate]:
    """The dates the event's citations give, most-cited first, when they give two or more.

    A citation with no date of its own agrees with the event's date. Empty when the
    sources agree (or there are none): only a disagreement is worth a line. Reads
    ``event.citations.all()``, prefetched on the event's page.
    """
    own = (event.date, event.precision)
    counts = Counter(
        (citation.gives_date, citation.gives_precision) if citation.gives_date else own
        for citation in event.citations.all()
    )
    if len(counts) < 2:
        return []
    # Most sources first; on a tie, the event's own date, then the earlier date.
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0] != own, item[0][0]))
    return [
        GivenDate(date, precision, sources, (date, precision) == own)
        for (date, precision), sources in ranked
    ]
