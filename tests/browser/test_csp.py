"""The Content-Security-Policy (``default-src 'none'``) and Permissions-Policy refuse nothing
the site itself uses: no page, the admin's included, logs a violation in Chromium."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page

PASSWORD = "a-long-test-password-42"


def watch_policy_reports(page: Page) -> list[str]:
    """Console messages from the browser's policy checks, and every violation event."""
    reports: list[str] = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', event =>"
        " console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));"
    )
    page.on(
        "console",
        lambda message: (
            reports.append(f"{page.url}: {message.text}")
            if message.type in {"error", "warning"}
            and any(
                word in message.text
                for word in ("Content Security Policy", "CSP", "Permissions-Policy", "Refused")
            )
            else None
        ),
    )
    page.on("pageerror", lambda error: reports.append(f"{page.url}: page error: {error}"))
    return reports


def public_paths(demo) -> list[str]:
    return [
        "/",
        "/?zoom=decade",
        demo["mou_event"].get_absolute_url(),
        reverse("partnerships:event_history", args=[demo["mou_event"].slug]),
        demo["mou"].get_absolute_url(),
        reverse("partnerships:agreement_history", args=[demo["mou"].slug]),
        demo["microsoft"].get_absolute_url(),
        demo["partnership"].get_absolute_url(),
        "/accounts/login/",
    ]


def editor_paths(demo) -> list[str]:
    event, mou = demo["mou_event"], demo["mou"]
    return [
        "/",
        reverse("partnerships:event_edit", args=[event.slug]),
        reverse("partnerships:event_add"),
        reverse("partnerships:agreement_edit", args=[mou.slug]),
        reverse("partnerships:company_edit", args=[demo["microsoft"].slug]),
        reverse("partnerships:partnership_add"),
        reverse("partnerships:deleted_events"),
        reverse("partnerships:event_history", args=[event.slug]),
        "/admin/",
        "/admin/partnerships/event/",
        f"/admin/partnerships/event/{event.pk}/change/",
        "/admin/partnerships/event/add/",
        f"/admin/partnerships/agreement/{mou.pk}/change/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
    ]


def test_public_pages_log_no_policy_violation(page: Page, live_server, demo):
    reports = watch_policy_reports(page)

    for path in public_paths(demo):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    # An htmx swap: the zoom links fetch the timeline fragment.
    page.goto(live_server.url + "/")
    page.locator("a[hx-get]").first.click()
    page.wait_for_load_state("networkidle")

    assert reports == []


@pytest.mark.usefixtures("demo")
def test_editor_and_admin_pages_log_no_policy_violation(page: Page, live_server, demo):
    User.objects.create_superuser("csp-admin", password=PASSWORD)
    reports = watch_policy_reports(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("networkidle")

    for path in editor_paths(demo):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    # The event form's htmx helpers: the source search as the editor types.
    page.goto(live_server.url + reverse("partnerships:event_edit", args=[demo["mou_event"].slug]))
    search = page.locator("input[hx-get]").first
    if search.count():
        search.fill("Reuters")
        page.wait_for_load_state("networkidle")

    assert reports == []
