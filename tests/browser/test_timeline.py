"""The timeline in a real browser: htmx filters, search, zoom, clusters, keyboard, history,
infinite scrolling, and the same page with JavaScript switched off."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from partnerships.models import Event
from tests.browser.errors import watch_errors
from tests.factories import EventFactory, PartnershipFactory

MOU_EVENT = "2025-09-11-microsoft-openai-sign-mou"
GPT3_EVENT = "2020-09-22-microsoft-exclusive-gpt-3-licence"


@pytest.fixture
def page(page: Page):
    """The plugin's page, failing the test on any script error or console error
    (a CSP refusal, an htmx request that errored, a bug in timeline.js)."""
    errors = watch_errors(page)
    yield page
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)


def card_ids(page: Page) -> list[str]:
    return page.locator("article[data-event]").evaluate_all("cards => cards.map((c) => c.id)")


def zoom_link(page: Page, label: str):
    return page.get_by_role("navigation", name="Zoom").get_by_role("link", name=label, exact=True)


def results_heading(page: Page):
    return page.locator("#results-heading")


def choose_company(page: Page, name: str) -> None:
    page.locator("summary", has_text="More filters").click()
    page.get_by_label("Company").select_option(label=name)


def test_filter_by_company_updates_results_without_reloading(page, live_server, demo):
    expected = Event.objects.filter(companies__slug="microsoft").count()
    page.goto(live_server.url + "/")
    page.evaluate("window.__marker = 1")
    expect(results_heading(page)).to_have_text(f"{Event.objects.count()} events")

    choose_company(page, "Microsoft")

    expect(page).to_have_url(re.compile(r"[?&]company=microsoft(&|$)"))
    expect(results_heading(page)).to_have_text(f"{expected} events")
    assert page.evaluate("window.__marker") == 1, "the page was reloaded"
    cards = page.locator("article[data-event]")
    assert cards.count() > 0
    for index in range(cards.count()):
        parties = cards.nth(index).locator("a.party").all_inner_texts()
        assert "Microsoft" in parties, f"card {index} does not involve Microsoft: {parties}"
    expect(page.locator("#event-2023-11-17-openai-board-removes-sam-altman")).to_have_count(0)
    expect(page.locator("#event-2024-06-10-apple-integrates-chatgpt")).to_have_count(0)


def test_filter_change_is_announced_and_focus_moves_to_results(page, live_server, demo):
    expected = Event.objects.filter(companies__slug="microsoft").count()
    page.goto(live_server.url + "/")
    expect(page.locator("#announcer")).to_have_text("")

    choose_company(page, "Microsoft")

    expect(page.locator("#announcer")).to_have_text(f"{expected} events")
    expect(page.locator("#announcer")).to_have_attribute("aria-live", "polite")
    # The select is not a text field, so focus moves to the fresh results' heading.
    expect(results_heading(page)).to_be_focused()


def test_search_finds_quotes_and_highlights_matches(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.evaluate("window.__marker = 1")
    search = page.locator("#id_q")

    search.press_sequentially("Nadella")  # only in a quote of the MOU event

    expect(page).to_have_url(re.compile(r"[?&]q=Nadella(&|$)"))
    expect(results_heading(page)).to_contain_text("matching “Nadella”")
    expect(page.locator(f"#event-{MOU_EVENT}")).to_be_visible()
    expect(page.locator("article[data-event]")).to_have_count(1)
    expect(page.locator("article[data-event] h4 mark")).to_have_count(0)  # no match in title
    expect(page.locator("article[data-event] [data-search-match]")).to_have_text(
        re.compile(r"^Matched in a quote by Satya Nadella: ")
    )
    expect(search).to_be_focused()  # typing is not interrupted by the swap
    assert page.evaluate("window.__marker") == 1, "the page was reloaded"

    search.fill("Azure")

    expect(page).to_have_url(re.compile(r"[?&]q=Azure(&|$)"))
    expect(results_heading(page)).to_contain_text("matching “Azure”")
    marks = page.locator("article[data-event] mark")
    expect(marks.first).to_be_visible()
    assert {text.lower() for text in marks.all_inner_texts()} == {"azure"}


def test_zoom_out_clusters_minor_events_and_zoom_in_shows_them(page, live_server, demo):
    page.goto(live_server.url + "/")
    expect(zoom_link(page, "Years")).to_have_attribute("aria-current", "true")

    zoom_link(page, "Decades").click()

    expect(page).to_have_url(re.compile(r"[?&]zoom=decade(&|$)"))
    expect(zoom_link(page, "Decades")).to_have_attribute("aria-current", "true")
    toggles = page.locator(".cluster__toggle")
    expect(toggles.first).to_be_visible()
    expect(toggles.first).to_have_text(re.compile(r"^\d+ more events? in \d{4}"))
    expect(page.locator("text=3 more events in 2023")).to_be_visible()
    expect(page.locator("article[data-event]:not(.sig-3)")).to_have_count(0)

    zoom_link(page, "Months").click()

    expect(page).to_have_url(re.compile(r"[?&]zoom=month(&|$)"))
    expect(page.locator(".cluster__toggle")).to_have_count(0)
    expect(page.locator("article[data-event]")).to_have_count(Event.objects.count())


def test_cluster_expands_in_place(page, live_server, demo):
    page.goto(live_server.url + "/?zoom=decade")
    page.evaluate("window.__marker = 1")
    cluster = page.locator(".cluster", has_text="3 more events in 2023")
    toggle = cluster.locator(".cluster__toggle")
    before = len(card_ids(page))

    toggle.click()

    opened = page.locator(".cluster--open")
    expect(opened).to_have_count(1)
    expect(opened.locator("article[data-event]")).to_have_count(3)
    expect(page.locator(".cluster__toggle", has_text="in 2023")).to_have_count(0)
    expect(opened.locator("#event-2023-11-17-openai-board-removes-sam-altman")).to_be_visible()
    assert page.evaluate("window.__marker") == 1, "expanding a cluster must not reload"
    assert len(card_ids(page)) == before + 3
    # Still inside the 2020s period section, between the 2023 and 2024 events.
    assert opened.evaluate("li => li.closest('section.period') !== null")


def test_cluster_expansion_changes_the_url_and_back_forward_follow(page, live_server, demo):
    page.goto(live_server.url + "/?zoom=decade")
    start = page.url
    toggle = page.locator(".cluster__toggle", has_text="in 2023")
    href = toggle.get_attribute("href")

    toggle.click()

    # The same address the link has without JavaScript: reloading or sharing it shows
    # the cluster's events.
    expect(page).to_have_url(live_server.url + "/" + href)
    expect(page.locator(".cluster--open article[data-event]")).to_have_count(3)

    page.go_back()

    expect(page).to_have_url(start)
    expect(page.locator(".cluster__toggle", has_text="in 2023")).to_have_count(1)
    expect(page.locator("#event-2023-11-17-openai-board-removes-sam-altman")).to_have_count(0)

    page.go_forward()

    expect(page).to_have_url(live_server.url + "/" + href)
    expect(page.locator("#event-2023-11-17-openai-board-removes-sam-altman")).to_be_visible()

    page.reload()

    expect(page.locator("#event-2023-11-17-openai-board-removes-sam-altman")).to_be_visible()


def test_cluster_expansion_is_announced_and_keeps_focus(page, live_server, demo):
    page.goto(live_server.url + "/?zoom=decade")
    toggle = page.locator(".cluster__toggle", has_text="in 2023")
    toggle.focus()

    page.keyboard.press("Enter")

    opened = page.locator(".cluster--open")
    expect(opened.locator("article[data-event]")).to_have_count(3)
    expect(opened.locator("[data-event-link]").first).to_be_focused(timeout=1000)
    expect(page.locator("#announcer")).to_have_text("Cluster expanded.", timeout=1000)


def test_open_an_event_with_the_keyboard_alone(page, live_server, demo):
    page.goto(live_server.url + "/")
    links = page.locator("[data-event] [data-event-link]")
    page.evaluate("document.activeElement && document.activeElement.blur()")

    page.keyboard.press("j")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(links.nth(1)).to_be_focused()
    expect(page.locator("article.is-current")).to_have_count(1)
    href = links.nth(1).get_attribute("href")
    title = links.nth(1).inner_text()
    page.keyboard.press("k")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(links.nth(1)).to_be_focused()

    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"{re.escape(href)}$"))
    assert re.fullmatch(r"/events/[\w-]+/", href)
    expect(page.locator("h1")).to_have_text(title)


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_j_moves_focus_and_the_view_at_once(page, live_server, demo, motion):
    page.emulate_media(reduced_motion=motion)
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(live_server.url + "/")
    count = page.locator("[data-event] [data-event-link]").count()
    page.evaluate("document.activeElement && document.activeElement.blur()")

    for index in range(count):
        page.keyboard.press("j")

        # Read in the same task as the key press: no animation frame has run yet, so
        # the focus and the scroll position must already be final.
        state = page.evaluate(
            """(index) => {
                const link = document.querySelectorAll("[data-event] [data-event-link]")[index];
                const card = link.closest("article").getBoundingClientRect();
                return {focused: document.activeElement === link,
                        inView: card.top >= 0 && card.bottom <= window.innerHeight + 1};
            }""",
            index,
        )
        assert state == {"focused": True, "inView": True}, f"after j number {index + 1}"


def test_slash_focuses_the_search_box(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.keyboard.press("/")
    expect(page.locator("#id_q")).to_be_focused()
    expect(page.locator("#id_q")).to_have_value("")


def test_back_button_restores_the_previous_state(page, live_server, demo):
    page.goto(live_server.url + "/")
    start_ids = card_ids(page)
    start_heading = results_heading(page).inner_text()

    choose_company(page, "Microsoft")
    expect(page).to_have_url(re.compile(r"company=microsoft"))
    filtered_url = page.url
    expect(results_heading(page)).not_to_have_text(start_heading)
    filtered_heading = results_heading(page).inner_text()
    filtered_ids = card_ids(page)

    zoom_link(page, "Decades").click()
    expect(page).to_have_url(re.compile(r"zoom=decade"))
    expect(page.locator(".cluster__toggle").first).to_be_visible()

    page.go_back()

    expect(page).to_have_url(filtered_url)
    expect(zoom_link(page, "Years")).to_have_attribute("aria-current", "true")
    expect(results_heading(page)).to_have_text(filtered_heading)
    assert card_ids(page) == filtered_ids
    expect(page.get_by_label("Company")).to_have_value("microsoft")

    page.go_back()

    expect(page).to_have_url(live_server.url + "/")
    expect(results_heading(page)).to_have_text(start_heading)
    assert card_ids(page) == start_ids
    expect(page.get_by_label("Company")).to_have_value("")

    page.go_forward()

    expect(page).to_have_url(filtered_url)
    expect(results_heading(page)).to_have_text(filtered_heading)


def test_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        choose_company(page, "Microsoft")  # <details> opens without scripts
        assert page.url == live_server.url + "/", "changing the select alone must not navigate"

        page.get_by_role("button", name="Apply filters").click()

        expect(page).to_have_url(re.compile(r"[?&]company=microsoft(&|$)"))
        expected = Event.objects.filter(companies__slug="microsoft").count()
        expect(results_heading(page)).to_have_text(f"{expected} events")
        cards = page.locator("article[data-event]")
        for index in range(cards.count()):
            assert "Microsoft" in cards.nth(index).locator("a.party").all_inner_texts()

        decades = zoom_link(page, "Decades")
        href = decades.get_attribute("href")
        assert "zoom=decade" in href and "company=microsoft" in href
        decades.click()
        expect(page).to_have_url(re.compile(r"[?&]zoom=decade(&|$)"))
        expect(page.get_by_label("Company")).to_have_value("microsoft")

        cluster = page.locator(".cluster__toggle", has_text="in 2020")
        cluster_href = cluster.get_attribute("href")
        cluster.click()

        expect(page).to_have_url(live_server.url + "/" + cluster_href)
        assert "zoom=year" in cluster_href and "at=2020-01-01" in cluster_href
        expect(zoom_link(page, "Years")).to_have_attribute("aria-current", "true")
        expect(page.locator(f"#event-{GPT3_EVENT}")).to_be_visible()
        expect(page.locator(".cluster__toggle", has_text="in 2020")).to_have_count(0)
    finally:
        context.close()


# --- Earlier and later windows ---------------------------------------------------------------

MANY = 120


@pytest.fixture
def many_events(transactional_db):
    """120 events in one partnership, two on each date, inserted in shuffled order
    so that id order and date order disagree."""
    partnership = PartnershipFactory(name="Long-running partnership")
    start = dt.date(2010, 1, 4)
    order = [(index * 37) % MANY for index in range(MANY)]  # a permutation of 0..119
    for index in order:
        EventFactory(
            partnership=partnership,
            title=f"Long event {index:03d}",
            date=start + dt.timedelta(days=(index // 2) * 23),
            significance=2,
        )
    return partnership


def load_all(page: Page, direction: str) -> int:
    """Bring each "Earlier/Later events" control into view until none is left.

    A control may already be loading itself (it triggers on intersect), so wait for
    htmx to be idle before each look.
    """
    selector = f"[data-loads={direction}]"
    idle = "() => !document.querySelector('.htmx-request')"
    for rounds in range(10):
        page.wait_for_function(idle)
        if not page.locator(selector).count():
            return rounds
        before = len(card_ids(page))
        # Instant: a long smooth scroll (the page's scroll-behavior) can be cut short by
        # the previous window's scroll anchoring, and this is about loading, not motion.
        page.evaluate(
            "(s) => document.querySelector(s)?.scrollIntoView({behavior: 'instant'})", selector
        )
        page.wait_for_function(
            "(n) => document.querySelectorAll('article[data-event]').length !== n", arg=before
        )
    raise AssertionError("the timeline keeps offering more events")


def test_later_events_load_without_duplicates(page, live_server, many_events):
    size = settings.TIMELINE_WINDOW_SIZE
    page.goto(live_server.url + "/")
    first = card_ids(page)
    assert len(first) == size
    assert page.locator("[data-loads=earlier]").count() == 0

    page.get_by_role("link", name="Later events").click()

    expect(page.locator("article[data-event]")).to_have_count(2 * size)
    expect(page.locator("#announcer")).to_have_text(f"Loaded {size} later events.")
    second = card_ids(page)
    assert second[:size] == first
    # The control vanished in the swap; focus lands on the first event it brought.
    expect(page.locator(f"#{second[size]} [data-event-link]")).to_be_focused()
    assert load_all(page, "later") == math.ceil(MANY / size) - 2

    ids = card_ids(page)
    assert len(ids) == len(set(ids)) == MANY
    expected = list(Event.objects.order_by("date", "id").values_list("slug", flat=True))
    assert ids == [f"event-{slug}" for slug in expected]
    assert page.url == live_server.url + "/", "loading more must not change the permalink"


def test_earlier_events_load_without_duplicates(page, live_server, many_events):
    middle = Event.objects.order_by("date", "id")[61]
    page.goto(f"{live_server.url}/?at={middle.date.isoformat()}")
    expect(page.locator("article[data-event]").first).to_be_visible()

    load_all(page, "earlier")
    load_all(page, "later")

    ids = card_ids(page)
    assert len(ids) == len(set(ids)) == MANY
    expected = list(Event.objects.order_by("date", "id").values_list("slug", flat=True))
    assert ids == [f"event-{slug}" for slug in expected]


# --- A window opened at a date ------------------------------------------------------------------

STRUCTURE = """() => {
  const describe = (el) => {
    if (el.matches("article")) return "card " + el.id;
    const name = el.tagName.toLowerCase() + (el.className ? "." + el.className.split(" ").join(".") : "");
    const heading = el.matches("h3") ? " " + el.textContent.trim().split("\\n")[0] : "";
    const inside = el.matches("article, nav, .results-bar") ? [] : Array.from(el.children).map(describe);
    return {[name + heading]: inside};
  };
  return describe(document.getElementById("timeline-results"));
}"""


def legend_and_lanes(page: Page) -> tuple[list[str], list[str]]:
    """The legend's lanes and the (partnership) lanes of the cards on screen."""
    legend = page.locator("#lanes-legend li").all_inner_texts()
    on_screen = page.locator("article[data-event] .event-card__links a.chip").all_inner_texts()
    return legend, sorted(set(on_screen))


