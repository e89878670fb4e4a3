"""Full-text search reads (partnerships/queries/search.py) over the document PostgreSQL
triggers keep (partnerships/models/search.py): matching, ranking and highlighting."""

import datetime as dt

import pytest

from partnerships.models import Event, Source
from partnerships.queries.search import (
    MARK_START,
    MARK_STOP,
    HighlightLoader,
    relevance_results,
    search_query,
)
from tests.factories import EventCitationFactory, EventFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

D = dt.date


def matching(text: str) -> list[str]:
    found = Event.objects.filter(search_vector=search_query(text)).order_by("title")
    return list(found.values_list("title", flat=True))


@pytest.fixture
def documents():
    """Four events, each with its distinctive word in one place only."""
    in_title = EventFactory(title="Stargate announced", summary="A new venture.")
    in_summary = EventFactory(title="Board change", summary="An observer seat on the board.")
    in_quote = EventFactory(title="Interview", summary="A talk.")
    QuoteFactory(event=in_quote, speaker="Sam Altman", text="We are thrilled about compute.")
    in_source = EventFactory(title="Filing", summary="Papers filed.")
    EventCitationFactory(
        event=in_source, source=SourceFactory(title="Regulators open an antitrust review")
    )
    return {"title": in_title, "summary": in_summary, "quote": in_quote, "source": in_source}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stargate", ["Stargate announced"]),  # the title
        ("observer", ["Board change"]),  # the summary
        ("thrilled", ["Interview"]),  # a quote's text
        ("Altman", ["Interview"]),  # a quote's speaker
        ("antitrust", ["Filing"]),  # a cited source's title
        ("zeppelin", []),
    ],
)
def test_search_query_matches_words_wherever_the_document_has_them(documents, text, expected):
    assert matching(text) == expected


def test_search_query_matches_other_forms_of_a_word(documents):
    assert matching("announcing") == ["Stargate announced"]


def test_search_query_does_not_match_a_citations_excerpt(documents):
    EventCitationFactory(event=documents["title"], excerpt="Exclusively reported by insiders.")

    assert matching("insiders") == []


def test_search_query_follows_a_cited_source_renamed_later(documents):
    source = Source.objects.get(title__contains="antitrust")
    source.title = "Merger clearance granted"
    source.save()

    assert (matching("antitrust"), matching("clearance")) == ([], ["Filing"])


def test_search_query_reads_web_search_syntax(documents):
    EventFactory(title="Stargate delayed", summary="Funding is late.")

    assert matching("stargate -delayed") == ["Stargate announced"]
    assert matching('"board change"') == ["Board change"]
    assert matching("observer or thrilled") == ["Board change", "Interview"]


@pytest.mark.parametrize("text", ["(Stargate &", "stargate:*", "'stargate", "stargate | !"])
def test_search_query_takes_any_typed_text_without_error(documents, text):
    assert matching(text) == ["Stargate announced"]


# --- Relevance ------------------------------------------------------------------------------


@pytest.fixture
def ranked():
    """ "Azure" in a quote (earliest), a summary, and a title (latest), and once nowhere."""
    in_quote = EventFactory(title="Cloud talk", summary="A talk.", date=D(2024, 1, 1))
    QuoteFactory(event=in_quote, text="Azure runs it all.")
    in_summary = EventFactory(title="Compute deal", summary="Azure capacity.", date=D(2024, 6, 1))
    in_title = EventFactory(title="Azure exclusivity", summary="Ends.", date=D(2025, 1, 1))
    EventFactory(title="Unrelated", summary="Nothing here.", date=D(2023, 1, 1))
    return [in_title, in_summary, in_quote]


def found_for(text: str):
    return Event.objects.filter(search_vector=search_query(text))


def test_relevance_results_put_the_best_match_first(ranked):
    results = relevance_results(found_for("azure"), "azure")

    assert [event.pk for event in results] == [event.pk for event in ranked]


def test_relevance_results_order_equal_matches_by_date_then_id():
    later = EventFactory(title="Azure deal", summary="", date=D(2025, 5, 1))
    same_day = [EventFactory(title="Azure deal", summary="", date=D(2025, 1, 1)) for _ in range(2)]

    results = relevance_results(found_for("azure"), "azure")

    assert [event.pk for event in results] == [*(e.pk for e in same_day), later.pk]


def test_relevance_results_stop_at_the_limit(ranked):
    results = relevance_results(found_for("azure"), "azure", limit=2)

    assert [event.pk for event in results] == [event.pk for event in ranked[:2]]


def test_relevance_results_are_loaded_for_cards(ranked):
    EventCitationFactory(event=ranked[0])

    results = relevance_results(found_for("azure"), "azure")

    assert [event.source_count for event in results] == [1, 0, 0]


# --- Highlights -----------------------------------------------------------------------------


@pytest.fixture
def highlighted():
    match = EventFactory(
        title="Azure exclusivity ends",
        summary="Microsoft gives up its exclusive cloud rights over OpenAI.",
    )
    other = EventFactory(title="Board change", summary="An observer seat.")
    return match, other


def test_highlight_loader_marks_the_matches_in_title_and_summary(highlighted):
    match, other = highlighted
    loader = HighlightLoader([match, other], "exclusivity")

    loader.load()

    assert match.title_highlighted == f"Azure {MARK_START}exclusivity{MARK_STOP} ends"
    assert match.summary_highlighted == (
        f"Microsoft gives up its {MARK_START}exclusive{MARK_STOP} cloud rights over OpenAI."
    )
    assert (other.title_highlighted, other.summary_highlighted) == (
        "Board change",
        "An observer seat.",
    )


def test_highlight_loader_loads_in_one_query(highlighted, django_assert_num_queries):
    loader = HighlightLoader(list(highlighted), "exclusivity")

    with django_assert_num_queries(1):
        loader.load()

    assert loader.loaded is True


def test_highlight_loader_waits_for_the_first_load(highlighted, django_assert_num_queries):
    match, _ = highlighted

    with django_assert_num_queries(0):
        loader = HighlightLoader([match], "exclusivity")

    assert (match.title_highlighted, match.summary_highlighted, loader.loaded) == (
        None,
        None,
        False,
    )


def test_highlight_loader_loads_only_once(highlighted, django_assert_num_queries):
    match, _ = highlighted
    loader = HighlightLoader([match], "exclusivity")
    loader.load()
    first = match.title_highlighted

    with django_assert_num_queries(0):
        loader.load()

    assert match.title_highlighted == first == f"Azure {MARK_START}exclusivity{MARK_STOP} ends"


def test_highlight_loader_of_no_events_makes_no_query(django_assert_num_queries):
    loader = HighlightLoader([], "exclusivity")

    with django_assert_num_queries(0):
        loader.load()

    assert loader.loaded is False


def test_highlight_loader_leaves_an_event_deleted_meanwhile_empty(highlighted):
    match, other = highlighted
    Event.objects.filter(pk=other.pk).delete()

    HighlightLoader([match, other], "exclusivity").load()

    assert (other.title_highlighted, other.summary_highlighted) == (None, None)
    assert match.title_highlighted == f"Azure {MARK_START}exclusivity{MARK_STOP} ends"
