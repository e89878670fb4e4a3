"""The search document PostgreSQL keeps (partnerships/models/search.py), followed through
every write path: events, quotes, citations and sources, one row at a time and in bulk.

Read through search_query(), as the timeline reads it.
"""

import pytest
from django.db import connection

from partnerships.models import Event, EventCitation, Quote, Source
from partnerships.models.search import rebuild_search_vectors, set_triggers_enabled
from partnerships.queries.search import relevance_results, search_query
from partnerships.queries.timeline import timeline_stamp
from tests.factories import EventCitationFactory, EventFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


def matching(text: str) -> list[str]:
    found = Event.objects.filter(search_vector=search_query(text)).order_by("title")
    return list(found.values_list("title", flat=True))


@pytest.fixture
def reuters():
    return SourceFactory(
        title="Microsoft gives up its observer seat", publisher="Reuters", author="Jo Omolua"
    )


@pytest.fixture
def events():
    return [EventFactory(title=f"Event {name}", summary="") for name in ("one", "two", "three")]


# --- citations ------------------------------------------------------------------------------


def test_citing_a_source_makes_its_publisher_and_author_find_the_event(reuters, events):
    EventCitationFactory(event=events[0], source=reuters, excerpt="")

    assert (matching("Reuters"), matching("Omolua")) == (["Event one"], ["Event one"])


def test_removing_the_citation_unfinds_the_event(reuters, events):
    citation = EventCitationFactory(event=events[0], source=reuters)
    found = matching("Reuters")

    citation.delete()

    assert (found, matching("Reuters")) == (["Event one"], [])


def test_a_citations_excerpt_is_found_and_follows_its_edits(events):
    citation = EventCitationFactory(event=events[0], excerpt="Shares rose in early trading.")
    found_before = matching("trading")

    citation.excerpt = "Regulators were told in advance."
    citation.save()

    assert (found_before, matching("trading"), matching("regulators")) == (
        ["Event one"],
        [],
        ["Event one"],
    )


def test_moving_a_citation_reindexes_both_events(reuters, events):
    citation = EventCitationFactory(event=events[0], source=reuters)

    citation.event = events[1]
    citation.save()

    assert matching("Reuters") == ["Event two"]


def test_citing_another_source_reindexes_the_event(reuters, events):
    citation = EventCitationFactory(event=events[0], source=reuters)

    citation.source = SourceFactory(publisher="Bloomberg")
    citation.save()

    assert (matching("Reuters"), matching("Bloomberg")) == ([], ["Event one"])


def test_bulk_created_and_bulk_deleted_citations_reindex_every_event(reuters, events):
    EventCitation.objects.bulk_create(
        EventCitation(event=event, source=reuters, excerpt="") for event in events
    )
    found = matching("Reuters")

    EventCitation.objects.filter(event__in=events[:2]).delete()

    assert (found, matching("Reuters")) == (
        ["Event one", "Event three", "Event two"],
        ["Event three"],
    )


def test_bulk_updated_excerpts_reindex_every_event(events):
    EventCitation.objects.bulk_create(
        EventCitation(event=event, source=SourceFactory(), excerpt="") for event in events
    )

    EventCitation.objects.filter(event__in=events[1:]).update(excerpt="Layoffs announced.")

    assert matching("layoffs") == ["Event three", "Event two"]


# --- sources --------------------------------------------------------------------------------


def test_changing_a_sources_author_reindexes_the_events_citing_it(reuters, events):
    for event in events[:2]:
        EventCitationFactory(event=event, source=reuters)

    reuters.author = "Ana Kowalczyk"
    reuters.save()

    assert (matching("Omolua"), matching("Kowalczyk")) == ([], ["Event one", "Event two"])


def test_renaming_many_sources_in_one_update_reindexes_every_event_citing_them(events):
    for event in events:
        EventCitationFactory(event=event, source=SourceFactory(publisher="Wire"))

    Source.objects.filter(event_citations__event__in=events[:2]).update(publisher="Reuters")

    assert matching("Reuters") == ["Event one", "Event two"]


