"""Events, their companies, citations and quotes in the admin."""

from __future__ import annotations

from django.contrib import admin

from partnerships.admin.base import (
    CitationAdmin,
    StackedInline,
    TabularInline,
    VersionedAdmin,
    counted,
    excerpt,
)
from partnerships.models import (
    Event,
    EventCitation,
    EventCompany,
    Quote,
)


class EventCompanyInline(TabularInline):
    model = EventCompany
    autocomplete_fields = ["company"]
    extra = 0
    verbose_name = "company involved"
    verbose_name_plural = "companies involved"


class EventCitationInline(TabularInline):
    model = EventCitation
    autocomplete_fields = ["source"]
    extra = 0


class QuoteInline(StackedInline):
    model = Quote
    autocomplete_fields = ["company", "source"]
    fields = [("speaker", "speaker_title", "company"), "text", "source"]
    extra = 0


@admin.register(Event)
class EventAdmin(VersionedAdmin):
    # The default ModelForm runs Event.clean(): the agreement must belong to the partnership.
    list_display = [
        "title",
        "when",
        "kind",
        "partnership",
        "agreement_badge",
        "significance",
        counted("sources", (EventCitation, "event")),
        counted("quotes", (Quote, "event")),
    ]
    list_select_related = ["partnership", "agreement"]
    list_filter = ["kind", "significance", "precision", "is_approximate"]
    search_fields = ["title", "slug", "summary", "partnership__name", "companies__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["partnership", "agreement"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [EventCompanyInline, EventCitationInline, QuoteInline]
    fieldsets = [
        (None, {"fields": ["partnership", "agreement", "kind", "title", "slug"]}),
        (
            "When",
            {
                "fields": [
                    ("date", "precision", "is_approximate"),
                    ("end_date", "end_precision"),
                ]
            },
        ),
        (None, {"fields": ["significance", "summary"]}),
    ]

    @admin.display(description="when", ordering="date")
    def when(self, obj: Event) -> str:
        return obj.when

    @admin.display(description="agreement", ordering="agreement__title")
    def agreement_badge(self, obj: Event) -> str:
        if obj.agreement is None:
            return "—"
        return f"{obj.agreement} ({obj.agreement.badge})"


@admin.register(EventCitation)
class EventCitationAdmin(CitationAdmin):
    list_display = ["event", "source", "short_excerpt"]
    list_select_related = ["event", "source"]
    search_fields = [*CitationAdmin.search_fields, "event__title"]
    autocomplete_fields = ["event", "source"]


@admin.register(Quote)
class QuoteAdmin(VersionedAdmin):
    list_display = ["speaker", "speaker_title", "company", "short_text", "event", "source"]
    list_select_related = ["company", "event", "source"]
    search_fields = ["speaker", "speaker_title", "text", "company__name", "event__title"]
    autocomplete_fields = ["event", "company", "source"]

    @admin.display(description="quote")
    def short_text(self, obj: Quote) -> str:
        return excerpt(obj.text)
