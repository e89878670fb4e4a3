"""Editing events in a real browser: add above the timeline, edit and delete in place,
errors and focus, two editors at once, and what readers (don't) see."""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from playwright.sync_api import Page, expect

from partnerships.models import Event, Source
from tests.browser.errors import watch_errors

PASSWORD = "a long editor password"
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/shots"))
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 360, "height": 780}
MOU_EVENT = "2025-09-11-microsoft-openai-sign-mou"


def make_editor(username: str) -> User:
    """An editor. The "Editors" group comes from a migration, but live_server tests flush
    the database after each test, so it is made again here when missing."""
    migration = importlib.import_module("partnerships.migrations.0003_editors_group")
    group, _ = Group.objects.get_or_create(name=migration.EDITOR_GROUP)
    codenames = [f"{a}_{m}" for m in migration.EDITABLE_MODELS for a in migration.ACTIONS]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="partnerships", codename__in=codenames)
    )
    user = User.objects.create_user(username, password=PASSWORD)
    user.groups.add(group)
    return user


def log_in(page: Page, live_server, username: str, next_path: str = "/") -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


@pytest.fixture
def editor_page(page: Page, live_server, demo):
    errors = watch_errors(page)
    make_editor("ada")
    log_in(page, live_server, "ada")
    yield page
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)


def card_dates(page: Page) -> list[str]:
    return page.locator("#timeline-results article[data-event] time").evaluate_all(
        "times => times.map((t) => t.getAttribute('datetime'))"
    )


