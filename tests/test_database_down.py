"""While PostgreSQL is down the site answers 503, and it is back with the database.

Real parts only: a throwaway cluster of its own (``config.devdb`` with ``DEVDB_HOME``),
gunicorn serving the production settings, requests over HTTP. The cluster is stopped
and started again while the server runs, as a database restart would.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long enough password"
ONE_LINE = re.compile(
    r"^Service Unavailable: (?P<path>\S+) \(database unavailable: OperationalError: .+\)$"
)


def devdb(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "config.devdb", *args],
        cwd=ROOT,
        env={**os.environ, "DEVDB_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 (one worker, one thread: one log line per request, in order)."""

    def __init__(self, env: dict, log: Path):
        self.port = free_port()
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                self.request("GET", "/static/css/app.css")
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}") from None
                time.sleep(0.2)

    def request(self, method: str, path: str, *, body: str | None = None, cookies=None):
        headers = {}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.text = response.read().decode()
            return response
        finally:
            connection.close()

    def log_lines(self) -> list[str]:
        return self.log.read_text().splitlines()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def cookies_of(response) -> dict[str, str]:
    pairs = (header.split(";")[0].split("=", 1) for header in response.msg.get_all("Set-Cookie"))
    return dict(pairs)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The throwaway cluster, migrated, with an editor; gunicorn serving it."""
    home = tmp_path_factory.mktemp("devdb")
    devdb(home, "start")
    state = json.loads((home / "state.json").read_text())
    settings = tmp_path_factory.mktemp("settings")
    # Production settings; static files as they are, so no collectstatic is needed.
    (settings / "down_settings.py").write_text(
        "from config.settings.prod import *  # noqa\n"
        "STORAGES = {**STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
        "WHITENOISE_USE_FINDERS = True\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "down_settings",
        "PYTHONPATH": f"{settings}{os.pathsep}{ROOT}",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{state['port']}/partnerships",
        "SECRET_KEY": "test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    subprocess.run(
        [*manage, "createeditor", "ada", "--password-stdin"],
        cwd=ROOT,
        env=env,
        input=PASSWORD,
        text=True,
        check=True,
        timeout=120,
        capture_output=True,
    )
    server = Server(env, tmp_path_factory.mktemp("log") / "gunicorn.log")
    yield server, home
    server.stop()
    devdb(home, "stop")
    shutil.rmtree(state["home"], ignore_errors=True)


def log_in(server: Server) -> dict[str, str]:
    csrf = cookies_of(server.request("GET", "/accounts/login/"))["csrftoken"]
    form = urllib.parse.urlencode(
        {"username": "ada", "password": PASSWORD, "csrfmiddlewaretoken": csrf}
    )
    response = server.request("POST", "/accounts/login/", body=form, cookies={"csrftoken": csrf})
    assert response.status == 302, response.text
    return {"csrftoken": csrf, **cookies_of(response)}


def test_database_down_answers_503_with_one_log_line_then_recovers(site):
    server, home = site
    editor = log_in(server)
    assert server.request("GET", "/").status == 200  # a pooled connection to lose
    csrf = {"csrfmiddlewaretoken": editor["csrftoken"]}
    # Where the database is met: a view, a template's user, the admin's permission
    # check, the login (auth and axes) and the history middleware's user on a POST.
    requests = [
        ("GET", "/", None, None),
        ("GET", "/?q=azure", None, editor),
        ("GET", "/events/no-such-event/", None, None),
        ("GET", "/admin/", None, editor),
        ("POST", "/accounts/login/", {"username": "ada", "password": "x", **csrf}, editor),
        ("POST", "/events/add/", {"title": "Lost?", **csrf}, editor),
    ]

    devdb(home, "stop")
    answers = []
    for method, path, form, cookies in requests:
        before = len(server.log_lines())
        body = urllib.parse.urlencode(form) if form else None
        response = server.request(method, path, body=body, cookies=cookies)
        logged = server.log_lines()[before:]
        answers.append(
            (
                response.status,
                response.getheader("Retry-After"),
                "<h1>Temporarily unavailable</h1>" in response.text,
                [ONE_LINE.match(line)["path"] if ONE_LINE.match(line) else line for line in logged],
            )
        )

    assert answers == [(503, "30", True, [path.split("?")[0]]) for _, path, _, _ in requests]
    assert "Traceback" not in server.log.read_text()

    devdb(home, "start")
    back = server.request("GET", "/", cookies=editor)

    assert back.status == 200
    assert '<li class="site-nav__user">ada</li>' in back.text
