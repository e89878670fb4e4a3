"""The kit's fields and values: the "When" box, ids from posted text, and values shown
the way a person reads them (in conflicts and summaries)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from partnerships.dates import MAX_LENGTH as WHEN_MAX_LENGTH
from partnerships.dates import (
    SYNTAX_HELP,
    DateError,
    Precision,
    When,
    format_date,
    format_when_input,
    parse_when,
    read_period,
)

EMPTY = "—"


def parse_id(value) -> int | None:
    """A posted primary key, or None for anything that could not be one."""
    if isinstance(value, int):
        return value
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)


def limit_length(field: forms.Field, limit: int) -> None:
    """A limit a person could type, for text the database leaves unbounded."""
    field.max_length = limit
    field.widget.attrs["maxlength"] = str(limit)
    field.validators.append(MaxLengthValidator(limit))


def shown(field: forms.Field, value) -> str:
    """A value as a person reads it: choices by label, records by name, dates by our format."""
    if hasattr(field, "display"):
        return field.display(value)
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, models.QuerySet)):
        return ", ".join(shown(field, item) for item in value) or EMPTY
    if not isinstance(field, forms.ModelChoiceField) and getattr(field, "choices", None):
        labels = {str(key): label for key, label in flat_choices(field.choices)}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return format_date(value, Precision.DAY)
    if isinstance(value, Decimal):
        return f"{value:,.2f}".removesuffix(".00")
    return str(value)


def as_posted(field: forms.Field, value) -> str | list[str]:
    """An initial value as the form posts it (what its widget holds): pks, ISO dates, text."""
    prepared = field.prepare_value(value)
    if isinstance(prepared, (list, tuple)):
        return [str(item) for item in prepared]
    return "" if prepared is None else str(prepared)


def as_cleaned(field: forms.Field, posted):
    """Posted text as the form's cleaned data holds it (records, dates), for showing it."""
    try:
        return field.clean(posted)
    except ValidationError:
        return posted


def flat_choices(choices):
    """(value, label) pairs, with option groups opened."""
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            yield from flat_choices(label)
        else:
            yield value, label


class WhenField(forms.CharField):
    """The one "When" box (dates.parse_when): a date known to a precision, or a span."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", WHEN_MAX_LENGTH)
        kwargs.setdefault("help_text", SYNTAX_HELP)
        super().__init__(**kwargs)

    def clean(self, value) -> When | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_when(text)
        except DateError as error:
            raise ValidationError(str(error), code="when") from None

    def has_changed(self, initial, data) -> bool:
        """The same date typed another way ("2019-7" for "2019-07") is no change."""
        return self._read(initial) != self._read(data)

    def display(self, value) -> str:
        when = value if isinstance(value, When) else self._read(value)
        return str(when) if isinstance(when, When) else (str(when) if when else EMPTY)

    @staticmethod
    def _read(value) -> When | str:
        if isinstance(value, When):
            return value
        try:
            return parse_when(value)
        except DateError:
            return (value or "").strip()


class PeriodField(forms.CharField):
    """One period in the project's grammar ("2025", "2025-Q3", "2025-09", "2025-09-11"):
    cleans to (its first day, its precision), or None when left blank."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", WHEN_MAX_LENGTH)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value) -> tuple[dt.date, str] | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return read_period(text)
        except DateError as error:
            raise ValidationError(str(error), code="period") from None

    def prepare_value(self, value):
        if isinstance(value, tuple):
            return format_when_input(When(*value))
        return value

    def has_changed(self, initial, data) -> bool:
        """The same period typed another way ("2025-9" for "2025-09") is no change."""
        return self._read(initial) != self._read(data)

    def display(self, value) -> str:
        period = value if isinstance(value, tuple) else self._read(value)
        if isinstance(period, tuple):
            return format_date(*period)
        return period or EMPTY

    @staticmethod
    def _read(value) -> tuple[dt.date, str] | str:
        if isinstance(value, tuple):
            return value
        try:
            return read_period(value or "")
        except DateError:
            return (value or "").strip()
