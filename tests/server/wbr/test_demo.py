from __future__ import annotations

import pytest

from dayone.server.core.demo import DemoContext
from dayone.server.wbr.demo import DEMO_METRICS, load_demo
from dayone.server.wbr.enums import MetricRole
from dayone.server.wbr.models import Commentary, Metric, MetricVersion, Section
from tests.server.wbr.conftest import END

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(daily, demo_people):
    return demo_people


def test_riverbend_gets_a_wbr(people, warehouse):
    summary = load_demo(
        DemoContext(end=END, seed=7, people=people, warehouse=warehouse, note=lambda _m: None)
    )
    assert "metrics" in summary
    in_deck = Metric.objects.filter(section__isnull=False)
    assert in_deck.count() >= 30
    assert in_deck.filter(role=MetricRole.INPUT).count() >= 10
    assert in_deck.filter(role=MetricRole.OUTPUT).count() >= 10
    assert {"ctd_hours", "click_to_ship_hours", "ship_to_deliver_hours"} <= set(
        in_deck.values_list("key", flat=True)
    )
    assert set(Metric.objects.values_list("key", flat=True)) == set(DEMO_METRICS)
    assert list(Section.objects.values_list("name", flat=True))[:2] == ["1. Discover", "2. Choose"]
    assert not Metric.objects.filter(owner__isnull=True).exists()
    with_targets = set(Metric.objects.exclude(target_column="").values_list("key", flat=True))
    assert {"orders", "revenue", "ctd_hours", "in_stock_rate"} <= with_targets
    assert Commentary.objects.filter(week_ending=END).count() >= 5
    assert all(c.author == c.metric.owner for c in Commentary.objects.select_related("metric"))
    changed = set(MetricVersion.objects.filter(number__gt=1).values_list("metric__key", flat=True))
    assert {"ctd_hours", "conversion", "in_stock_rate"} <= changed
    ctd = Metric.objects.get(key="ctd_hours")
    assert ctd.version == 4  # first version, drives, definition, name
    dates = list(ctd.versions.order_by("number").values_list("changed_at", flat=True))
    assert dates == sorted(dates)


def test_every_why_says_the_way_its_metric_moved_week_over_week(riverbend):
    from dayone.server.core.selectors import organization_name
    from dayone.server.wbr.deck import deck_compute, deck_plan
    from dayone.server.wbr.demo_why import direction

    deck = deck_compute(deck_plan(f"{organization_name()} WBR"), END)
    notes = Commentary.objects.filter(week_ending=END).select_related("metric")
    assert notes.count() >= 5
    said = {1: " rose ", -1: " fell ", 0: " held level "}
    for note in notes:
        moved = direction(deck.metrics[note.metric.key])
        assert said[moved] in note.text, (
            note.metric.key,
            deck.metrics[note.metric.key].box.wow,
            note.text,
        )
        others = [word for way, word in said.items() if way != moved]
        assert not any(word in note.text for word in others), note.text
    # The week of Black Friday: orders rose despite the checkout outage, and the note says so.
    orders = notes.get(metric__key="orders").text
    assert deck.metrics["orders"].box.wow > 0
    assert orders.startswith("Orders rose ")
    assert "against the pull of the checkout outage" in orders
