"""Companies, partnerships and their parties in the admin."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from partnerships.admin.base import TabularInline, VersionedAdmin, counted
from partnerships.models import (
    Agreement,
    Company,
    Event,
    Partnership,
    Party,
    validate_distinct_parties,
)


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


class PartyInline(TabularInline):
    model = Party
    formset = PartyInlineFormSet
    autocomplete_fields = ["company"]
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        return 2 if obj is None else 0


@admin.register(Company)
class CompanyAdmin(VersionedAdmin):
    list_display = [
        "name",
        "kind",
        "website",
        counted("partnerships", (Party, "company")),
        counted("events", (Event.companies.through, "company")),
    ]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Partnership)
class PartnershipAdmin(VersionedAdmin):
    list_display = [
        "name",
        "status",
        "party_list",
        counted("agreements", (Agreement, "partnership")),
        counted("events", (Event, "partnership")),
    ]
    list_filter = ["status"]
    search_fields = ["name", "slug", "summary", "companies__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartyInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("parties", queryset=Party.objects.select_related("company")))
        )

    @admin.display(description="parties")
    def party_list(self, obj: Partnership) -> str:
        return ", ".join(str(party) for party in obj.parties.all())


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["company", "role", "partnership"]
    list_select_related = ["company", "partnership"]
    list_filter = ["role"]
    search_fields = ["company__name", "partnership__name"]
    autocomplete_fields = ["partnership", "company"]
