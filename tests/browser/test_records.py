"""The editors' record forms in a real browser: accessible, usable at 360px, and working
without JavaScript (the "Add another …" buttons post the page)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from partnerships.models import Agreement, AgreementLink
from tests.browser.axe import format_violations, run_axe

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 360, "height": 780}
PASSWORD = "a-long-test-password-42"


@pytest.fixture
def editor_login(demo, live_server):
    # A superuser: the flush between live_server tests also empties the Editors group.
    User.objects.create_superuser("browser-editor", password=PASSWORD)

    def login(page, path: str):
        page.goto(f"{live_server.url}/accounts/login/?next={path}")
        page.fill("#id_username", "browser-editor")
        page.fill("#id_password", PASSWORD)
        page.click("form.form button[type=submit]")
        page.wait_for_url(f"{live_server.url}{path}")

    return login


def test_agreement_form_has_no_wcag_violations(csp_free_context, editor_login, demo):
    path = f"/agreements/{demo['mou'].slug}/edit/"
    report = []
    for scheme, viewport in (("light", DESKTOP), ("dark", PHONE)):
        page = csp_free_context(color_scheme=scheme, viewport=viewport).new_page()
        editor_login(page, path)
        page.fill("#id_value", "100")
        page.fill("#id_currency", "")
        page.locator(".records-actions button[type=submit]").click()
        page.locator(".error-summary").wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the form scrolls sideways by {overflow}px ({scheme})"
        violations = run_axe(page)
        if violations:
            report.append(f"--- {scheme}: {page.url}\n{format_violations(violations)}")

    assert not report, "axe found WCAG 2.2 A/AA violations:\n" + "\n".join(report)


def test_agreement_form_without_javascript_records_definitive_after_mou(
    browser, live_server, editor_login, demo
):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    partnership, mou = demo["partnership"], demo["mou"]
    editor_login(page, f"/agreements/add/?partnership={partnership.slug}")

    page.fill("#id_title", "Browser definitive agreement")
    page.select_option("#id_kind", "definitive")
    page.fill("#id_signed_on", "2025-10-28")
    page.fill("#id_terms-0-topic", "cloud-exclusivity")
    page.fill("#id_terms-0-heading", "Azure")
    page.click("button[name=add_row][value=terms]")
    page.fill("#id_terms-1-topic", "ip-rights")
    page.fill("#id_terms-1-heading", "IP")
    page.select_option("#id_links-1-direction", "to")
    page.select_option("#id_links-1-other", str(mou.pk))
    page.locator(".records-actions button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/agreements/browser-definitive-agreement/")
    context.close()

    agreement = Agreement.objects.get(slug="browser-definitive-agreement")
    assert list(agreement.terms.values_list("topic", flat=True)) == [
        "cloud-exclusivity",
        "ip-rights",
    ]
    assert AgreementLink.objects.filter(
        from_agreement=mou, to_agreement=agreement, kind="leads-to"
    ).exists()
