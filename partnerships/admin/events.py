"""Events, their companies, citations and quotes in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet

from partnerships.admin.base import (
    CitationAdmin,
    StackedInline,
    TabularInline,
    VersionedAdmin,
    counted,
    excerpt,
)
from partnerships.forms.events import UNSOURCED_MESSAGE
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


class EventCitationFormSet(BaseInlineFormSet):
    """Cited or flagged, as on the site: the event keeps a citation or is ticked unsourced
    (and citing a source clears the tick, as services.events.save_event does)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form for form in self.forms if form.cleaned_data and not self._should_delete_form(form)
        ]
        if kept:
            self.instance.is_unsourced = False  # saved after the inlines validate
        elif not self.instance.is_unsourced:
            raise ValidationError(UNSOURCED_MESSAGE, code="unsourced")


class EventCitationInline(TabularInline):
    model = EventCitation
    formset = EventCitationFormSet
    autocomplete_fields = ["source"]
    fields = ["source", "excerpt", "gives_date", "gives_precision"]
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
    list_filter = ["kind", "significance", "precision", "is_approximate", "is_unsourced"]
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
        (None, {"fields": ["significance", "summary", "is_unsourced"]}),
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

    def get_deleted_objects(self, objs, request):
        """Refuse (as Django refuses protected rows) to delete an event's last citation
        while it is not marked unsourced: the rule holds here too."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        leaving = {citation.event_id for citation in objs}
        left_uncited = (
            Event.objects.filter(pk__in=leaving, is_unsourced=False)
            .exclude(citations__in=EventCitation.objects.exclude(pk__in=[c.pk for c in objs]))
            .order_by("title")
        )
        protected = [
            *protected,
            *(
                f"{event.title} — its only source; tick “Unsourced” on it first"
                for event in left_uncited
            ),
        ]
        return deleted, counts, perms_needed, protected


@admin.register(Quote)
class QuoteAdmin(VersionedAdmin):
    list_display = ["speaker", "speaker_title", "company", "short_text", "event", "source"]
    list_select_related = ["company", "event", "source"]
    search_fields = ["speaker", "speaker_title", "text", "company__name", "event__title"]
    autocomplete_fields = ["event", "company", "source"]

    @admin.display(description="quote")
    def short_text(self, obj: Quote) -> str:
        return excerpt(obj.text)
