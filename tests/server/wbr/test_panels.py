"""Last week's WBR on the home page: a running state first, then the signals and the why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dayone.server.wbr import selectors
from dayone.server.wbr.present import MetricPanel, deck_panels, week_summary

pytestmark = pytest.mark.django_db


def test_no_metrics_no_panel(member_client):
    assert "home-panel-wbr" not in member_client.get("/").content.decode()


def test_home_asks_for_the_summary_and_the_summary_names_the_signals(client, riverbend):
    ceo = riverbend["eleanor.voss"]
    client.force_login(ceo)
    home = client.get("/").content.decode()
    assert "home-panel-wbr" in home
    assert reverse("wbr:deck_summary") in home
    assert "Reading the deck for the week ending 28 Nov 2026" in home

    when = selectors.deck_week(viewer=ceo)
    deck = selectors.deck_get(viewer=ceo, when=when)
    assert deck is not None
    commentary = selectors.commentary_for_week(viewer=ceo, week_ending=when.week)
    panels = deck_panels(deck, {m.key: m for m in when.plan.metrics}, commentary)
    expected = week_summary(panels)
    signalled = [p for p in panels if isinstance(p, MetricPanel) and p.signal_this_week]
    assert expected.signals, "the demo week has signals (Black Friday)"
    assert expected.signals == tuple(signalled)
    assert expected.unexplained == sum(1 for p in signalled if p.why is None)

    summary = client.get(reverse("wbr:deck_summary")).content.decode()
    assert f"<strong>{expected.metrics}</strong> metrics" in summary
    assert f"<strong>{len(expected.signals)}</strong> signal" in summary
    assert f"<strong>{expected.unexplained}</strong> without the why" in summary
    for panel in expected.signals[:6]:
        assert f"#metric-{panel.metric.key}" in summary
