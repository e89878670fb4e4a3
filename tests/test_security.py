"""Login, rate limiting, CSRF, cookies and the Content-Security-Policy."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from tests.helpers import EDITOR_PASSWORD

pytestmark = pytest.mark.django_db
PASSWORD = EDITOR_PASSWORD  # the ``editor`` fixture's, and the one new editors are given


def login(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_header_shows_log_in_to_readers(client):
    html = client.get("/").content.decode()

    assert ">Log in</a>" in html
    assert "Log out" not in html


def test_header_shows_log_out_to_editors(client, editor):
    client.force_login(editor)

    html = client.get("/").content.decode()

    assert "Log out" in html
    assert ">Log in</a>" not in html


def test_login_with_right_password_redirects_and_sets_safe_cookie(client, editor):
    response = login(client, "ada", PASSWORD)

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_login_with_wrong_password_says_so(client, editor):
    response = login(client, "ada", "wrong")

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_login_locks_username_and_address_after_five_failures(client, editor):
    for _ in range(5):
        login(client, "ada", "wrong")

    locked = login(client, "ada", PASSWORD)

    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()


def test_login_lockout_does_not_lock_the_user_out_from_elsewhere(editor):
    attacker, owner = Client(), Client()
    for _ in range(6):
        login(attacker, "ada", "wrong", address="203.0.113.9")

    response = login(owner, "ada", PASSWORD, address="198.51.100.7")

    assert response.status_code == 302


def test_logout_needs_post(client, editor):
    client.force_login(editor)

    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302


def test_login_post_without_csrf_token_is_refused(editor):
    client = Client(enforce_csrf_checks=True)

    response = login(client, "ada", PASSWORD)

    assert response.status_code == 403


def test_htmx_requests_carry_csrf_token_in_hx_headers(client):
    html = client.get("/").content.decode()

    assert re.search(r"hx-headers='\{\"X-CSRFToken\": \"[^\"]+\"\}'", html)


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/", {}),
        ("/?zoom=decade", {"HX-Request": "true", "HX-Target": "timeline-results"}),
        ("/accounts/login/", {}),
    ],
)
def test_csp_with_nonce_on_pages_and_fragments(client, url, headers):
    response = client.get(url, headers=headers)

    # Pages name their nonce; fragments use none, so their policy is 'self' only.
    policy = response["Content-Security-Policy"]
    assert re.search(r"script-src 'self'( 'nonce-[^']+')?;", policy)
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize(
    "url",
    ["/", "/?zoom=decade", "/companies/microsoft/", "/partnerships/microsoft-openai/"],
)
def test_pages_send_csp_with_nonce_and_no_inline_scripts(client, demo, url):
    response = client.get(url)

    policy = response["Content-Security-Policy"]
    html = response.content.decode()
    assert "'unsafe-inline'" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)[1]
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert 'style="' not in html


def test_createeditor_creates_editor_from_stdin(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))

    call_command("createeditor", "grace", "--password-stdin")

    user = User.objects.get(username="grace")
    assert user.check_password(PASSWORD)
    assert user.groups.filter(name="Editors").exists()
    assert "Created editor grace." in capsys.readouterr().out


def test_createeditor_promotes_existing_user_keeping_password():
    User.objects.create_user("linus", password=PASSWORD)

    call_command("createeditor", "linus")

    user = User.objects.get(username="linus")
    assert user.groups.filter(name="Editors").exists()
    assert user.check_password(PASSWORD)


def test_createeditor_rejects_weak_password(monkeypatch):
    import io

    from django.core.management.base import CommandError

    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))

    with pytest.raises(CommandError):
        call_command("createeditor", "weak", "--password-stdin")

    assert not User.objects.filter(username="weak").exists()


def test_editors_group_can_edit_the_timeline_records():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )

    for model in ("event", "agreement", "company", "partnership", "source", "quote"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}"} <= codenames


# --- Response headers (the prod server's own: tests/test_gunicorn.py) ----------------

HEADER_URLS = [
    ("/", {}),
    ("/?zoom=decade", {"HX-Request": "true", "HX-Target": "timeline-results"}),
    ("/accounts/login/", {}),
    ("/admin/login/", {}),
    ("/no-such-page/", {}),
]


@pytest.mark.parametrize(("url", "headers"), HEADER_URLS)
def test_csp_allows_nothing_unless_named(client, url, headers):
    response = client.get(url, headers=headers)

    directives = dict(
        part.strip().partition(" ")[::2] for part in response["Content-Security-Policy"].split(";")
    )
    assert directives["default-src"] == "'none'"
    assert directives["script-src"].startswith("'self'")
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["connect-src"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize(("url", "headers"), [*HEADER_URLS, ("/static/css/app.css", {})])
def test_responses_keep_other_sites_out_and_deny_unused_features(client, url, headers):
    response = client.get(url, headers=headers)

    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    assert features["camera"] == features["geolocation"] == features["microphone"] == "()"
    assert set(features.values()) == {"()"}
