"""Two people edit one open decision from the same version: the second edit is refused, not lost."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from dayone.server.core import services as core_services
from dayone.server.decisions.models import Decision

pytestmark = pytest.mark.django_db


_NAMES = itertools.count()


def bearer(user):
    _, raw = core_services.api_token_create(actor=user, name=f"script {next(_NAMES)}")
    return {"Authorization": f"Bearer {raw}"}


def patch(client, url, data, headers):
    return client.patch(url, data, content_type="application/json", headers=headers)


def test_a_stale_api_edit_is_a_409_with_the_current_version(client, propose, member, admin):
    decision = propose()
    url = f"/api/decisions/{decision.pk}"
    read = client.get(url, headers=bearer(member)).json()
    assert read["version"] == 1

    first = patch(client, url, {"context": "Ours: margins.", "version": 1}, bearer(member))
    second = patch(client, url, {"context": "Theirs: churn.", "version": 1}, bearer(admin))

    assert first.status_code == 200, first.content
    assert first.json()["version"] == 2
    assert second.status_code == 409
    assert second.json()["version"] == 2
    assert "version 1" in second.json()["detail"]
    decision.refresh_from_db()
    assert decision.context == "Ours: margins."
    assert decision.version == 2

    again = patch(client, url, {"context": "Theirs: churn."}, {**bearer(admin), "If-Match": '"2"'})
    assert again.status_code == 200, again.content
    assert again.json()["context"] == "Theirs: churn."
    assert again.json()["version"] == 3


def test_an_api_edit_without_a_version_is_refused_naming_it(client, propose, member):
    decision = propose()
    url = f"/api/decisions/{decision.pk}"
    missing = patch(client, url, {"context": "No version."}, bearer(member))
    assert missing.status_code == 422
    assert "version" in missing.json()["detail"]
    clash = patch(client, url, {"context": "x", "version": 1}, {**bearer(member), "If-Match": "2"})
    assert clash.status_code == 422
    decision.refresh_from_db()
    assert decision.context == "Cart abandonment peaks at $25-$35."


def test_a_stale_edit_form_shows_the_conflict_and_keeps_what_was_typed(client, propose, member):
    decision = propose()
    url = reverse("decisions:edit", args=[decision.pk])
    client.force_login(member)
    form = {"action": "edit", "information_pct": "60", "stakeholders": [], "version": "1"}
    first = client.post(url, {**form, "context": "Saved first in another tab."})
    assert first.status_code == 302

    stale = client.post(url, {**form, "context": "Typed in the stale tab."})

    assert stale.status_code == 200
    page = stale.content.decode()
    assert "Typed in the stale tab." in page
    assert "Saved meanwhile: Saved first in another tab." in page
    assert "it is now at version 2" in page
    assert 'name="version" value="2"' in page
    assert Decision.objects.get(pk=decision.pk).context == "Saved first in another tab."

    kept = client.post(url, {**form, "context": "Typed in the stale tab.", "version": "2"})
    assert kept.status_code == 302
    assert Decision.objects.get(pk=decision.pk).context == "Typed in the stale tab."
