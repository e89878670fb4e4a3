"""The timeline's reads: filters, zoom, keyset windows, clusters and the overview strip.

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
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.db.models.functions import Trunc
from django.http import QueryDict
from django.utils.http import urlencode

from partnerships.dates import (
    DateError,
    parse_partial_date,
    period_end,
    period_label,
    period_param,
    period_start,
)
from partnerships.models import Agreement, Company, Event, Partnership
from partnerships.models.search import CONFIG

RELEVANCE_LIMIT = 100
OVERVIEW_CACHE_SECONDS = 600
LANE_COLOURS = 8


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


class PartialDateField(forms.CharField):
    def __init__(self, *args, end: bool = False, **kwargs):
        self.end = end
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_partial_date(value, end=self.end)
        except DateError as error:
            raise forms.ValidationError(str(error)) from None


class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField


class EventFilter(django_filters.FilterSet):
    """The reader's filters; every one is a GET parameter, so the URL is the permalink."""

    q = django_filters.CharFilter(label="Search", method="filter_search", max_length=200)
    company = django_filters.ModelChoiceFilter(
        queryset=Company.objects.all(),
        to_field_name="slug",
        field_name="companies",
        empty_label="Any company",
    )
    partnership = django_filters.ModelChoiceFilter(
        queryset=Partnership.objects.all(), to_field_name="slug", empty_label="Any partnership"
    )
    agreement_kind = django_filters.ChoiceFilter(
        label="Agreement kind",
        field_name="agreement__kind",
        choices=Agreement.Kind.choices,
        empty_label="Any agreement",
    )
    kind = django_filters.ChoiceFilter(
        label="Event kind", choices=Event.Kind.choices, empty_label="Any event kind"
    )
    binding = django_filters.ChoiceFilter(
        label="Binding",
        choices=[("binding", "Binding"), ("non-binding", "Non-binding")],
        method="filter_binding",
        empty_label="Binding or not",
    )
    start = PartialDateFilter(label="From", field_name="date", lookup_expr="gte")
    end = PartialDateFilter(label="To", method="filter_to", end=True)
    # The partnership as it stood on a date (partnerships/asof.py): later events hidden.
    as_of = PartialDateFilter(label="As it stood on", method="filter_to", end=True)

    class Meta:
        model = Event
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # "from" and "to" are the public names; Python reserves "from".
        if data is not None:
            data = data.copy()
            for public, internal in (("from", "start"), ("to", "end")):
                if public in data:
                    data[internal] = data.pop(public)[-1]
        super().__init__(data, *args, **kwargs)
        self.form.fields["start"].widget.attrs.update(placeholder="2019", size=10)
        self.form.fields["end"].widget.attrs.update(placeholder="2025-10", size=10)
        self.form.fields["q"].widget.input_type = "search"

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_vector=search_query(value))

    def filter_binding(self, queryset, name, value):
        return queryset.filter(agreement__is_binding=(value == "binding"))

    def filter_to(self, queryset, name, value):
        return queryset.filter(date__lte=value)


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def with_param(query: str, key: str, value: str) -> str:
    """Append one parameter to a query string made by canonical_query()."""
    separator = "&" if len(query) > 1 else ""
    return f"{query}{separator}{urlencode({key: value})}"


def canonical_query(params: QueryDict, **overrides) -> str:
    """The query string with empty values dropped: what we push and link to."""
    merged = params.copy()
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    kept = QueryDict(mutable=True)
    for key, values in merged.lists():
        kept.setlist(key, [value for value in values if value])
    return "?" + kept.urlencode() if kept else "?"


# --- Keys and windows -------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Key:
    """A position in the timeline's total order (date, id)."""

    date: dt.date
    id: int

    CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(\d{1,18})$")

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
    expand_query: str = ""  # links, filled in by the view that knows the URL state
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
    name: str
    slug: str
    events: list = field(default_factory=list)


@dataclass
class Group:
    start: dt.date
    label: str
    period: str
    items: list = field(default_factory=list)
    zoom_query: str = ""
    # Filled only for the side-by-side layout (views._group_into_lanes).
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


def lane_colour(slug: str) -> int:
    """A stable colour index per lane, the same on every page."""
    return zlib.crc32(slug.encode()) % LANE_COLOURS


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
    rows = _cards(visible_events, page_keys)
    upper = Key.of(rows[-1]) if rows and has_later else None

    clusters: list[Cluster] = []
    if zoom.min_significance > 1:
        clusters = hidden_clusters(events, zoom=zoom, lower=lower, upper=upper)

    groups = group_by_period([*rows, *clusters], zoom.heading)
    return Window(
        groups=groups,
        earlier=Key.of(rows[0]) if rows and has_earlier else None,
        later=upper,
        event_count=len(rows),
        cluster_count=len(clusters),
    )


def _cards(events: QuerySet, keys: list[Key]) -> list[Event]:
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


def _item_sort_key(item) -> tuple:
    return item.sort_key if isinstance(item, Cluster) else (item.date, item.pk)


def group_by_period(items: Iterable, period: str) -> list[Group]:
    groups: list[Group] = []
    for item in sorted(items, key=_item_sort_key):
        start = period_start(item.start if isinstance(item, Cluster) else item.date, period)
        if not groups or groups[-1].start != start:
            groups.append(Group(start, period_label(start, period), period))
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


def relevance_results(events: QuerySet, text: str, limit: int = RELEVANCE_LIMIT) -> list[Event]:
    query = search_query(text)
    return list(
        events.for_cards()
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "date", "id")[:limit]
    )


class HighlightLoader:
    """Search headlines for the events on a page, fetched in one query when first needed.

    ts_headline is the costly part of a search page; cards already cached with their
    highlights never ask for it.
    """

    def __init__(self, events: list[Event], text: str):
        self.events, self.text, self.loaded = events, text, False

    def load(self) -> None:
        if self.loaded or not self.events:
            return
        self.loaded = True
        rows = with_highlights(
            Event.objects.filter(pk__in=[event.pk for event in self.events]), self.text
        ).values_list("pk", "title_highlighted", "summary_highlighted")
        found = {pk: (title, summary) for pk, title, summary in rows}
        for event in self.events:
            event.title_highlighted, event.summary_highlighted = found.get(event.pk, (None, None))


def with_highlights(events: QuerySet, text: str) -> QuerySet:
    """Annotate title and summary with the matches wrapped in <mark>."""
    query = search_query(text)
    # Control-character markers: the template escapes the text, then makes them <mark>.
    options = {"start_sel": "\x01", "stop_sel": "\x02", "config": CONFIG}
    return events.annotate(
        title_highlighted=SearchHeadline("title", query, highlight_all=True, **options),
        summary_highlighted=SearchHeadline("summary", query, max_words=40, min_words=20, **options),
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
