"""axe-core finds no WCAG 2.2 A/AA violations on the reader's pages, light and dark.

Each page is checked in both colour schemes within one test: the database is flushed
and the demo reloaded for every live_server test, so one test per page keeps the
suite fast. A failure lists the violations of both schemes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.axe import format_violations, run_axe

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 360, "height": 780}
SCHEMES = ("light", "dark")
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/shots"))

PAGES = {
    "timeline": "/",
    "event": "/events/2025-09-11-microsoft-openai-sign-mou/",
    "agreement": "/agreements/microsoft-openai-2025-mou/",
    "company": "/companies/microsoft/",
    "partnership": "/partnerships/microsoft-openai/",
}
# Violations reported to the templates' owner and waiting on a fix: page -> reason.
# Each becomes a strict xfail, so the fix makes the test pass and this entry must go.
KNOWN: dict[str, str] = {}


def open_page(csp_free_context, live_server, path: str, *, scheme: str, viewport: dict):
    context = csp_free_context(color_scheme=scheme, viewport=viewport, reduced_motion="reduce")
    page = context.new_page()
    response = page.goto(live_server.url + path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    return page


def check(pages) -> None:
    """Run axe on each (label, page) and fail once, listing every violation found."""
    report = []
    for label, page in pages:
        violations = run_axe(page)
        if violations:
            report.append(f"--- {label}: {page.url}\n{format_violations(violations)}")
    assert not report, "axe found WCAG 2.2 A/AA violations:\n" + "\n".join(report)


def screenshot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN[name])] if name in KNOWN else [],
        )
        for name in PAGES
    ],
)
def test_no_wcag_violations_at_desktop_width(csp_free_context, live_server, demo, name):
    def pages():
        for scheme in SCHEMES:
            page = open_page(
                csp_free_context, live_server, PAGES[name], scheme=scheme, viewport=DESKTOP
            )
            if name == "timeline":
                screenshot(page, f"timeline-1440-{scheme}")
            yield f"{name}, {scheme}, 1440px", page

    check(pages())


def test_no_wcag_violations_on_a_phone(csp_free_context, live_server, demo):
    def pages():
        for scheme in SCHEMES:
            page = open_page(csp_free_context, live_server, "/", scheme=scheme, viewport=PHONE)
            screenshot(page, f"timeline-360-{scheme}")
            # Reflow (WCAG 1.4.10): nothing wider than the screen, no sideways scrolling.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"the timeline scrolls sideways by {overflow}px at 360px"
            yield f"timeline, {scheme}, 360px", page

    check(pages())


def test_no_wcag_violations_in_interactive_states(csp_free_context, live_server, demo):
    """States only reached by interacting: filters open, matches marked, a cluster open."""
    page = open_page(
        csp_free_context, live_server, "/?q=Azure&zoom=decade", scheme="light", viewport=DESKTOP
    )
    page.locator("summary", has_text="More filters").click()
    assert page.locator("article[data-event] mark").count() > 0
    zoomed = open_page(
        csp_free_context, live_server, "/?zoom=decade", scheme="dark", viewport=DESKTOP
    )
    zoomed.locator(".cluster__toggle").first.click()
    zoomed.locator(".cluster--open article[data-event]").first.wait_for()
    check([("search and filters, light", page), ("cluster open, dark", zoomed)])


def test_axe_reports_a_planted_violation(csp_free_context):
    """The checker itself works: a page with known faults fails it."""
    page = csp_free_context().new_page()
    page.set_content('<html><body><img src="data:,"><a href="#x"></a></body></html>')
    ids = {violation["id"] for violation in run_axe(page)}
    assert {"image-alt", "link-name", "html-has-lang"} <= ids
