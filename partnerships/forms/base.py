"""Optimistic locking for forms: the site's and the admin's.

A versioned form carries the version it was loaded at. If the record has moved on
when it is posted, the form is invalid: nothing is saved, the reader sees what
the other person saved beside what they typed, and the hidden version now names
the current one, so saving again reapplies their change deliberately.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect

from partnerships.models import StaleVersionError

CONFLICT_CODE = "stale"


def parse_id(value) -> int | None:
    """A posted primary key, or None for anything that could not be one."""
    if isinstance(value, int):
        return value
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)


class VersionedModelForm(forms.ModelForm):
    # Not named "version": that is the model's own (non-editable) field.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: dict | None = None
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        posted = cleaned.get("loaded_version")
        current = type(self.instance)._base_manager.filter(pk=self.instance.pk).first()
        if current is None:
            raise forms.ValidationError("This record was deleted by someone else.", code="gone")
        if posted is None or posted != current.version:
            self.conflict = {
                "current": current,
                "rows": conflict_rows(self, current),
            }
            # Rebind the version so that submitting again applies this person's edit.
            data = self.data.copy()
            data[self.add_prefix("loaded_version")] = str(current.version)
            self.data = data
            raise forms.ValidationError(
                "Someone else saved this record since you opened it, so nothing was saved. "
                "Their version is shown beside yours; save again to apply your changes over it.",
                code=CONFLICT_CODE,
            )
        self.instance.version = posted
        return cleaned

    @property
    def has_conflict(self) -> bool:
        return self.conflict is not None


def conflict_rows(form: forms.ModelForm, current) -> list[dict]:
    """Field by field: theirs (saved) against yours (posted), for the fields that differ."""
    rows = []
    for name, field in form.fields.items():
        if name == "loaded_version" or name not in form.cleaned_data:
            continue
        model_field = current._meta.get_field(name) if _is_model_field(current, name) else None
        if model_field is None or model_field.many_to_many:
            continue
        theirs = model_field.value_from_object(current)
        yours = form.cleaned_data.get(name)
        if getattr(yours, "pk", yours) != theirs:
            rows.append(
                {
                    "label": field.label or name,
                    "theirs": _display(current, model_field, theirs),
                    "yours": yours if yours not in (None, "") else "—",
                }
            )
    return rows


def _is_model_field(instance, name: str) -> bool:
    try:
        instance._meta.get_field(name)
    except Exception:
        return False
    return True


def _display(instance, field, value):
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return getattr(instance, field.name)
    return value if value not in (None, "") else "—"


class VersionedAdmin(admin.ModelAdmin):
    """The admin keeps the same protection: a stale form is refused, not saved over."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("form", type("VersionedAdminForm", (VersionedModelForm,), {}))
        form = super().get_form(request, obj, change=change, **kwargs)
        return form

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if "loaded_version" in fields else [*fields, "loaded_version"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        named = {name for _, options in fieldsets for name in _flatten(options["fields"])}
        if "loaded_version" in named:
            return fieldsets
        return [*fieldsets, (None, {"fields": ["loaded_version"]})]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersionError:
            # The check in clean() passed but another save landed before ours.
            messages.error(
                request,
                "Someone else saved this record a moment ago, so nothing was saved. "
                "Reload shows their version; make your change again.",
            )
            return HttpResponseRedirect(request.path)


def _flatten(fields):
    for item in fields:
        if isinstance(item, (list, tuple)):
            yield from item
        else:
            yield item
