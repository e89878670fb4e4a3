"""The "When" syntax editors type: parse_when and its inverse format_when_input."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerships.dates import Precision
from partnerships.when import When, WhenError, format_when_input, parse_when

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
    with pytest.raises(WhenError) as error:
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
    from partnerships.dates import period_start

    when = When(period_start(date, precision), precision, approximate)

    assert parse_when(format_when_input(when)) == when


@given(st.text(max_size=80))
def test_parse_when_never_fails_other_than_with_a_message(text):
    try:
        when = parse_when(text)
    except WhenError as error:
        assert str(error)
    else:
        assert when.end_date is None or when.end_date >= when.date
