from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dayone.server.core.enums import Role
from dayone.server.decisions import services
from dayone.server.decisions.enums import Door
from dayone.server.decisions.models import DecisionSettings
from dayone.server.decisions.services import OptionInput
from tests.server.factories import UserFactory

OPTIONS = [
    OptionInput("Lower to $25", "More orders qualify", "Costs about $40k a month"),
    OptionInput("Keep $35", "Margin stays", "Competitors are at $25"),
]


@pytest.fixture
def decider(db):
    return UserFactory(username="dora", first_name="Dora", last_name="Decider")


@pytest.fixture
def stakeholder(db):
    return UserFactory(username="sam", first_name="Sam", last_name="Stake")


@pytest.fixture
def leader(db):
    return UserFactory(username="lee", first_name="Lee", last_name="Leader", role=Role.MEMBER)


@pytest.fixture
def propose(member, decider, stakeholder):
    """Propose a decision with sensible defaults; keyword arguments override them."""

    def make(**overrides):
        data = {
            "actor": member,
            "question": "Do we lower the free-shipping threshold to $25?",
            "context": "Cart abandonment peaks at $25-$35.",
            "door": Door.TWO_WAY,
            "information_pct": 60,
            "decide_by": timezone.localdate() + timedelta(days=7),
            "decider": decider,
            "stakeholders": [stakeholder],
            "options": OPTIONS,
        }
        data.update(overrides)
        return services.decision_create(**data)

    return make


@pytest.fixture
def reviewer(db):
    """The company's one-way-door reviewer (a one-way door cannot be decided without one)."""
    person = UserFactory(username="rae", first_name="Rae", last_name="Reviewer", role=Role.MEMBER)
    DecisionSettings.objects.create().reviewers.set([person])
    return person
