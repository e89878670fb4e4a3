"""The timeline: a window of events (or ranked search results), the overview strip and
the lanes, for the whole site or scoped to one company's or partnership's page.

One template per screen; htmx requests get a named partial of it. Every htmx
control is also a plain link or GET form, so all of this works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from partnerships.dates import DateError, parse_partial_date
from partnerships.forms.timeline import TimelineState
from partnerships.models import Event
from partnerships.queries.asof import mark_event_agreements_as_of
from partnerships.queries.search import HighlightLoader, relevance_results
from partnerships.queries.timeline import (
    Bar,
    Key,
    Window,
    cluster_events,
    group_into_lanes,
    lanes_legend,
    overview,
    timeline_stamp,
    timeline_window,
)
from partnerships.views.htmx import HtmxHttpRequest, wants_fragment


@dataclass
class TimelinePage:
    """What the timeline shows for one state: a window of events or ranked results,
    the overview strip, and the lanes legend."""

    state: TimelineState
    stamp: str  # the data's version: cached cards, bars and options are keyed on it
    window: Window | None = None
    results: list[Event] | None = None
    overview_period: str = "year"
    bars: list[Bar] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)

    @cached_property
    def events(self) -> list[Event]:
        """The events on screen, without clusters."""
        if self.results is not None:
            return self.results
        return self.window.events if self.window else []

    @cached_property
    def lanes_legend(self) -> list[tuple[str, str, str]]:
        return lanes_legend(self.events, self.state.lanes)

    @cached_property
    def highlight_loader(self) -> HighlightLoader | None:
        return HighlightLoader(self.events, self.state.text) if self.state.text else None

    @property
    def earlier_link(self) -> str:
        earlier = self.window and self.window.earlier
        return self.state.earlier_link(earlier) if earlier else ""

    @property
    def later_link(self) -> str:
        later = self.window and self.window.later
        return self.state.later_link(later) if later else ""


def timeline_page(state: TimelineState) -> TimelinePage:
    page = TimelinePage(state, stamp=timeline_stamp())
    if state.relevance:
        page.results = relevance_results(state.events, state.text)
    else:
        page.window = timeline_window(
            state.events, zoom=state.zoom, after=state.after, before=state.before, at=state.at
        )
        state.link_window(page.window)
        if state.layout == "lanes":
            group_into_lanes(page.window, state.lanes)
    page.overview_period, page.bars = overview(state.events, stamp=page.stamp)
    state.link_bars(page.bars)
    if state.as_of:
        mark_event_agreements_as_of(page.events, state.as_of)
    return page


def timeline_context(state: TimelineState) -> dict:
    """The context of every template that shows the timeline's results."""
    page = timeline_page(state)
    return {
        "state": state,
        "page": page,
        # Read by the card and filter-option tags, and by pages around the timeline.
        "timeline_stamp": page.stamp,
        "highlight_loader": page.highlight_loader,
        "lanes": state.lanes,
        "as_of": state.as_of,
        "text": state.text,
    }


def render_timeline(
    request: HtmxHttpRequest, template: str, state: TimelineState, **extra
) -> HttpResponse:
    """The whole page, or for htmx the part it asked for: one window, or all results."""
    context = {**timeline_context(state), **extra}
    if not wants_fragment(request):
        return render(request, template, context)
    if (request.htmx.target or "").startswith("window-"):
        return render(request, "partnerships/_timeline.html#window_response", context)
    response = render(request, "partnerships/_timeline.html#results", context)
    return push_url(response, request.path + state.query)


@require_safe
@vary_on_headers("HX-Request")
def timeline(request: HtmxHttpRequest) -> HttpResponse:
    state = TimelineState.from_query(request.GET)
    return render_timeline(request, "partnerships/timeline.html", state)


@require_safe
@vary_on_headers("HX-Request")
def timeline_cluster(request: HtmxHttpRequest) -> HttpResponse:
    """The hidden events of one cluster, to expand it in place."""
    state = TimelineState.from_query(request.GET)
    try:
        start = parse_partial_date(request.GET.get("period", ""))
    except DateError:
        return HttpResponse("Unknown period.", status=400, content_type="text/plain")
    found = cluster_events(
        state.events,
        zoom=state.zoom,
        start=start,
        after=Key.parse(request.GET.get("after")),
        through=Key.parse(request.GET.get("through")),
    )
    if state.as_of:
        mark_event_agreements_as_of(found, state.as_of)
    context = {
        "events": found,
        "lanes": state.lanes,
        # The expanded events may belong to lanes the legend does not list yet.
        "legend": lanes_legend(found, state.lanes),
    }
    return render(request, "partnerships/cluster.html", context)
