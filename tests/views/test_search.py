"""Searching the timeline (partnerships/views/timeline.py with queries/search.py): what
readers search for finds the events, and each result says where it matched."""

import datetime as dt
import re
from html import unescape

import pytest

from partnerships.models import Event, Source
from tests.factories import (
    EventCitationFactory,
    EventFactory,
    PartnershipFactory,
    QuoteFactory,
    SourceFactory,
)
from tests.helpers import HX_RESULTS, event_with_everything, html, text_of

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    found = re.findall(r"data-event-link>(.*?)</a>", html(response))
    return [unescape(re.sub(r"<[^>]+>", "", title)) for title in found]


def matched_in(response) -> list[str]:
    """What each card says about where it matched, as HTML ("" for none)."""
    cards = re.findall(r"<article .*?</article>", html(response), re.S)
    notes = [re.search(r'<p [^>]*data-search-match="[a-z]+">(.*?)</p>', card) for card in cards]
    return [note[1] if note else "" for note in notes]


def cited_by(**source_fields) -> list[str]:
    events = Event.objects.filter(citations__source__in=Source.objects.filter(**source_fields))
    return sorted(events.distinct().values_list("title", flat=True))


# --- the demo: what readers search for ------------------------------------------------------


def test_search_shows_minor_matches_as_cards_at_any_zoom(client, demo):
    # At the default zoom, minor events fold into clusters; a search's only match (a
    # minor event citing Reuters) hid behind "1 more event in Q3 2024".
    expected = cited_by(publisher="Reuters")

    response = client.get("/?q=Reuters")

    assert expected and sorted(titles(response)) == expected
    assert "cluster__toggle" not in html(response)


@pytest.mark.parametrize(
    ("text", "source_fields"),
    [("Reuters", {"publisher": "Reuters"}), ("Omolua", {"author__contains": "Omolua"})],
)
@pytest.mark.parametrize("headers", [None, HX_RESULTS], ids=["page", "fragment"])
def test_search_finds_the_events_citing_a_publisher_or_author(
    client, demo, text, source_fields, headers
):
    expected = cited_by(**source_fields)

    response = client.get(f"/?q={text}&zoom=month", headers=headers or {})

    assert expected and sorted(titles(response)) == expected
    assert all(
        note.startswith('<span class="muted">Matched in a source:</span> ')
        and f"<mark>{text}</mark>" in note
        for note in matched_in(response)
    )


def test_search_card_names_the_source_it_matched_in(client, demo):
    source = Source.objects.get(publisher="Reuters")

    response = client.get("/?q=Reuters&zoom=month")

    assert f"Matched in a source: Reuters — {source.title}" in unescape(text_of(response))


def test_search_card_of_a_title_match_does_not_say_where(client, demo):
    response = client.get("/?q=observer+seat&zoom=month")

    assert titles(response) and matched_in(response) == [""] * len(titles(response))
    assert "Matched in" not in html(response)


# --- each place a result can match in -------------------------------------------------------


@pytest.fixture
def interview():
    event = EventFactory(title="Interview", summary="A talk.", date=dt.date(2024, 1, 1))
    QuoteFactory(event=event, speaker="Satya Nadella", text="We are thrilled about compute.")
    EventCitationFactory(
        event=event,
        source=SourceFactory(title="<script>alert(1)</script> Inside story", publisher="Wired"),
        excerpt="The deal took eleven months.",
    )
    return event


@pytest.mark.parametrize(
    ("text", "note"),
    [
        (
            "Nadella",
            '<span class="muted">Matched in a quote by</span> Satya <mark>Nadella</mark>:'
            " We are thrilled about compute.",
        ),
        (
            "thrilled",
            '<span class="muted">Matched in a quote by</span> Satya Nadella:'
            " We are <mark>thrilled</mark> about compute.",
        ),
        (
            "eleven months",
            '<span class="muted">Matched in a citation excerpt from</span> Wired:'
            " The deal took <mark>eleven</mark> <mark>months</mark>.",
        ),
        (
            "Wired",
            '<span class="muted">Matched in a source:</span>'
            " <mark>Wired</mark> — &lt;script&gt;alert(1)&lt;/script&gt; Inside story",
        ),
        ("interview", ""),
    ],
)
@pytest.mark.parametrize("sort", ["", "&sort=relevance"], ids=["by-date", "best-match"])
def test_search_card_says_where_it_matched(client, interview, text, note, sort):
    response = client.get(f"/?q={text}&zoom=month{sort}")

    assert (titles(response), matched_in(response)) == (["Interview"], [note])


def test_search_card_cached_follows_a_renamed_source(client, interview):
    first = matched_in(client.get("/?q=Wired&zoom=month"))
    Source.objects.filter(publisher="Wired").update(title="Compute deal")

    again = matched_in(client.get("/?q=Wired&zoom=month"))

    assert first != again
    assert again == [
        '<span class="muted">Matched in a source:</span> <mark>Wired</mark> — Compute deal'
    ]


def test_search_card_cached_keeps_saying_where_it_matched(client, interview):
    first = client.get("/?q=Nadella&zoom=month")

    again = client.get("/?q=Nadella&zoom=month")

    assert matched_in(again) == matched_in(first) != [""]


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize("text", ["Nadella", "Azure"], ids=["in-a-quote", "in-the-title"])
@pytest.mark.parametrize(
    ("headers", "queries"), [(None, 9), (HX_RESULTS, 7)], ids=["page", "fragment"]
)
def test_search_query_count_is_fixed(
    client, django_assert_num_queries, item_count, text, headers, queries
):
    # The page's queries plus one for the headlines and where each card matched,
    # however many cards there are, less the clusters' (a search shows every match).
    partnership = PartnershipFactory()
    for index in range(item_count):
        event = event_with_everything(
            partnership, title=f"Azure deal {index}", date=dt.date(2020 + index, 1, 1)
        )
        QuoteFactory(event=event, speaker="Satya Nadella")

    with django_assert_num_queries(queries):
        response = client.get(f"/?q={text}", headers=headers or {})

    assert response.status_code == 200
    assert len(titles(response)) == item_count
