"""Weblab on other pages: running experiments and learnings on the home page, a team's
experiments on its page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from dayone.server.teams.services import team_create
from dayone.server.weblab import services
from tests.server.weblab.conftest import START, make_experiment

pytestmark = pytest.mark.django_db


def test_home_shows_what_runs_and_what_was_learned(member_client, member):
    home = member_client.get("/").content.decode()
    assert "home-panel-weblab" not in home, "no experiments, no panel"

    live = services.experiment_start(
        actor=member, experiment=make_experiment(member, key="bigger-covers", name="Bigger covers")
    )
    done = services.experiment_start(
        actor=member,
        experiment=make_experiment(member, key="gift-wrap", name="Gift wrap at checkout"),
        at=START,
    )
    services.experiment_conclude(
        actor=member,
        experiment=done,
        conclusion="stop",
        learning="Nobody wraps paperbacks: stop offering it on them.",
        result="lost",
        at=START + timedelta(days=14),
    )
    home = member_client.get("/").content.decode()
    assert "home-panel-weblab" in home
    assert live.name in home
    assert reverse("weblab:detail", args=[live.pk]) in home
    assert "Nobody wraps paperbacks" in home
    assert "<strong>1</strong> running" in home
    assert "<strong>0%</strong> of 1 won" in home


def test_a_team_page_lists_the_team_experiments_only(member_client, member):
    ours = team_create(actor=None, name="Checkout", leader=member)
    theirs = team_create(actor=None, name="Search", leader=member)
    mine = make_experiment(member, key="one-click", name="One-click reorder", team=ours)
    other = make_experiment(member, key="typo-search", name="Typo-tolerant search", team=theirs)
    page = member_client.get(reverse("teams:team_detail", args=[ours.slug])).content.decode()
    assert 'id="panel-experiments"' in page
    assert mine.name in page
    assert other.name not in page
