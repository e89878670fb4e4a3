"""The timeline's reads: zoom, keyset windows, clusters, lanes and the overview strip.

Windows are keyset pages over (date, id), never OFFSET, so a window deep in the
past costs what the first one does, and events sharing a date are neither
skipped nor repeated.

Zoomed out, only events of at least the zoom's significance are shown; the rest
collapse into clusters. Hidden events are partitioned between windows by the
visible events' keys: a window showing visible events v1..vk holds the hidden
events after v0 (the visible event before v1) up to vk, and the last window
holds everything after. So each hidden event is counted in exactly one window.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import Trunc

from partnerships.dates import (
    DECADE,
    Precision,
    period_end,
    period_label,
    period_param,
    period_start,
)
from partnerships.models import Event, Partnership

OVERVIEW_CACHE_SECONDS = 600
LANE_COLOURS = 12  # .lane-0 … .lane-11 in static/css/app.css
# Periods from finest to coarsest: an event is headed by the coarser of the zoom's
# heading period and its own precision, so no heading claims more than is known.
COARSENESS = (Precision.DAY, Precision.MONTH, Precision.QUARTER, Precision.YEAR, DECADE)


# --- Zoom -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Zoom:
    name: str
    label: str
    heading: str  # the period events are grouped under
    cluster: str  # the period hidden events are clustered by
    min_significance: int
    finer: str | None
    coarser: str | None


ZOOMS = {
    "decade": Zoom("decade", "Decades", "decade", "year", 3, "year", None),
    "year": Zoom("year", "Years", "year", "quarter", 2, "quarter", "decade"),
    "quarter": Zoom("quarter", "Quarters", "quarter", "quarter", 1, "month", "year"),
    "month": Zoom("month", "Months", "month", "month", 1, None, "quarter"),
}
DEFAULT_ZOOM = "year"


# --- Keys and windows -------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Key:
    """A position in the timeline's total order (date, id)."""

    date: dt.date
    id: int

    # ASCII digits and nothing after: exactly what str() writes.
    CURSOR = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})\.([0-9]{1,18})\Z")

    @classmethod
    def parse(cls, text: str | None) -> Key | None:
        match = cls.CURSOR.match(text or "")
        if not match:
            return None
        try:
            return cls(dt.date.fromisoformat(match[1]), int(match[2]))
        except ValueError:
            return None

    @classmethod
    def of(cls, event: Event) -> Key:
        return cls(event.date, event.pk)

    def __str__(self) -> str:
        return f"{self.date.isoformat()}.{self.id}"

    # (date, id) > (d, i), spelled with a redundant bound on date alone so that
    # PostgreSQL starts its (date, id) index scan at the cursor instead of at the end.
    def after_q(self) -> Q:
        return Q(date__gte=self.date) & (Q(date__gt=self.date) | Q(id__gt=self.id))

    def before_q(self) -> Q:
        return Q(date__lte=self.date) & (Q(date__lt=self.date) | Q(id__lt=self.id))

    def through_q(self) -> Q:
        return Q(date__lte=self.date) & (Q(date__lt=self.date) | Q(id__lte=self.id))


@dataclass
class Cluster:
    period: str
    start: dt.date
    count: int
    after: Key | None  # the hidden range this cluster is cut from: (after, through]
    through: Key | None
    expand_query: str = ""  # links, filled in by the timeline state that knows the URL
    fragment_url: str = ""

    is_cluster = True

    @property
    def label(self) -> str:
        noun = "event" if self.count == 1 else "events"
        return f"{self.count} more {noun} in {period_label(self.start, self.period)}"

    @property
    def sort_key(self) -> tuple:
        return (self.start, 0)


@dataclass
class Lane:
    """A partnership's or company's column in a period (side by side). Only name, slug and
    colour are in its repr: a repeated card has its lane among its cached inputs."""

    name: str
    slug: str
    colour: int
    events: list = field(default_factory=list, repr=False, compare=False)
    # Events whose first lane is another (an event is in each of its companies' lanes).
    repeats: set[int] = field(default_factory=set, repr=False, compare=False)

    @property
    def css(self) -> str:
        return f"lane-{self.colour}"

    @property
    def placements(self) -> list[tuple[Event, Lane | None]]:
        """Each event with this lane when it is a repeat here, else None."""
        return [(event, self if event.pk in self.repeats else None) for event in self.events]


@dataclass
class Group:
    start: dt.date
    label: str
    period: str
    items: list = field(default_factory=list)
    zoom_query: str = ""  # a link, filled in by the timeline state that knows the URL
    # Filled only for the side-by-side layout (group_into_lanes).
    lanes: list[Lane] = field(default_factory=list)
    clusters: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.period}-{self.start.isoformat()}"


