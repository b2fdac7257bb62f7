"""The principles page says where each principle is used and which nothing uses; only admins
edit a principle, and every edit is kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dayone.server.teams import services as teams
from dayone.server.teams.models import Principle
from dayone.server.teams.principle_uses import principle_uses

pytestmark = pytest.mark.django_db


def test_each_principle_says_where_it_is_used(client, world):
    world.plan()
    uses = principle_uses()
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
