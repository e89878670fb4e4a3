"""Log-in lockouts behind a proxy: the real client address, never one the client chose
(config/client_address.py, TRUSTED_PROXY_COUNT, django-axes).

The last tests put a real reverse proxy in front of the live server: a few lines that
forward each request and append the client's address to X-Forwarded-For, as nginx's
``$proxy_add_x_forwarded_for`` does. Clients connect from different loopback addresses
(127.0.0.2, 127.0.0.3), so the app sees only the proxy's, as it would in production.
"""

from __future__ import annotations

import http.client
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client

from config.client_address import client_address_from
from tests.helpers import EDITOR_PASSWORD

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.9"
VICTIM = "198.51.100.7"


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "expected"),
    [
        (PROXY, "", 0, PROXY),
        (PROXY, VICTIM, 0, PROXY),  # no trusted proxy: the header is ignored
        (PROXY, ATTACKER, 1, ATTACKER),
        (PROXY, f"{VICTIM}, {ATTACKER}", 1, ATTACKER),  # spoofed entry on the left
        (PROXY, f" {VICTIM} ,{ATTACKER} ", 1, ATTACKER),
        ("10.0.0.3", f"{VICTIM}, {ATTACKER}, {PROXY}", 2, ATTACKER),  # CDN, then nginx
        (PROXY, ATTACKER, 2, ATTACKER),  # fewer hops than proxies: leftmost known
        (PROXY, "", 1, PROXY),  # came straight to the app
        (PROXY, f"{VICTIM}, not-an-address", 1, PROXY),
        (PROXY, "2001:db8::1", 1, "2001:db8::1"),
    ],
)
def test_client_address_is_rightmost_untrusted(remote, forwarded, proxies, expected):
    assert client_address_from(remote, forwarded, proxies) == expected


# --- Requests as nginx would pass them on ---------------------------------------------


def login(client: Client, password: str, *, via: str = PROXY, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": via}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/accounts/login/", {"username": "ada", "password": password}, **extra)


@pytest.mark.django_db
def test_login_lockout_behind_proxy_locks_only_the_attacker(settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker, victim = Client(), Client()
    for _ in range(5):
        login(attacker, "wrong", forwarded=ATTACKER)

    assert login(attacker, EDITOR_PASSWORD, forwarded=ATTACKER).status_code == 429
    assert login(victim, EDITOR_PASSWORD, forwarded=VICTIM).status_code == 302


@pytest.mark.django_db
def test_login_lockout_behind_proxy_ignores_spoofed_forwarded_for(settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker, victim = Client(), Client()
    for _ in range(5):  # the attacker claims the victim's address; nginx appends theirs
        login(attacker, "wrong", forwarded=f"{VICTIM}, {ATTACKER}")

    assert login(victim, EDITOR_PASSWORD, forwarded=VICTIM).status_code == 302
    assert login(attacker, EDITOR_PASSWORD, forwarded=ATTACKER).status_code == 429


@pytest.mark.django_db
def test_login_lockout_without_trusted_proxy_ignores_forwarded_for(settings, editor):
    settings.TRUSTED_PROXY_COUNT = 0
    attacker, victim = Client(), Client()
    for _ in range(5):
        login(attacker, "wrong", via=ATTACKER, forwarded=VICTIM)

    assert login(victim, EDITOR_PASSWORD, via=VICTIM).status_code == 302
    assert login(attacker, EDITOR_PASSWORD, via=ATTACKER, forwarded=VICTIM).status_code == 429


# --- Through a real reverse proxy -----------------------------------------------------


class Forwarder(BaseHTTPRequestHandler):
    """Passes each request on to ``upstream``, appending the client's address to
    X-Forwarded-For like nginx's ``proxy_set_header X-Forwarded-For
    $proxy_add_x_forwarded_for``."""

    upstream: tuple[str, int]
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {
            name: value
            for name, value in self.headers.items()
            if name.lower() not in {"connection", "x-forwarded-for"}
        }
        sent = ", ".join(self.headers.get_all("X-Forwarded-For") or [])
        client = self.client_address[0]
        headers["X-Forwarded-For"] = f"{sent}, {client}" if sent else client
        upstream = http.client.HTTPConnection(*self.upstream, timeout=20)
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        content = response.read()
        upstream.close()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in {"connection", "transfer-encoding", "content-length"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def ada(transactional_db):
    # The Editors group is flushed with transactional tests; logging in needs no group.
    return User.objects.create_user("ada", password=EDITOR_PASSWORD)


@pytest.fixture
def proxy(live_server):
    parts = urlsplit(live_server.url)
    handler = type("LiveForwarder", (Forwarder,), {"upstream": (parts.hostname, parts.port)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


class Browser:
    """One client at one loopback address, keeping its cookies, talking to the proxy."""

    def __init__(self, proxy_port: int, address: str):
        self.proxy_port, self.address, self.cookies = proxy_port, address, {}

    def request(self, method: str, path: str, *, body: str = "", headers=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.proxy_port, source_address=(self.address, 0), timeout=20
        )
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, content

    def log_in(self, password: str, *, forwarded: str | None = None) -> int:
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        _, page = self.request("GET", "/accounts/login/", headers=headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        form = {"csrfmiddlewaretoken": token, "username": "ada", "password": password}
        status, _ = self.request("POST", "/accounts/login/", body=urlencode(form), headers=headers)
        return status


@pytest.mark.django_db(transaction=True)
def test_login_through_proxy_attacker_locks_only_themselves(settings, proxy, ada):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker, victim = Browser(proxy, "127.0.0.2"), Browser(proxy, "127.0.0.3")
    for _ in range(5):
        attacker.log_in("wrong")

    assert attacker.log_in(EDITOR_PASSWORD) == 429
    assert victim.log_in(EDITOR_PASSWORD) == 302


@pytest.mark.django_db(transaction=True)
def test_login_through_proxy_spoofing_victims_address_locks_only_attacker(settings, proxy, ada):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker, victim = Browser(proxy, "127.0.0.2"), Browser(proxy, "127.0.0.3")
    for _ in range(5):
        attacker.log_in("wrong", forwarded="127.0.0.3")

    assert victim.log_in(EDITOR_PASSWORD) == 302
    assert attacker.log_in(EDITOR_PASSWORD, forwarded="127.0.0.3") == 429
