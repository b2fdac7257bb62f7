"""The customers and ideas pages in a browser: themes, an idea submitted with similar ideas
suggested while typing, a no in writing, the next level up, and the yes that starts a PR/FAQ."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dayone.customers import model_available
from dayone.server.core import services
from dayone.server.customers import services as customer_services
from dayone.server.customers.models import Anecdote, Idea, Theme
from dayone.server.teams import services as team_services
from tests.browser.conftest import screenshot, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "riverbend-browser"
NO_REASON = "Not this quarter: the new phone system takes the whole team until March."


@pytest.fixture
def shop(transactional_db):
    services.organization_set(actor=None, name="Riverbend Books")

    def person(username: str, first: str, last: str):
        return services.user_create(
            actor=None,
            username=username,
            password=PASSWORD,
            role="member",
            first_name=first,
            last_name=last,
            check_password=False,
        )

    chief, lead, pat = (
        person("daniel", "Daniel", "Kowalczyk"),
        person("olivia", "Olivia", "Bennett"),
        person("pat", "Pat", "Lee"),
    )
    team_services.team_create(actor=None, name="Operations", leader=chief, is_leadership=True)
    support = team_services.team_create(
        actor=None, name="Customer Service", leader=lead, reports_to=chief
    )
    team_services.team_member_add(actor=None, team=support, person=pat)
    theme = Theme.objects.create(label="Could not reach a person", centroid=b"", team=support)
    for n, text in enumerate(
        (
            "I was on hold for 40 minutes and the line went dead.",
            "The phone rings out, nobody picks up.",
            "No reply to my two e-mails in a week.",
        )
    ):
        Anecdote.objects.create(
            text=text,
            channel="call",
            said_on=dt.date(2026, 11, 2) + dt.timedelta(days=n),
            fingerprint=f"browser-{n}",
            theme=theme,
        )
    customer_services.idea_submit(
        actor=lead,
        title="Call customers back instead of keeping them on hold",
        customer="Customers who phone about a late order.",
        problem="They wait on hold for half an hour and hang up.",
        evidence="Call anecdotes every week.",
    )
    return {"chief": chief, "lead": lead, "pat": pat}


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("main h1")


def test_an_idea_from_the_customer_to_a_yes(browser, page, live_server, shop):
    sign_in(page, live_server, "pat")
    page.click("nav.sidebar >> text=Customers")
    expect(page.locator("main h1")).to_have_text("Customers")
    expect(page.locator("text=Could not reach a person").first).to_be_visible()
    screenshot(page, "customers-home")

    page.click("main >> text=Ideas")
    expect(page.locator("#ideas")).to_contain_text("Call customers back")
    screenshot(page, "ideas-list")

    page.click("text=Submit an idea")
    page.fill("#id_title", "Ring people back when the queue is long")
    page.fill("#id_problem", "Callers wait on hold and give up.")
    if model_available():
        expect(page.locator("#similar-ideas")).to_contain_text(
            "Call customers back instead of keeping them on hold", timeout=20_000
        )
    page.fill("#id_evidence", "Three call anecdotes this month.")
    page.fill("#id_leader", "olivia")
    page.click("main button[type=submit]")
    expect(page.locator(".field-invalid .error").first).to_contain_text("This field is required.")
    screenshot(page, "idea-form-errors")
    page.fill("#id_customer", "Customers who <b>phone</b> us about a late order.")
    page.click("main button[type=submit]")
    expect(page.locator("main h1")).to_have_text("Ring people back when the queue is long")
    expect(page.locator("text=Customers who <b>phone</b> us")).to_be_visible()
    idea = Idea.objects.get(title__startswith="Ring people back")

    leader = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
    sign_in(leader, live_server, "olivia")
    leader.goto(f"{live_server.url}/customers/ideas/{idea.pk}/")
    leader.check("#answer-form input[value=no]")
    leader.click("#answer-form button[type=submit]")
    expect(leader.locator("#answer-form")).to_contain_text("A no needs a written reason")
    leader.check("#answer-form input[value=no]")
    leader.fill("#answer-form textarea[name=reason]", NO_REASON)
    leader.click("#answer-form button[type=submit]")
    expect(leader.locator("#idea-paths")).to_contain_text(NO_REASON)

    page.reload()
    expect(page.locator("#idea-paths")).to_contain_text(NO_REASON)
    page.click("text=Take it to the next level up")
    expect(page.locator("#idea-paths")).to_contain_text("The next level up")
    screenshot(page, "idea-detail-after-no")

    chief = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
    sign_in(chief, live_server, "daniel")
    chief.goto(f"{live_server.url}/customers/ideas/{idea.pk}/")
    chief.check("#answer-form input[value=yes]")
    chief.click("#answer-form button[type=submit]")
    expect(chief.locator("main")).to_contain_text("The yes started the PR/FAQ")
    chief.click("main >> text=The yes started the PR/FAQ >> a")
    expect(chief.locator("#panel-ideas")).to_contain_text("Where it came from")
    screenshot(chief, "prfaq-from-idea")

    page.goto(f"{live_server.url}/customers/ideas/")
    expect(page.locator("#idea-stats")).to_contain_text("1 of 1 ideas that heard a no")
    screenshot(page, "ideas-stats")
    for reader in (page, leader, chief):  # before the database is emptied for the next test
        settle(reader)


def test_quick_capture_from_the_sidebar_of_any_page(page, live_server, shop):
    sign_in(page, live_server, "pat")
    page.goto(f"{live_server.url}/goals/")
    page.click("nav.sidebar >> text=+ What a customer said")
    page.fill("#quick-capture-text", "The line just rings out, <b>nobody</b> picks up.")
    page.select_option("#quick-capture-channel", "call")
    screenshot(page, "quick-capture-open")
    page.click(".quick-capture button[type=submit]")

    expect(page.locator("main h1")).to_have_text("Goals")
    expect(page.locator(".messages")).to_contain_text("Anecdote captured.")
    captured = Anecdote.objects.get(text__startswith="The line just rings out")
    assert captured.channel == "call"
    assert captured.said_on == timezone.localdate()
