"""The Django admin for the partnership domain.

Changelists never run a query per row: foreign keys shown in ``list_display``
are in ``list_select_related``, counts are annotated as subqueries and
many-to-many values are prefetched in ``get_queryset``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, Model, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import Truncator

from partnerships.forms.base import VersionedAdmin
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementLink,
    AgreementTerm,
    Company,
    Event,
    EventCitation,
    EventCompany,
    Partnership,
    Party,
    Quote,
    Source,
    TermCitation,
    validate_distinct_parties,
)

EXCERPT_LENGTH = 80


def count_of(model: type[Model], fk: str) -> Coalesce:
    """Rows of ``model`` pointing at the outer row through ``fk``, as a correlated subquery.

    A subquery per count keeps several counts on one changelist from multiplying
    each other, as joined ``Count``s would.
    """
    counted = (
        model._default_manager.filter(**{fk: OuterRef("pk")})
        .order_by()
        .values(fk)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def excerpt(text: str) -> str:
    return Truncator(text).chars(EXCERPT_LENGTH)


# --- inlines -----------------------------------------------------------------------------


class PartyInlineFormSet(forms.BaseInlineFormSet):
    """A partnership keeps at least two distinct companies among its parties."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return  # each form reports its own problem first
        companies = [
            form.cleaned_data.get("company")
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        try:
            validate_distinct_parties(companies)
        except ValidationError as error:
            raise ValidationError(error.messages, code="too_few_parties") from error


class PartyInline(admin.TabularInline):
    model = Party
    formset = PartyInlineFormSet
    autocomplete_fields = ["company"]
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        return 2 if obj is None else 0


class AgreementTermInline(admin.StackedInline):
    model = AgreementTerm
    fields = [("position", "topic"), "heading", "text"]
    extra = 0


class AgreementLinkInline(admin.TabularInline):
    model = AgreementLink
    fk_name = "from_agreement"
    autocomplete_fields = ["to_agreement"]
    verbose_name = "link to a later agreement"
    verbose_name_plural = "links to other agreements"
    extra = 0


class AgreementCitationInline(admin.TabularInline):
    model = AgreementCitation
    autocomplete_fields = ["source"]
    extra = 0


class TermCitationInline(admin.TabularInline):
    model = TermCitation
    autocomplete_fields = ["source"]
    extra = 0


class EventCompanyInline(admin.TabularInline):
    model = EventCompany
    autocomplete_fields = ["company"]
    extra = 0
    verbose_name = "company involved"
    verbose_name_plural = "companies involved"


class EventCitationInline(admin.TabularInline):
    model = EventCitation
    autocomplete_fields = ["source"]
    extra = 0


class QuoteInline(admin.StackedInline):
    model = Quote
    autocomplete_fields = ["company", "source"]
    fields = [("speaker", "speaker_title", "company"), "text", "source"]
    extra = 0


# --- companies and partnerships ---------------------------------------------------------


@admin.register(Company)
class CompanyAdmin(VersionedAdmin):
    list_display = ["name", "kind", "website", "partnership_count", "event_count"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                partnership_total=count_of(Party, "company"),
                event_total=count_of(Event.companies.through, "company"),
            )
        )

    @admin.display(description="partnerships", ordering="partnership_total")
    def partnership_count(self, obj: Company) -> int:
        return obj.partnership_total

    @admin.display(description="events", ordering="event_total")
    def event_count(self, obj: Company) -> int:
        return obj.event_total


@admin.register(Partnership)
class PartnershipAdmin(VersionedAdmin):
    list_display = ["name", "status", "party_list", "agreement_count", "event_count"]
    list_filter = ["status"]
    search_fields = ["name", "slug", "summary", "companies__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartyInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                agreement_total=count_of(Agreement, "partnership"),
                event_total=count_of(Event, "partnership"),
            )
            .prefetch_related(Prefetch("parties", queryset=Party.objects.select_related("company")))
        )

    @admin.display(description="parties")
    def party_list(self, obj: Partnership) -> str:
        return ", ".join(str(party) for party in obj.parties.all())

    @admin.display(description="agreements", ordering="agreement_total")
    def agreement_count(self, obj: Partnership) -> int:
        return obj.agreement_total

    @admin.display(description="events", ordering="event_total")
    def event_count(self, obj: Partnership) -> int:
        return obj.event_total


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["company", "role", "partnership"]
    list_select_related = ["company", "partnership"]
    list_filter = ["role"]
    search_fields = ["company__name", "partnership__name"]
    autocomplete_fields = ["partnership", "company"]


