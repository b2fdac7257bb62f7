from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from dayone.server.core.demo import DemoContext, demo_load, last_week_ending
from dayone.server.core.models import User
from dayone.server.decisions import selectors
from dayone.server.decisions.demo import load_demo
from dayone.server.decisions.enums import Door, SourceKind, StanceKind, Status, SupersedeKind
from dayone.server.decisions.models import Decision, Escalation, Stance

pytestmark = pytest.mark.django_db


def test_demo_decisions_cover_the_mechanism(tmp_path: Path, demo_people):
    people = demo_people
    end = last_week_ending(timezone.localdate())
    ctx = DemoContext(end=end, seed=7, people=people, warehouse=tmp_path, note=lambda _m: None)
    summary = load_demo(ctx)

    decisions = Decision.objects.all()
    assert summary == f"{decisions.count()} decisions"
    assert decisions.count() >= 25
    assert {d.door for d in decisions} == {Door.ONE_WAY, Door.TWO_WAY}
    first = min(d.created_at for d in decisions).date()
    assert end - timedelta(days=366) <= first
    assert max(d.created_at for d in decisions).date() <= end
    assert Stance.objects.filter(kind=StanceKind.DISAGREE_COMMIT).count() >= 5
    overdue = list(selectors.escalation_list(viewer=people["eleanor.voss"], overdue_only=True))
    assert len(overdue) == 1
    assert Escalation.objects.filter(resolved_at__isnull=False).count() >= 2
    assert (
        decisions.filter(supersede_kind=SupersedeKind.REVERSAL, status=Status.DECIDED).count() == 1
    )
    exhausted = selectors.decision_list(viewer=people["eleanor.voss"], flag="exhaustion")
    assert exhausted.filter(status=Status.DECIDED).exists()
    assert decisions.filter(status=Status.OPEN).count() >= 3
    assert decisions.filter(links__kind="experiment").exists()
    velocity = selectors.decision_velocity(viewer=people["eleanor.voss"])
    assert velocity.decided >= 20
    assert velocity.reversals == 1
    assert 0 < velocity.share_within_target < 100


def test_demo_dates_follow_the_end_date(tmp_path: Path, demo_people):
    people = demo_people
    end = date(2025, 3, 1)
    load_demo(DemoContext(end=end, seed=7, people=people, warehouse=tmp_path, note=lambda _m: None))
    assert max(d.created_at.date() for d in Decision.objects.all()) <= end


@pytest.mark.slow
def test_every_link_of_the_demo_decisions_opens_a_record(settings, tmp_path: Path, client):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    demo_load(today=date(2026, 11, 22))
    admin = User.objects.get(username="eleanor.voss")
    client.force_login(admin)

    decisions = selectors.decision_list(viewer=admin).prefetch_related("links")
    links = [(decision, link) for decision in decisions for link in decision.links.all()]
    assert {link.kind for _decision, link in links} == set(SourceKind.values)
    dangling = []
    for decision, link in links:
        shown = selectors.decision_linked(viewer=admin, decision=decision)
        records = [record for slot in shown.slots for record in slot.records]
        if link in shown.others:  # shown as a plain link: it must open a page
            opened = bool(link.url) and client.get(link.url).status_code == 200
            if not opened:
                dangling.append((decision.question, link.kind, link.ref))
        else:
            assert any(record.ref == link.ref and record.url for record in records)
    assert dangling == []
