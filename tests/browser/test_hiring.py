"""Hiring in the browser: an interviewer's kit with its questions and warnings, private notes
saved as they type, feedback submitted; the loop, the question bank and the Bar Raiser pool."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from playwright.sync_api import expect

from dayone.server.core.models import User
from tests.browser.conftest import screenshot
from tests.server.hiring.conftest import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "riverbend"


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("main h1")


@pytest.fixture
def planned(transactional_db):
    world = make_world()
    User.objects.update(password=make_password(PASSWORD))
    loop = world.plan()
    return world, loop


def test_an_interviewer_writes_feedback_in_the_kit(page, live_server, planned):
    world, loop = planned
    me = world.interviewers[0]
    interview = loop.interviews.get(interviewer=me)
    sign_in(page, live_server, me.username)
    page.goto(f"{live_server.url}/hiring/interviews/{interview.pk}/")
    expect(page.locator("h1")).to_contain_text("Interview kit")
    # Principle 0 is also the Bar Raiser's, principle 1 also ivy1's: each question warns.
    expect(page.locator(".doc-guidance .doc-finding").first).to_contain_text("Also planned for")
    page.fill("#id_notes", "Asked about the returns rework; ask for numbers.")
    expect(page.locator("#notes-saved")).to_contain_text("Saved at", timeout=5000)
    interview.refresh_from_db()
    assert interview.notes.startswith("Asked about the returns rework")
    screenshot(page, "hiring-kit")
    for principle in interview.principles.all():
        page.check(f"input[name=rating_{principle.pk}][value=inclined]")
        page.fill(
            f"#id_evidence_{principle.pk}",
            f"She rebuilt the {principle.name} checklist and cut returns by 12% in 6 weeks.",
        )
    page.check("input[name=overall][value=inclined]")
    page.check("input[name=raises_bar][value=yes]")
    page.fill("#id_raises_bar_reason", "She did better than half of the engineers on the team.")
    page.click("button:has-text('Submit your feedback')")
    expect(page.locator("main")).to_contain_text("Feedback submitted")
    assert interview.feedback.count() == 1

    page.goto(f"{live_server.url}/hiring/loops/{loop.pk}/")
    expect(page.locator("#seats")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Overdue")
    screenshot(page, "hiring-loop")

    page.goto(f"{live_server.url}/hiring/questions/")
    expect(page.locator("h1")).to_have_text("Question bank")
    assert page.locator(".doc-guidance").count() >= 16
    screenshot(page, "hiring-questions")


def test_the_pool_shows_the_record_to_calibration_readers(page, live_server, planned):
    world, _ = planned
    sign_in(page, live_server, world.admin.username)
    page.goto(f"{live_server.url}/hiring/bar-raisers/")
    expect(page.locator("thead")).to_contain_text("Vote matched the outcome")
    expect(page.locator("tbody")).to_contain_text(str(world.raiser))
    screenshot(page, "hiring-bar-raisers")
