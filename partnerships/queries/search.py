"""Full-text search reads: matching, ranking, highlighting, and saying where it matched.

The document itself (title, summary, quotes, citation excerpts, cited sources) is kept
by PostgreSQL triggers (``partnerships/models/search.py``); this module only asks
questions of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, JSONField, QuerySet
from django.db.models.expressions import RawSQL

from partnerships.models import Event
from partnerships.models.search import CONFIG, QUOTE_TEXT, SOURCE_TEXT, TITLE_AND_SUMMARY_WEIGHTS

RELEVANCE_LIMIT = 100
# PostgreSQL returns headlines as raw stored text, so matches are wrapped in control
# characters nobody can type; the template escapes the text, then makes them <mark>.
MARK_START, MARK_STOP = "\x01", "\x02"


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def relevance_results(events: QuerySet, text: str, limit: int = RELEVANCE_LIMIT) -> list[Event]:
    """The best matches first, for the "Best match" order."""
    query = search_query(text)
    return list(
        events.for_cards()
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "date", "id")[:limit]
    )


def with_highlights(events: QuerySet, text: str) -> QuerySet:
    """Annotate title and summary with the matches wrapped in MARK_START/MARK_STOP."""
    query = search_query(text)
    options = {"start_sel": MARK_START, "stop_sel": MARK_STOP, "config": CONFIG}
    return events.annotate(
        title_highlighted=SearchHeadline("title", query, highlight_all=True, **options),
        summary_highlighted=SearchHeadline("summary", query, max_words=40, min_words=20, **options),
    )


# Where a result matched, when its title and summary alone do not match: the first
# quote, then citation excerpt, then cited source (publisher, author, title) that
# completes the match together with them (so "Microsoft Reuters" on an event titled
# "Microsoft …" points at its Reuters source). The texts are the document's own
# (models/search.py). A scalar subquery of the outer "partnerships_event" row, asked
# only of the events on the page; the headlines are made after LIMIT 1, for the one
# place shown. A source is short, so it is shown whole; a passage, around the match.
MATCH_SQL = f"""
SELECT jsonb_build_object(
         'kind', found.kind,
         'label', ts_headline('{CONFIG}', found.label, found.query, %s),
         'fragment', ts_headline('{CONFIG}', found.text, found.query,
                                 CASE found.kind WHEN 'source' THEN %s ELSE %s END),
         'text', found.text)
  FROM (
    SELECT place.kind, place.label, place.text, query
      FROM websearch_to_tsquery('{CONFIG}', %s) AS query,
           ts_filter("partnerships_event"."search_vector", '{TITLE_AND_SUMMARY_WEIGHTS}')
             AS title_and_summary,
           LATERAL (
             SELECT 1 AS rank, q.id, 'quote' AS kind, q.speaker AS label, q.text AS text,
                    to_tsvector('{CONFIG}', {QUOTE_TEXT}) AS document
               FROM partnerships_quote q WHERE q.event_id = "partnerships_event"."id"
             UNION ALL
             SELECT 2, c.id, 'excerpt', coalesce(nullif(s.publisher, ''), s.title), c.excerpt,
                    to_tsvector('{CONFIG}', c.excerpt)
               FROM partnerships_eventcitation c JOIN partnerships_source s ON s.id = c.source_id
              WHERE c.event_id = "partnerships_event"."id"
             UNION ALL
             SELECT 3, c.id, 'source', '', {SOURCE_TEXT}, to_tsvector('{CONFIG}', {SOURCE_TEXT})
               FROM partnerships_eventcitation c JOIN partnerships_source s ON s.id = c.source_id
              WHERE c.event_id = "partnerships_event"."id"
           ) AS place
     WHERE NOT (title_and_summary @@ query)
       AND (title_and_summary || place.document) @@ query
     ORDER BY place.rank, place.id
     LIMIT 1
  ) AS found
"""
PASSAGE_WORDS = {"MaxWords": 30, "MinWords": 12}


@dataclass(frozen=True)
class SearchMatch:
    """Where a result matched besides its title and summary, MARK_START/MARK_STOP
    around the matched words: in a quote (label: its speaker), a citation excerpt
    (label: its source's publisher, else title) or a cited source (no label; the
    fragment is "publisher — author — title")."""

    kind: str
    label: str
    fragment: str

    @classmethod
    def of(cls, found: dict) -> SearchMatch:
        return cls(found["kind"], found["label"], with_ellipses(found["fragment"], found["text"]))


def with_ellipses(fragment: str, text: str) -> str:
    """A headline marked "…" where it cuts its text short, at either end."""
    plain = " ".join(fragment.replace(MARK_START, "").replace(MARK_STOP, "").split())
    whole = " ".join(text.split())
    if not plain or plain == whole:
        return fragment
    start = "" if whole.startswith(plain) else "… "
    end = "" if whole.endswith(plain) else " …"
    return f"{start}{fragment.strip()}{end}"


def headline_options(**options) -> str:
    """ts_headline's options, written as Django's SearchHeadline writes them."""
    return ", ".join(
        connection.ops.compose_sql(f"{name}=%s", [value])
        for name, value in {"StartSel": MARK_START, "StopSel": MARK_STOP, **options}.items()
    )


def with_search_match(events: QuerySet, text: str) -> QuerySet:
    """Annotate ``search_match``: where each event matched, as a dict, or None when its
    title and summary match by themselves (they are highlighted in place)."""
    whole = headline_options(HighlightAll=True)
    params = [whole, whole, headline_options(**PASSAGE_WORDS), text]
    return events.annotate(search_match=RawSQL(MATCH_SQL, params, output_field=JSONField()))


class HighlightLoader:
    """Search headlines for the events on a page, fetched in one query when first needed.

    ts_headline is the costly part of a search page; cards already cached with their
    highlights never ask for it. Sets ``title_highlighted``, ``summary_highlighted``
    and ``search_match`` (a SearchMatch or None) on every event given.
    """

    def __init__(self, events: list[Event], text: str):
        self.events, self.text, self.loaded = events, text, False

    def load(self) -> None:
        if self.loaded or not self.events:
            return
        self.loaded = True
        events = Event.objects.filter(pk__in=[event.pk for event in self.events])
        rows = with_search_match(with_highlights(events, self.text), self.text).values_list(
            "pk", "title_highlighted", "summary_highlighted", "search_match"
        )
        found = {pk: (title, summary, match) for pk, title, summary, match in rows}
        for event in self.events:
            title, summary, match = found.get(event.pk, (None, None, None))
            event.title_highlighted, event.summary_highlighted = title, summary
            event.search_match = SearchMatch.of(match) if match else None