@dataclass
class Window:
    groups: list[Group]
    earlier: Key | None  # cursor for the window before, when there is one
    later: Key | None
    event_count: int
    cluster_count: int

    @property
    def events(self) -> list[Event]:
        """The events on screen, in order, without the clusters of hidden ones."""
        return [item for group in self.groups for item in group.items if not item.is_cluster]


def lane_colour(record) -> int:
    """A lane's colour index: the same on every page, and by rank rather than a hash (eight
    slugs hashed into eight colours collide). Companies take the palette from its start
    by id, partnerships from its end, so lanes differ while there are no more of them than
    colours; they also show their names, to be told apart without colour."""
    if getattr(record, "pk", None) is None:  # no record (a page without one)
        return 0
    if isinstance(record, Partnership):
        return (LANE_COLOURS - record.pk) % LANE_COLOURS
    return (record.pk - 1) % LANE_COLOURS


def timeline_window(
    events: QuerySet,
    *,
    zoom: Zoom,
    after: Key | None = None,
    before: Key | None = None,
    at: dt.date | None = None,
    size: int | None = None,
) -> Window:
    """One window of the (already filtered) events at ``zoom``, by keyset."""
    size = size or settings.TIMELINE_WINDOW_SIZE
    visible_events = events.filter(significance__gte=zoom.min_significance)
    keys = visible_events.values_list("date", "id")
    lower: Key | None = None  # hidden events after this key belong to this window
    has_earlier = False
    if before is not None:
        page = [
            Key(*row) for row in keys.filter(before.before_q()).order_by("-date", "-id")[: size + 1]
        ]
        if len(page) > size:
            lower = page[size]
            has_earlier = True
        page_keys = list(reversed(page[:size]))
        has_later = True
    else:
        start = after
        if after is None and at is not None:
            start = Key(at, 0)
        query = keys.filter(start.after_q()) if start else keys
        page = [Key(*row) for row in query.order_by("date", "id")[: size + 1]]
        page_keys, has_later = page[:size], len(page) > size
        if after is not None:
            lower, has_earlier = after, True
        elif at is not None:
            previous_key = keys.filter(start.before_q()).order_by("-date", "-id").first()
            if previous_key:
                lower, has_earlier = Key(*previous_key), True
    # Keys first, by index, then the cards for just those rows: joins and counts
    # over the whole filtered set would cost in proportion to its size.
    rows = cards_for(visible_events, page_keys)
    upper = Key.of(rows[-1]) if rows and has_later else None

    clusters: list[Cluster] = []
    if zoom.min_significance > 1:
        clusters = hidden_clusters(events, zoom=zoom, lower=lower, upper=upper)

    groups = group_by_period([*rows, *clusters], zoom.heading)
    earlier = None
    if has_earlier:
        # Without events of its own (only clusters), the way back starts just after the
        # last visible event before this window, so that event is in the one before.
        earlier = Key.of(rows[0]) if rows else Key(lower.date, lower.id + 1)
    return Window(
        groups=groups,
        earlier=earlier,
        later=upper,
        event_count=len(rows),
        cluster_count=len(clusters),
    )


def cards_for(events: QuerySet, keys: list[Key]) -> list[Event]:
    """The events at these keys, loaded for their cards, in the keys' order."""
    if not keys:
        return []
    found = {
        event.pk: event for event in events.for_cards().filter(pk__in=[key.id for key in keys])
    }
    return [found[key.id] for key in keys if key.id in found]


def hidden_clusters(
    events: QuerySet, *, zoom: Zoom, lower: Key | None, upper: Key | None
) -> list[Cluster]:
    hidden = events.filter(significance__lt=zoom.min_significance)
    if lower is not None:
        hidden = hidden.filter(lower.after_q())
    if upper is not None:
        hidden = hidden.filter(upper.through_q())
    rows = (
        hidden.annotate(
            period=Trunc("date", zoom.cluster, output_field=Event._meta.get_field("date"))
        )
        .values("period")
        .annotate(count=Count("id"), first=Min("date"))
        .order_by("period")
    )
    return [Cluster(zoom.cluster, row["period"], row["count"], lower, upper) for row in rows]


def heading_period(item, period: str) -> str:
    """The period an item is headed by: ``period``, or an event's own coarser precision
    (a year-precision event zoomed to months is headed "2021", not "Jan 2021")."""
    own = getattr(item, "precision", None)
    if isinstance(item, Cluster) or own not in COARSENESS:
        return period
    return max(own, period, key=COARSENESS.index)


def group_by_period(items: Iterable, period: str) -> list[Group]:
    """Items in date order under period headings.

    A coarse event's date is the first day of its period, so its heading comes where
    that period starts; on a shared date coarser headings come first, so one window
    never shows the same heading twice (keyset windows stay by (date, id)).
    """
    placed = []
    for item in items:
        own = heading_period(item, period)
        date, order = item.sort_key if isinstance(item, Cluster) else (item.date, item.pk)
        placed.append(((date, -COARSENESS.index(own), order), own, item))
    groups: list[Group] = []
    for (date, _, _), own, item in sorted(placed, key=lambda entry: entry[0]):
        start = period_start(date, own)
        if not groups or (groups[-1].start, groups[-1].period) != (start, own):
            groups.append(Group(start, period_label(start, own), own))
        groups[-1].items.append(item)
    return groups


