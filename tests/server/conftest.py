from __future__ import annotations

import pytest

from dayone.server.core.enums import Role
from tests.server.factories import UserFactory, metric_catalogue


@pytest.fixture
def admin(db):
    return UserFactory(username="ada", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def member(db):
    return UserFactory(username="max", role=Role.MEMBER)


@pytest.fixture
def viewer(db):
    return UserFactory(username="vic", role=Role.VIEWER)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def catalogue(db):
    """The WBR's metric catalogue, whose keys teams, goals and Weblab name."""
    return metric_catalogue()
