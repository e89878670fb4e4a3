"""The one form kit: what every editing form on the site and in the admin shares.

- **Reshow as typed**: "Add another row" posts the whole page and gets it back with
  one more blank row and everything typed so far, judged only on Save
  (``KitForm(reshow=True)``, ``KitFormSet(reshow=True)``, ``add_row``).
- **Optimistic locking** (``VersionedModelForm``): a form carries the version it was
  loaded at; if the record has moved on when it is posted, nothing is saved and
  the editor sees their version beside the other person's (``Conflict``).
- **One error summary** (``groups.ErrorSummary``) for a form and its row formsets,
  each problem linked to its field, with one wording everywhere.
- **A form group** (``groups.FormGroup``): a record's form with its row formsets,
  built, validated, shown and saved together; ``groups.save_or_conflict`` runs a save
  and turns a race lost after validation into the same conflict view.
- **Fields and values** (``fields``): the "When" box, ids from posted text, and values
  shown the way a person reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.forms.utils import ErrorDict
from django.http import QueryDict

from partnerships.forms.fields import as_cleaned, as_posted, parse_id, shown

MAX_ROWS = 50
# Text the database leaves unbounded still gets a limit a person could type.
LONG_TEXT = 10_000
ROW_LIMITS = {"max_num": MAX_ROWS, "validate_max": True, "absolute_max": MAX_ROWS * 2}
CONFLICT_CODE = "stale"
CONFLICT_MESSAGE = (
    "Someone else saved this record since you opened it, so nothing was saved. "
    "Their version is shown beside yours; save again to apply your changes, keeping "
    "theirs wherever you made none."
)
RACE_MESSAGE = (
    "Someone else saved a change here a moment ago, so nothing was saved. "
    "Check the form and save again."
)
GONE_MESSAGE = "This record was deleted by someone else since you opened it."


class ProjectFormRenderer(TemplatesSetting):
    """One renderer for the whole site: fields and errors look the same on every form."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def add_row(data: QueryDict, prefix: str) -> QueryDict:
    """The posted data with one more blank row in formset ``prefix`` (at most MAX_ROWS)."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    total = parse_id(data.get(key))
    if total is not None:
        data[key] = str(min(total + 1, MAX_ROWS))
    return data


# --- forms --------------------------------------------------------------------------------


class KitForm:
    """What every form of the kit does: reshow as typed, describe itself as a row, and
    remember the values it was loaded with, so that a stale save can be merged.

    A form of a saved record posts each field's value as loaded beside it (Django's
    hidden initial, ``initial-<name>``). Its changed_data is then what this person
    changed, not what differs from the record now, and ``merge_with`` can tell their
    changes from someone else's.
    """

    def __init__(self, *args, reshow: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.reshow = reshow
        if self.is_saved_record():
            for form_field in self.fields.values():
                if not form_field.widget.is_hidden:
                    form_field.show_hidden_initial = True

    def is_saved_record(self) -> bool:
        """Whether the form edits something saved (a new row has nothing to merge with)."""
        return getattr(getattr(self, "instance", None), "pk", None) is not None

    def full_clean(self):
        if self.reshow:
            self._errors = ErrorDict(renderer=self.renderer)
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self) -> bool:
        # A form shown again as typed was not judged: it is never fit to save.
        return not self.reshow and super().is_valid()

    @property
    def anchor(self) -> str:
        """The id of the element the form (or row) is shown in, for error links."""
        return self.auto_id % self.prefix if self.auto_id and self.prefix else self.prefix or ""

    def describe(self, values: Mapping) -> str:
        """A row in a few words, from posted (cleaned) or saved values: for conflicts."""
        parts = [
            shown(self.fields[name], values.get(name))
            for name in self.fields
            if name not in ("id", "DELETE", "loaded_version") and values.get(name) not in ("", None)
        ]
        return " · ".join(parts)

    def loaded_value(self, name: str):
        """A field's value when the form was loaded, from its hidden initial (as Django's
        changed_data reads it); None when it cannot be read."""
        form_field, bound = self.fields[name], self[name]
        posted = self._widget_data_value(form_field.hidden_widget(), bound.html_initial_name)
        try:
            return form_field.to_python(posted)
        except ValidationError:
            return None

    def merge_with(self, theirs: Mapping) -> list[ConflictRow]:
        """Merge what was posted with ``theirs`` (the record's values now, as the form's
        initial values), field by field against the values it was loaded with.

        A field only they changed takes their value; one only this person changed keeps
        theirs; one both changed keeps this person's (their choice, shown as such). The
        form is rebound to the result, its loaded values to theirs, so that saving again
        applies the merge. Returns the fields they changed, for the conflict view.
        """
        rows, rebound = [], {}
        for name, form_field in self.fields.items():
            if not form_field.show_hidden_initial:
                continue
            bound = self[name]
            their_value = theirs.get(name)
            their_posting = as_posted(form_field, their_value)
            rebound[bound.html_initial_name] = their_posting
            if not form_field.has_changed(self.loaded_value(name), their_posting):
                continue  # they did not change it: yours stands
            yours = bound.data
            if not form_field.has_changed(their_value, yours):
                continue  # you both made the same change
            kept = YOURS if name in self.changed_data else THEIRS
            if kept == THEIRS:
                rebound[bound.html_name] = their_posting
            rows.append(
                ConflictRow(
                    str(bound.label),
                    shown(form_field, as_cleaned(form_field, their_posting)),
                    shown(form_field, as_cleaned(form_field, yours)),
                    kept,
                )
            )
        self.rebind_posted(rebound)
        return rows

    def rebind_posted(self, values: Mapping[str, str | list[str]]) -> None:
        """Change posted values (by their posted names) so that the form shows them."""
        data = self.data.copy()
        for key, value in values.items():
            if isinstance(value, list) and hasattr(data, "setlist"):
                data.setlist(key, value)
            else:
                data[key] = value
        self.data = data


class KitModelForm(KitForm, forms.ModelForm):
    """A plain model form of the kit: e.g. an admin inline row, which then saves only
    what its editor changed, never values someone else changed meanwhile."""


YOURS, THEIRS = "yours", "theirs"
SECTION = "section"  # a summary of rows: theirs kept where you had not changed a row


@dataclass
class ConflictRow:
    label: str
    theirs: str
    yours: str
    kept: str = YOURS  # what the form now holds: YOURS, THEIRS, or SECTION (rows merged)


@dataclass
class Conflict:
    """A record someone else saved since the form was loaded: theirs beside yours."""

    label: str  # "This event", "Key term “Exclusivity”"
    current: models.Model
    rows: list[ConflictRow] = field(default_factory=list)
    sections_compared: bool = False  # the group's rows are in ``rows`` too


class VersionedModelForm(KitForm, forms.ModelForm):
    """Optimistic locking: a form posted from an older version is refused, not saved over.

    It shows what the other person saved beside what this one typed, merged field by
    field (``merge_with``), and its hidden version now names the current one, so
    saving again applies the merge deliberately and never undoes their work.
    """

    # Not named "version": that is the model's own (non-editable) field.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        if self.instance.pk:
            self.initial.update(self.initial_from(self.instance))

    def initial_from(self, instance: models.Model) -> dict:
        """The form's values for a saved record: fields that are not the model's own say
        how they are made from it (e.g. "When" from five date fields)."""
        return {"loaded_version": instance.version}

    def conflict_label(self, current: models.Model) -> str:
        """What changed, for the conflict's heading: "This event", "Key term “Exclusivity”"."""
        return f"This {current._meta.verbose_name}"

    @property
    def has_conflict(self) -> bool:
        return self.conflict is not None

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        posted = cleaned.get("loaded_version")
        current = type(self.instance)._base_manager.filter(pk=self.instance.pk).first()
        if current is None:
            raise ValidationError(GONE_MESSAGE, code="gone")
        if posted is None or posted != current.version:
            theirs = {
                **forms.model_to_dict(current, fields=list(self.fields)),
                **self.initial_from(current),
            }
            self.conflict = Conflict(self.conflict_label(current), current, self.merge_with(theirs))
            # The version now names theirs, so that submitting again applies the merge.
            self.rebind_posted({self.add_prefix("loaded_version"): str(current.version)})
            raise ValidationError(CONFLICT_MESSAGE, code=CONFLICT_CODE)
        self.instance.version = posted
        return cleaned


