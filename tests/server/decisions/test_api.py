from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dayone.server.core import services as core_services
from dayone.server.decisions import services

pytestmark = pytest.mark.django_db


def bearer(user):
    _, raw = core_services.api_token_create(actor=user, name="script")
    return {"Authorization": f"Bearer {raw}"}


def post(client, url, data, headers):
    return client.post(url, data, content_type="application/json", headers=headers)


def test_the_whole_flow_over_the_api(  # noqa: PLR0917 - one fixture per role
    client, member, decider, stakeholder, leader, reviewer
):
    as_member, as_decider, as_stake, as_leader = (
        bearer(member),
        bearer(decider),
        bearer(stakeholder),
        bearer(leader),
    )
    created = post(
        client,
        "/api/decisions",
        {
            "question": "Switch the search vendor to an open-source engine?",
            "door": "one_way",
            "information_pct": 55,
            "decide_by": (timezone.localdate() + timedelta(days=14)).isoformat(),
            "decider_id": decider.pk,
            "stakeholder_ids": [stakeholder.pk],
            "options": [{"label": "Switch", "pros": "Saves $180k/yr"}, {"label": "Stay"}],
        },
        as_member,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    decision_id = body["id"]
    assert body["door"] == "one_way"
    assert [o["label"] for o in body["options"]] == ["Switch", "Stay"]

    escalated = post(
        client,
        f"/api/decisions/{decision_id}/stances",
        {"kind": "escalate", "objection": "Relevance risk in Q4.", "escalate_to_id": leader.pk},
        as_stake,
    )
    assert escalated.status_code == 201
    assert escalated.json()["blockers"] == [
        "Resolve the open escalation to Lee Leader first.",
        "A one-way door needs every reviewer to weigh in first. Still waiting for: Rae Reviewer.",
    ]
    open_escalations = client.get("/api/decisions/escalations?open=true", headers=as_leader).json()
    assert len(open_escalations) == 1
    resolved = post(
        client,
        f"/api/decisions/escalations/{open_escalations[0]['id']}/resolve",
        {"resolution": "Switch after peak season.", "option_id": body["options"][0]["id"]},
        as_leader,
    )
    assert resolved.json()["resolved_by"]["id"] == leader.pk
    agreed = post(
        client, f"/api/decisions/{decision_id}/stances", {"kind": "agree"}, bearer(reviewer)
    )
    assert agreed.status_code == 201

    option_id = body["options"][0]["id"]
    refused = post(
        client, f"/api/decisions/{decision_id}/decide", {"option_id": option_id}, as_decider
    )
    assert refused.status_code == 422
    assert "rationale" in refused.json()["detail"]
    decided = post(
        client,
        f"/api/decisions/{decision_id}/decide",
        {
            "option_id": option_id,
            "rationale": "Cost and control matter most here.",
            "information_pct": 72,
        },
        as_decider,
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "decided"
    assert any(f["key"] == "slow" for f in decided.json()["flags"])

    reversal = post(
        client,
        f"/api/decisions/{decision_id}/supersede",
        {
            "kind": "reversal",
            "question": "Go back to the old vendor?",
            "door": "two_way",
            "information_pct": 80,
            "decide_by": timezone.localdate().isoformat(),
            "decider_id": decider.pk,
            "options": [{"label": "Back"}, {"label": "Stay"}],
        },
        as_member,
    )
    assert reversal.status_code == 201
    assert reversal.json()["supersedes_id"] == decision_id

    detail = client.get(f"/api/decisions/{decision_id}", headers=as_member).json()
    assert detail["superseded_by"] == [reversal.json()["id"]]
    assert [s["kind"] for s in detail["stances"]] == ["escalate", "agree"]
    assert [e["kind"] for e in detail["history"]][:3] == ["proposed", "stance", "escalated"]

    listed = client.get("/api/decisions?door=one_way", headers=as_member).json()["items"]
    assert [d["id"] for d in listed] == [decision_id]
    velocity = client.get("/api/decisions/velocity", headers=as_member).json()
    assert velocity["decided"] == 1
    notes = client.get("/api/decisions/notifications", headers=as_decider).json()
    assert notes["total"] == len(notes["items"]) > 0
    read = post(client, "/api/decisions/notifications/read", {}, as_decider).json()
    assert read["count"] == notes["total"]


def test_permissions_and_bad_input_over_the_api(client, member, viewer, admin, propose):
    decision = propose()
    decider = decision.decider
    as_viewer, as_member = bearer(viewer), bearer(member)
    assert client.get(f"/api/decisions/{decision.pk}", headers=as_viewer).status_code == 200
    assert client.get("/api/decisions/999", headers=as_viewer).status_code == 404
    refused = post(
        client,
        f"/api/decisions/{decision.pk}/decide",
        {"option_id": decision.options.first().pk},
        as_member,
    )
    assert refused.status_code == 403
    assert "Only the decider" in refused.json()["detail"]
    stance = post(client, f"/api/decisions/{decision.pk}/stances", {"kind": "agree"}, as_viewer)
    assert stance.status_code == 403
    bad = post(
        client,
        "/api/decisions",
        {
            "question": "x",
            "door": "sideways",
            "information_pct": 50,
            "decide_by": "2001-01-01",
            "decider_id": 999,
            "options": [],
        },
        as_member,
    )
    assert bad.status_code == 422
    assert "decider_id" in bad.json()["detail"]
    settings = {
        "reviewer_ids": [decider.pk],
        "information_target_pct": 70,
        "escalation_hours": 24,
        "exhaustion_rounds": 3,
    }
    assert (
        client.put(
            "/api/decisions/settings", settings, content_type="application/json", headers=as_member
        ).status_code
        == 403
    )
    saved = client.put(
        "/api/decisions/settings", settings, content_type="application/json", headers=bearer(admin)
    )
    assert saved.json()["reviewers"] == [{"id": decider.pk, "name": "Dora Decider"}]


def test_a_concluded_experiment_creates_or_links_its_decision_over_the_api(
    client, member, stakeholder
):
    headers = bearer(member)
    payload = {"kind": "experiment", "ref": "exp-12", "title": "Cart banner", "url": "/weblab/12/"}
    first = post(client, "/api/decisions/from-source", payload, headers)
    second = post(client, "/api/decisions/from-source", payload, headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["door"] == "two_way"
    assert first.json()["links"][0]["url"] == "/weblab/12/"

    other = services.decision_create_from_source(
        actor=member, kind="goal", ref="g-1", title="Cut delivery to 2 days"
    )
    linked = post(
        client,
        "/api/decisions/from-source",
        {"kind": "prfaq", "ref": "pf-3", "title": "Riverbend Plus", "decision_id": other.pk},
        headers,
    )
    assert linked.json()["id"] == other.pk
    assert {link["kind"] for link in linked.json()["links"]} == {"goal", "prfaq"}
