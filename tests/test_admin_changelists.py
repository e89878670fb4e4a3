"""Changelist parameters a person can type into the address bar never answer 500: a value
Django cannot use sends the admin back to the list with its "?e=1" notice, as Django
does for a lookup it does not know (partnerships/admin/base.py)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

# Every registered admin, ours and the installed apps' (axes has three date hierarchies).
ADMINS = sorted(admin.site._registry.values(), key=lambda model_admin: str(model_admin))
WITH_HIERARCHY = [model_admin for model_admin in ADMINS if model_admin.date_hierarchy]


def changelist(model_admin) -> str:
    opts = model_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


@pytest.fixture
def rows(db):
    EventFactory()
    SourceFactory()


@pytest.mark.parametrize(
    "query",
    [
        "{field}__year=786017376059",  # datetime(): OverflowError
        "{field}__year=9999",  # the year after 9999: ValueError
        "{field}__year=9999&{field}__month=12",  # 32 days after December 9999: OverflowError
        "{field}__year=9999&{field}__month=12&{field}__day=31",
        "{field}__year=2020&{field}__month=13",
        "{field}__year=2020&{field}__month=1&{field}__day=99",
        "{field}__year=-5",
        "{field}__year=abc",
        "{field}__gte=garbage",
        "{field}__year__gt=786017376059",  # overflows when the SQL is compiled
    ],
)
@pytest.mark.parametrize("model_admin", WITH_HIERARCHY, ids=str)
def test_changelist_with_an_impossible_date_goes_back_to_the_list(
    admin_client, rows, model_admin, query
):
    url = changelist(model_admin)

    response = admin_client.get(f"{url}?{query.format(field=model_admin.date_hierarchy)}")

    assert (response.status_code, response.get("Location")) == (302, f"{url}?e=1")


@pytest.mark.parametrize(
    "query",
    [
        "pk__regex=(",  # PostgreSQL refuses the pattern when the count runs
        "pk__gt=99999999999999999999999999",
        "pk__exact=%00",
    ],
)
@pytest.mark.parametrize("model_admin", ADMINS, ids=str)
def test_changelist_with_a_value_the_database_refuses_goes_back_to_the_list(
    admin_client, rows, model_admin, query
):
    url = changelist(model_admin)

    response = admin_client.get(f"{url}?{query}")

    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"] == f"{url}?e=1"


def test_changelist_with_a_real_date_still_filters(admin_client, rows):
    url = reverse("admin:partnerships_event_changelist")

    response = admin_client.get(f"{url}?date__year=2025&date__month=9")

    assert response.status_code == 200
    assert "1 event" in response.content.decode()
