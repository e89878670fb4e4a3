"""Form groups: a record's form with its row formsets, built, validated, shown and saved
together, with one error summary for all of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models

from partnerships.forms.base import (
    RACE_MESSAGE,
    SECTION,
    Conflict,
    ConflictRow,
    KitFormSet,
)
from partnerships.forms.fields import EMPTY
from partnerships.models import StaleVersionError


@dataclass
class Problem:
    text: str
    href: str = ""


@dataclass
class Section:
    """A formset on a form's page, under its heading ("Key terms")."""

    formset: KitFormSet
    label: str
    summarised: bool = True  # in a conflict, compare its rows as a whole (theirs vs yours)


class ErrorSummary:
    """Every problem on a page of a form and its formsets, each linked to where it is."""

    def __init__(self, form: forms.Form, sections: Iterable[Section] = ()):
        self.form = form
        self.sections = list(sections)

    @property
    def problems(self) -> list[Problem]:
        problems = _problems_of(self.form)
        for section in self.sections:
            formset = section.formset
            anchor = f"#{formset.section_anchor}"
            problems += [
                Problem(f"{section.label}: {error}", anchor) for error in formset.non_form_errors()
            ]
            for number, row in enumerate(formset.forms, start=1):
                if not row.is_bound or row.reshow:
                    continue
                if formset.is_removed(row) and not getattr(row, "conflict", None):
                    continue  # a row being removed: its errors do not stop the save
                problems += _problems_of(row, f"{formset.row_label} {number}", row.anchor)
        return problems

    def __len__(self) -> int:
        return len(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)


def _problems_of(form: forms.Form, row: str = "", anchor: str = "") -> list[Problem]:
    """A form's errors: "Field: message" (or "Row 2, Field: message"), linked to the field;
    errors of hidden fields and of the whole form link to the row, if it is one."""
    row_href = f"#{anchor}" if anchor else ""
    problems = [
        Problem(f"{row}: {error}" if row else str(error), row_href)
        for error in form.non_field_errors()
    ]
    for bound in form:
        where = f"{row}, {bound.label}" if row else str(bound.label)
        href = row_href if bound.is_hidden else f"#{bound.auto_id}"
        problems += [Problem(f"{where}: {error}", href) for error in bound.errors]
    return problems


class FormGroup:
    """A record's form with its row formsets: built, validated, shown and saved together."""

    form: forms.Form
    sections: list[Section]

    def __init__(self, form: forms.Form, sections: Iterable[Section] = (), *, reshow=False):
        self.form = form
        self.sections = list(sections)
        self.reshow = reshow
        self.added_to: set[str] = set()

    @property
    def formsets(self) -> list[forms.BaseFormSet]:
        return [section.formset for section in self.sections]

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), *(formset.is_valid() for formset in self.formsets)]
        conflict = getattr(self.form, "conflict", None)
        if conflict is not None and not conflict.sections_compared:
            conflict.rows.extend(self.section_differences())
            conflict.sections_compared = True
            self.merge_rows()
        return all(results)

    def merge_rows(self) -> None:
        """When the record is stale, so may its rows be: merge each saved row that has no
        conflict of its own with its values now (their ``initial``), as the form itself."""
        for formset in self.formsets:
            for row in formset.forms:
                if row.is_saved_record() and not getattr(row, "conflict", None):
                    row.merge_with(row.initial)

    def section_differences(self) -> list[ConflictRow]:
        """For each summarised section whose rows differ, theirs (saved) against yours."""
        rows = []
        for section in self.sections:
            if not section.summarised:
                continue
            formset = section.formset
            theirs = [_describe_saved(formset, row) for row in _saved_rows(formset)]
            yours = [
                row.describe(row.cleaned_data) for row in formset.forms if _is_kept(formset, row)
            ]
            if sorted(theirs) != sorted(yours):
                rows.append(
                    ConflictRow(
                        section.label,
                        "; ".join(theirs) or EMPTY,
                        "; ".join(yours) or EMPTY,
                        SECTION,
                    )
                )
        return rows

    @property
    def conflicts(self) -> list[Conflict]:
        """The records someone else saved since this page was loaded: the form's, and rows'."""
        found = [self.form.conflict] if getattr(self.form, "conflict", None) else []
        for section in self.sections:
            found += [
                row.conflict for row in section.formset.forms if getattr(row, "conflict", None)
            ]
        return found

    @property
    def summary(self) -> ErrorSummary:
        return ErrorSummary(self.form, self.sections)

    def add_error(self, message: str) -> None:
        self.form.add_error(None, message)

    def focus_last_row(self, prefix: str) -> None:
        """After "Add another", start the editor in the row it added."""
        self.added_to.add(prefix)
        for formset in self.formsets:
            if formset.prefix == prefix and formset.forms:
                first = formset.forms[-1].visible_fields()[0]
                first.field.widget.attrs["autofocus"] = True


def _saved_rows(formset) -> list[models.Model]:
    """The rows as saved now: read again, since the forms have changed their instances."""
    get_queryset = getattr(formset, "get_queryset", None)
    return list(get_queryset().all()) if get_queryset else []


def _describe_saved(formset, instance: models.Model) -> str:
    row = formset.empty_form
    values = {}
    for name in row.fields:
        try:
            values[name] = getattr(instance, instance._meta.get_field(name).name)
        except FieldDoesNotExist:
            continue
    return row.describe(values)


def _is_kept(formset, row) -> bool:
    """A valid row that will be saved: an existing one, or a filled-in new one, not removed."""
    if not getattr(row, "cleaned_data", None) or formset.is_removed(row):
        return False
    saved = getattr(getattr(row, "instance", None), "pk", None) is not None
    return saved or row.has_changed()


def reload[M: models.Model](instance: M) -> M:
    """The record as saved now, after a failed save left the instance half changed.

    A record deleted meanwhile stays as it was: its versioned form then says so.
    """
    if instance.pk is None:
        return type(instance)()
    return type(instance)._base_manager.filter(pk=instance.pk).first() or instance


def save_or_conflict[G: FormGroup, T](
    group: G, *, save: Callable[[G], T], rebuild: Callable[[], G]
) -> tuple[G, T | None]:
    """Validate and save a group; a save that loses a race shows as a conflict.

    ``save`` calls the service; ``rebuild`` makes the group again from the posted data
    against the record as now saved. A change saved by someone else then shows as a
    conflict, a clash (a name just taken) as a message; if neither, say what happened.
    """
    if not group.is_valid():
        return group, None
    try:
        return group, save(group)
    except (StaleVersionError, IntegrityError):
        again = rebuild()
        if again.is_valid():
            again.add_error(RACE_MESSAGE)
        return again, None
