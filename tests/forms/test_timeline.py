"""The timeline's state: read once from the query string, and every link built from it."""

import datetime as dt

import pytest
from django.http import QueryDict

from partnerships.forms.timeline import EventFilter, TimelineState, canonical_query, with_param
from partnerships.queries.timeline import ZOOMS, Key
from tests.factories import CompanyFactory, EventFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def state_of(query: str, **scope) -> TimelineState:
    return TimelineState.from_query(QueryDict(query), scope=scope or None)


def test_state_defaults_when_the_query_is_empty():
    state = state_of("")

    assert (state.zoom, state.lanes, state.layout) == (ZOOMS["year"], "partnership", "list")
    assert (state.text, state.relevance, state.after, state.before, state.at) == (
        "",
        False,
        None,
        None,
        None,
    )
    assert (state.query, state.filtered, state.direction, state.as_of) == ("?", False, None, None)


def test_state_reads_every_control():
    state = state_of(
        "zoom=month&lanes=company&layout=lanes&q=+cloud+&sort=relevance"
        "&after=2025-09-11.7&at=2019-07&as_of=2025-09"
    )

    assert state.zoom == ZOOMS["month"]
    assert (state.lanes, state.layout, state.text, state.relevance) == (
        "company",
        "lanes",
        "cloud",
        True,
    )
    assert state.after == Key(dt.date(2025, 9, 11), 7)
    assert state.at == dt.date(2019, 7, 1)
    assert state.as_of == dt.date(2025, 9, 30)
    assert state.direction == "later"


@pytest.mark.parametrize(
    "query", ["zoom=century", "lanes=weather", "layout=3d", "after=yesterday", "at=soon"]
)
def test_state_ignores_values_it_does_not_know(query):
    state = state_of(query)

    assert (state.zoom, state.lanes, state.layout, state.after, state.at) == (
        ZOOMS["year"],
        "partnership",
        "list",
        None,
        None,
    )


def test_state_with_an_unreadable_filter_selects_nothing():
    EventFactory()

    state = state_of("from=30/09/2025")

    assert list(state.events) == []
    assert "from" in state.params
    assert state.form.errors


def test_state_scope_filters_the_events_but_stays_out_of_the_links():
    ours, theirs = PartnershipFactory(), PartnershipFactory()
    kept = EventFactory(partnership=ours)
    EventFactory(partnership=theirs)

    state = state_of("zoom=month", partnership=ours.slug)

    assert list(state.events) == [kept]
    assert state.query == "?zoom=month"
    assert "partnership" not in state.zoom_links[0][2]


def test_state_links_keep_the_readers_parameters_and_drop_the_position():
    state = state_of("q=cloud&zoom=year&after=2025-09-11.7&lanes=company")

    zooms = {name: link for name, _, link in state.zoom_links}
    assert zooms["month"] == "?q=cloud&zoom=month&lanes=company"
    assert dict((name, link) for name, _, link in state.layout_links) == {
        "list": "?q=cloud&zoom=year&after=2025-09-11.7&lanes=company",
        "lanes": "?q=cloud&zoom=year&after=2025-09-11.7&lanes=company&layout=lanes",
    }
    assert state.sort_links == {
        "timeline": "?q=cloud&zoom=year&lanes=company",
        "relevance": "?q=cloud&zoom=year&lanes=company&sort=relevance",
    }
    assert state.base_link == "?q=cloud&zoom=year&lanes=company"


def test_state_clear_link_drops_every_filter_and_the_position_but_keeps_the_view():
    company = CompanyFactory()
    state = state_of(f"company={company.slug}&from=2019&to=2020&q=x&at=2019&zoom=month")

    assert state.filtered
    assert state.clear_link == "?zoom=month"


def test_state_paging_links():
    state = state_of("zoom=month&at=2019")
    cursor = Key(dt.date(2020, 1, 2), 3)

    assert state.earlier_link(cursor) == "?zoom=month&before=2020-01-02.3"
    assert state.later_link(cursor) == "?zoom=month&after=2020-01-02.3"
    assert state.show_today_link == "?zoom=month"


def test_event_filter_names_its_public_parameters():
    assert set(EventFilter.param_names()) >= {"q", "company", "partnership", "from", "to", "as_of"}


def test_canonical_query_drops_empty_values_and_overrides():
    params = QueryDict("q=&zoom=month&zoom=year&lanes=company")

    assert canonical_query(params) == "?zoom=month&zoom=year&lanes=company"
    assert canonical_query(params, zoom="day", lanes=None) == "?zoom=day"
    assert with_param("?", "at", "2019") == "?at=2019"
    assert with_param("?zoom=day", "at", "2019") == "?zoom=day&at=2019"
