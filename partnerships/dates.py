"""Dates known to a precision: the one place that parses, normalises and formats them.

A fact like "Microsoft took an observer seat in Nov 2023" is known to the month,
not the day. We store the first day of the period plus its precision, and show
it the way it is known: "2019", "Q3 2019", "Jul 2019", "22 Jul 2019", "c. 2019",
spans "Sep – Oct 2025".

People type dates in one grammar everywhere:

    2019            a year              2019-Q3       a quarter
    2019-07         a month             2019-07-22    a day

An editor's "When" (``parse_when``) adds a leading "~" for approximate and a "/"
between the two ends of a span; a reader's date (``parse_partial_date``: from,
to, at, as of, recorded on) names one period and stands for its first or last day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import models


class Precision(models.TextChoices):
    YEAR = "year", "Year"
    QUARTER = "quarter", "Quarter"
    MONTH = "month", "Month"
    DAY = "day", "Day"


# The timeline's zoom also groups by decade, a period no fact is stored at.
DECADE = "decade"
QUARTER_START_MONTHS = (1, 4, 7, 10)
EN_DASH = "\u2013"


class DateError(ValueError):
    """Text that is not a date in our grammar; the message says why, fit to show a person."""


# --- Periods ------------------------------------------------------------------------------


def quarter_of(date: dt.date) -> int:
    return (date.month - 1) // 3 + 1


def period_start(date: dt.date, period: str) -> dt.date:
    """The first day of the period (a ``Precision``, or a decade) that ``date`` falls in."""
    if period == DECADE:
        return dt.date(date.year - date.year % 10, 1, 1)
    if period == Precision.YEAR:
        return date.replace(month=1, day=1)
    if period == Precision.QUARTER:
        return date.replace(month=QUARTER_START_MONTHS[quarter_of(date) - 1], day=1)
    if period == Precision.MONTH:
        return date.replace(day=1)
    return date


def period_end(start: dt.date, period: str) -> dt.date:
    """The last day of the period that starts at ``start``."""
    if period == Precision.DAY:
        return start
    years = {DECADE: 10, Precision.YEAR: 1}.get(period, 0)
    months = {Precision.QUARTER: 3, Precision.MONTH: 1}.get(period, 0)
    month_index = start.month - 1 + months
    following = dt.date(start.year + years + month_index // 12, month_index % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def period_label(start: dt.date, period: str) -> str:
    """ "2010s", "2019", "Q3 2019", "Jul 2019": a period as a heading."""
    if period == DECADE:
        return f"{start.year}s"
    return format_date(start, period)


def period_param(start: dt.date, period: str) -> str:
    """How a period is written in a URL's from/to/at parameters (``parse_partial_date``)."""
    if period in (DECADE, Precision.YEAR):
        return f"{start.year}"
    if period == Precision.QUARTER:
        # Not "2019-07": as a "to" bound that ends in July, and a quarter's zoom-in
        # (from=…&to=… the same) showed one month of it.
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start:%Y-%m}"


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


# --- Formatting ---------------------------------------------------------------------------


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


# --- Parsing ------------------------------------------------------------------------------

MAX_LENGTH = 60
APPROXIMATE = "~"
SPAN = "/"
FORMS_HINT = "2019, 2019-Q3, 2019-07 or 2019-07-22"
SYNTAX_HELP = f"{FORMS_HINT}; ~2019 if approximate; 2025-09-11/2025-10-28 for a span."

DAY_FIRST = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$")
SINGLE = re.compile(
    r"^(?P<year>\d{4})"
    r"(?:-(?:[Qq](?P<quarter>\d)|(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?))?$"
)


@dataclass(frozen=True)
class When:
    """What an Event stores about its date: each end the first day of its period."""

    date: dt.date
    precision: str
    is_approximate: bool = False
    end_date: dt.date | None = None
    end_precision: str = Precision.DAY

    @classmethod
    def of(cls, record) -> When:
        """The When of anything with Event's date fields (an event, a history snapshot)."""
        return cls(
            record.date,
            record.precision,
            record.is_approximate,
            record.end_date,
            record.end_precision,
        )

    def __str__(self) -> str:
        return format_date(
            self.date,
            self.precision,
            approximate=self.is_approximate,
            end=self.end_date,
            end_precision=self.end_precision if self.end_date else None,
        )


