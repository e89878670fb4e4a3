"""Full-text search reads: matching, ranking and highlighting events.

The document itself (title, summary, quotes, cited sources) is kept by PostgreSQL
triggers (``partnerships/models/search.py``); this module only asks questions of it.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, QuerySet

from partnerships.models import Event
from partnerships.models.search import CONFIG

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


class HighlightLoader:
    """Search headlines for the events on a page, fetched in one query when first needed.

    ts_headline is the costly part of a search page; cards already cached with their
    highlights never ask for it.
    """

    def __init__(self, events: list[Event], text: str):
        self.events, self.text, self.loaded = events, text, False

    def load(self) -> None:
        if self.loaded or not self.events:
            return
        self.loaded = True
        rows = with_highlights(
            Event.objects.filter(pk__in=[event.pk for event in self.events]), self.text
        ).values_list("pk", "title_highlighted", "summary_highlighted")
        found = {pk: (title, summary) for pk, title, summary in rows}
        for event in self.events:
            event.title_highlighted, event.summary_highlighted = found.get(event.pk, (None, None))
