"""What the reader asks the timeline for: the filters, and the state of the whole view.

Every control is a GET parameter, so the URL is the permalink of what is on screen.
``TimelineState`` reads the query string once (filters, zoom, lanes, layout,
position, search, as-of) and builds every link the timeline shows from it, so a
link can never forget a parameter the reader had set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from partnerships.dates import DateError, parse_partial_date, period_param
from partnerships.models import Agreement, Company, Event, Partnership
from partnerships.queries.search import search_query
from partnerships.queries.timeline import (
    DEFAULT_ZOOM,
    LANES,
    ZOOMS,
    Bar,
    Key,
    Window,
    Zoom,
)

LAYOUTS = {"list": "One list", "lanes": "Side by side"}
POSITION_PARAMS = ("after", "before", "at")
NO_POSITION = dict.fromkeys(POSITION_PARAMS)


class PartialDateField(forms.CharField):
    """A reader's date (dates.parse_partial_date): its first day, or its last with end=True."""

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
    sourcing = django_filters.ChoiceFilter(
        label="Sources",
        choices=[("sourced", "Sourced"), ("unsourced", "Unsourced")],
        method="filter_sourcing",
        empty_label="Sourced or not",
    )
    start = PartialDateFilter(label="From", field_name="date", lookup_expr="gte")
    end = PartialDateFilter(label="To", method="filter_to", end=True)
    # The partnership as it stood on a date (queries/asof.py): later events hidden.
    as_of = PartialDateFilter(label="As it stood on", method="filter_to", end=True)

    # "from" and "to" are the public names; Python reserves "from".
    PUBLIC_NAMES = {"from": "start", "to": "end"}

    class Meta:
        model = Event
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for public, internal in self.PUBLIC_NAMES.items():
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

    def filter_sourcing(self, queryset, name, value):
        return queryset.unsourced() if value == "unsourced" else queryset.sourced()

    def filter_to(self, queryset, name, value):
        return queryset.filter(date__lte=value)

    @classmethod
    def param_names(cls) -> list[str]:
        """Every query parameter that filters, under the name it has in URLs."""
        return [*cls.base_filters, *cls.PUBLIC_NAMES]


def canonical_query(params: QueryDict, **overrides) -> str:
    """The query string with empty values dropped: what we push and link to.

    An override of None removes the parameter.
    """
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


def with_param(query: str, key: str, value: str) -> str:
    """Append one parameter to a query string made by canonical_query()."""
    separator = "&" if len(query) > 1 else ""
    return f"{query}{separator}{urlencode({key: value})}"