def test_renaming_a_cited_sources_publisher_moves_the_timeline_stamp(reuters, events):
    # Cached cards and counts of search results are keyed on the stamp; a change the
    # document does not read (a URL) leaves it, and the caches, alone.
    EventCitationFactory(event=events[0], source=reuters)
    before = timeline_stamp()
    Source.objects.filter(pk=reuters.pk).update(url="https://example.com/story")
    after_url = timeline_stamp()

    Source.objects.filter(pk=reuters.pk).update(publisher="Agence France-Presse")

    assert (after_url == before, timeline_stamp() != after_url) == (True, True)
    assert (matching("Reuters"), matching("Agence")) == ([], ["Event one"])


# --- quotes and the event itself ------------------------------------------------------------


def test_bulk_created_quotes_and_speaker_edits_reindex(events):
    Quote.objects.bulk_create(
        Quote(event=event, speaker="Kevin Scott", text="We build.") for event in events[:2]
    )
    found = matching("Kevin Scott")

    Quote.objects.filter(event=events[0]).update(speaker="Satya Nadella")

    assert (found, matching("Kevin Scott"), matching("Nadella")) == (
        ["Event one", "Event two"],
        ["Event two"],
        ["Event one"],
    )


def test_renaming_an_event_keeps_its_sources_in_the_document(reuters, events):
    EventCitationFactory(event=events[0], source=reuters)

    Event.objects.filter(pk=events[0].pk).update(title="Observer seat given up")

    assert (matching("Reuters"), matching("given up")) == (
        ["Observer seat given up"],
        ["Observer seat given up"],
    )


# --- weights --------------------------------------------------------------------------------


def test_a_word_weighs_most_in_the_title_then_summary_then_passages_then_sources(reuters):
    def event(**fields):
        return EventFactory(**{"title": "Event", "summary": "", **fields})

    in_source = event()
    EventCitationFactory(event=in_source, source=reuters, excerpt="")
    in_excerpt = event()
    EventCitationFactory(event=in_excerpt, excerpt="As Reuters first reported.")
    in_quote = event()
    QuoteFactory(event=in_quote, text="I read it in Reuters.")
    in_summary = event(summary="Reuters reported it.")
    in_title = event(title="Reuters reports")
    found = Event.objects.filter(search_vector=search_query("reuters"))

    rank = {event.pk: event.rank for event in relevance_results(found, "reuters")}

    assert rank[in_title.pk] > rank[in_summary.pk] > rank[in_quote.pk] > rank[in_source.pk]
    assert rank[in_quote.pk] == rank[in_excerpt.pk]


# --- bulk loads -----------------------------------------------------------------------------


def switch_search_triggers(enabled: bool) -> None:
    with connection.cursor() as cursor:  # ALTER TABLE waits for no deferred FK check
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    set_triggers_enabled(enabled)


def test_bulk_loaders_switch_every_trigger_off_then_rebuild(reuters, events):
    switch_search_triggers(False)
    try:
        EventCitationFactory(event=events[0], source=reuters)
        QuoteFactory(event=events[1], speaker="Kevin Scott")
        unindexed = (matching("Reuters"), matching("Kevin"))
    finally:
        switch_search_triggers(True)

    rebuild_search_vectors()

    assert unindexed == ([], [])
    assert (matching("Reuters"), matching("Kevin")) == (["Event one"], ["Event two"])


def test_rebuild_indexes_rows_written_before_the_document_read_them(reuters, events):
    # What migration 0008 runs after installing the new document: rows indexed by the
    # old one (no publishers, authors or excerpts) are indexed again.
    EventCitationFactory(event=events[0], source=reuters, excerpt="Shares rose.")
    Event.objects.update(search_vector=None)

    rebuild_search_vectors()

    assert (matching("Reuters"), matching("shares")) == (["Event one"], ["Event one"])