# --- formsets -----------------------------------------------------------------------------


class KitFormSet:
    """Row formsets of the kit: rows reshow as typed, say "Remove", and know which rows
    are kept and which removed."""

    row_label = "Row"

    def __init__(self, *args, reshow: bool = False, **kwargs):
        self.reshow = reshow
        if reshow:
            kwargs["form_kwargs"] = {**kwargs.get("form_kwargs", {}), "reshow": True}
        super().__init__(*args, **kwargs)

    def full_clean(self):
        if self.reshow:
            self._errors = []
            self._non_form_errors = self.error_class(error_class="nonform", renderer=self.renderer)
            return
        super().full_clean()

    def is_valid(self) -> bool:
        return not self.reshow and super().is_valid()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"
        if "id" in form.fields:
            form.fields["id"].error_messages["invalid_choice"] = (
                f"This {self.row_label.lower()} was removed by someone else since you opened "
                "the page; reload it."
            )

    @property
    def section_anchor(self) -> str:
        """The id of the section the rows are shown in, for error links."""
        return f"{self.auto_id % self.prefix if self.auto_id else self.prefix}-section"

    def is_removed(self, form) -> bool:
        return bool(self.can_delete and self._should_delete_form(form))

    def kept_forms(self) -> list:
        """Valid rows that stay: filled in and not marked for removal."""
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self.is_removed(form)
        ]


class KitModelFormSet(KitFormSet):
    """Inline formsets of the kit: their changes as model instances, for a service."""

    def changes(self) -> tuple[list[models.Model], list[models.Model]]:
        """(new or changed rows, removed rows) as instances, nothing written yet."""
        saved = self.save(commit=False)
        return saved, list(self.deleted_objects)