def cluster_events(
    events: QuerySet, *, zoom: Zoom, start: dt.date, after: Key | None, through: Key | None
) -> list[Event]:
    """The hidden events of one cluster, for expanding it in place."""
    hidden = events.filter(
        significance__lt=zoom.min_significance,
        date__gte=start,
        date__lte=period_end(start, zoom.cluster),
    )
    if after is not None:
        hidden = hidden.filter(after.after_q())
    if through is not None:
        hidden = hidden.filter(through.through_q())
    return list(hidden.for_cards().order_by("date", "id")[:500])


# --- Lanes -----------------------------------------------------------------------------------

LANES = {"partnership": "Partnership", "company": "Company"}


def lanes_of(event: Event, lanes: str) -> list:
    """The records whose lanes an event sits in: its partnership, or each of its
    companies (by name; prefetched), or its partnership when it names none."""
    if lanes == "company":
        return list(event.companies.all()) or [event.partnership]
    return [event.partnership]


def lane_of(event: Event, lanes: str):
    """The event's first lane: where a single list colours it, and its card's home."""
    return lanes_of(event, lanes)[0]


def group_into_lanes(window: Window, lanes: str) -> None:
    """Within each period, the events lane by lane (each in date order), for the
    side-by-side layout. An event with several companies is in each of their lanes."""
    for group in window.groups:
        by_lane: dict[tuple[str, str], Lane] = {}
        for item in group.items:
            if item.is_cluster:
                group.clusters.append(item)
                continue
            for index, record in enumerate(lanes_of(item, lanes)):
                # Keyed by model too: a company and a partnership may share a slug.
                key = (record._meta.model_name, record.slug)
                if key not in by_lane:
                    by_lane[key] = Lane(record.name, record.slug, lane_colour(record))
                by_lane[key].events.append(item)
                if index:
                    by_lane[key].repeats.add(item.pk)
        group.lanes = list(by_lane.values())


def lanes_legend(events: Iterable[Event], lanes: str) -> list[tuple[str, str, str, int]]:
    """The lanes present among these events: (name, slug, URL, colour), sorted by name."""
    seen = {}
    for event in events:
        for record in lanes_of(event, lanes):
            seen.setdefault((record._meta.model_name, record.slug), record)
    # URLs only for the lanes shown, not once per event.
    return sorted(
        (record.name, record.slug, record.get_absolute_url(), lane_colour(record))
        for record in seen.values()
    )


# --- Overview strip ---------------------------------------------------------------------------


@dataclass
class Bar:
    start: dt.date
    label: str
    count: int
    height: int  # 0..8, a CSS class step rather than inline style (our CSP forbids style="")
    param: str
    link: str = ""


def timeline_stamp() -> str:
    """Changes whenever events, their companies or agreements change (migration 0004)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT value, xmin::text FROM partnerships_timeline_stamp WHERE id = 1")
        value, xmin = cursor.fetchone()
    return f"{value}.{xmin}"


def overview(events: QuerySet, *, stamp: str | None = None) -> tuple[str, list[Bar]]:
    """Counts per year (or per month when the whole range is short) over the filtered events.

    Counting means reading every matching row, so the result is cached under the
    filter's SQL and the timeline stamp: any write makes a new key.
    """
    try:
        sql, params = events.order_by().query.sql_with_params()
    except EmptyResultSet:  # a .none() queryset: invalid filters
        return "year", []
    digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
    key = f"timeline-overview:{stamp or timeline_stamp()}:{digest}"
    cached = cache.get(key)
    if cached is None:
        cached = _count_overview(events)
        cache.set(key, cached, OVERVIEW_CACHE_SECONDS)
    return cached


def _count_overview(events: QuerySet) -> tuple[str, list[Bar]]:
    span = events.order_by().aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return "year", []
    period = "month" if (span["last"] - span["first"]).days < 3 * 366 else "year"
    rows = (
        events.order_by()
        .annotate(period=Trunc("date", period, output_field=Event._meta.get_field("date")))
        .values("period")
        .annotate(count=Count("id"))
        .order_by("period")
    )
    counts = {row["period"]: row["count"] for row in rows}
    peak = max(counts.values())
    bars = []
    cursor = period_start(span["first"], period)
    while cursor <= span["last"]:
        count = counts.get(cursor, 0)
        height = 0 if count == 0 else max(1, round(8 * count / peak))
        bars.append(
            Bar(cursor, period_label(cursor, period), count, height, period_param(cursor, period))
        )
        cursor = period_end(cursor, period) + dt.timedelta(days=1)
    return period, bars
