"""Sign-in throttling: wrong passwords pause an account and an address, longer each round, and
an admin lifts a pause; every pause and every lift is in the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from dayone.server.core.enums import Role
from dayone.server.core.models import AuditEntry
from dayone.server.core.throttle import login_cool_off
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery"


def sign_in(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def ana(db):
    return UserFactory(username="ana", role=Role.MEMBER)


def test_five_wrong_passwords_pause_the_account_even_with_the_right_one(client, ana, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "ana", "wrong").status_code == 200
    assert sign_in(client, "ana", "wrong").status_code == 429  # the fifth pauses at once
    paused = sign_in(client, "ana", RIGHT)
    assert paused.status_code == 429
    assert "Sign-in paused" in paused.content.decode()
    assert "5 minutes" in paused.content.decode()
    # The account is paused from every address, not only the attacker's.
    assert sign_in(client, "ana", RIGHT, address="10.9.9.9").status_code == 429
    assert AuditEntry.objects.filter(action="login.lockout").exists()


def test_one_address_guessing_many_accounts_is_paused(client, ana, settings):
    UserFactory(username="ben", role=Role.MEMBER)
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"nobody{number}", "wrong", address="10.6.6.6")
    assert sign_in(client, "ben", RIGHT, address="10.6.6.6").status_code == 429
    assert sign_in(client, "ben", RIGHT, address="10.1.1.1").status_code == 302


def test_each_round_of_failures_doubles_the_pause(client, ana, settings):
    rounds = []
    for _ in range(3):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "ana", "wrong")
        request = RequestFactory().post("/login/", {"username": "ana"}, REMOTE_ADDR="10.0.0.1")
        rounds.append(login_cool_off(request))
    assert rounds == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20)]


def test_an_admin_lifts_a_pause_and_it_is_audited(client, ana, admin, member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "ana", "wrong")
    attempt = AccessAttempt.objects.get(username="ana")

    client.force_login(member)
    assert client.post(f"/people/lockouts/{attempt.pk}/lift/").status_code == 403
    client.force_login(admin)
    page = client.get("/people/").content.decode()
    assert "Sign-in pauses" in page
    assert "ana" in page
    lifted = client.post(f"/people/lockouts/{attempt.pk}/lift/")
    assert lifted.status_code == 302
    entry = AuditEntry.objects.get(action="login.unlock")
    assert entry.actor == admin
    assert entry.before["username"] == "ana"
    client.logout()
    assert sign_in(client, "ana", RIGHT).status_code == 302


def test_people_page_says_when_nothing_is_paused(admin_client):
    assert "No account or address is paused" in admin_client.get("/people/").content.decode()