# --- sources -----------------------------------------------------------------------------


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


# --- agreements --------------------------------------------------------------------------


@admin.register(Agreement)
class AgreementAdmin(VersionedAdmin):
    list_display = [
        "title",
        "partnership",
        "badge",
        "status",
        "signed_on",
        "announced_on",
        "term_count",
        "source_count",
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

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                term_total=count_of(AgreementTerm, "agreement"),
                source_total=count_of(AgreementCitation, "agreement"),
            )
        )

    @admin.display(description="kind", ordering="kind")
    def badge(self, obj: Agreement) -> str:
        return obj.badge

    @admin.display(description="terms", ordering="term_total")
    def term_count(self, obj: Agreement) -> int:
        return obj.term_total

    @admin.display(description="sources", ordering="source_total")
    def source_count(self, obj: Agreement) -> int:
        return obj.source_total


@admin.register(AgreementTerm)
class AgreementTermAdmin(VersionedAdmin):
    list_display = ["heading", "topic", "agreement", "position", "source_count"]
    list_select_related = ["agreement"]
    search_fields = ["heading", "topic", "text", "agreement__title"]
    autocomplete_fields = ["agreement"]
    inlines = [TermCitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(source_total=count_of(TermCitation, "term"))

    @admin.display(description="sources", ordering="source_total")
    def source_count(self, obj: AgreementTerm) -> int:
        return obj.source_total


@admin.register(AgreementLink)
class AgreementLinkAdmin(admin.ModelAdmin):
    list_display = ["from_agreement", "kind", "to_agreement", "note"]
    list_select_related = ["from_agreement", "to_agreement"]
    list_filter = ["kind"]
    search_fields = ["from_agreement__title", "to_agreement__title", "note"]
    autocomplete_fields = ["from_agreement", "to_agreement"]


# --- events ------------------------------------------------------------------------------


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
        "source_count",
        "quote_count",
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

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                source_total=count_of(EventCitation, "event"),
                quote_total=count_of(Quote, "event"),
            )
        )

    @admin.display(description="when", ordering="date")
    def when(self, obj: Event) -> str:
        return obj.when

    @admin.display(description="agreement", ordering="agreement__title")
    def agreement_badge(self, obj: Event) -> str:
        if obj.agreement is None:
            return "—"
        return f"{obj.agreement} ({obj.agreement.badge})"

    @admin.display(description="sources", ordering="source_total")
    def source_count(self, obj: Event) -> int:
        return obj.source_total

    @admin.display(description="quotes", ordering="quote_total")
    def quote_count(self, obj: Event) -> int:
        return obj.quote_total


# --- citations and quotes ----------------------------------------------------------------


class CitationAdmin(admin.ModelAdmin):
    search_fields = ["source__title", "source__publisher", "excerpt"]
    autocomplete_fields = ["source"]

    @admin.display(description="excerpt")
    def short_excerpt(self, obj) -> str:
        return excerpt(obj.excerpt)


@admin.register(EventCitation)
class EventCitationAdmin(CitationAdmin):
    list_display = ["event", "source", "short_excerpt"]
    list_select_related = ["event", "source"]
    search_fields = [*CitationAdmin.search_fields, "event__title"]
    autocomplete_fields = ["event", "source"]


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


@admin.register(Quote)
class QuoteAdmin(VersionedAdmin):
    list_display = ["speaker", "speaker_title", "company", "short_text", "event", "source"]
    list_select_related = ["company", "event", "source"]
    search_fields = ["speaker", "speaker_title", "text", "company__name", "event__title"]
    autocomplete_fields = ["event", "company", "source"]

    @admin.display(description="quote")
    def short_text(self, obj: Quote) -> str:
        return excerpt(obj.text)
