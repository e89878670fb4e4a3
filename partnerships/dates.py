"""Dates known to a precision: the one place that normalises and formats them.

A fact like "Microsoft took an observer seat in Nov 2023" is known to the month,
not the day. We store the first day of the period plus its precision, and show
it the way it is known: "2019", "Q3 2019", "Jul 2019", "22 Jul 2019", "c. 2019",
spans "Sep – Oct 2025".
"""

from __future__ import annotations

import datetime as dt

from django.db import models


class Precision(models.TextChoices):
    YEAR = "year", "Year"
    QUARTER = "quarter", "Quarter"
    MONTH = "month", "Month"
    DAY = "day", "Day"


QUARTER_START_MONTHS = (1, 4, 7, 10)
EN_DASH = "\u2013"


def quarter_of(date: dt.date) -> int:
    return (date.month - 1) // 3 + 1


def period_start(date: dt.date, precision: str) -> dt.date:
    """The first day of the period that ``date`` falls in at ``precision``."""
    if precision == Precision.YEAR:
        return date.replace(month=1, day=1)
    if precision == Precision.QUARTER:
        return date.replace(month=QUARTER_START_MONTHS[quarter_of(date) - 1], day=1)
    if precision == Precision.MONTH:
        return date.replace(day=1)
    return date


def precision_q(field: str, precision_field: str) -> models.Q:
    """A Q that holds when ``field`` is the first day of its period (for CheckConstraints)."""
    return (
        models.Q(**{precision_field: Precision.DAY})
        | models.Q(**{precision_field: Precision.MONTH, f"{field}__day": 1})
        | models.Q(
            **{
                precision_field: Precision.QUARTER,
                f"{field}__day": 1,
                f"{field}__month__in": QUARTER_START_MONTHS,
            }
        )
        | models.Q(**{precision_field: Precision.YEAR, f"{field}__day": 1, f"{field}__month": 1})
    )


def _single(date: dt.date, precision: str) -> str:
    if precision == Precision.YEAR:
        return f"{date.year}"
    if precision == Precision.QUARTER:
        return f"Q{quarter_of(date)} {date.year}"
    if precision == Precision.MONTH:
        return f"{date:%b %Y}"
    return f"{date.day} {date:%b %Y}"


def _without_year(date: dt.date, precision: str) -> str:
    if precision == Precision.QUARTER:
        return f"Q{quarter_of(date)}"
    if precision == Precision.MONTH:
        return f"{date:%b}"
    return f"{date.day} {date:%b}"


def format_date(
    date: dt.date | None,
    precision: str = Precision.DAY,
    *,
    approximate: bool = False,
    end: dt.date | None = None,
    end_precision: str | None = None,
) -> str:
    """Format a date, or a span, at the precision it is known to."""
    if date is None:
        return ""
    prefix = "c. " if approximate else ""
    if end is None or (end == date and (end_precision or precision) == precision):
        return prefix + _single(date, precision)
    end_precision = end_precision or precision
    end_text = _single(end, end_precision)
    same_year = date.year == end.year
    if same_year and precision != Precision.YEAR and end_precision != Precision.YEAR:
        if (
            precision == Precision.DAY
            and end_precision == Precision.DAY
            and date.month == end.month
        ):
            start_text = f"{date.day}"
        else:
            start_text = _without_year(date, precision)
    else:
        start_text = _single(date, precision)
    return f"{prefix}{start_text} {EN_DASH} {end_text}"
