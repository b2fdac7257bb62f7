from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dayone.server.core import services
from dayone.server.core.enums import Role
from dayone.server.core.navigation import SECTIONS
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def company(transactional_db):
    services.organization_set(actor=None, name="Riverbend Books")
    return services.user_create(
        actor=None,
        username="eleanor",
        password="a long enough secret",
        role=Role.ADMIN,
        first_name="Eleanor",
        last_name="Voss",
    )


def sign_in(page, live_server, username="eleanor", password="a long enough secret"):
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def test_sign_in_and_visit_every_top_level_page(page, live_server, company):
    page.goto(f"{live_server.url}/")
    screenshot(page, "login")
    sign_in(page, live_server)
    page.wait_for_selector("h1:has-text('Riverbend Books')")
    screenshot(page, "home")
    for section in SECTIONS:
        page.click(f"nav.sidebar >> text={section.label}")
        page.wait_for_url(f"**{section.url}")
        current = page.locator("nav.sidebar a[aria-current=page]")
        assert current.inner_text() == section.label
        assert page.locator("main h1").count() == 1
        screenshot(page, f"section-{section.key}")
    for label in ["People", "Audit log"]:
        page.click(f"nav.sidebar >> text={label}")
        expect(page.locator("main h1")).to_have_text(label)
    screenshot(page, "audit")


def test_wrong_password_shows_an_error_and_stays_on_the_form(page, live_server, company):
    sign_in(page, live_server, password="wrong password")
    assert page.locator(".form-errors").is_visible()
    assert "/login/" in page.url


def test_creating_a_token_shows_it_once(page, live_server, company):
    sign_in(page, live_server)
    page.click("nav.sidebar .whoami a")
    page.fill("#id_name", "")
    page.click("text=Create token")
    expect(page.locator(".field-invalid")).to_have_count(1)
    page.fill("#id_name", "nightly import")
    page.click("text=Create token")
    token = page.locator("#new-token").inner_text()
    assert token.startswith("dy_")
    screenshot(page, "account")
    page.goto(page.url)
    expect(page.locator("#new-token")).to_have_count(0)
