"""Sources in the admin."""

from __future__ import annotations

from django.contrib import admin

from partnerships.admin.base import VersionedAdmin, counted
from partnerships.models import (
    AgreementCitation,
    EventCitation,
    Quote,
    Source,
    TermCitation,
)


@admin.register(Source)
class SourceAdmin(VersionedAdmin):
    list_display = [
        "title",
        "publisher",
        "published",
        "url",
        counted(
            "cited",
            (EventCitation, "source"),
            (AgreementCitation, "source"),
            (TermCitation, "source"),
            (Quote, "source"),
        ),
    ]
    list_filter = ["published_precision", "publisher"]
    search_fields = ["title", "publisher", "author", "url"]
    date_hierarchy = "published_on"

    @admin.display(description="published", ordering="published_on")
    def published(self, obj: Source) -> str:
        return obj.published_display
