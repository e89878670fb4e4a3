"""The "When" an editor types: one field for a date known to a precision, or a span.

    2019            the year            2019-Q3       a quarter
    2019-07         a month             2019-07-22    a day
    ~2019           approximate (a leading "~" on any of these)
    2025-09-11/2025-10-28   a span; each side at its own precision

``parse_when`` turns the text into what an Event stores (each date the first day of
its period, by ``dates.period_start``); ``format_when_input`` writes it back in the
same syntax, so an edit form shows what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from partnerships.dates import QUARTER_START_MONTHS, Precision, period_start, quarter_of

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


class WhenError(ValueError):
    """The text is not a date in the "When" syntax; the message says why, for the editor."""


@dataclass(frozen=True)
class When:
    date: dt.date
    precision: str
    is_approximate: bool = False
    end_date: dt.date | None = None
    end_precision: str = Precision.DAY


def parse_when(text: str | None) -> When:
    """Parse an editor's "When"; raise WhenError with a message fit to show them."""
    text = (text or "").strip()
    if not text:
        raise WhenError(f"Enter when it happened: {FORMS_HINT}.")
    if len(text) > MAX_LENGTH:
        raise WhenError(f"That is too long for a date; use {FORMS_HINT}.")
    approximate = text.startswith(APPROXIMATE)
    if approximate:
        text = text[1:].lstrip()
    if APPROXIMATE in text:
        raise WhenError("Put “~” once, at the very start: ~2019 or ~2019-07/2019-09.")
    if DAY_FIRST.match(text):
        raise WhenError(f"Write dates year first: {FORMS_HINT}.")
    if text.count(SPAN) > 1:
        raise WhenError("A span has one “/” between its start and its end: 2019-07/2019-09.")
    if SPAN in text:
        start_text, end_text = (part.strip() for part in text.split(SPAN))
        if not start_text or not end_text:
            raise WhenError("A span needs a start and an end either side of the “/”.")
        start, precision = _parse_single(start_text)
        end, end_precision = _parse_single(end_text)
        if end < start:
            raise WhenError(f"The end ({end_text}) is before the start ({start_text}).")
        if end == start and end_precision == precision:
            return When(start, precision, approximate)
        return When(start, precision, approximate, end, end_precision)
    start, precision = _parse_single(text)
    return When(start, precision, approximate)


def _parse_single(text: str) -> tuple[dt.date, str]:
    date, precision = _read_single(text)
    return period_start(date, precision), precision


def _read_single(text: str) -> tuple[dt.date, str]:
    match = SINGLE.match(text)
    if not match:
        raise WhenError(f"“{text}” is not a date we can read; use {FORMS_HINT}.")
    year = int(match["year"])
    if year < 1:
        raise WhenError(f"“{text}”: the year must be 0001 or later.")
    if match["quarter"]:
        quarter = int(match["quarter"])
        if not 1 <= quarter <= 4:
            raise WhenError(f"“{text}”: quarters are Q1 to Q4.")
        return dt.date(year, QUARTER_START_MONTHS[quarter - 1], 1), Precision.QUARTER
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise WhenError(f"“{text}”: months are 01 to 12.")
        if match["day"]:
            try:
                return dt.date(year, month, int(match["day"])), Precision.DAY
            except ValueError:
                raise WhenError(f"“{text}” is not a real date.") from None
        return dt.date(year, month, 1), Precision.MONTH
    return dt.date(year, 1, 1), Precision.YEAR


def _format_single(date: dt.date, precision: str) -> str:
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
    text = _format_single(record.date, record.precision)
    if record.end_date is not None:
        text += SPAN + _format_single(record.end_date, record.end_precision)
    return (APPROXIMATE if record.is_approximate else "") + text
