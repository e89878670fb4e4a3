"""Agreements, their terms, links and citations in the admin."""

from __future__ import annotations

from django.contrib import admin

from partnerships.admin.base import (
    CitationAdmin,
    StackedInline,
    TabularInline,
    VersionedAdmin,
    counted,
)
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementLink,
    AgreementTerm,
    TermCitation,
)


class AgreementTermInline(StackedInline):
    model = AgreementTerm
    fields = [("position", "topic"), "heading", "text"]
    extra = 0


class AgreementLinkInline(TabularInline):
    model = AgreementLink
    fk_name = "from_agreement"
    autocomplete_fields = ["to_agreement"]
    verbose_name = "link to a later agreement"
    verbose_name_plural = "links to other agreements"
    extra = 0


class AgreementCitationInline(TabularInline):
    model = AgreementCitation
    autocomplete_fields = ["source"]
    extra = 0


class TermCitationInline(TabularInline):
    model = TermCitation
    autocomplete_fields = ["source"]
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(VersionedAdmin):
    list_display = [
        "title",
        "partnership",
        "badge",
        "status",
        "signed_on",
        "announced_on",
        counted("terms", (AgreementTerm, "agreement")),
        counted("sources", (AgreementCitation, "agreement")),
    ]
    list_select_related = ["partnership"]
    list_filter = ["kind", "status", "is_binding"]
    search_fields = ["title", "slug", "summary", "partnership__name"]
    autocomplete_fields = ["partnership"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AgreementTermInline, AgreementLinkInline, AgreementCitationInline]
    fieldsets = [
        (None, {"fields": ["partnership", "title", "slug", ("kind", "is_binding"), "status"]}),
        ("Dates", {"fields": [("announced_on", "signed_on"), ("effective_on", "ends_on")]}),
        (None, {"fields": [("value", "currency"), "summary"]}),
    ]

    @admin.display(description="kind", ordering="kind")
    def badge(self, obj: Agreement) -> str:
        return obj.badge


@admin.register(AgreementTerm)
class AgreementTermAdmin(VersionedAdmin):
    list_display = [
        "heading",
        "topic",
        "agreement",
        "position",
        counted("sources", (TermCitation, "term")),
    ]
    list_select_related = ["agreement"]
    search_fields = ["heading", "topic", "text", "agreement__title"]
    autocomplete_fields = ["agreement"]
    inlines = [TermCitationInline]


@admin.register(AgreementLink)
class AgreementLinkAdmin(admin.ModelAdmin):
    list_display = ["from_agreement", "kind", "to_agreement", "note"]
    list_select_related = ["from_agreement", "to_agreement"]
    list_filter = ["kind"]
    search_fields = ["from_agreement__title", "to_agreement__title", "note"]
    autocomplete_fields = ["from_agreement", "to_agreement"]


@admin.register(AgreementCitation)
class AgreementCitationAdmin(CitationAdmin):
    list_display = ["agreement", "source", "short_excerpt"]
    list_select_related = ["agreement", "source"]
    search_fields = [*CitationAdmin.search_fields, "agreement__title"]
    autocomplete_fields = ["agreement", "source"]


@admin.register(TermCitation)
class TermCitationAdmin(CitationAdmin):
    list_display = ["term", "agreement", "source", "short_excerpt"]
    list_select_related = ["term__agreement", "source"]
    search_fields = [*CitationAdmin.search_fields, "term__heading", "term__agreement__title"]
    autocomplete_fields = ["term", "source"]

    @admin.display(description="agreement", ordering="term__agreement__title")
    def agreement(self, obj: TermCitation) -> Agreement:
        return obj.term.agreement