def test_window_at_a_date_renders_the_same_with_and_without_javascript(
    page, browser, live_server, demo
):
    url = f"{live_server.url}/?at=2025-09-11"
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(url)
        expected = plain.evaluate(STRUCTURE)
    finally:
        context.close()

    page.goto(url)
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    page.wait_for_timeout(300)  # time for any automatic load to start and finish
    page.wait_for_function("() => !document.querySelector('.htmx-request')")

    assert page.evaluate(STRUCTURE) == expected
    legend, lanes = legend_and_lanes(page)
    assert legend == lanes


def test_earlier_events_land_beside_the_periods_with_one_heading_each(page, live_server, demo):
    page.goto(f"{live_server.url}/?at=2025-09-11")
    first = card_ids(page)

    page.get_by_role("link", name="Earlier events").click()

    expect(page.locator("#announcer")).to_have_text(re.compile(r"^Loaded \d+ earlier events?\.$"))
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    expect(page.locator(".window-control section, .window-control article")).to_have_count(0)
    headings = page.locator("#timeline-results .period__heading > span").all_inner_texts()
    assert headings == sorted(set(headings)), "a period is shown under one heading"
    ids = card_ids(page)
    assert ids[-len(first) :] == first and len(ids) == len(set(ids))
    period_ids = page.locator("#timeline-results [id^=period-]").evaluate_all(
        "els => els.map((el) => el.id)"
    )
    assert len(period_ids) == len(set(period_ids))
    legend, lanes = legend_and_lanes(page)
    assert legend == lanes
    assert len(lanes) > 1
