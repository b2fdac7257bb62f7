from __future__ import annotations

import pytest
from django.core.cache import caches

from dayone.server.core.enums import Role
from tests.server.factories import UserFactory, metric_catalogue


@pytest.fixture(autouse=True)
def nothing_drawn_yet():
    """Each test starts with nothing kept from another's pages (``core.readcache``), so that
    what it counts does not depend on which tests ran before it in the same process."""
    caches["drawn"].clear()


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
