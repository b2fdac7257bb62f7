"""The demo company's customers: a year of anecdotes across the channels in themes that follow
its incidents, the support line's rising "could not reach a person", open and closed "?"
escalations, and ideas in every status."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Count
from django.urls import reverse

from dayone.demo.incidents import FC_OUTAGE
from dayone.server.core.demo import demo_load, last_week_ending
from dayone.server.core.models import User
from dayone.server.customers import idea_selectors
from dayone.server.customers.enums import Channel, IdeaStatus
from dayone.server.customers.models import Anecdote, Escalation, Idea, Theme
from dayone.server.wbr import selectors as wbr_selectors

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TODAY = date(2026, 11, 22)


def test_demo_customers(settings, tmp_path):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    demo_load(today=TODAY)
    end = last_week_ending(TODAY)

    assert 1800 <= Anecdote.objects.count() <= 2300
    channels = set(Anecdote.objects.values_list("channel", flat=True))
    assert channels == set(Channel.values)
    first = Anecdote.objects.order_by("said_on").first().said_on
    assert (end - first).days >= 350

    late = Theme.objects.get(label="Parcel arrived late")
    by_day = dict(
        late.anecdotes.values_list("said_on").annotate(n=Count("pk")).values_list("said_on", "n")
    )
    during = sum(
        n for d, n in by_day.items() if FC_OUTAGE.first_day(end) <= d <= FC_OUTAGE.last_day(end)
    )
    before = sum(
        n for d, n in by_day.items() if end - timedelta(days=120) <= d < end - timedelta(days=110)
    )
    assert during > 4 * max(before, 1)

    reach = Theme.objects.get(label="Could not reach a person")
    assert list(reach.metrics.values_list("key", flat=True)) == ["contacts_per_order"]
    recent = reach.anecdotes.filter(said_on__gt=end - timedelta(days=56)).count()
    earlier = reach.anecdotes.filter(
        said_on__gt=end - timedelta(days=168), said_on__lte=end - timedelta(days=112)
    ).count()
    assert recent > 2 * earlier

    assert Escalation.objects.filter(closed_at__isnull=True).exists()
    assert Escalation.objects.filter(closed_at__isnull=False).exists()

    assert set(Idea.objects.values_list("status", flat=True)) == set(IdeaStatus.values)
    plus = Idea.objects.get(document__slug="riverbend-plus")
    assert plus.status == IdeaStatus.YES
    stats = idea_selectors.idea_stats(viewer=plus.proposer, last=end)
    assert stats.overturned >= 1
    assert Idea.objects.filter(experiment__isnull=False).exists()


def test_demo_support_line_anecdotes_disagree_with_contacts_per_order(settings, tmp_path, client):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    demo_load(today=TODAY)
    end = last_week_ending(TODAY)
    owner = User.objects.get(username="olivia.bennett")
    client.force_login(owner)

    body = client.get(reverse("wbr:deck_body"), {"week": end.isoformat()}).content.decode()
    deck = wbr_selectors.deck_get(viewer=owner, when=wbr_selectors.deck_week(viewer=owner))
    shown_from = end - timedelta(weeks=5)
    assert [
        s for s in deck.metrics["contacts_per_order"].signals if s.week_ending >= shown_from
    ] == []
    start = body.index('id="metric-contacts_per_order"')
    panel = body[start : body.index("</article>", start)]
    assert "Anecdotes disagree with Contacts per order" in panel
    assert "Could not reach a person" in panel
    assert body.count("Anecdotes disagree with") == 1

    page = client.get(reverse("wbr:metric", args=["contacts_per_order"])).content.decode()
    assert "Anecdotes disagree with Contacts per order" in page
    assert 'id="disagree-' in page
