"""The principles page says where each principle is used and which nothing uses; only admins
edit a principle, and every edit is kept."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from dayone.server.decisions import services as decisions
from dayone.server.decisions.enums import Door
from dayone.server.decisions.services import OptionInput
from dayone.server.documents import services as documents
from dayone.server.documents.enums import DocumentKind
from dayone.server.teams import services as teams
from dayone.server.teams.models import Principle
from dayone.server.teams.principle_uses import principle_uses, principles_cited

pytestmark = pytest.mark.django_db


def test_each_principle_says_where_it_is_used(client, world):
    world.plan()
    uses = principle_uses(viewer=world.outsider)
    first, unused = world.principles[0], Principle.objects.get(name="Frugality")
    assert uses.of(first.pk) == [("interview loops", 1), ("hiring roles", 1)]
    assert uses.of(unused.pk) == []
    client.force_login(world.outsider)
    page = client.get(reverse("teams:principle_list")).content.decode()
    assert "Used in 1 interview loops, 1 hiring roles." in page
    listed = page.split("Principles nothing uses", 1)[1]
    assert "Frugality" in listed
    assert first.name not in listed


def test_only_admins_edit_a_principle(client, world):
    principle = world.principles[0]
    with pytest.raises(PermissionDenied):
        teams.principle_update(
            actor=world.manager, principle=principle, name=principle.name, description="Shorter."
        )
    with pytest.raises(PermissionDenied):
        teams.principle_create(actor=world.manager, name="Speak Plainly", description="Plain.")
    client.force_login(world.manager)
    page = client.get(reverse("teams:principle_detail", args=[principle.slug])).content.decode()
    assert "Save a new revision" not in page
    response = client.post(
        reverse("teams:principle_detail", args=[principle.slug]),
        {"name": principle.name, "description": "Shorter.", "is_active": "on"},
    )
    assert response.status_code == 403
    principle.refresh_from_db()
    assert principle.description != "Shorter."
    teams.principle_update(
        actor=world.admin, principle=principle, name=principle.name, description="Shorter."
    )
    assert principle.revisions.count() == 2


def _cite(world):
    """A decision citing Bias for Action and (in an option) Ownership; a narrative citing
    Customer Obsession; a decision saying "ownerships", which cites nothing."""
    decision = decisions.decision_create(
        actor=world.manager,
        question="Do we ship same-day orders from the Leeds shop?",
        context="This is bias  for action: the test is cheap to undo.",
        door=Door.TWO_WAY,
        information_pct=60,
        decide_by=timezone.localdate() + timedelta(days=7),
        decider=world.director,
        options=[
            OptionInput("Ship it", "Ownership of the promise sits with Storefront."),
            OptionInput("Wait a quarter"),
        ],
    )
    decisions.decision_create(
        actor=world.manager,
        question="Do we split the shop's ownerships?",
        door=Door.TWO_WAY,
        information_pct=60,
        decide_by=timezone.localdate() + timedelta(days=7),
        decider=world.director,
        options=[OptionInput("Split"), OptionInput("Keep")],
    )
    document = documents.document_create(
        actor=world.manager,
        kind=DocumentKind.NARRATIVE,
        title="Same-day in Leeds",
        body="# Why\n\nCustomer obsession: readers asked for it in 40 of 212 notes.\n",
    )
    return decision, document


def test_documents_and_decisions_use_the_principles_they_cite_by_name(client, world):
    decision, document = _cite(world)
    by_name = {p.name: p for p in Principle.objects.all()}
    uses = principle_uses(viewer=world.viewer)
    assert uses.of(by_name["Bias for Action"].pk) == [("decisions", 1)]
    assert uses.of(by_name["Ownership"].pk) == [("decisions", 1), ("hiring roles", 1)]
    assert uses.of(by_name["Customer Obsession"].pk) == [("documents", 1), ("hiring roles", 1)]
    assert uses.of(by_name["Frugality"].pk) == []
    client.force_login(world.viewer)
    page = client.get(reverse("teams:principle_list")).content.decode()
    assert "Used in 1 decisions." in page
    listed = page.split("Principles nothing uses", 1)[1]
    assert "Bias for Action" not in listed
    assert "Frugality" in listed
    detail = client.get(
        reverse("teams:principle_detail", args=[by_name["Customer Obsession"].slug])
    ).content.decode()
    assert "Documents that cite it" in detail
    assert reverse("documents:detail", args=[document.pk]) in detail
    detail = client.get(
        reverse("teams:principle_detail", args=[by_name["Bias for Action"].slug])
    ).content.decode()
    assert reverse("decisions:detail", args=[decision.pk]) in detail
    assert "Do we ship same-day orders" in detail


def test_the_uses_are_in_the_api_and_refused_to_strangers(client, world):
    _cite(world)
    client.force_login(world.viewer)
    rows = {row["name"]: row for row in client.get("/api/org/principles/uses").json()}
    assert rows["Bias for Action"]["uses"] == [{"part": "decisions", "count": 1}]
    assert rows["Frugality"]["uses"] == []
    client.logout()
    assert client.get("/api/org/principles/uses").status_code in {401, 403}
    with pytest.raises(PermissionDenied):
        principle_uses(viewer=AnonymousUser())


def test_a_citation_is_the_whole_name_in_any_case_and_spacing():
    principles = [
        SimpleNamespace(pk=1, name="Ownership"),
        SimpleNamespace(pk=2, name="Are Right, A Lot"),
        SimpleNamespace(pk=3, name="Think Big"),
    ]
    records = [
        ("a", "OWNERSHIP matters; so does ownership."),
        ("b", "Co-ownerships and thinking big are not citations."),
        ("c", "She is often are right,\na lot: think big."),
        ("d", ""),
    ]
    assert principles_cited(records, principles=principles) == {1: ["a"], 2: ["c"], 3: ["c"]}
    assert principles_cited(records, principles=[]) == {}
