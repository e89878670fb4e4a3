"""Source reads for the forms that cite them: the recent ones, and a search by title,
publisher or author. Sources can number in the tens of thousands, so a <select> never lists them all."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Q

from partnerships.models import Source

RECENT_LIMIT = 100
SEARCH_LIMIT = 50
# Undated sources are not the most recent (PostgreSQL puts NULLs first when descending).
NEWEST_FIRST = F("published_on").desc(nulls_last=True)


def recent_sources(also: Iterable[int] = ()) -> list[Source]:
    """The most recent sources, and those with the ids in ``also`` (already chosen)."""
    recent = list(Source.objects.order_by(NEWEST_FIRST, "-id")[:RECENT_LIMIT])
    missing = set(also) - {source.pk for source in recent}
    chosen = list(Source.objects.filter(pk__in=missing)) if missing else []
    return [*chosen, *recent]


def search_sources(text: str) -> list[Source]:
    """Sources whose title, publisher or author contains ``text``, most recent first."""
    # PostgreSQL text cannot hold NUL, and no title contains one: drop it, don't fail.
    text = text.replace("\x00", "").strip()[:200]
    sources = Source.objects.order_by(NEWEST_FIRST, "-id")
    if text:
        sources = sources.filter(
            Q(title__icontains=text) | Q(publisher__icontains=text) | Q(author__icontains=text)
        )
    return list(sources[:SEARCH_LIMIT])
