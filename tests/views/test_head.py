"""HEAD, which link checkers and uptime monitors send, answers like GET without a body
on every page a reader (or an editor) can open: views use ``require_safe``."""

import io
import re
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.wsgi import get_wsgi_application

from partnerships.models import Company, Partnership
from tests.helpers import DEFINITIVE, HX, MOU, MOU_EVENT

pytestmark = pytest.mark.django_db

# Headers that differ between any two requests: the per-request CSP nonce.
NONCE = re.compile(r"'nonce-[^']+'")


def public_urls() -> list[str]:
    company = Company.objects.order_by("pk").first().slug
    partnership = Partnership.objects.order_by("pk").first().slug
    return [
        "/",
        "/?zoom=year&q=azure",
        f"/events/{MOU_EVENT}/",
        f"/events/{MOU_EVENT}/card/",  # a redirect without htmx
        f"/events/{MOU_EVENT}/history/",
        f"/agreements/{MOU}/",
        f"/agreements/{DEFINITIVE}/?as_of=2025-09-30",
        f"/agreements/{MOU}/history/",
        f"/companies/{company}/",
        f"/partnerships/{partnership}/",
        "/accounts/login/",
        "/no-such-page/",
    ]


def headers_of(response) -> dict[str, str]:
    return {name: NONCE.sub("'nonce'", value) for name, value in response.headers.items()}


def assert_head_is_get_without_body(client, url: str, **extra) -> None:
    get = client.get(url, **extra)
    head = client.head(url, **extra)

    assert (head.status_code, head.content) == (get.status_code, b"")
    assert headers_of(head) == headers_of(get)
    assert get.status_code in (200, 302, 404)


def test_head_on_every_public_page_answers_like_get(client, demo):
    for url in public_urls():
        assert_head_is_get_without_body(client, url)


def test_head_on_public_pages_answers_200(client, demo):
    statuses = {url: client.head(url).status_code for url in public_urls()}

    assert statuses == {
        **{url: 200 for url in public_urls()},
        f"/events/{MOU_EVENT}/card/": 302,
        "/no-such-page/": 404,
    }


def test_head_on_htmx_fragments_answers_like_get(client, demo):
    cluster = re.search(r'hx-get="(/timeline/cluster/[^"]+)"', client.get("/").content.decode())
    urls = [f"/events/{MOU_EVENT}/card/", "/?zoom=year", cluster.group(1).replace("&amp;", "&")]

    for url in urls:
        assert_head_is_get_without_body(client, url, headers=HX)
        assert client.head(url, headers=HX).status_code == 200


def test_head_on_editors_pages_answers_like_get(editor_client, demo):
    urls = [
        "/events/deleted/",
        "/sources/search/?q=reuters",
        "/events/agreement-options/?partnership=1",
    ]

    for url in urls:
        assert_head_is_get_without_body(editor_client, url)


def test_head_on_editors_pages_sends_a_reader_to_log_in(client, demo):
    assert_head_is_get_without_body(client, "/events/deleted/")
    assert client.head("/events/deleted/").status_code == 302


def wsgi(method: str, path: str) -> tuple[dict[str, str], bytes]:
    """Through Django's WSGI handler as gunicorn calls it (the test client drops a
    HEAD's body itself, so it cannot tell whether the app sent one)."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    started = {}
    body = get_wsgi_application()(environ, lambda status, headers: started.update(headers))
    return started, b"".join(body)


@pytest.mark.django_db(transaction=True)
def test_head_sends_no_body_to_the_server_but_gets_length(demo):
    get_headers, get_body = wsgi("GET", f"/events/{MOU_EVENT}/")
    head_headers, head_body = wsgi("HEAD", f"/events/{MOU_EVENT}/")

    assert (len(get_body) > 1000, head_body) == (True, b"")
    assert head_headers["Content-Length"] == get_headers["Content-Length"] == str(len(get_body))
