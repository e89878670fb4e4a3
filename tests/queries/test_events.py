"""An event's neighbours in its partnership (partnerships/queries/events.py)."""

import datetime as dt

import pytest

from partnerships.queries.events import neighbours
from tests.factories import EventFactory, PartnershipFactory

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
