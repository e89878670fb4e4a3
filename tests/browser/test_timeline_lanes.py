"""Side-by-side company lanes in a real browser: an event with several companies is in each
of their lanes, and the keyboard still visits every event once."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.errors import watch_errors

STARGATE = "2025-01-21-stargate-project-announced"


@pytest.fixture
def page(page: Page):
    errors = watch_errors(page)
    yield page
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)


def test_company_lanes_repeat_an_event_but_j_visits_it_once(page, live_server, demo):
    page.goto(live_server.url + "/?layout=lanes&lanes=company")
    stargate_cards = page.locator(f'article[id^="event-{STARGATE}"]')
    expect(stargate_cards).to_have_count(7)
    events = page.locator("article[data-event]").evaluate_all("cards => cards.map((c) => c.id)")

    visited = []
    for _ in events:
        page.keyboard.press("j")
        visited.append(page.evaluate("document.activeElement.closest('article').id"))

    assert visited == events
    assert visited.count(f"event-{STARGATE}") == 1
    lane_colours = page.locator(".lane__name .chip").evaluate_all(
        "chips => chips.map((c) => getComputedStyle(c).getPropertyValue('--lane'))"
    )
    names = page.locator(".lane__name .chip").all_inner_texts()
    colour_of = dict(zip(names, lane_colours, strict=True))
    assert len(set(colour_of.values())) == len(colour_of)
