"""Collect what a page reports as broken: script errors and console errors (CSP refusals,
failed htmx requests, bugs in our JS)."""

from playwright.sync_api import Page


def watch_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            errors.append(f"console {message.type}: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    return errors
