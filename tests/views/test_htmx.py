"""What every view asks of a request (partnerships/views/htmx.py): whether to answer with a
fragment, records named in it by slug or id, the page htmx was on, and navigation."""

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails, HtmxMiddleware

from partnerships.models import Company, Event
from partnerships.views.htmx import by_pk, by_slug, current_page, navigate, wants_fragment
from tests.factories import CompanyFactory, EventCitationFactory, EventFactory
from tests.helpers import form_data, html

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def request_with(headers: dict | None = None, path: str = "/"):
    """A GET as django-htmx's middleware hands it to a view."""
    request = RequestFactory().get(path, headers=headers or {})
    return HtmxMiddleware(lambda request: request)(request)


# --- wants_fragment -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        (HX, True),
        ({**HX, "HX-Target": "timeline-results"}, True),
        ({**HX, "HX-Boosted": "true"}, False),
        ({**HX, "HX-History-Restore-Request": "true"}, False),
        ({"HX-Request": "false"}, False),
        ({"HX-Boosted": "true"}, False),
    ],
    ids=["plain", "htmx", "htmx-target", "boosted", "history-restore", "false", "boost-only"],
)
def test_wants_fragment_only_for_an_htmx_swap(headers, expected):
    assert wants_fragment(request_with(headers)) is expected


def test_wants_fragment_reads_htmx_details_set_by_hand():
    request = RequestFactory().get("/", headers=HX)
    request.htmx = HtmxDetails(request)

    assert wants_fragment(request) is True


# --- by_slug and by_pk ----------------------------------------------------------------------


@pytest.fixture
def acme():
    return CompanyFactory(name="Acme")


def test_by_slug_finds_the_record(acme):
    assert by_slug(Company, "acme") == acme


def test_by_slug_of_an_unknown_slug_is_none(acme):
    assert by_slug(Company, "nobody") is None


@pytest.mark.parametrize(
    "slug",
    [None, "", "../acme", "acme/", "ac me", "acme%00", "١٢", "acmé", "a" * 121],
)
def test_by_slug_of_anything_but_a_slug_is_none_without_a_query(
    acme, slug, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert by_slug(Company, slug) is None


def test_by_slug_takes_a_slug_of_the_longest_length():
    long = CompanyFactory(name="Long", slug="a" * 120)

    assert by_slug(Company, "a" * 120) == long


@pytest.mark.parametrize("as_text", [True, False])
def test_by_pk_finds_the_record(as_text):
    event = EventFactory()

    assert by_pk(Event, str(event.pk) if as_text else event.pk) == event


@pytest.mark.parametrize("value", ["0", str(10**12), 10**12, -1, 2**70])
def test_by_pk_of_an_id_nobody_has_is_none(value):
    EventFactory()

    assert by_pk(Event, value) is None


@pytest.mark.parametrize(
    "value",
    [None, "", "../x", "1e3", "١٢", "-1", "+1", "1.0", " 1", "1 ", "0x1", "1" * 19, 1.0, ["1"]],
)
def test_by_pk_of_anything_but_an_id_is_none_without_a_query(value, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert by_pk(Event, value) is None


# --- current_page ---------------------------------------------------------------------------


def page_of(headers: dict) -> tuple:
    url_name, kwargs, query = current_page(request_with(headers))
    return url_name, kwargs, dict(query.lists())


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://testserver/", ("timeline", {}, {})),
        (
            "http://testserver/events/mou-signed/?zoom=year&q=azure",
            ("event", {"slug": "mou-signed"}, {"zoom": ["year"], "q": ["azure"]}),
        ),
        (
            "http://testserver/?company=acme&company=openai#event-5",
            ("timeline", {}, {"company": ["acme", "openai"]}),
        ),
        (
            "http://testserver/events/mou-signed/history/3/revert/",
            ("event_revert", {"slug": "mou-signed", "history_id": 3}, {}),
        ),
    ],
)
def test_current_page_reads_the_page_htmx_was_on(url, expected):
    assert page_of({**HX, "HX-Current-URL": url}) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example/events/mou-signed/",  # another site
        "https://testserver/events/mou-signed/",  # another scheme
        "http://testserver:8000/events/mou-signed/",  # another port
        "http://testserver/nowhere/",  # no such page
        "http://testserver/admin/",  # not this app's
        "http://testserver/accounts/login/",
        "/events/mou-signed/",  # not an absolute URL
        "not a url",
        "http://[::1",  # no closing bracket: urlsplit raises
        "http://testserver//[::1/",  # this site, but its path parses as another host
        "http://testserver/?" + "a=1&" * 1001,  # more fields than Django reads
    ],
    ids=lambda url: url[:40],
)
def test_current_page_of_another_sites_or_unknown_page_is_empty(url):
    assert page_of({**HX, "HX-Current-URL": url}) == (None, {}, {})


MALFORMED = {**HX, "HX-Current-URL": "http://[::1"}


def test_card_with_a_malformed_current_url_is_the_card(client):
    event = EventFactory(title="Deal signed")

    response = client.get(f"/events/{event.slug}/card/", headers=MALFORMED)

    assert response.status_code == 200
    assert html(response).lstrip().startswith('<article class="event-card')


def test_htmx_save_with_a_malformed_current_url_saves_and_navigates(editor_client):
    event = EventCitationFactory(event__title="Deal signed").event
    data = form_data(editor_client.get(f"/events/{event.slug}/edit/"), summary="Signed at noon.")

    response = editor_client.post(f"/events/{event.slug}/edit/", data, headers=MALFORMED)

    event.refresh_from_db()
    assert (response.status_code, event.summary) == (200, "Signed at noon.")
    assert response["HX-Redirect"].startswith("/?at=")


@pytest.mark.parametrize(
    "headers",
    [{}, HX, {"HX-Current-URL": "http://testserver/events/mou-signed/"}],
    ids=["plain", "htmx-without-url", "url-without-htmx"],
)
def test_current_page_without_htmx_and_its_url_is_empty(headers):
    url_name, kwargs, query = current_page(request_with(headers))

    assert (url_name, kwargs, query) == (None, {}, QueryDict())
    assert isinstance(query, QueryDict)


# --- navigate -------------------------------------------------------------------------------


def test_navigate_without_htmx_redirects():
    response = navigate(request_with(), "/companies/acme/")

    assert (response.status_code, response["Location"]) == (302, "/companies/acme/")
    assert "HX-Redirect" not in response


def test_navigate_with_htmx_asks_htmx_to_load_the_page():
    response = navigate(request_with(HX), "/companies/acme/")

    assert (response.status_code, response["HX-Redirect"]) == (200, "/companies/acme/")
    assert "Location" not in response
