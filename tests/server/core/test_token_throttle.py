"""Guessing API tokens is throttled like guessing passwords: unknown bearer tokens from one
address pause tokens and sign-in from it, longer each round; an admin lifts the pause, and both
are in the audit log."""

from __future__ import annotations

import secrets

import pytest
from axes.models import AccessAttempt
from django.test import Client

from dayone.server.core import services
from dayone.server.core.models import AuditEntry

pytestmark = pytest.mark.django_db

ATTACKER = "10.6.6.6"
OFFICE = "10.1.1.1"


def call(client, token: str, address: str):
    return client.get(
        "/api/people", headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR=address
    )


def guess(client, address: str = ATTACKER):
    return call(client, f"dy_{secrets.token_urlsafe(24)}", address)


@pytest.fixture
def real_token(member):
    return services.api_token_create(actor=member, name="script")[1]


def test_random_tokens_pause_every_token_from_that_address(client, settings, real_token):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert guess(client).status_code == 401
    fifth = guess(client)
    assert fifth.status_code == 429
    assert fifth["Content-Type"].startswith("application/json")
    assert "5 minutes" in fifth.json()["detail"]

    paused = call(client, real_token, ATTACKER)
    assert paused.status_code == 429
    assert "People page" in paused.json()["detail"]
    assert call(client, real_token, OFFICE).status_code == 200
    assert AuditEntry.objects.filter(action="login.lockout").exists()


def test_a_paused_address_cannot_sign_in_either(client, settings, member):
    member.set_password("correct horse battery")
    member.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guess(client)
    form = {"username": member.username, "password": "correct horse battery"}
    assert Client().post("/login/", form, REMOTE_ADDR=ATTACKER).status_code == 429
    assert Client().post("/login/", form, REMOTE_ADDR=OFFICE).status_code == 302


def test_a_good_token_between_guesses_does_not_reset_the_count(client, settings, real_token):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        guess(client)
        assert call(client, real_token, ATTACKER).status_code == 200
    assert guess(client).status_code == 429


def test_an_admin_lifts_a_token_pause_and_it_is_audited(client, settings, admin, real_token):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guess(client)
    attempt = AccessAttempt.objects.get(username=f"API token from {ATTACKER}")
    client.force_login(admin)
    assert f"API token from {ATTACKER}" in client.get("/people/").content.decode()
    assert client.post(f"/people/lockouts/{attempt.pk}/lift/").status_code == 302
    client.logout()
    assert AuditEntry.objects.get(action="login.unlock").actor == admin
    assert call(client, real_token, ATTACKER).status_code == 200


def test_each_round_of_guesses_doubles_the_pause(client, settings):
    pauses = []
    for _ in range(2):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            guess(client)
        pauses.append(guess(client).json()["detail"])
        AccessAttempt.objects.all().delete()  # the pause ends; the day's failures are kept
    assert "5 minutes" in pauses[0]
    assert "10 minutes" in pauses[1]
