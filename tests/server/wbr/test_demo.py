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
