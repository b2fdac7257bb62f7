"""Two people edit one draft experiment from the same version: the second edit is refused."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from dayone.server.weblab.models import Experiment
from tests.server.weblab.conftest import bearer, make_experiment
from tests.server.weblab.test_views import form_data

PAYLOAD = {
    "key": "checkout-button",
    "hypothesis": "A green button is easier to see, so more visitors will buy.",
    "variants": ["Control", "Green"],
    "metrics": [{"key": "purchase", "role": "primary", "where": {"event": "purchase"}}],
}


def put(client, body, headers):
    return client.put(
        "/api/weblab/experiments/checkout-button",
        json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.django_db
def test_a_stale_api_edit_is_a_409_with_the_current_version(client, member, admin):
    make_experiment(member)
    first = put(client, {**PAYLOAD, "name": "Ours", "version": 1}, bearer(member))
    second = put(client, {**PAYLOAD, "name": "Theirs", "version": 1}, bearer(admin))

    assert first.status_code == 200, first.content
    assert first.json()["version"] == 2
    assert second.status_code == 409
    assert second.json()["version"] == 2
    assert Experiment.objects.get(key="checkout-button").name == "Ours"

    missing = put(client, {**PAYLOAD, "name": "Theirs"}, bearer(admin, name="other"))
    assert missing.status_code == 422
    assert "version" in missing.json()["detail"]
    again = put(client, {**PAYLOAD, "name": "Theirs"}, {**bearer(member, "b"), "If-Match": '"2"'})
    assert again.status_code == 200, again.content
    assert again.json()["version"] == 3


@pytest.mark.django_db
def test_a_stale_edit_form_shows_the_conflict_and_keeps_what_was_typed(member_client, member):
    experiment = make_experiment(member, key="bigger-covers")
    url = reverse("weblab:edit", args=[experiment.pk])
    first = member_client.post(url, form_data(name="Saved first", version="1"))
    assert first.status_code == 302

    stale = member_client.post(url, form_data(name="Typed in the stale tab", version="1"))

    assert stale.status_code == 422
    page = stale.content.decode()
    assert 'value="Typed in the stale tab"' in page
    assert "Saved meanwhile: Saved first" in page
    assert 'name="version" value="2"' in page
    assert Experiment.objects.get(pk=experiment.pk).name == "Saved first"
