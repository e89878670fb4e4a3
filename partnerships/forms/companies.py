"""The editors' company form."""

from __future__ import annotations

from django import forms

from partnerships.forms.base import VersionedModelForm
from partnerships.forms.fields import limit_length
from partnerships.forms.groups import FormGroup
from partnerships.models import Company


class CompanyForm(VersionedModelForm):
    class Meta:
        model = Company
        fields = ["name", "kind", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"unique": "A company with this name is already recorded."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["description"], 2000)


class CompanyForms(FormGroup):
    def __init__(self, data=None, *, company: Company):
        super().__init__(CompanyForm(data, instance=company))

    def changes(self) -> dict:
        return {"company": self.form.instance}
