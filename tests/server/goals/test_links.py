"""The parts link to each other with their status: a metric's page lists its goals (a past-due
one flagged), the decisions about them, the teams it measures with their initiatives and the
experiments that move it; an experiment links its WBR metric and the goals it serves; a goal
lists the experiments on its metric; counts are whole numbers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dayone.server.goals import services
from dayone.server.teams import services as org_services
from dayone.server.wbr.catalogue import MetricInfo, metric_format
from tests.server.weblab.conftest import make_experiment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue", "warehouse")]

TODAY = timezone.localdate()
METRIC = "two_day_delivery_rate"


@pytest.fixture
def warehouse(settings, tmp_path):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"


@pytest.fixture
def linked(admin):
    team = org_services.team_create(actor=admin, name="Fulfilment", leader=admin)
    org_services.team_metric_add(actor=admin, team=team, metric_key=METRIC)
    org_services.initiative_create(actor=admin, team=team, name="Sunday deliveries", leader=admin)
    late = services.goal_create(
        actor=admin,
        text="Deliver 40% of shipments within two days by last week",
        owner=admin,
        team=team,
        starts_on=TODAY - timedelta(days=120),
        due_on=TODAY - timedelta(days=3),
        metric_key=METRIC,
        target=0.4,
    )
    experiment = make_experiment(
        admin, key="sunday-run", name="Sunday carrier run", wbr_metric_key=METRIC
    )
    return {"team": team, "late": late, "experiment": experiment}


def test_a_metric_page_lists_its_goals_decisions_teams_initiatives_and_experiments(
    admin_client, linked
):
    page = admin_client.get(reverse("wbr:metric", args=[METRIC])).content.decode()
    late = linked["late"]
    assert f'href="/goals/{late.pk}/"' in page
    assert "Past due" in page
    assert f'href="/teams/{linked["team"].slug}/"' in page
    assert "Sunday deliveries" in page
    assert f'href="/weblab/experiments/{linked["experiment"].pk}/"' in page
    assert "Draft" in page  # the experiment's status
    assert "No decision is about a goal on this metric yet." in page


def test_an_experiment_links_its_metric_and_the_goal_it_serves(admin_client, linked):
    page = admin_client.get(
        reverse("weblab:detail", args=[linked["experiment"].pk])
    ).content.decode()
    assert f'href="/wbr/metrics/{METRIC}/"' in page
    assert "The goals it serves" in page
    assert f'href="/goals/{linked["late"].pk}/"' in page


def test_a_goal_lists_the_experiments_on_its_metric_and_says_it_is_past_due(admin_client, linked):
    page = admin_client.get(reverse("goals:detail", args=[linked["late"].pk])).content.decode()
    assert f'href="/weblab/experiments/{linked["experiment"].pk}/"' in page
    assert "Past due" in page


def test_a_past_due_goal_is_flagged_on_its_team_and_the_home_page(admin_client, linked):
    team_page = admin_client.get(
        reverse("teams:team_detail", args=[linked["team"].slug])
    ).content.decode()
    home = admin_client.get("/").content.decode()
    for page in (team_page, home):
        assert "Past due" in page
        assert f'href="/goals/{linked["late"].pk}/"' in page


def test_counts_are_whole_numbers_and_other_units_keep_their_decimals():
    titles = MetricInfo("selection", "Selection", "titles", "last", False, False, "")
    orders = MetricInfo("orders", "Orders", "orders", "sum", False, False, "")
    hours = MetricInfo("ctd_hours", "Click to deliver", "hours", "ratio", False, False, "")
    assert metric_format(titles, 2485783.08) == "2,485,783"
    assert metric_format(orders, 1577251.4) == "1,577,251"
    assert metric_format(hours, 58.3817) == "58.38"
