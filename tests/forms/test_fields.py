"""The kit's fields and values: the "When" box, posted ids, values as a person reads them."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms

from partnerships.dates import Precision, When
from partnerships.forms.fields import (
    EMPTY,
    WhenField,
    as_cleaned,
    as_posted,
    flat_choices,
    limit_length,
    parse_id,
    shown,
)
from partnerships.models import Company
from tests.factories import CompanyFactory


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (7, 7), ("", None), ("x", None), ("-1", None), ("١٢", None), ("9" * 19, None)],
)
def test_parse_id_takes_only_what_could_be_a_primary_key(value, expected):
    assert parse_id(value) == expected


def test_when_field_cleans_into_a_when():
    field = WhenField(required=False)

    assert field.clean("~2019-Q3") == When(dt.date(2019, 7, 1), Precision.QUARTER, True)
    assert field.clean("") is None
    with pytest.raises(forms.ValidationError) as error:
        field.clean("22/07/2019")
    assert error.value.code == "when"


def test_when_field_sees_the_same_date_typed_another_way_as_no_change():
    field = WhenField()

    assert not field.has_changed("2019-07", "2019-7")
    assert field.has_changed("2019-07", "2019-08")
    assert field.has_changed("2019-07", "not a date")


def test_when_field_displays_the_date_as_known():
    field = WhenField()

    assert field.display("2025-09") == "Sep 2025"
    assert field.display(When(dt.date(2025, 9, 11), Precision.DAY)) == "11 Sep 2025"
    assert field.display("") == EMPTY


@pytest.mark.django_db
def test_shown_says_values_the_way_a_person_reads_them():
    company = CompanyFactory(name="Microsoft")
    kinds = forms.ChoiceField(choices=Company.Kind.choices)
    text = forms.CharField()

    assert shown(kinds, "public") == "Public company"
    assert shown(text, True) == "Yes"
    assert shown(text, None) == EMPTY
    assert shown(text, dt.date(2025, 10, 28)) == "28 Oct 2025"
    assert shown(text, Decimal("13000000000.00")) == "13,000,000,000"
    assert shown(text, [company, company]) == "Microsoft, Microsoft"


@pytest.mark.django_db
def test_as_posted_and_as_cleaned_round_trip_a_record():
    company = CompanyFactory()
    field = forms.ModelMultipleChoiceField(queryset=Company.objects.all())

    posted = as_posted(field, [company])

    assert posted == [str(company.pk)]
    assert list(as_cleaned(field, posted)) == [company]


def test_as_cleaned_keeps_what_does_not_clean():
    assert as_cleaned(forms.IntegerField(), "x") == "x"


def test_flat_choices_opens_option_groups():
    choices = [("", "None"), ("Group", [(1, "One"), (2, "Two")])]

    assert list(flat_choices(choices)) == [("", "None"), (1, "One"), (2, "Two")]


def test_limit_length_limits_the_box_and_the_value():
    field = forms.CharField(widget=forms.Textarea)
    limit_length(field, 5)

    assert field.widget.attrs["maxlength"] == "5"
    with pytest.raises(forms.ValidationError):
        field.clean("123456")
