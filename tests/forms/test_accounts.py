"""Logging in (partnerships/forms/accounts.py): a username longer than any user's is the
form's error, on the site and in the admin, and nothing is looked up or written."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

pytestmark = pytest.mark.django_db

TOO_LONG = "u" * 300


def attempts() -> int:
    return AccessAttempt.objects.count() + AccessFailureLog.objects.count()


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_login_with_a_too_long_username_is_a_form_error(client, path):
    response = client.post(path, {"username": TOO_LONG, "password": "x"})

    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters (it has 300)." in (
        response.content.decode()
    )
    assert (attempts(), AccessLog.objects.count()) == (0, 0)


def test_login_with_the_longest_username_is_still_counted_as_a_failure(client):
    response = client.post("/accounts/login/", {"username": "u" * 150, "password": "x"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert AccessAttempt.objects.get().username == "u" * 150


def test_login_page_shows_both_fields(client):
    page = client.get("/accounts/login/").content.decode()

    assert '<label for="id_username">Username</label>' in page
    assert 'maxlength="150"' in page
    assert '<label for="id_password">Password</label>' in page
