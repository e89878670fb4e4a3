"""Dates known to a precision: formatting, periods, and the one grammar people type them in."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerships.dates import (
    DECADE,
    DateError,
    Precision,
    When,
    format_date,
    format_when_input,
    parse_optional_end,
    parse_partial_date,
    parse_when,
    period_end,
    period_label,
    period_param,
    period_start,
)


@pytest.mark.parametrize(
    ("date", "precision", "approximate", "expected"),
    [
        (dt.date(2019, 1, 1), Precision.YEAR, False, "2019"),
        (dt.date(2019, 7, 1), Precision.QUARTER, False, "Q3 2019"),
        (dt.date(2019, 7, 1), Precision.MONTH, False, "Jul 2019"),
        (dt.date(2019, 7, 22), Precision.DAY, False, "22 Jul 2019"),
        (dt.date(2019, 1, 1), Precision.YEAR, True, "c. 2019"),
        (dt.date(2023, 11, 1), Precision.MONTH, True, "c. Nov 2023"),
    ],
)
def test_format_date_each_precision(date, precision, approximate, expected):
    assert format_date(date, precision, approximate=approximate) == expected


@pytest.mark.parametrize(
    ("start", "precision", "end", "end_precision", "expected"),
    [
        (dt.date(2025, 9, 1), "month", dt.date(2025, 10, 1), "month", "Sep \u2013 Oct 2025"),
        (dt.date(2025, 9, 11), "day", dt.date(2025, 10, 28), "day", "11 Sep \u2013 28 Oct 2025"),
        (dt.date(2025, 9, 11), "day", dt.date(2025, 9, 15), "day", "11 \u2013 15 Sep 2025"),
        (dt.date(2019, 7, 1), "month", dt.date(2023, 1, 1), "month", "Jul 2019 \u2013 Jan 2023"),
        (dt.date(2019, 1, 1), "year", dt.date(2023, 1, 1), "year", "2019 \u2013 2023"),
        (dt.date(2025, 1, 1), "quarter", dt.date(2025, 7, 1), "quarter", "Q1 \u2013 Q3 2025"),
    ],
)
def test_format_date_spans(start, precision, end, end_precision, expected):
    assert format_date(start, precision, end=end, end_precision=end_precision) == expected


def test_format_date_span_marks_approximate_once():
    text = format_date(
        dt.date(2025, 9, 1),
        "month",
        approximate=True,
        end=dt.date(2025, 10, 1),
        end_precision="month",
    )

    assert text == "c. Sep \u2013 Oct 2025"


def test_format_date_none_is_empty():
    assert format_date(None) == ""


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (Precision.YEAR, dt.date(2019, 1, 1)),
        (Precision.QUARTER, dt.date(2019, 7, 1)),
        (Precision.MONTH, dt.date(2019, 8, 1)),
        (Precision.DAY, dt.date(2019, 8, 22)),
    ],
)
def test_period_start_each_precision(precision, expected):
    assert period_start(dt.date(2019, 8, 22), precision) == expected


@pytest.mark.parametrize(
    ("period", "start", "end", "label", "param"),
    [
        (DECADE, dt.date(2010, 1, 1), dt.date(2019, 12, 31), "2010s", "2010"),
        (Precision.YEAR, dt.date(2019, 1, 1), dt.date(2019, 12, 31), "2019", "2019"),
        (Precision.QUARTER, dt.date(2019, 7, 1), dt.date(2019, 9, 30), "Q3 2019", "2019-Q3"),
        (Precision.MONTH, dt.date(2019, 8, 1), dt.date(2019, 8, 31), "Aug 2019", "2019-08"),
        (Precision.DAY, dt.date(2019, 8, 22), dt.date(2019, 8, 22), "22 Aug 2019", "2019-08"),
    ],
)
def test_periods_start_end_label_and_param(period, start, end, label, param):
    assert period_start(dt.date(2019, 8, 22), period) == start
    assert period_end(start, period) == end
    assert period_label(start, period) == label
    assert period_param(start, period) == param


def test_period_param_reads_back_as_the_period_start():
    for period in (DECADE, Precision.YEAR, Precision.QUARTER, Precision.MONTH):
        start = period_start(dt.date(2019, 8, 22), period)
        assert parse_partial_date(period_param(start, period)) == start


@pytest.mark.parametrize("period", [Precision.YEAR, Precision.QUARTER, Precision.MONTH])
def test_period_param_as_a_to_bound_ends_with_the_period(period):
    # A heading's zoom-in is from=<param>&to=<param>: it must cover the whole period.
    start = period_start(dt.date(2019, 8, 22), period)
    assert parse_partial_date(period_param(start, period), end=True) == period_end(start, period)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2025-Q3", dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        ("2025-09", dt.date(2025, 9, 1), dt.date(2025, 9, 30)),
        (" 2025-9-30 ", dt.date(2025, 9, 30), dt.date(2025, 9, 30)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_parse_partial_date_first_or_last_day(text, start, end):
    assert parse_partial_date(text) == start
    assert parse_partial_date(text, end=True) == end


@pytest.mark.parametrize("text", ["30 September", "30/09/2025", "2025-13-01", "soon", ""])
def test_parse_partial_date_rejects_with_a_message(text):
    with pytest.raises(DateError) as error:
        parse_partial_date(text)

    assert str(error.value)


def test_parse_optional_end_blank_is_none_else_the_last_day():
    assert parse_optional_end("2025-09-30") == dt.date(2025, 9, 30)
    assert parse_optional_end("2025-09") == dt.date(2025, 9, 30)
    assert parse_optional_end("2025") == dt.date(2025, 12, 31)
    assert parse_optional_end("  ") is None
    with pytest.raises(DateError):
        parse_optional_end("30 September")


def test_when_str_is_the_formatted_date():
    assert str(parse_when("~2025-09-11/2025-10-28")) == "c. 11 Sep – 28 Oct 2025"


D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", When(D(2019, 1, 1), Precision.YEAR)),
        ("2019-Q3", When(D(2019, 7, 1), Precision.QUARTER)),
        ("2019-q1", When(D(2019, 1, 1), Precision.QUARTER)),
        ("2019-Q4", When(D(2019, 10, 1), Precision.QUARTER)),
        ("2019-07", When(D(2019, 7, 1), Precision.MONTH)),
        ("2019-7", When(D(2019, 7, 1), Precision.MONTH)),
        ("2019-07-22", When(D(2019, 7, 22), Precision.DAY)),
        ("2024-02-29", When(D(2024, 2, 29), Precision.DAY)),
        ("  2019-07-22  ", When(D(2019, 7, 22), Precision.DAY)),
        ("~2019", When(D(2019, 1, 1), Precision.YEAR, is_approximate=True)),
        ("~ 2019-Q2", When(D(2019, 4, 1), Precision.QUARTER, is_approximate=True)),
        ("~2019-07-22", When(D(2019, 7, 22), Precision.DAY, is_approximate=True)),
        (
            "2025-09-11/2025-10-28",
            When(D(2025, 9, 11), Precision.DAY, False, D(2025, 10, 28), Precision.DAY),
        ),
        (
            "2019/2020-Q2",
            When(D(2019, 1, 1), Precision.YEAR, False, D(2020, 4, 1), Precision.QUARTER),
        ),
        (
            "~2023-11 / 2024",
            When(D(2023, 11, 1), Precision.MONTH, True, D(2024, 1, 1), Precision.YEAR),
        ),
        # A span from a period to itself is just that period.
        ("2019-07/2019-07", When(D(2019, 7, 1), Precision.MONTH)),
    ],
)
def test_parse_when_reads_each_form(text, expected):
    assert parse_when(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter when it happened"),
        ("   ", "Enter when it happened"),
        (None, "Enter when it happened"),
        ("abc", "“abc” is not a date we can read"),
        ("Q5", "“Q5” is not a date we can read"),
        ("2019-Q0", "quarters are Q1 to Q4"),
        ("2019-Q5", "quarters are Q1 to Q4"),
        ("2019-13", "months are 01 to 12"),
        ("2019-00", "months are 01 to 12"),
        ("2019-02-30", "“2019-02-30” is not a real date"),
        ("2023-02-29", "is not a real date"),
        ("0000", "the year must be 0001 or later"),
        ("19", "is not a date we can read"),
        ("20190", "is not a date we can read"),
        ("2019-07-22T10:00", "is not a date we can read"),
        ("22/07/2019", "Write dates year first"),
        ("2025-10-28/2025-09-11", "The end (2025-09-11) is before the start (2025-10-28)."),
        ("2019-07/2019", "is before the start"),
        ("2019/", "A span needs a start and an end"),
        ("/2019", "A span needs a start and an end"),
        ("2019/2020/2021", "A span has one “/”"),
        ("2019~", "Put “~” once, at the very start"),
        ("2019/~2020", "Put “~” once, at the very start"),
        ("~~2019", "Put “~” once, at the very start"),
        ("2" * 61, "too long"),
        ("2019-07-22" + " " * 5000 + "x", "too long"),
    ],
)
def test_parse_when_rejects_with_a_clear_message(text, message):
    with pytest.raises(DateError) as error:
        parse_when(text)

    assert message in str(error.value)


@pytest.mark.parametrize(
    "text",
    [
        "2019",
        "2019-Q3",
        "2019-07",
        "2019-07-22",
        "~2019",
        "~2019-Q1",
        "2025-09-11/2025-10-28",
        "~2019/2020-Q2",
        "2023-11/2024-01-05",
    ],
)
def test_format_when_input_writes_back_what_parse_when_reads(text):
    assert format_when_input(parse_when(text)) == text


def test_format_when_input_normalises_loose_typing():
    assert format_when_input(parse_when(" ~ 2019-7 ")) == "~2019-07"


def test_format_when_input_of_an_event_without_a_span(db):
    from tests.factories import EventFactory

    event = EventFactory(date=D(2019, 7, 1), precision=Precision.QUARTER, is_approximate=True)

    assert format_when_input(event) == "~2019-Q3"


@given(
    date=st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31)),
    precision=st.sampled_from(list(Precision)),
    approximate=st.booleans(),
)
def test_parse_when_round_trips_any_date(date, precision, approximate):
    when = When(period_start(date, precision), precision, approximate)

    assert parse_when(format_when_input(when)) == when


@given(st.text(max_size=80))
def test_parse_when_never_fails_other_than_with_a_message(text):
    try:
        when = parse_when(text)
    except DateError as error:
        assert str(error)
    else:
        assert when.end_date is None or when.end_date >= when.date
