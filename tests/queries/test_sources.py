"""Source reads for the citing forms (partnerships/queries/sources.py): the recent ones and
a search by title or publisher."""

import datetime as dt

import pytest

from partnerships.models import Source
from partnerships.queries.sources import RECENT_LIMIT, SEARCH_LIMIT, recent_sources, search_sources
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

D = dt.date


def pks(sources) -> list[int]:
    return [source.pk for source in sources]


def many_sources(count: int) -> list[Source]:
    """``count`` sources, one a day from 2020 (later ones more recent), in one query."""
    return Source.objects.bulk_create(
        Source(title=f"Wire report {n}", published_on=D(2020, 1, 1) + dt.timedelta(days=n))
        for n in range(count)
    )


@pytest.fixture
def three():
    """A January source, then two June sources (the second created later)."""
    january = SourceFactory(published_on=D(2025, 1, 1))
    june_a = SourceFactory(published_on=D(2025, 6, 1))
    june_b = SourceFactory(published_on=D(2025, 6, 1))
    return january, june_a, june_b


def test_recent_sources_most_recent_first_then_newest_id(three):
    january, june_a, june_b = three

    assert pks(recent_sources()) == pks([june_b, june_a, january])


def test_recent_sources_stop_at_the_limit():
    oldest = SourceFactory(published_on=D(2000, 1, 1))
    many_sources(RECENT_LIMIT)

    recent = recent_sources()

    assert len(recent) == RECENT_LIMIT
    assert oldest.pk not in pks(recent)


def test_recent_sources_add_the_chosen_ones_first():
    oldest = SourceFactory(published_on=D(2000, 1, 1))
    newer = many_sources(RECENT_LIMIT)

    recent = recent_sources(also=[oldest.pk])

    assert pks(recent) == [oldest.pk, *reversed(pks(newer))]


def test_recent_sources_do_not_repeat_a_chosen_one_already_listed(three):
    january, june_a, june_b = three

    recent = recent_sources(also=[june_a.pk, january.pk])

    assert pks(recent) == pks([june_b, june_a, january])


def test_recent_sources_ignore_a_chosen_id_that_does_not_exist(three):
    january, june_a, june_b = three

    recent = recent_sources(also=[10**12])

    assert pks(recent) == pks([june_b, june_a, january])


def test_recent_sources_list_undated_sources_after_dated_ones(three):
    january, june_a, june_b = three
    undated = SourceFactory(published_on=None)

    assert pks(recent_sources()) == pks([june_b, june_a, january, undated])


# --- search_sources -------------------------------------------------------------------------


@pytest.fixture
def catalogue():
    return {
        "memo": SourceFactory(
            title="Azure exclusivity memo", publisher="The Verge", published_on=D(2025, 1, 1)
        ),
        "reuters": SourceFactory(
            title="Deal talks", publisher="Reuters", published_on=D(2025, 3, 1)
        ),
        "both": SourceFactory(
            title="Reuters explains Azure", publisher="Reuters", published_on=D(2025, 2, 1)
        ),
        "other": SourceFactory(title="Board news", publisher="Bloomberg", author="L. Omolua"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("azure", ["both", "memo"]),  # title, any case
        ("REUTERS", ["reuters", "both"]),  # publisher (and title), listed once each
        ("  verge  ", ["memo"]),  # stripped
        ("omolua", ["other"]),  # author
        ("xinhua", []),
    ],
)
def test_search_sources_match_title_publisher_or_author_most_recent_first(
    catalogue, text, expected
):
    assert pks(search_sources(text)) == pks(catalogue[name] for name in expected)


@pytest.mark.parametrize("text", ["", "   "])
def test_search_sources_without_text_lists_the_most_recent(catalogue, text):
    found = search_sources(text)

    assert pks(found) == pks(catalogue[n] for n in ["other", "reuters", "both", "memo"])


def test_search_sources_stop_at_the_limit():
    oldest = SourceFactory(title="Wire report from 1999", published_on=D(1999, 1, 1))
    newer = many_sources(SEARCH_LIMIT)

    found = search_sources("wire report")

    assert pks(found) == list(reversed(pks(newer)))
    assert oldest.pk not in pks(found)


def test_search_sources_read_only_the_first_200_characters():
    long_title = SourceFactory(title="x" * 200)

    found = search_sources("x" * 200 + "y" * 100)

    assert pks(found) == [long_title.pk]
