"""Full-text search reads (partnerships/queries/search.py) over the document PostgreSQL
triggers keep (partnerships/models/search.py): matching, ranking and highlighting."""

import datetime as dt

import pytest

from partnerships.models import Event, Source
from partnerships.queries.search import (
    MARK_START,
    MARK_STOP,
    HighlightLoader,
    SearchMatch,
    relevance_results,
    search_query,
    with_ellipses,
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
        event=in_source,
        source=SourceFactory(
            title="Regulators open an antitrust review", publisher="Reuters", author="Jo Omolua"
        ),
        excerpt="",
    )
    in_excerpt = EventFactory(title="Leak", summary="A report.")
    EventCitationFactory(
        event=in_excerpt,
        source=SourceFactory(title="Inside story", publisher="Bloomberg", author=""),
        excerpt="Exclusively reported by insiders.",
    )
    return {
        "title": in_title,
        "summary": in_summary,
        "quote": in_quote,
        "source": in_source,
        "excerpt": in_excerpt,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stargate", ["Stargate announced"]),  # the title
        ("observer", ["Board change"]),  # the summary
        ("thrilled", ["Interview"]),  # a quote's text
        ("Altman", ["Interview"]),  # a quote's speaker
        ("antitrust", ["Filing"]),  # a cited source's title
        ("Reuters", ["Filing"]),  # its publisher
        ("Omolua", ["Filing"]),  # its author
        ("insiders", ["Leak"]),  # a citation's excerpt
        ("zeppelin", []),
    ],
)
def test_search_query_matches_words_wherever_the_document_has_them(documents, text, expected):
    assert matching(text) == expected


def test_search_query_matches_other_forms_of_a_word(documents):
    assert matching("announcing") == ["Stargate announced"]


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


# --- Where it matched -----------------------------------------------------------------------


@pytest.fixture
def cited():
    """An event with a quote, a citation with an excerpt, and a second cited source."""
    event = EventFactory(title="Azure exclusivity ends", summary="Microsoft gives up rights.")
    QuoteFactory(event=event, speaker="Satya Nadella", text="We remain committed to OpenAI.")
    EventCitationFactory(
        event=event,
        source=SourceFactory(title="Inside the talks", publisher="Bloomberg", author=""),
        excerpt="Negotiations ran for eleven months before the deal.",
    )
    EventCitationFactory(
        event=event,
        source=SourceFactory(
            title="Microsoft <b>and</b> OpenAI", publisher="Reuters", author="Jo Omolua"
        ),
        excerpt="",
    )
    return event


def match_for(event: Event, text: str):
    HighlightLoader([event], text).load()
    return event.search_match


def test_search_match_names_the_quotes_speaker(cited):
    match = match_for(cited, "Nadella")

    assert match == SearchMatch(
        "quote", f"Satya {MARK_START}Nadella{MARK_STOP}", "We remain committed to OpenAI."
    )


def test_search_match_marks_the_words_in_the_quote(cited):
    match = match_for(cited, "committed")

    assert (match.kind, match.label, match.fragment) == (
        "quote",
        "Satya Nadella",
        f"We remain {MARK_START}committed{MARK_STOP} to OpenAI.",
    )


def test_search_match_names_the_source_of_an_excerpt(cited):
    match = match_for(cited, "eleven months")

    assert match == SearchMatch(
        "excerpt",
        "Bloomberg",
        f"Negotiations ran for {MARK_START}eleven{MARK_STOP} {MARK_START}months{MARK_STOP}"
        " before the deal.",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reuters", f"{MARK_START}Reuters{MARK_STOP} — Jo Omolua — Microsoft <b>and</b> OpenAI"),
        ("Omolua", f"Reuters — Jo {MARK_START}Omolua{MARK_STOP} — Microsoft <b>and</b> OpenAI"),
    ],
)
def test_search_match_shows_the_source_whole_with_publisher_and_author(cited, text, expected):
    assert match_for(cited, text) == SearchMatch("source", "", expected)


def test_search_match_is_none_when_the_title_or_summary_match(cited):
    assert (match_for(cited, "exclusivity"), match_for(cited, "rights")) == (None, None)


def test_search_match_points_at_the_part_that_completes_the_match(cited):
    # "Azure" is in the title, "Reuters" only in a source: the source is why it matched.
    match = match_for(cited, "azure reuters")

    assert (match.kind, match.fragment.startswith(f"{MARK_START}Reuters{MARK_STOP}")) == (
        "source",
        True,
    )


def test_search_match_prefers_a_quote_to_an_excerpt_to_a_source(cited):
    QuoteFactory(event=cited, speaker="Brad Smith", text="Reuters asked us first.")
    EventCitationFactory(event=cited, excerpt="Reuters said so.")

    assert match_for(cited, "Reuters").kind == "quote"


def test_search_match_cuts_a_long_passage_around_the_words(cited):
    words = " ".join(f"word{n}" for n in range(80))
    QuoteFactory(event=cited, speaker="Kevin Scott", text=f"{words} teraflops {words}")

    fragment = match_for(cited, "teraflops").fragment

    assert fragment.startswith(f"… {MARK_START}teraflops{MARK_STOP} word0 word1")
    assert fragment.endswith(" …")


def test_search_match_loads_with_the_highlights_in_one_query(cited, django_assert_num_queries):
    other = EventFactory(title="Other", summary="")
    QuoteFactory(event=other, speaker="Satya Nadella", text="Hello.")
    loader = HighlightLoader([cited, other], "Nadella")

    with django_assert_num_queries(1):
        loader.load()

    assert (cited.search_match.kind, other.search_match.kind) == ("quote", "quote")


@pytest.mark.parametrize(
    ("fragment", "text", "expected"),
    [
        ("all of it", "all of it", "all of it"),
        ("the start", "the start and more", "the start …"),
        ("the end", "more and the end", "… the end"),
        ("the middle", "a the middle b", "… the middle …"),
        (f"{MARK_START}all{MARK_STOP} of  it", "all of\nit", f"{MARK_START}all{MARK_STOP} of  it"),
    ],
)
def test_with_ellipses_marks_where_a_headline_cuts_its_text(fragment, text, expected):
    assert with_ellipses(fragment, text) == expected


@pytest.mark.parametrize(
    "text", ["(Reuters &", "reuters:*", "'reuters", "reuters | !", "%s %%", "-"]
)
def test_search_match_takes_any_typed_text_without_error(cited, text):
    match = match_for(cited, text)

    assert match is None or match.kind == "source"
