import datetime as dt

import pytest

from partnerships.dates import Precision, format_date, period_start


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
