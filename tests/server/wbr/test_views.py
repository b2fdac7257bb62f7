from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dayone.server.teams import services as org_services
from dayone.server.wbr.models import Commentary
from tests.server.wbr.conftest import END


def _demo_why(key: str) -> str:
    """The opening words of the why the demo wrote on ``key`` for the latest week."""
    text = Commentary.objects.get(metric__key=key, week_ending=END).text
    return " ".join(text.split()[:6])


pytestmark = pytest.mark.django_db


@pytest.fixture
def ceo_client(client, riverbend):
    client.force_login(riverbend["eleanor.voss"])
    return client


def test_home_shows_the_catalogue_by_section_and_the_latest_deck(ceo_client):
    response = ceo_client.get(reverse("wbr:index"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Metric catalogue" in body
    assert "4. Receive" in body
    assert "Click to Deliver (hours)" in body
    assert "week ending 28 Nov 2026" in body
    assert "Riverbend daily business" in body
    assert "<strong>9</strong><span>with the why for 28 Nov</span>" in body


def test_home_without_metrics_explains_the_wbr_and_how_to_start(admin_client):
    body = admin_client.get(reverse("wbr:index")).content.decode()
    assert "No metrics yet" in body
    assert reverse("wbr:source_create") in body


def test_deck_page_shows_a_running_state_then_the_deck_with_the_why(ceo_client):
    page = ceo_client.get(reverse("wbr:deck")).content.decode()
    assert "Computing the deck" in page
    assert reverse("wbr:deck_body") in page

    body = ceo_client.get(reverse("wbr:deck_body"), {"week": END.isoformat()})
    text = body.content.decode()
    assert body.status_code == 200
    assert text.count('class="wbr-metric') >= 30
    assert "Click to ship (hours)" in text
    assert "Ship to deliver (hours)" in text
    assert _demo_why("orders") in text
    assert "vega-spec-" in text

    cached = ceo_client.get(reverse("wbr:deck")).content.decode()
    assert "Computing the deck" not in cached
    assert 'id="metric-ctd_hours"' in cached


def test_metric_page_shows_definition_history(ceo_client):
    body = ceo_client.get(reverse("wbr:metric", args=["ctd_hours"])).content.decode()
    assert "History of the definition" in body
    assert "Version 4" in body
    assert "CTD hours" in body  # the old name, struck through
    assert "Ryan Gallagher" in body


def test_catalogue_deck_and_metric_pages_take_a_fixed_number_of_queries(ceo_client):
    counts = {}
    for name, url in (
        ("home", reverse("wbr:index")),
        ("metric", reverse("wbr:metric", args=["conversion"])),
        ("deck", reverse("wbr:deck_body")),
        ("cached deck", reverse("wbr:deck")),
        ("source", reverse("wbr:source", args=["riverbend_daily"])),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert ceo_client.get(url).status_code == 200
        counts[name] = len(queries)
    # 37 metrics in the deck, 66 in the catalogue: no query per metric (the metric page adds
    # what customers say about it: linked themes, trends, anecdotes, disagreements; and its
    # goals, the decisions about them, its teams with their initiatives, its experiments; the
    # deck adds three for the anecdotes that disagree with its metrics; each page reads the
    # tables' marks once, and the deck page finds what the other parts add to the deck kept
    # from drawing the deck's body)
    assert counts == {"home": 14, "metric": 30, "deck": 15, "cached deck": 11, "source": 6}


def test_a_member_writes_the_why_for_a_metric_they_own(client, riverbend):
    client.force_login(riverbend["diego.santos"])
    url = reverse("wbr:why", args=["click_to_ship_hours", END.isoformat()])
    response = client.post(url, {"text": "Backlog cleared on Tuesday."}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Backlog cleared on Tuesday." in response.content.decode()
    assert Commentary.objects.get(metric__key="click_to_ship_hours", week_ending=END).text == (
        "Backlog cleared on Tuesday."
    )


def test_a_member_cannot_write_the_why_for_a_metric_they_do_not_own(client, riverbend):
    client.force_login(riverbend["diego.santos"])
    url = reverse("wbr:why", args=["orders", END.isoformat()])
    before = Commentary.objects.get(metric__key="orders", week_ending=END).text
    assert client.post(url, {"text": "Not mine."}).status_code == 403
    assert client.get(url).status_code == 403
    assert Commentary.objects.get(metric__key="orders", week_ending=END).text == before


def test_a_team_metric_links_to_its_wbr_metric_page(ceo_client, riverbend):
    team = org_services.team_create(
        actor=riverbend["eleanor.voss"], name="Fulfilment", leader=riverbend["ryan.gallagher"]
    )
    org_services.team_metric_add(actor=None, team=team, metric_key="ctd_hours")
    body = ceo_client.get(reverse("teams:team_detail", args=[team.slug])).content.decode()
    url = reverse("wbr:metric", args=["ctd_hours"])
    assert f'href="{url}"' in body
    assert ceo_client.get(url).status_code == 200


def test_a_metric_page_shows_its_panel_in_the_latest_deck(ceo_client):
    url = reverse("wbr:metric", args=["ship_to_deliver_hours"])
    page = ceo_client.get(url).content.decode()
    assert "Computing the latest deck" in page
    panel = ceo_client.get(reverse("wbr:metric_panel", args=["ship_to_deliver_hours"]))
    body = panel.content.decode()
    assert 'id="metric-ship_to_deliver_hours"' in body
    assert "LastWk" in body
    assert _demo_why("ship_to_deliver_hours") in body  # this week's why
    again = ceo_client.get(url).content.decode()
    assert "Computing the latest deck" not in again
    assert 'id="metric-ship_to_deliver_hours"' in again
    catalogue_only = ceo_client.get(reverse("wbr:metric", args=["ctd_hours_sum"]))
    assert "In the latest deck" not in catalogue_only.content.decode()


def test_a_metric_page_shows_how_far_to_trust_its_forecast(ceo_client):
    panel = ceo_client.get(reverse("wbr:metric_panel", args=["orders"])).content.decode()
    assert "Quarter-end forecast" in panel
    assert "Month-end forecast" in panel
    assert "How far to trust the forecast" in panel
    assert "Past month-end forecasts (" in panel
    assert "the 80% band held the actual" in panel
    page = ceo_client.get(reverse("wbr:metric", args=["orders"])).content.decode()
    assert "How far to trust the forecast" in page
    deck = ceo_client.get(reverse("wbr:deck_body")).content.decode()
    assert "How far to trust the forecast" not in deck  # the table is the metric page's


def test_a_forecast_whose_plan_stops_at_the_data_says_so_and_judges_nothing(ceo_client):
    # this fixture's plan ends on the last day of data, 28 November: two days short of the month
    panel = ceo_client.get(reverse("wbr:metric_panel", args=["orders"])).content.decode()
    start = panel.index('class="wbr-forecast')
    line = panel[start : panel.index("</li>", start)]
    assert "Month-end forecast" in line
    assert "no target to compare with: the plan covers 28 days of the month" in line
    assert "the month ends on 30 Nov 2026" in line
    assert "below target" not in line
    assert "on track" not in line
    assert "is-bad" not in line
    assert "is-good" not in line


def _catalogue_row(body: str, key: str) -> str:
    """The catalogue's table row of the metric ``key``."""
    start = body.index(f'href="{reverse("wbr:metric", args=[key])}"')
    return body[start : body.index("</tr>", start)]


def test_the_catalogue_shows_targets_in_words_then_as_last_weeks_value(ceo_client):
    body = ceo_client.get(reverse("wbr:index")).content.decode()
    assert "__Target" not in body
    row = _catalogue_row(body, "sessions")
    assert "Sessions target, planned in Riverbend daily business" in row
    assert "No target" in _catalogue_row(body, "ctd_hours_sum")

    ceo_client.get(reverse("wbr:deck_body"))  # the deck is drawn: its targets are known
    body = ceo_client.get(reverse("wbr:index")).content.decode()
    assert "__Target" not in body
    assert ">1.90M sessions</strong>" in _catalogue_row(body, "sessions")
    assert "in the week ending 28 Nov" in _catalogue_row(body, "sessions")
    assert ">95.5%</strong>" in _catalogue_row(body, "in_stock_rate")
    assert ">$1.95M</strong>" in _catalogue_row(body, "revenue")
    assert ">55.77 hours</strong>" in _catalogue_row(body, "ctd_hours")


def test_a_metric_page_shows_its_target_as_the_catalogue_does(ceo_client):
    ceo_client.get(reverse("wbr:deck_body"))
    body = ceo_client.get(reverse("wbr:metric", args=["sessions"])).content.decode()
    assert ">1.90M sessions</strong>" in body
    assert "Sessions target, planned in Riverbend daily business" in body
    untargeted = ceo_client.get(reverse("wbr:metric", args=["ctd_hours_sum"])).content.decode()
    assert "No target" in untargeted
