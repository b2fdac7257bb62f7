from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dayone.server.core import services as core_services
from dayone.server.core.enums import Role
from dayone.server.goals import services as goal_services
from dayone.server.teams import services
from tests.browser.conftest import screenshot
from tests.browser.test_navigation import sign_in
from tests.server.factories import metric_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def company(transactional_db):
    core_services.organization_set(actor=None, name="Riverbend Books")
    ceo = core_services.user_create(
        actor=None,
        username="eleanor",
        password="a long enough secret",
        role=Role.ADMIN,
        first_name="Eleanor",
        last_name="Voss",
        title="Chief Executive Officer",
    )
    people = [
        core_services.user_create(
            actor=None,
            username=f"p{n}",
            password="x",
            first_name=name,
            last_name="Reed",
            check_password=False,
        )
        for n, name in enumerate(["Kenji", "Laura", "Omar", "Isabel", "Arjun", "Hannah", "Aisha"])
    ]
    metric_catalogue(owner=ceo)
    top = services.team_create(actor=ceo, name="Leadership", leader=ceo, is_leadership=True)
    services.team_metric_add(actor=ceo, team=top, metric_key="revenue")
    search = services.team_create(actor=ceo, name="Search", leader=people[0], reports_to=ceo)
    catalog = services.team_create(actor=ceo, name="Catalog", leader=people[3], reports_to=ceo)
    store = services.team_create(actor=ceo, name="Storefront", leader=people[5], reports_to=ceo)
    for person in people[1:3]:
        services.team_member_add(actor=ceo, team=search, person=person)
    services.team_metric_add(actor=ceo, team=search, metric_key="zero_result_rate")
    services.team_dependency_add(actor=ceo, team=search, depends_on=catalog)
    for other in (search, catalog):
        services.team_dependency_add(actor=ceo, team=store, depends_on=other)
    services.initiative_create(actor=ceo, team=search, name="Semantic search", leader=people[1])
    services.initiative_create(actor=ceo, team=search, name="Recommendations", leader=people[2])
    services.initiative_create(actor=ceo, team=catalog, name="Seller onboarding")
    today = timezone.localdate()
    goal = goal_services.goal_create(
        actor=ceo,
        text="Cut searches with zero results to 3% by the end of the quarter",
        owner=people[0],
        team=search,
        starts_on=today - timedelta(days=120),
        due_on=today + timedelta(days=60),
        metric_key="zero_result_rate",
        target=0.03,
        direction="at_most",
        elevated=True,
    )
    for days, status in ((90, "green"), (60, "green"), (30, "yellow")):
        goal_services.goal_review_add(
            actor=people[0],
            goal=goal,
            status=status,
            note="Zero-result searches are at 3.4% and falling.",
            plan="Add synonyms for the top fifty misses." if status == "yellow" else "",
            reviewed_on=today - timedelta(days=days),
        )
    return ceo


def test_org_chart_team_page_and_a_goal_from_draft_to_review(page, live_server, company):
    sign_in(page, live_server)
    page.click("nav.sidebar >> text=Teams & Goals")
    page.wait_for_selector("h2:has-text('What needs attention')")
    page.wait_for_selector(".chart-vega svg")
    screenshot(page, "org-chart")

    page.click(".team-card:has-text('Search')")
    page.wait_for_selector("h1:has-text('Search')")
    page.select_option("#id_person", label="Laura Reed")
    page.click("text=Add member")
    expect(
        page.locator(".field-invalid").filter(has_text="already a member of Search")
    ).to_have_count(1)
    screenshot(page, "org-team")

    page.click(".subnav >> text=Goals")
    page.wait_for_selector(".chart-vega svg")
    screenshot(page, "goals-list")
    page.click("text=New goal")
    page.fill("#id_text", "Make search better")
    page.wait_for_selector("#goal-lint code:has-text('measurable')")
    screenshot(page, "goals-new-lint")
    page.fill("#id_text", "Raise search click rate to 75% by 30 June")
    page.select_option("#id_team", label="Search")
    page.fill("#id_due_on", (timezone.localdate() + timedelta(days=90)).isoformat())
    page.select_option("#id_metric_key", "search_click_rate")
    page.fill("#id_target", "75%")
    page.click("button:has-text('Set goal')")
    page.wait_for_selector("h2:has-text('Measured by')")

    page.check("input[name=status][value=red]")
    page.fill("#id_note", "71% after the ranking change")
    page.click("button:has-text('Add review')")
    expect(page.locator(".field-invalid").filter(has_text="write the plan")).to_have_count(1)
    page.check("input[name=status][value=red]")
    page.fill("#id_plan", "Roll back the ranking change; re-run the experiment")
    page.click("button:has-text('Add review')")
    page.wait_for_selector(".timeline li.status-red")
    screenshot(page, "goals-detail")

    page.click(".subnav >> text=Leadership team's list")
    expect(page.locator("td a").filter(has_text="zero results")).to_have_count(1)
    screenshot(page, "goals-leadership")