def test_editor_adds_edits_and_deletes_an_event_without_reloading(editor_page, live_server, demo):
    page = editor_page
    page.evaluate("window.__marker = 1")

    # Add, with a year-precision date and a new source.
    page.get_by_role("link", name="Add event", exact=True).click()
    slot = page.locator("#event-form-slot")
    expect(slot.get_by_role("heading", name="Add event")).to_be_focused()
    slot.locator("#new_event_title").fill("Early talks between Microsoft and OpenAI")
    slot.locator("#new_event_kind").select_option(label="Negotiation")
    slot.locator("#new_event_when").fill("2018")
    slot.locator("#new_event_partnership").select_option(label=demo["partnership"].name)
    slot.locator("summary", has_text="New sources").click()
    slot.locator("#new_event_new_sources-0-title").fill("A retrospective")
    slot.locator("#new_event_new_sources-0-url").fill("https://example.com/retrospective")
    slot.locator("#new_event_new_sources-0-excerpt").fill("The talks began in 2018.")
    slot.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".is-just-saved")).to_contain_text("Early talks")
    event = Event.objects.get(title="Early talks between Microsoft and OpenAI")
    card = page.locator(f"#event-{event.slug}")
    expect(card).to_have_class(re.compile(r"\bis-just-saved\b"))
    expect(card.locator("time")).to_have_text("2018")
    expect(card.get_by_role("link", name=event.title)).to_be_focused()
    expect(card).to_contain_text("1 source")
    expect(slot.locator("form")).to_have_count(0)
    dates = card_dates(page)
    assert dates == sorted(dates), "the new card is out of order"
    assert "2018-01-01" in dates
    assert page.evaluate("window.__marker") == 1, "the page was reloaded"
    assert Source.objects.filter(title="A retrospective").exists()

    # Edit in place, meet an error, fix it.
    card.get_by_role("link", name="Edit", exact=True).click()
    editor = page.locator(f"#event-{event.slug}")
    when = editor.get_by_label("When")
    expect(when).to_have_value("2018")
    when.fill("2018-13")
    editor.get_by_role("button", name="Save", exact=True).click()
    summary = editor.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("When: “2018-13”: months are 01 to 12.")
    expect(editor.locator(f"#event{event.pk}_when_error")).to_have_text(
        "“2018-13”: months are 01 to 12."
    )
    summary.get_by_role("link", name=re.compile("^When:")).click()
    expect(editor.get_by_label("When")).to_be_focused()
    editor.get_by_label("When").fill("2018-Q2")
    editor.get_by_role("button", name="Save", exact=True).click()
    card = page.locator(f"#event-{event.slug}")
    expect(card.locator("time")).to_have_text("Q2 2018")
    expect(card).to_have_class(re.compile(r"\bis-just-saved\b"))
    expect(card.get_by_role("link", name=event.title)).to_be_focused()

    # Delete, after confirming.
    card.get_by_role("link", name="Delete", exact=True).click()
    expect(page.get_by_role("heading", name="Delete this event?")).to_be_focused()
    page.locator(f"#event-{event.slug}").get_by_role("button", name="Delete").click()
    deleted = page.locator(f"#event-{event.slug}")
    expect(deleted).to_contain_text("Deleted “Early talks between Microsoft and OpenAI”.")
    expect(deleted).to_be_focused()
    assert not Event.objects.filter(pk=event.pk).exists()
    assert page.evaluate("window.__marker") == 1, "the page was reloaded"

    # Restore it from history.
    deleted.get_by_role("link", name="Restore from history").click()
    page.get_by_role("button", name=re.compile("Restore .*Early talks")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    assert Event.objects.filter(pk=event.pk).exists()


def test_cancel_puts_the_card_back_and_closes_the_add_form(editor_page, live_server, demo):
    page = editor_page
    page.goto(live_server.url + "/?zoom=month")
    card = page.locator(f"#event-{MOU_EVENT}")
    card.get_by_role("link", name="Edit", exact=True).click()
    editor = page.locator(f"#event-{MOU_EVENT}")
    editor.locator("input[name=title]").fill("Not kept")

    editor.get_by_role("link", name="Cancel").click()

    expect(page.locator(f"#event-{MOU_EVENT}[data-event]")).to_contain_text(demo["mou_event"].title)
    restored = page.locator(f"#event-{MOU_EVENT}[data-event]")
    expect(restored.get_by_role("link", name="Edit", exact=True)).to_be_focused()
    restored.get_by_role("link", name="Delete", exact=True).click()
    expect(page.get_by_role("heading", name="Delete this event?")).to_be_focused()
    page.locator(f"#event-{MOU_EVENT}").get_by_role("link", name="Cancel").click()
    expect(restored.get_by_role("link", name="Delete", exact=True)).to_be_focused()
    assert Event.objects.get(slug=MOU_EVENT).title != "Not kept"
    page.get_by_role("link", name="Add event", exact=True).click()
    slot = page.locator("#event-form-slot")
    slot.get_by_role("link", name="Cancel").click()
    expect(slot.locator("form")).to_have_count(0)
    expect(page.get_by_role("link", name="Add event", exact=True)).to_be_focused()


def test_choosing_a_partnership_reloads_its_agreements(editor_page, live_server, demo):
    page = editor_page
    page.get_by_role("link", name="Add event", exact=True).click()
    slot = page.locator("#event-form-slot")
    agreement = slot.locator("#new_event_agreement")
    expect(agreement.locator("option")).to_have_text(["Choose a partnership first"])

    slot.locator("#new_event_partnership").select_option(label=demo["partnership"].name)

    expect(agreement.locator("option", has_text=demo["mou"].title)).to_have_count(1)
    options = agreement.locator("option").all_inner_texts()
    agreements = set(demo["partnership"].agreements.values_list("title", flat=True))
    assert {text.split(" (")[0] for text in options[1:]} == agreements


def test_source_search_fetches_matching_sources(editor_page, live_server):
    page = editor_page
    page.get_by_role("link", name="Add event", exact=True).click()
    slot = page.locator("#event-form-slot")
    source = Source.objects.order_by("published_on").first()
    search = slot.locator("#new_event_citations-0-source_search")
    expect(search).to_be_visible()

    term = source.title[:12]
    matching = Source.objects.filter(title__icontains=term) | Source.objects.filter(
        publisher__icontains=term
    )
    assert matching.count() < Source.objects.count()

    search.fill(term)

    select = slot.locator("#new_event_citations-0-source")
    expect(select.locator("option")).to_have_count(1 + matching.count())
    expect(select.locator("option", has_text=source.title)).to_have_count(1)


def test_second_editor_saving_a_stale_form_gets_the_conflict(browser, editor_page, live_server):
    first = editor_page
    make_editor("bob")
    other_context = browser.new_context()
    second = other_context.new_page()
    errors = watch_errors(second)
    log_in(second, live_server, "bob", "/?zoom=month")
    first.goto(live_server.url + "/?zoom=month")
    for page in (first, second):
        page.locator(f"#event-{MOU_EVENT}").get_by_role("link", name="Edit", exact=True).click()
        expect(page.get_by_role("heading", name=re.compile("^Edit “"))).to_be_visible()

    first.locator(f"#event-{MOU_EVENT}").locator("input[name=title]").fill("Ada's title")
    first.get_by_role("button", name="Save", exact=True).click()
    expect(first.locator(f"#event-{MOU_EVENT}[data-event]")).to_contain_text("Ada's title")
    second.locator(f"#event-{MOU_EVENT}").locator("input[name=title]").fill("Bob's title")
    second.get_by_role("button", name="Save", exact=True).click()

    conflict = second.locator(".conflict")
    expect(conflict).to_contain_text("Their version")
    expect(conflict).to_contain_text("Your version")
    expect(conflict.locator("tr", has_text="Title")).to_contain_text("Ada's title")
    expect(conflict.locator("tr", has_text="Title")).to_contain_text("Bob's title")
    expect(second.locator("[data-error-summary]")).to_be_focused()
    SHOTS.mkdir(parents=True, exist_ok=True)
    conflict.screenshot(path=SHOTS / "edit-conflict.png")
    assert Event.objects.get(slug=MOU_EVENT).title == "Ada's title"

    second.get_by_role("button", name="Save", exact=True).click()
    expect(second.locator(f"#event-{MOU_EVENT}[data-event]")).to_contain_text("Bob's title")
    assert Event.objects.get(slug=MOU_EVENT).title == "Bob's title"
    other_context.close()
    assert not errors, "The second browser reported errors:\n" + "\n".join(errors)


def test_reader_sees_no_edit_controls(page: Page, live_server, demo):
    page.goto(live_server.url + "/?zoom=month")

    expect(page.locator("article[data-event]").first).to_be_visible()
    expect(page.get_by_role("link", name="Add event")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Delete", exact=True)).to_have_count(0)


def test_editing_works_without_javascript(browser, live_server, demo):
    make_editor("ada")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "ada")

    page.get_by_role("link", name="Add event", exact=True).click()
    expect(page).to_have_url(re.compile(r"/events/add/$"))
    page.locator("#new_event_title").fill("Added without JavaScript")
    page.locator("#new_event_kind").select_option(label="Statement")
    page.locator("#new_event_when").fill("~2019-Q3")
    page.locator("#new_event_partnership").select_option(label=demo["partnership"].name)
    page.get_by_label("Unsourced", exact=True).check()  # no source: say so
    page.locator("summary", has_text="Quotes").click()
    page.get_by_role("button", name="Add another quote").click()
    expect(page.locator("#new_event_quotes-1-speaker")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(re.compile(r"/\?at=2019-07-01#event-"))
    event = Event.objects.get(title="Added without JavaScript")
    expect(page).to_have_url(re.compile(rf"/\?at=2019-07-01#event-{event.slug}$"))
    expect(page.locator(f"#event-{event.slug} time")).to_have_text("c. Q3 2019")
    context.close()


def screenshot(page: Page, region, name: str) -> None:
    """The form itself, and the screen around it as the editor sees it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    region.scroll_into_view_if_needed()
    region.screenshot(path=SHOTS / f"{name}.png")
    page.screenshot(path=SHOTS / f"{name}-screen.png")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440", "360"])
def test_forms_fit_the_screen(browser, live_server, demo, viewport):
    make_editor("ada")
    context = browser.new_context(viewport=viewport, reduced_motion="reduce")
    page = context.new_page()
    log_in(page, live_server, "ada", "/?zoom=month")
    width = viewport["width"]

    page.get_by_role("link", name="Add event", exact=True).click()
    page.locator("#new_event_when").fill("2019-13")
    page.locator("#event-form-slot").get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#event-form-slot [data-error-summary]")).to_be_visible()
    screenshot(page, page.locator("#event-form-slot"), f"edit-add-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.locator("#event-form-slot").get_by_role("link", name="Cancel").click()
    page.locator(f"#event-{MOU_EVENT}").get_by_role("link", name="Edit", exact=True).click()
    expect(page.locator(f"#event-{MOU_EVENT} form")).to_be_visible()
    screenshot(page, page.locator(f"#event-{MOU_EVENT}"), f"edit-in-place-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_editing_forms_have_no_axe_violations(csp_free_context, live_server, demo):
    from tests.browser.axe import format_violations, run_axe

    make_editor("ada")
    page = csp_free_context(viewport=DESKTOP, reduced_motion="reduce").new_page()
    log_in(page, live_server, "ada", "/?zoom=month")
    page.get_by_role("link", name="Add event", exact=True).click()
    slot = page.locator("#event-form-slot")
    slot.locator("summary", has_text="Quotes").click()
    slot.get_by_role("button", name="Save", exact=True).click()
    expect(slot.locator("[data-error-summary]")).to_be_visible()
    page.locator(f"#event-{MOU_EVENT}").get_by_role("link", name="Edit", exact=True).click()
    expect(page.locator(f"#event-{MOU_EVENT} form")).to_be_visible()

    violations = run_axe(page)

    assert not violations, format_violations(violations)
