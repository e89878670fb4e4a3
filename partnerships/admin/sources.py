"""Sources in the admin."""

from __future__ import annotations

from django.contrib import admin

from partnerships.admin.base import VersionedAdmin, count_of
from partnerships.models import (
    AgreementCitation,
    EventCitation,
    Quote,
    Source,
    TermCitation,
)


@admin.register(Source)
class SourceAdmin(VersionedAdmin):
    list_display = ["title", "publisher", "published", "url", "citation_count"]
    list_filter = ["published_precision", "publisher"]
    search_fields = ["title", "publisher", "author", "url"]
    date_hierarchy = "published_on"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                citation_total=count_of(EventCitation, "source")
                + count_of(AgreementCitation, "source")
                + count_of(TermCitation, "source")
                + count_of(Quote, "source")
            )
        )

    @admin.display(description="published", ordering="published_on")
    def published(self, obj: Source) -> str:
        return obj.published_display

    @admin.display(description="cited", ordering="citation_total")
    def citation_count(self, obj: Source) -> int:
        return obj.citation_total