def read_period(text: str) -> tuple[dt.date, str]:
    """One period in our grammar → (its first day, its precision); DateError if it is not."""
    text = text.strip()
    if DAY_FIRST.match(text):
        raise DateError(f"Write dates year first: {FORMS_HINT}.")
    match = SINGLE.match(text)
    if not match:
        raise DateError(f"“{text}” is not a date we can read; use {FORMS_HINT}.")
    year = int(match["year"])
    if year < 1:
        raise DateError(f"“{text}”: the year must be 0001 or later.")
    if match["quarter"]:
        quarter = int(match["quarter"])
        if not 1 <= quarter <= 4:
            raise DateError(f"“{text}”: quarters are Q1 to Q4.")
        return dt.date(year, QUARTER_START_MONTHS[quarter - 1], 1), Precision.QUARTER
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise DateError(f"“{text}”: months are 01 to 12.")
        if match["day"]:
            try:
                return dt.date(year, month, int(match["day"])), Precision.DAY
            except ValueError:
                raise DateError(f"“{text}” is not a real date.") from None
        return dt.date(year, month, 1), Precision.MONTH
    return dt.date(year, 1, 1), Precision.YEAR


def parse_partial_date(text: str | None, *, end: bool = False) -> dt.date:
    """A reader's date ("2019", "2019-Q3", "2019-07", "2019-07-22") → its first day, or with
    ``end=True`` its last (so "to 2019" and "as it stood on 2019" include all of 2019)."""
    text = (text or "").strip()
    if not text:
        raise DateError(f"Enter a date: {FORMS_HINT}.")
    if len(text) > MAX_LENGTH:
        raise DateError(f"That is too long for a date; use {FORMS_HINT}.")
    start, precision = read_period(text)
    return period_end(start, precision) if end else start


def parse_optional_end(text: str | None) -> dt.date | None:
    """ "as of" and "recorded on": blank means none (today); otherwise the period's last day."""
    if not (text or "").strip():
        return None
    return parse_partial_date(text, end=True)


def parse_when(text: str | None) -> When:
    """Parse an editor's "When"; raise DateError with a message fit to show them."""
    text = (text or "").strip()
    if not text:
        raise DateError(f"Enter when it happened: {FORMS_HINT}.")
    if len(text) > MAX_LENGTH:
        raise DateError(f"That is too long for a date; use {FORMS_HINT}.")
    approximate = text.startswith(APPROXIMATE)
    if approximate:
        text = text[1:].lstrip()
    if APPROXIMATE in text:
        raise DateError("Put “~” once, at the very start: ~2019 or ~2019-07/2019-09.")
    if DAY_FIRST.match(text):
        raise DateError(f"Write dates year first: {FORMS_HINT}.")
    if text.count(SPAN) > 1:
        raise DateError("A span has one “/” between its start and its end: 2019-07/2019-09.")
    if SPAN not in text:
        return When(*read_period(text), approximate)
    start_text, end_text = (part.strip() for part in text.split(SPAN))
    if not start_text or not end_text:
        raise DateError("A span needs a start and an end either side of the “/”.")
    start, precision = read_period(start_text)
    end, end_precision = read_period(end_text)
    if end < start:
        raise DateError(f"The end ({end_text}) is before the start ({start_text}).")
    if end == start and end_precision == precision:
        return When(start, precision, approximate)
    return When(start, precision, approximate, end, end_precision)


def _format_period(date: dt.date, precision: str) -> str:
    date = period_start(date, precision)
    if precision == Precision.YEAR:
        return f"{date.year:04d}"
    if precision == Precision.QUARTER:
        return f"{date.year:04d}-Q{quarter_of(date)}"
    if precision == Precision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def format_when_input(record) -> str:
    """The inverse of parse_when, for anything with Event's date fields (an Event, a When)."""
    if record.date is None:
        return ""
    text = _format_period(record.date, record.precision)
    if record.end_date is not None:
        text += SPAN + _format_period(record.end_date, record.end_precision)
    return (APPROXIMATE if record.is_approximate else "") + text
