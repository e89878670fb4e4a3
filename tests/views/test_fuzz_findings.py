"""Requests the HTTP fuzz (bench/fuzz.py, tests/views/test_fuzz.py) found answering 500.

Each is the smallest request that did it, as a regression test for its fix.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_source_search_with_a_nul_byte_answers_200(editor_client):
    # PostgreSQL text cannot hold NUL: "?q=%00" reached the query and answered 500.
    response = editor_client.get(reverse("partnerships:source_search"), {"q": "a\x00b"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("model", "field"),
    [("event", "agreement"), ("agreementcitation", "agreement"), ("party", "company")],
)
def test_admin_add_page_with_a_bad_initial_id_answers_200(admin_client, model, field):
    # The admin's add page takes initial values from the query string; an autocomplete
    # widget then filtered its queryset by "//evil.example/" as an id: ValueError, 500.
    url = reverse(f"admin:partnerships_{model}_add")

    response = admin_client.get(url, {field: "//evil.example/"})

    assert response.status_code == 200
