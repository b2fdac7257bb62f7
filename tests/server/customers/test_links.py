"""Where customers show on other pages: a team's page lists its themes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dayone.server.customers.enums import IdeaStatus
from dayone.server.customers.models import Anecdote, Idea, Theme
from dayone.server.teams import services as team_services

pytestmark = pytest.mark.django_db


def _theme(label: str, size: int, **links) -> Theme:
    theme = Theme.objects.create(label=label, centroid=b"", **links)
    for n in range(size):
        Anecdote.objects.create(
            text=f"{label} {n}",
            channel="support",
            said_on=dt.date(2026, 1, 5),
            fingerprint=f"{label}-{n}",
            theme=theme,
        )
    return theme


def test_team_page_lists_the_themes_it_owns_and_those_of_its_metrics(member_client, admin, metric):
    team = team_services.team_create(actor=admin, name="Support", leader=admin)
    other = team_services.team_create(actor=admin, name="Catalogue", leader=admin)
    team_services.team_metric_add(actor=admin, team=team, metric_key=metric.key)
    _theme("Late parcels", 3, team=team)
    linked = _theme("Could not reach a person", 5)
    linked.metrics.add(metric)
    _theme("Wrong cover art", 2, team=other)

    html = member_client.get(reverse("teams:team_detail", args=[team.slug])).content.decode()
    assert 'id="panel-customers"' in html
    assert 'Could not reach a person</a> <span class="home-meta">5 anecdotes' in html
    assert 'Late parcels</a> <span class="home-meta">3 anecdotes' in html
    assert html.index("Could not reach a person") < html.index("Late parcels")
    assert "Wrong cover art" not in html

    empty = member_client.get(reverse("teams:team_detail", args=["catalogue"])).content.decode()
    assert "Wrong cover art" in empty
    assert "Late parcels" not in empty


def test_team_page_lists_its_ideas(member_client, member, admin):
    team = team_services.team_create(actor=admin, name="Support", leader=admin)
    Idea.objects.create(
        title="Call-back instead of hold",
        customer="c",
        problem="p",
        evidence="e",
        proposer=member,
        team=team,
    )
    Idea.objects.create(
        title="Merged away",
        customer="c",
        problem="p",
        evidence="e",
        proposer=member,
        team=team,
        status=IdeaStatus.MERGED,
    )
    html = member_client.get(reverse("teams:team_detail", args=[team.slug])).content.decode()
    assert 'id="panel-ideas"' in html
    assert "Call-back instead of hold" in html
    assert "Merged away" not in html


def test_quick_capture_beside_a_metric_comes_with_the_metric(member_client, metric):
    form = member_client.get("/customers/anecdotes/new?metric=contacts_per_order")
    assert form.status_code == 200
    assert 'value="contacts_per_order"' in form.content.decode()
    done = member_client.post(
        "/customers/anecdotes/new",
        {
            "text": "On hold for 40 minutes.",
            "channel": "call",
            "said_on": "2026-03-02",
            "metrics": "contacts_per_order",
        },
    )
    assert done.status_code == 302
    assert list(Anecdote.objects.get().metrics.values_list("key", flat=True)) == [metric.key]
