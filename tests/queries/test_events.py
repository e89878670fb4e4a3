"""An event's neighbours in its partnership, and the dates its sources give
(partnerships/queries/events.py)."""

import datetime as dt

import pytest

from partnerships.models import Event
from partnerships.queries.events import dates_sources_give, neighbours
from tests.factories import EventCitationFactory, EventFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def story():
    """Four events of one partnership (two share 1 Mar 2025), and another partnership's
    events dated between and on the same day."""
    deal, other = PartnershipFactory(), PartnershipFactory()
    first = EventFactory(partnership=deal, date=D(2025, 1, 10))
    EventFactory(partnership=other, date=D(2025, 2, 1))
    second = EventFactory(partnership=deal, date=D(2025, 3, 1))
    EventFactory(partnership=other, date=D(2025, 3, 1))
    third = EventFactory(partnership=deal, date=D(2025, 3, 1))
    fourth = EventFactory(partnership=deal, date=D(2025, 5, 5))
    EventFactory(partnership=other, date=D(2025, 9, 9))
    return [first, second, third, fourth]


def test_neighbours_are_the_previous_and_next_by_date(story):
    _, second, third, fourth = story

    assert neighbours(third) == (second, fourth)


def test_neighbours_on_a_shared_date_follow_the_id(story):
    first, second, third, _ = story

    assert neighbours(second) == (first, third)


def test_neighbours_of_the_first_event_have_no_previous(story):
    first, second, _, _ = story

    assert neighbours(first) == (None, second)


def test_neighbours_of_the_last_event_have_no_next(story):
    _, _, third, fourth = story

    assert neighbours(fourth) == (third, None)


def test_neighbours_of_an_only_event_are_none():
    EventFactory(date=D(2025, 1, 1))  # another partnership's
    alone = EventFactory(date=D(2025, 6, 1))

    assert neighbours(alone) == (None, None)


# --- the dates sources give -------------------------------------------------------------------


def given(event) -> list[tuple[str, int, bool]]:
    event = Event.objects.prefetch_related("citations").get(pk=event.pk)
    return [(g.label, g.sources, g.is_events_own) for g in dates_sources_give(event)]


def test_dates_sources_give_counts_each_date_most_cited_first():
    event = EventFactory(date=D(2025, 9, 11))
    for gives in (None, None, D(2025, 9, 15), None):
        EventCitationFactory(event=event, gives_date=gives)

    assert given(event) == [("11 Sep 2025", 3, True), ("15 Sep 2025", 1, False)]


def test_dates_sources_give_puts_the_events_own_first_on_a_tie_and_honours_precision():
    event = EventFactory(date=D(2025, 9, 11))
    EventCitationFactory(event=event, gives_date=D(2025, 9, 1), gives_precision="month")
    EventCitationFactory(event=event)

    assert given(event) == [("11 Sep 2025", 1, True), ("Sep 2025", 1, False)]


def test_dates_sources_give_nothing_when_they_agree_or_there_are_none():
    agreeing = EventFactory(date=D(2025, 9, 11))
    EventCitationFactory(event=agreeing)
    EventCitationFactory(event=agreeing, gives_date=D(2025, 9, 11))

    assert given(agreeing) == []
    assert given(EventFactory()) == []


def test_dates_sources_give_counts_sources_that_all_disagree_with_the_event():
    event = EventFactory(date=D(2025, 9, 11))
    EventCitationFactory(event=event, gives_date=D(2025, 9, 15))
    EventCitationFactory(event=event, gives_date=D(2025, 9, 12))
    EventCitationFactory(event=event, gives_date=D(2025, 9, 15))

    assert given(event) == [("15 Sep 2025", 2, False), ("12 Sep 2025", 1, False)]
