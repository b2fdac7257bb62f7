"""Names and titles refuse NUL and the invisible direction controls that make text display in
another order than it is stored, naming the field, through the API and the forms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import CharField
from django.utils import timezone

from dayone.server.core import services
from dayone.server.core.validators import NAME_FIELDS, refuse_hidden_characters
from dayone.server.teams.models import Team

HIDDEN = ["Q1 review\u202etxt.exe", "Plan \u2066B\u2069", "a\x00b", "\u202aLeft"]


def _name_fields() -> list[tuple[str, str]]:
    return [
        (model._meta.label, field.name)
        for model in apps.get_models()
        if model.__module__.startswith("dayone.")
        for field in model._meta.get_fields()
        if isinstance(field, CharField) and field.name in NAME_FIELDS
    ]


NAME_FIELD_CASES = _name_fields()


def test_the_guard_covers_the_names_and_titles_of_every_app():
    labels = {label for label, _ in NAME_FIELD_CASES}
    assert {"core.User", "decisions.Decision", "documents.Document", "org.Team"} <= labels
    assert {"weblab.Experiment", "metrics.Metric", "hiring.Candidate"} <= labels
    assert len(NAME_FIELD_CASES) >= 20


@pytest.mark.parametrize(("label", "name"), NAME_FIELD_CASES)
def test_every_name_and_title_field_refuses_hidden_characters(label, name):
    model = apps.get_model(label)
    field = model._meta.get_field(name)
    assert refuse_hidden_characters in field.validators
    instance = model(**{field.attname: "Weekly \u202ereview"})
    with pytest.raises(ValidationError) as refused:
        instance.clean_fields()
    assert any("U+202E" in message for message in refused.value.message_dict[name])


@pytest.mark.parametrize("value", ["Weekly business review", "Über-Team Ω", "مراجعة أسبوعية"])
def test_ordinary_names_in_any_script_pass(value):
    refuse_hidden_characters(value)


@pytest.fixture
def call(client, admin):
    _, raw = services.api_token_create(actor=admin, name="careless client")
    headers = {"Authorization": f"Bearer {raw}"}

    def send(path: str, body: dict[str, object]):
        return client.post(path, body, content_type="application/json", headers=headers)

    return send


@pytest.mark.django_db
@pytest.mark.parametrize("value", [v for v in HIDDEN if "\x00" not in v])
def test_the_api_refuses_hidden_characters_in_names_and_titles(call, admin, member, value):
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    cases = [
        ("/api/org/teams", {"name": value, "mission": "Serve readers."}, "name"),
        ("/api/documents/", {"kind": "narrative", "title": value, "body": "Text."}, "title"),
        ("/api/tokens", {"name": value}, "name"),
        (
            "/api/decisions",
            {
                "question": value,
                "door": "two_way",
                "information_pct": 70,
                "decide_by": due,
                "decider_id": member.pk,
                "options": [{"label": "Yes"}, {"label": "No"}],
            },
            "question",
        ),
        (
            "/api/weblab/experiments",
            {
                "key": "banner",
                "name": value,
                "hypothesis": "A banner lifts sign-ups.",
                "metrics": [{"key": "purchase", "role": "primary"}],
            },
            "name",
        ),
    ]
    for path, body, field in cases:
        response = call(path, body)
        assert response.status_code == 422, (path, response.content)
        assert field in response.json()["detail"], (path, response.json())
        assert "direction controls" in str(response.json()["detail"][field])


@pytest.mark.django_db
@pytest.mark.parametrize("value", HIDDEN)
def test_the_team_form_refuses_hidden_characters_and_stores_nothing(admin_client, value):
    response = admin_client.post("/teams/new/", {"name": value, "mission": "Serve readers."})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "name" in errors, errors
    assert not Team.objects.exists()
