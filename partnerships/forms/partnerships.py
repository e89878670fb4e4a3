"""The editors' partnership form, with its parties: each company once, with its role."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from partnerships.forms.base import (
    LONG_TEXT,
    ROW_LIMITS,
    KitForm,
    KitModelFormSet,
    VersionedModelForm,
)
from partnerships.forms.fields import limit_length
from partnerships.forms.groups import FormGroup, Section
from partnerships.models import Company, Partnership, Party, validate_distinct_parties


class PartnershipForm(VersionedModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "status", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["summary"], LONG_TEXT)


class PartyForm(KitForm, forms.ModelForm):
    class Meta:
        model = Party
        fields = ["company", "role"]
        error_messages = {
            "company": {
                "invalid_choice": "That company is not on record; choose one from the list."
            }
        }

    def validate_constraints(self):
        # One company once per partnership is checked across all rows (PartiesFormSet),
        # where a removed row may free its company for another; the database keeps it too.
        pass


class BasePartiesFormSet(KitModelFormSet, forms.BaseInlineFormSet):
    row_label = "Party"
    _company_choices: list | None = None

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Every row offers the same companies: read them once, not once per row.
        if self._company_choices is None:
            self._company_choices = list(form.fields["company"].choices)
        form.fields["company"].choices = self._company_choices

    def clean(self):
        # Not super().clean(): its duplicate message names database columns, ours the company.
        if any(self.errors):
            return
        companies = [form.cleaned_data.get("company") for form in self.kept_forms()]
        seen = set()
        for company in companies:
            if company is not None and company.pk in seen:
                raise ValidationError(
                    f"{company.name} is listed twice; a company takes one role in a partnership.",
                    code="duplicate_party",
                )
            if company is not None:
                seen.add(company.pk)
        validate_distinct_parties(companies)


PartiesFormSet = forms.inlineformset_factory(
    Partnership,
    Party,
    form=PartyForm,
    formset=BasePartiesFormSet,
    fields=["company", "role"],
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    **ROW_LIMITS,
)


class PartnershipForms(FormGroup):
    def __init__(
        self,
        data=None,
        *,
        partnership: Partnership,
        reshow: bool = False,
        created: Company | None = None,
    ):
        self.parties = PartiesFormSet(
            data,
            instance=partnership,
            prefix="parties",
            reshow=reshow,
            # Back from "add a new company": it fills the first blank row.
            initial=[{"company": created.pk}] if created else None,
        )
        form = PartnershipForm(data, instance=partnership, reshow=reshow)
        super().__init__(form, [Section(self.parties, "Parties")], reshow=reshow)

    def changes(self) -> dict:
        parties, removed = self.parties.changes()
        return {"partnership": self.form.instance, "parties": parties, "removed_parties": removed}
