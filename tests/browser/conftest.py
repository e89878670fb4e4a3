"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live_server.

Playwright cannot download its own browsers here, so we launch the system Chromium.
Run them alone with ``pytest tests/browser`` or skip them with ``-m "not browser"``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


def find_chromium() -> str | None:
    """CHROMIUM_PATH wins, then Debian's /usr/bin/chromium, then whatever is on PATH."""
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = find_chromium()
    if path is None:
        message = (
            "Chromium not found (looked at $CHROMIUM_PATH, /usr/bin/chromium and PATH). "
            "Install it with `apt-get install -y chromium`, or set CHROMIUM_PATH."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} Browser tests must run in CI.", pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory) -> Path:
    """Where the demo rows are kept as a fixture file after the first load_demo()."""
    return tmp_path_factory.mktemp("demo") / "demo.json"


@pytest.fixture
def demo(transactional_db, demo_snapshot):
    """The demo data (Microsoft–OpenAI and friends), committed so live_server sees it.

    load_demo() validates row by row and takes about two seconds; the database is
    flushed after every live_server test, so the first test runs it and dumps the
    result, and later tests load that dump (a few hundred milliseconds).
    """
    from django.core.management import call_command

    from partnerships.models import Agreement, Company, Event, Partnership
    from partnerships.sample_data.demo import load_demo

    if demo_snapshot.exists():
        call_command("loaddata", str(demo_snapshot), verbosity=0)
    else:
        load_demo()
        call_command("dumpdata", "partnerships", output=str(demo_snapshot), verbosity=0)
    return {
        "microsoft": Company.objects.get(slug="microsoft"),
        "partnership": Partnership.objects.get(slug="microsoft-openai"),
        "mou": Agreement.objects.get(slug="microsoft-openai-2025-mou"),
        "mou_event": Event.objects.get(slug="2025-09-11-microsoft-openai-sign-mou"),
    }


@pytest.fixture
def csp_free_context(browser, request):
    """A context factory for axe: axe's <script> tag would be refused by our CSP."""
    contexts = []

    def make(**kwargs):
        context = browser.new_context(bypass_csp=True, **kwargs)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