@dataclass(frozen=True)
class TimelineState:
    """The timeline as the reader asked for it, and every link it shows.

    ``params`` is the reader's query string, which links keep; ``scope`` is the
    filter a page fixes by its own address (a company's page), applied to the
    events but left out of the links, since the path says it already.
    """

    params: QueryDict
    scope: Mapping[str, str]
    filter: EventFilter
    zoom: Zoom
    lanes: str
    layout: str
    text: str
    relevance: bool
    after: Key | None
    before: Key | None
    at: dt.date | None

    @classmethod
    def from_query(cls, params: QueryDict, *, scope: Mapping[str, str] | None = None):
        scope = dict(scope or {})
        scoped = params.copy()
        for key, value in scope.items():
            scoped[key] = value
        text = scoped.get("q", "").strip()
        try:
            at = parse_partial_date(scoped["at"]) if scoped.get("at") else None
        except DateError:
            at = None
        zoom = ZOOMS.get(scoped.get("zoom", ""), ZOOMS[DEFAULT_ZOOM])
        if text:
            # A search shows every match: folded into a cluster of minor events, a
            # reader's only result hid behind "1 more event in Q3 2024".
            zoom = replace(zoom, min_significance=Event.Significance.MINOR)
        return cls(
            params=params,
            scope=scope,
            filter=EventFilter(scoped, queryset=Event.objects.all()),
            zoom=zoom,
            lanes=scoped.get("lanes") if scoped.get("lanes") in LANES else "partnership",
            layout=scoped.get("layout") if scoped.get("layout") in LAYOUTS else "list",
            text=text,
            relevance=bool(text) and scoped.get("sort") == "relevance",
            after=Key.parse(scoped.get("after")),
            before=Key.parse(scoped.get("before")),
            at=at,
        )

    # --- what it selects ----------------------------------------------------------------

    @property
    def form(self) -> forms.Form:
        return self.filter.form

    @cached_property
    def events(self) -> QuerySet:
        """The filtered events; none at all when a filter could not be read."""
        return self.filter.qs if self.filter.is_valid() else Event.objects.none()

    @property
    def as_of(self) -> dt.date | None:
        return self.form.cleaned_data.get("as_of") if self.filter.is_valid() else None

    @property
    def filtered(self) -> bool:
        return any(self.params.get(name) for name in EventFilter.param_names())

    @property
    def direction(self) -> str | None:
        """Which way the reader is paging: a window of earlier or later events."""
        if self.params.get("before"):
            return "earlier"
        return "later" if self.params.get("after") else None

    # --- its links ----------------------------------------------------------------------

    def link(self, **overrides) -> str:
        return canonical_query(self.params, **overrides)

    @property
    def query(self) -> str:
        """The permalink of what is on screen."""
        return self.link()

    @property
    def base_link(self) -> str:
        """The same view from its start: no position."""
        return self.link(**NO_POSITION)

    @property
    def zoom_links(self) -> list[tuple[str, str, str]]:
        return [
            (name, zoom.label, self.link(zoom=name, **NO_POSITION)) for name, zoom in ZOOMS.items()
        ]

    @property
    def lane_links(self) -> list[tuple[str, str, str]]:
        return [(name, label, self.link(lanes=name)) for name, label in LANES.items()]

    @property
    def layout_links(self) -> list[tuple[str, str, str]]:
        return [
            (name, label, self.link(layout=None if name == "list" else name))
            for name, label in LAYOUTS.items()
        ]

    @property
    def sort_links(self) -> dict[str, str]:
        return {
            "timeline": self.link(sort=None, **NO_POSITION),
            "relevance": self.link(sort="relevance", **NO_POSITION),
        }

    @property
    def clear_link(self) -> str:
        return self.link(**dict.fromkeys([*EventFilter.param_names(), *POSITION_PARAMS]))

    @property
    def show_today_link(self) -> str:
        return self.link(as_of=None, **NO_POSITION)

    def earlier_link(self, cursor: Key) -> str:
        return self.link(before=str(cursor), after=None, at=None)

    def later_link(self, cursor: Key) -> str:
        return self.link(after=str(cursor), before=None, at=None)

    def link_window(self, window: Window) -> None:
        """Give the window's period headings and clusters their zoom-in and expand links."""
        zoom = self.zoom
        fragment_params = self.params.copy()
        for key, value in self.scope.items():
            fragment_params[key] = value
        for group in window.groups:
            if zoom.finer:
                bound = period_param(group.start, group.period)
                group.zoom_query = self.link(
                    zoom=zoom.finer, **NO_POSITION, **{"from": bound, "to": bound}
                )
            for item in group.items:
                if not item.is_cluster:
                    continue
                item.expand_query = self.link(
                    zoom=zoom.finer or zoom.name, **{**NO_POSITION, "at": item.start.isoformat()}
                )
                # The cluster endpoint is not the page's address: it needs the scope too.
                item.fragment_url = reverse("partnerships:cluster") + canonical_query(
                    fragment_params,
                    zoom=zoom.name,
                    period=item.start.isoformat(),
                    after=str(item.after) if item.after else None,
                    through=str(item.through) if item.through else None,
                    before=None,
                    at=None,
                )

    def link_bars(self, bars: Iterable[Bar]) -> None:
        """Each overview bar jumps to its period."""
        base = self.link(sort=None, **NO_POSITION)  # one encoding for every bar
        for bar in bars:
            bar.link = with_param(base, "at", bar.param)
