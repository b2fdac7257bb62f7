from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dayone.server.goals import services
from dayone.server.goals.models import Goal
from dayone.server.teams import services as org_services
from tests.server.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

TODAY = timezone.localdate()


def detail_links(html: str) -> set[str]:
    return set(re.findall(r'href="(/goals/\d+/)"', html))


@pytest.fixture
def team(admin):
    team = org_services.team_create(actor=admin, name="Fulfilment", leader=admin)
    org_services.team_metric_add(actor=admin, team=team, metric_key="two_day_delivery_rate")
    return team


@pytest.fixture
def goals(admin, team):
    """Thirty goals with a few months of reviews each."""
    made = []
    for n in range(30):
        goal = services.goal_create(
            actor=admin,
            text=f"Deliver {80 + n % 15}% of shipments within two days by June",
            owner=UserFactory(),
            team=team,
            starts_on=TODAY - timedelta(days=150),
            due_on=TODAY + timedelta(days=60 + n),
            metric_key="two_day_delivery_rate",
            target=0.9,
            elevated=n % 5 == 0,
        )
        for months_ago, status in ((4, "green"), (2, "yellow"), (0, "green")):
            services.goal_review_add(
                actor=goal.owner,
                goal=goal,
                status=status,
                note="Where it stands: the team checked this week.",
                plan="Mitigation: the team checked this week." if status == "yellow" else "",
                reviewed_on=TODAY - timedelta(days=30 * months_ago),
            )
        made.append(goal)
    return made


def test_goal_list_pages_filters_and_draws_status_over_time(
    member_client, goals, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = member_client.get(reverse("goals:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Page 1 of 2" in html
    assert 'class="chart"' in html
    assert html.count("dot dot-green") >= 25
    response = member_client.get(reverse("goals:index"), {"q": "94%"})
    assert len(detail_links(response.content.decode())) == 2  # 94% is n = 14 and n = 29
    response = member_client.get(reverse("goals:index"), {"page": 2, "team": "fulfilment"})
    assert "Page 2 of 2" in response.content.decode()


def test_leadership_list_shows_only_elevated_goals(member_client, goals):
    html = member_client.get(reverse("goals:leadership")).content.decode()
    assert len(detail_links(html)) == 6


def test_set_review_and_see_a_goal_through_the_web(member_client, member, team):
    response = member_client.post(reverse("goals:create"), {"text": "", "team": team.pk})
    assert response.status_code == 422
    html = response.content.decode()
    assert services.NO_OWNER in html
    assert services.NO_DUE_DATE in html
    response = member_client.post(
        reverse("goals:create"),
        {
            "text": "Deliver 92% of shipments within two days by 30 June",
            "team": team.pk,
            "owner": member.pk,
            "due_on": (TODAY + timedelta(days=90)).isoformat(),
            "metric_key": "two_day_delivery_rate",
            "target": "92%",
            "direction": "at_least",
            "kind": "input",
        },
    )
    goal = Goal.objects.get()
    assert response.url == reverse("goals:detail", args=[goal.pk])
    assert goal.target == pytest.approx(0.92)

    url = reverse("goals:review", args=[goal.pk])
    member_client.post(
        url, {"status": "green", "note": "91% in week 2: the team checked this week."}
    )
    response = member_client.post(
        url,
        {
            "status": "red",
            "note": "84%: the team checked this week.",
            "plan": "Second carrier: the team checked this week.",
        },
    )
    assert response.status_code == 422
    assert services.JUMP_NEEDED in response.content.decode()
    assert goal.reviews.count() == 1
    response = member_client.get(reverse("goals:detail", args=[goal.pk]))
    html = response.content.decode()
    assert "91% in week 2" in html
    assert "92.0%" in html


def test_live_goal_check(member_client, team):
    response = member_client.post(
        reverse("goals:lint"), {"text": "Improve search", "team": team.pk}
    )
    html = response.content.decode()
    assert "<code>dated</code>" in html
    assert "<code>measurable</code>" in html


def test_detail_query_count_and_viewers_cannot_review(
    client, viewer, goals, django_assert_max_num_queries
):
    client.force_login(viewer)
    goal = goals[0]
    with django_assert_max_num_queries(14):  # with the experiments on its metric, and the marks
        response = client.get(reverse("goals:detail", args=[goal.pk]))
    assert "Add review" not in response.content.decode()
    response = client.post(
        reverse("goals:review", args=[goal.pk]),
        {"status": "green", "note": "x: the team checked this week."},
    )
    assert response.status_code == 403
    assert goal.reviews.count() == 3


def test_team_page_shows_its_goals(member_client, team, goals):
    html = member_client.get(reverse("teams:team_detail", args=[team.slug])).content.decode()
    assert html.count("Leadership list") == 6
    assert reverse("goals:detail", args=[goals[0].pk]) in html


def test_a_count_metric_takes_a_whole_number_target(member_client, member, team):
    form = {
        "text": "Take 40,000 orders a week by 30 June",
        "team": team.pk,
        "owner": member.pk,
        "due_on": (TODAY + timedelta(days=90)).isoformat(),
        "metric_key": "orders",
        "target": "10.5",
        "direction": "at_least",
        "kind": "output",
    }
    response = member_client.post(reverse("goals:create"), form)
    assert response.status_code == 422
    html = response.content.decode()
    assert "The target must be a whole number: Orders counts whole things" in html
    assert "write 10 or 11" in html
    target = re.search(r'<input[^>]*name="target"[^>]*>', html).group(0)
    assert 'type="number"' in target
    assert 'step="1"' in target
    assert not Goal.objects.exists()
    response = member_client.post(reverse("goals:create"), {**form, "target": "40,000"})
    assert Goal.objects.get().target == 40_000
    # a rate still takes a fraction, and its input takes a percentage
    page = member_client.get(reverse("goals:create")).content.decode()
    target = re.search(r'<input[^>]*name="target"[^>]*>', page).group(0)
    assert 'type="text"' in target
