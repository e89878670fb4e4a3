"""The production server as deployed: gunicorn with gunicorn.conf.py and the prod settings,
on the test database. Its headers, its limits and its access log."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, django_db_blocker, tmp_path_factory):
    """(port, log path) of gunicorn -c gunicorn.conf.py config.wsgi, prod settings."""
    with django_db_blocker.unblock():
        url = database_url()
    tmp = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="k3J9-x7Qm#vR2$pL8@wZ5^nB4&tY6*cU1!hF0%gDs9aE2_rT7+oI3~",
        DATABASE_URL=url,
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp / "static"),
        SECURE_SSL_REDIRECT="false",
        TRUSTED_PROXY_COUNT="1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    log = tmp / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                time.sleep(0.3)
        yield port, log
    finally:
        server.terminate()
        server.wait(timeout=30)


def get(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_gunicorn_does_not_advertise_server_software(gunicorn):
    port, _ = gunicorn

    response = get(port, "/")

    assert response.status == 200
    assert response.getheader("Server") is None


def test_gunicorn_page_sends_security_headers_behind_tls_proxy(gunicorn):
    port, _ = gunicorn

    response = get(port, "/", {"X-Forwarded-Proto": "https"})

    assert response.getheader("Content-Security-Policy").startswith("default-src 'none'; ")
    assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin"
    assert response.getheader("Cross-Origin-Opener-Policy") == "same-origin"
    assert "camera=()" in response.getheader("Permissions-Policy")
    assert response.getheader("Strict-Transport-Security").startswith("max-age=31536000")
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_gunicorn_static_file_is_same_origin_only(gunicorn):
    port, _ = gunicorn

    response = get(port, "/static/css/app.css")

    assert response.status == 200
    assert response.getheader("Cross-Origin-Resource-Policy") == "same-origin"
    assert response.getheader("Server") is None


def test_gunicorn_refuses_oversized_request_line(gunicorn):
    port, _ = gunicorn

    response = get(port, "/?q=" + "x" * 5000)

    assert response.status == 414  # URI Too Long, from gunicorn before Django


def test_gunicorn_access_log_shows_client_address_not_spoofed_one(gunicorn):
    port, log = gunicorn

    get(port, "/?logged=1", {"X-Forwarded-For": "203.0.113.9, 198.51.100.7"})

    time.sleep(0.5)
    lines = [line for line in log.read_text().splitlines() if "/?logged=1" in line]
    assert lines and lines[-1].startswith('198.51.100.7 "GET /?logged=1 HTTP/1.1" 200 ')
