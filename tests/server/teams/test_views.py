from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dayone.server.teams import services
from dayone.server.teams.models import Membership, Team, TeamDependency
from tests.server.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


@pytest.fixture
def org(admin):
    """Six teams: one with every warning, linked by dependencies, with initiatives."""
    sponsor = UserFactory(first_name="Priya", last_name="Raman", title="CTO")
    top = services.team_create(actor=admin, name="Leadership", leader=admin, is_leadership=True)
    teams = [
        services.team_create(
            actor=admin, name=f"Team {n}", leader=UserFactory(), reports_to=sponsor
        )
        for n in range(5)
    ]
    for other in teams[1:]:
        services.team_dependency_add(actor=admin, team=teams[0], depends_on=other)
    for team in teams:
        services.team_metric_add(actor=admin, team=team, metric_key="orders")
        services.initiative_create(actor=admin, team=team, name=f"{team} bet", leader=UserFactory())
    for _ in range(11):
        services.team_member_add(actor=admin, team=teams[1], person=UserFactory())
    return top, teams


def test_org_chart_shows_teams_warnings_and_the_dependency_charts(
    member_client, org, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        response = member_client.get(reverse("teams:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reports to Priya Raman" in html
    assert "Team 1 has 12 people, past two pizzas (10)" in html
    assert "Team 0 depends on 4 teams, 1 more than 3" in html
    assert "Leadership has no metric" in html
    assert html.count('class="chart"') == 2
    for team in Team.objects.all():
        assert reverse("teams:team_detail", args=[team.slug]) in html


def test_empty_org_chart_says_how_to_start(member_client):
    html = member_client.get(reverse("teams:index")).content.decode()
    assert "No teams yet" in html
    assert reverse("teams:team_create") in html


def test_team_page_lists_members_metrics_dependencies_and_goals(
    member_client, org, django_assert_max_num_queries
):
    team = org[1][0]
    # the catalogue adds two: the team's metric names and the add-a-metric choices; the
    # customers panels one each: the team's themes and its ideas; and the tables' marks
    with django_assert_max_num_queries(27):
        response = member_client.get(reverse("teams:team_detail", args=[team.slug]))
    html = response.content.decode()
    assert "<code>orders</code>" in html
    assert "Depends on (4)" in html
    assert "Team 0 bet" in html
    assert 'id="panel-goals"' in html


def test_create_team_add_member_twice_and_a_cycle_through_the_web(member_client, member, org):
    response = member_client.post(
        reverse("teams:team_create"),
        {"name": "Reader Apps", "mission": "Apps", "leader": member.pk},
    )
    team = Team.objects.get(name="Reader Apps")
    assert response.url == reverse("teams:team_detail", args=[team.slug])

    response = member_client.post(
        reverse("teams:team_member_add", args=[team.slug]), {"person": member.pk}
    )
    assert response.status_code == 422
    assert "is already a member of Reader Apps" in response.content.decode()
    assert Membership.objects.filter(team=team, person=member).count() == 1

    first = org[1][0]
    member_client.post(
        reverse("teams:team_dependency_add", args=[team.slug]), {"depends_on": first.pk}
    )
    response = member_client.post(
        reverse("teams:team_dependency_add", args=[first.slug]), {"depends_on": team.pk}
    )
    assert response.status_code == 422
    assert "would make a cycle" in response.content.decode()
    assert not TeamDependency.objects.filter(team=first, depends_on=team).exists()


def test_duplicate_team_name_is_shown_on_the_field(member_client, org):
    response = member_client.post(reverse("teams:team_create"), {"name": "team 0"})
    assert response.status_code == 200
    assert services.TEAM_NAME_TAKEN in response.content.decode()


def test_viewers_read_but_cannot_write(client, viewer, org):
    client.force_login(viewer)
    team = org[1][0]
    html = client.get(reverse("teams:team_detail", args=[team.slug])).content.decode()
    assert "Add member" not in html
    response = client.post(
        reverse("teams:team_member_add", args=[team.slug]), {"person": viewer.pk}
    )
    assert response.status_code == 403
    assert client.post(reverse("teams:team_create"), {"name": "X"}).status_code == 403


def test_second_leader_is_refused_on_the_initiative_page(member_client, org):
    initiative = org[1][0].initiatives.get()
    url = reverse("teams:initiative_detail", args=[initiative.pk])
    other = UserFactory()
    response = member_client.post(url, {"form": "leader", "leader": other.pk})
    assert response.status_code == 422
    assert "already has a single-threaded leader" in response.content.decode()
    response = member_client.post(url, {"form": "leader", "leader": other.pk, "hand_over": "on"})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.leader == other


def test_initiative_list_and_principles(member_client, admin, org, django_assert_max_num_queries):
    admin_client = Client()
    admin_client.force_login(admin)
    with django_assert_max_num_queries(15):
        response = member_client.get(reverse("teams:initiative_list"))
    assert "Team 4 bet" in response.content.decode()
    assert (
        "Load the starter set"
        not in member_client.get(reverse("teams:principle_list")).content.decode()
    )
    admin_client.post(reverse("teams:principles_seed"))
    html = admin_client.get(reverse("teams:principle_list")).content.decode()
    assert "Success and Scale Bring Broad Responsibility" in html
    response = admin_client.post(
        reverse("teams:principle_detail", args=["frugality"]),
        {
            "name": "Frugality",
            "description": "Spend like it is yours.",
            "note": "Shorter",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    html = admin_client.get(reverse("teams:principle_detail", args=["frugality"])).content.decode()
    assert "Revision 2" in html
    assert "Shorter" in html


def test_policy_is_for_admins(member_client, admin):
    admin_client = Client()
    admin_client.force_login(admin)
    assert (
        member_client.post(
            reverse("teams:policy_edit"), {"two_pizza_limit": 8, "dependency_limit": 2}
        ).status_code
        == 403
    )
    response = admin_client.post(
        reverse("teams:policy_edit"), {"two_pizza_limit": 1, "dependency_limit": 2}
    )
    assert "field-invalid" in response.content.decode()
    assert (
        admin_client.post(
            reverse("teams:policy_edit"), {"two_pizza_limit": 8, "dependency_limit": 2}
        ).status_code
        == 302
    )
