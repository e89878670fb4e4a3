"""The error pages (config/errors.py): a request Django cannot read answers 400 with a
plain page, whoever sends it and wherever it goes, and is logged as one line."""

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TOKEN = "a" * 32  # a well-formed CSRF token: all an anonymous visitor needs


@pytest.fixture
def visitor() -> Client:
    """An anonymous visitor with a CSRF cookie, whose requests are checked as a browser's."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = TOKEN
    return client


@pytest.mark.parametrize("charset", ["latin-1", "iso-8859-1", "UTF8"])
@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/admin/login/", "/events/add/", "/", "/no-such-page/"],
)
def test_form_not_sent_as_utf8_is_a_plain_400(visitor, caplog, path, charset):
    response = visitor.post(
        path,
        "username=ada&password=x",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        headers={"X-CSRFToken": TOKEN},
    )

    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()
    assert "Forms must be sent as UTF-8" in response.content.decode()
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelno, r.exc_info) for r in logged] == [(logging.WARNING, None)]


def test_form_sent_as_utf8_is_read(visitor):
    response = visitor.post(
        "/accounts/login/",
        f"username=ada&password=x&csrfmiddlewaretoken={TOKEN}",
        content_type="application/x-www-form-urlencoded; charset=utf-8",
    )

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
