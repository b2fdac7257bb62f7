from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from dayone.server.core import services
from dayone.server.core.demo import DemoContext, last_week_ending
from dayone.server.decisions import services as decision_services
from dayone.server.decisions.demo import load_demo
from dayone.server.decisions.enums import SourceKind
from dayone.server.decisions.models import Decision
from dayone.server.goals.services import goal_create, goal_review_add
from dayone.server.teams.services import team_create, team_member_add
from tests.browser.conftest import SCREENSHOTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "riverbend"


@pytest.fixture
def riverbend(transactional_db, tmp_path: Path, demo_people):
    services.organization_set(actor=None, name="Riverbend Books")
    people = demo_people
    end = last_week_ending(timezone.localdate())
    load_demo(DemoContext(end=end, seed=7, people=people, warehouse=tmp_path, note=lambda _m: None))
    return people


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("main h1")


def test_propose_weigh_in_and_decide_in_the_browser(page, live_server, riverbend):
    sign_in(page, live_server, "eleanor.voss")
    assert page.locator("text=Overdue escalations").is_visible()
    screenshot(page, "decisions-home-escalation")

    page.click("nav.sidebar >> text=Decisions")
    page.wait_for_selector("table.dec-table")
    screenshot(page, "decisions-list")
    page.select_option("select[name=door]", "one_way")
    page.wait_for_url("**door=one_way**")
    page.wait_for_function("document.querySelectorAll('table.dec-table tbody tr').length === 6")
    assert page.locator("table.dec-table tbody tr").count() == 6

    page.click("text=Let marketplace sellers win the buy box against our own stock?")
    page.wait_for_selector("#escalations")
    assert page.locator(".dec-clock.dec-bad").is_visible()
    screenshot(page, "decisions-detail-escalated")

    page.goto(f"{live_server.url}/decisions/new/")
    page.fill("#id_question", "Add a Spanish-language storefront?")
    page.fill("#id_options-0-label", "Launch in Q3")
    page.fill("#id_options-1-label", "Wait for 2027")
    page.select_option("#id_stakeholders", label="Hannah Lindqvist")
    page.click("button:has-text('Propose decision')")
    expect(page.locator(".field-invalid")).to_have_count(1)
    assert page.locator("text=Choose the door type").is_visible()
    screenshot(page, "decisions-propose-error")
    page.check("input[name=door][value=two_way]")
    page.click("button:has-text('Propose decision')")
    page.wait_for_selector("text=Decision proposed")
    decision = Decision.objects.get(question="Add a Spanish-language storefront?")
    assert page.locator("#decide").is_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, "hannah.lindqvist")
    page.goto(f"{live_server.url}/decisions/{decision.pk}/")
    page.check("input[name=kind][value=disagree_commit]")
    page.fill("#id_objection", "Spanish catalogue is only 4,000 titles; too thin to launch.")
    page.click("button:has-text('Record my stance')")
    page.wait_for_selector("text=Committed")

    page.context.clear_cookies()
    sign_in(page, live_server, "eleanor.voss")
    page.goto(f"{live_server.url}/decisions/{decision.pk}/")
    page.check("#decide input[name=option] >> nth=0")
    page.fill(
        "#id_rationale",
        "A two-way door: we learn more from a small launch than from more research.",
    )
    page.click("#decide button:has-text('Decide')")
    page.wait_for_selector("text=The call: Launch in Q3")
    screenshot(page, "decisions-detail-decided")
    decision.refresh_from_db()
    assert decision.status == "decided"

    page.click("nav.sidebar >> text=Decisions")
    page.click(".subnav >> text=Velocity")
    page.wait_for_selector(".chart-vega svg")
    assert page.locator(".chart-vega svg").count() == 5
    screenshot(page, "decisions-velocity")


def test_a_decision_page_leads_to_its_goal_and_team_with_their_status(page, live_server, riverbend):
    eleanor, ryan = riverbend["eleanor.voss"], riverbend["ryan.gallagher"]
    team = team_create(actor=None, name="Fulfilment", leader=ryan)
    team_member_add(actor=None, team=team, person=eleanor)
    goal = goal_create(
        actor=None,
        text="Deliver 95% of orders within two days by 30 June",
        owner=ryan,
        team=team,
        due_on=timezone.localdate() + timedelta(days=120),
        judged_by="The carrier's doorstep scans, counted by the fulfilment team.",
    )
    goal_review_add(
        actor=None, goal=goal, status="green", note="93.8% in two days in May, from 91.2%."
    )
    decision = Decision.objects.filter(status="open").order_by("pk").first()
    decision_services.decision_link_source(
        actor=eleanor,
        decision=decision,
        kind=SourceKind.GOAL,
        ref=str(goal.pk),
        title=goal.text,
        url=reverse("goals:detail", args=[goal.pk]),
    )

    sign_in(page, live_server, "priya.raman")
    page.goto(f"{live_server.url}/decisions/{decision.pk}/")
    linked = page.locator("#linked")
    assert linked.locator("text=Green").is_visible()
    assert linked.locator("text=No document: no PR/FAQ or narrative led to this").is_visible()
    assert linked.locator("text=No experiment").is_visible()
    screenshot(page, "decisions-detail-linked")
    linked.screenshot(path=str(SCREENSHOTS / "decisions-linked.png"))

    linked.locator(f"a:has-text('{goal.text}')").click()
    page.wait_for_url(f"**/goals/{goal.pk}/")
    page.go_back()
    page.locator("#linked a:has-text('Fulfilment')").click()
    page.wait_for_url(f"**/teams/{team.slug}/")
    assert page.locator("main h1").inner_text() == "Fulfilment"
