"""Browser tests: Playwright driving Debian's Chromium against a live server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("DAYONE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(
    os.environ.get("DAYONE_SCREENSHOTS", Path(__file__).resolve().parents[2] / "test-results")
)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: apt-get install chromium (or set DAYONE_CHROMIUM)"
        )
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def console_problems(page) -> list[str]:
    """What the browser console says is wrong while ``page`` is used: errors, warnings and
    uncaught exceptions; a page the test meant to be refused (a 403 or 404 it navigated to)
    does not count. The list fills as the page is used."""
    problems: list[str] = []
    refused: set[str] = set()

    def on_response(response) -> None:  # type: ignore[no-untyped-def]
        if response.status >= 400 and response.request.is_navigation_request():
            refused.add(response.url)

    def on_console(message) -> None:  # type: ignore[no-untyped-def]
        if message.type not in {"error", "warning"}:
            return
        if message.text.startswith("Failed to load resource") and (
            message.location.get("url") in refused
        ):
            return
        problems.append(f"{message.type}: {message.text[:200]} ({message.location.get('url')})")

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    return problems


@pytest.fixture
def page(browser):
    """A desktop page; the test fails if the browser console shows an error or a warning."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    problems = console_problems(page)
    yield page
    settle(page)
    context.close()
    assert problems == [], "the browser console showed problems"


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Let requests the page still has in flight (an htmx search as one types) finish, so the
    live server is not answering them while the next test's database is set up."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.wait_for_load_state("networkidle", timeout=5000)
    except PlaywrightError:
        return


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot for people to look at; returns its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
