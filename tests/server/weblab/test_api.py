from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connection

from dayone import assignment
from dayone.server.decisions.models import Decision
from dayone.server.weblab import services
from dayone.server.weblab.bucketing import assignment_experiment
from dayone.server.weblab.selectors import MAX_ASSIGN_IDS
from dayone.server.weblab.services import MAX_EXPOSURE_BATCH
from dayone.server.weblab.store import exposure_count, open_store
from tests.server.weblab.conftest import START, bearer, make_experiment, run, write_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]

VECTORS = (
    Path(__file__).resolve().parents[3].parent
    / "shared"
    / "anchors"
    / "experiments"
    / "growthbook_assignment_vectors.json"
)


def post(client, url, data, headers):
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


def exposure(i, key="checkout-button", variant=None, event_id=None):
    """User ``i``'s exposure, in the variant the assignment gives it unless ``variant`` says."""
    if variant is None:
        checkout = assignment.Experiment(key="checkout-button")
        variant = assignment.assign(checkout, f"user-{i}") if key == "checkout-button" else 0
    return {
        "event_id": event_id or f"evt-{i}",
        "experiment": key,
        "unit_id": f"user-{i}",
        "variant": variant,
        "exposed_at": datetime(2026, 3, 3, 10, tzinfo=UTC).isoformat(),
    }


def stored(key="checkout-button"):
    with open_store() as store:
        return exposure_count(store, key)


def test_define_start_conclude_and_read_over_the_api(client, member, warehouse):
    headers = bearer(member)
    created = post(
        client,
        "/api/weblab/experiments",
        {
            "key": "free-shipping",
            "name": "Free shipping from $25",
            "hypothesis": "A lower threshold recovers carts stuck between $25 and $35.",
            "variants": ["Control", "$25"],
            "weights": [0.5, 0.5],
            "source": {"kind": "prfaq", "ref": "free-shipping", "title": "PR/FAQ: shipping"},
            "wbr_metric_key": "conversion",
            "metrics": [
                {"key": "purchase", "role": "primary", "where": {"event": "purchase"}},
                {
                    "key": "views",
                    "role": "guardrail",
                    "kind": "count",
                    "where": {"event": "page_view"},
                },
            ],
        },
        headers,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft"
    assert body["source"]["kind"] == "prfaq"
    assert [m["key"] for m in body["metrics"]] == ["purchase", "views"]
    unplanned = post(client, "/api/weblab/experiments/free-shipping/start", {}, headers)
    assert unplanned.status_code == 422
    assert "Plan before starting" in unplanned.json()["detail"]["planned_units"][0]
    planned = post(
        client, "/api/weblab/experiments/free-shipping/plan", {"planned_units": 20000}, headers
    )
    assert planned.json()["planned_units"] == 20000
    started = post(client, "/api/weblab/experiments/free-shipping/start", {}, headers)
    assert started.json()["status"] == "running"
    results = client.get("/api/weblab/experiments/free-shipping/results", headers=headers)
    assert results.status_code == 200
    assert results.json()["ok"] is False  # no events table yet: a message, not an error
    concluded = post(
        client,
        "/api/weblab/experiments/free-shipping/conclude",
        {"conclusion": "stop", "learning": "Margin fell more than orders rose."},
        headers,
    )
    assert concluded.status_code == 200, concluded.content
    assert concluded.json()["status"] == "concluded"
    assert Decision.objects.filter(pk=concluded.json()["decision_id"]).exists()
    learnings = client.get("/api/weblab/learnings?q=margin", headers=headers).json()["items"]
    assert [e["key"] for e in learnings] == ["free-shipping"]
    portfolio = client.get("/api/weblab/portfolio", headers=headers).json()
    assert (portfolio["started"], portfolio["concluded"], portfolio["flat"]) == (1, 1, 1)
    listed = client.get("/api/weblab/experiments?status=concluded", headers=headers).json()["items"]
    assert [e["key"] for e in listed] == ["free-shipping"]


def test_bad_definitions_get_422_naming_the_field(client, member):
    response = post(
        client,
        "/api/weblab/experiments",
        {
            "key": "x-test",
            "name": "X",
            "hypothesis": "Y",
            "weights": [0.7, 0.7],
            "metrics": [{"key": "p", "role": "primary"}],
        },
        bearer(member),
    )
    assert response.status_code == 422
    assert response.json()["detail"]["weights"] == ["The weights must sum to 1; they sum to 1.4."]


def test_viewers_read_but_cannot_write_over_the_api(client, member, viewer):
    make_experiment(member)
    headers = bearer(viewer)
    assert client.get("/api/weblab/experiments", headers=headers).status_code == 200
    refused = post(client, "/api/weblab/experiments/checkout-button/start", {}, headers)
    assert refused.status_code == 403
    refused = post(client, "/api/weblab/exposures", {"events": [exposure(1)]}, headers)
    assert refused.status_code == 403
    assert client.get("/api/weblab/experiments").status_code == 401


def test_assignment_over_http_is_the_assignment_engines(client, member):
    experiment = services.experiment_start(
        actor=member, experiment=make_experiment(member, weights=[0.3, 0.7], coverage=0.8)
    )
    ids = [f"user-{i}" for i in range(500)] + list(range(100))
    response = post(
        client, "/api/weblab/assign", {"experiments": [experiment.key], "ids": ids}, bearer(member)
    )
    assert response.status_code == 200, response.content
    [result] = response.json()
    expected = [assignment.assign(assignment_experiment(experiment), i) for i in ids]
    assert result["assignments"] == expected
    assert None in expected and 0 in expected and 1 in expected
    assert result["variants"] == ["Control", "Treatment"]


def test_targeting_and_not_running_experiments(client, member):
    targeted = services.experiment_start(
        actor=member,
        experiment=make_experiment(member, key="us-only", targeting={"country": "US"}),
    )
    make_experiment(member, key="draft-one")
    response = post(
        client,
        "/api/weblab/assign",
        {
            "experiments": [targeted.key, "draft-one"],
            "ids": ["a", "b"],
            "attributes": {"country": ["US", "CA"]},
        },
        bearer(member),
    )
    us, draft = response.json()
    assert us["assignments"][0] is not None and us["assignments"][1] is None
    assert draft["status"] == "draft" and draft["assignments"] == [None, None]


@pytest.mark.skipif(not VECTORS.exists(), reason="the GrowthBook vectors are absent")
def test_assignment_over_http_matches_the_growthbook_vectors(client, member):
    vectors = json.loads(VECTORS.read_text())["vectors"]
    by_key: dict[str, list[dict]] = {}
    for v in vectors:
        if v["seed"] == v["experiment_key"] and v["hash_version"] == 2:
            by_key.setdefault(v["experiment_key"], []).append(v)
    headers = bearer(member)
    checked = 0
    for key, cases in by_key.items():
        first = cases[0]
        same_setup = [
            c
            for c in cases
            if (c["weights"], c["coverage"]) == (first["weights"], first["coverage"])
        ]
        experiment = make_experiment(
            member,
            key=key,
            variants=[f"V{i}" for i in range(first["num_variations"])],
            weights=first["weights"],
            coverage=first["coverage"],
        )
        services.experiment_start(actor=member, experiment=experiment)
        response = post(
            client,
            "/api/weblab/assign",
            {"experiments": [key], "ids": [c["user_id"] for c in same_setup]},
            headers,
        )
        got = response.json()[0]["assignments"]
        assert got == [c["variation"] if c["in_experiment"] else None for c in same_setup]
        checked += len(same_setup)
    assert checked >= 5


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (
            {"experiments": ["nope"], "ids": ["a"]},
            "experiments",
            "Unknown experiment key(s): nope.",
        ),
        ({"experiments": ["checkout-button"], "ids": ["a", 1.5]}, "ids", "ids[1] must be a string"),
        ({"experiments": ["checkout-button"], "ids": [True]}, "ids", "ids[0] must be a string"),
        ({"experiments": ["checkout-button"], "ids": [None]}, "ids", "ids[0] must be a string"),
        ({"experiments": [], "ids": ["a"]}, "experiments", "at least one"),
        (
            {"experiments": ["checkout-button"], "ids": ["a"], "attributes": {"country": []}},
            "attributes",
            "one value per id",
        ),
        (
            {"experiments": ["checkout-button"], "ids": ["a"] * (MAX_ASSIGN_IDS + 1)},
            "ids",
            f"at most {MAX_ASSIGN_IDS} ids",
        ),
    ],
)
def test_assignment_errors_are_clear(client, member, payload, field, message):
    services.experiment_start(actor=member, experiment=make_experiment(member))
    response = post(client, "/api/weblab/assign", payload, bearer(member))
    assert response.status_code == 422
    assert message in response.json()["detail"][field][0]


def test_exposures_are_idempotent_by_event_id(client, member, warehouse):
    services.experiment_start(actor=member, experiment=make_experiment(member))
    headers = bearer(member)
    batch = {"events": [exposure(i) for i in range(50)]}
    first = post(client, "/api/weblab/exposures", batch, headers)
    assert first.json() == {"received": 50, "inserted": 50, "duplicates": 0, "excluded": 0}
    retried = post(client, "/api/weblab/exposures", batch, headers)
    assert retried.json() == {"received": 50, "inserted": 0, "duplicates": 50, "excluded": 0}
    assert stored() == 50


def test_exposures_contradicting_the_assignment_are_kept_apart_and_counted(
    client, member, warehouse
):
    experiment = services.experiment_start(
        actor=member, experiment=make_experiment(member), at=START
    )
    write_data(warehouse, experiment.key, n=(300, 300))
    checkout = assignment_experiment(experiment)
    wrong = [
        {
            **exposure(i, event_id=f"bad-{i}"),
            "variant": 1 - assignment.assign(checkout, f"user-{i}"),
        }
        for i in range(7)
    ]
    right = [exposure(i) for i in range(7, 10)]
    headers = bearer(member)
    logged = post(client, "/api/weblab/exposures", {"events": wrong + right}, headers).json()
    assert logged == {"received": 10, "inserted": 3, "duplicates": 0, "excluded": 7}
    with open_store() as store:
        kept = store.query(
            "SELECT unit_id, variant FROM weblab_exposures_excluded ORDER BY event_id"
        ).to_pylist()
    assert sorted(row["unit_id"] for row in kept) == [f"user-{i}" for i in range(7)]
    assert all(row["variant"] != assignment.assign(checkout, row["unit_id"]) for row in kept)
    retried = post(client, "/api/weblab/exposures", {"events": wrong}, headers).json()
    assert retried["excluded"] == 7
    body = client.get(f"/api/weblab/experiments/{experiment.key}/results", headers=headers).json()
    assert (body["excluded_exposures"], body["excluded_units"]) == (7, 7)
    assert sum(u["units"] for u in body["units"]) == 603  # the 3 consistent ones, not the 7
    client.force_login(member)
    page = client.get(f"/weblab/experiments/{experiment.pk}/results/")
    assert "7 exposures excluded" in page.content.decode()


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([exposure(0), exposure(1, key="nope")], "event 1: unknown experiment 'nope'"),
        ([exposure(0, variant=5)], "event 0: variant 5 is out of range"),
        ([exposure(0, key="draft-one")], "event 0: experiment 'draft-one' is draft"),
        ([exposure(i) for i in range(MAX_EXPOSURE_BATCH + 1)], f"at most {MAX_EXPOSURE_BATCH}"),
    ],
)
def test_bad_exposure_batches_are_refused_whole(client, member, warehouse, events, message):
    services.experiment_start(actor=member, experiment=make_experiment(member))
    make_experiment(member, key="draft-one")
    response = post(client, "/api/weblab/exposures", {"events": events}, bearer(member))
    assert response.status_code == 422
    assert message in response.json()["detail"]["events"][0]
    assert stored() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_lose_nothing(member, warehouse):
    services.experiment_start(actor=member, experiment=make_experiment(member))
    errors: list[BaseException] = []

    def writer(worker: int) -> None:
        try:
            for batch in range(5):
                events = [exposure(i, event_id=f"w{worker}-b{batch}-{i}") for i in range(40)]
                # every worker also resends the shared events: stored once
                events += [exposure(i, event_id=f"shared-{i}") for i in range(10)]
                services.exposures_log(actor=member, events=events)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stored() == 6 * 5 * 40 + 10


def test_results_over_the_api(client, member, warehouse):
    experiment = run(member, make_experiment(member))
    write_data(warehouse, experiment.key, n=(1500, 1200))
    body = client.get(
        "/api/weblab/experiments/checkout-button/results?correction=bh", headers=bearer(member)
    ).json()
    assert body["ok"] and body["srm_mismatch"]
    assert body["correction"] == "bh"
    assert [u["units"] for u in body["units"]] == [1500, 1200]
    purchase = body["metrics"][0]
    assert purchase["key"] == "purchase" and purchase["role"] == "primary"
    assert purchase["variants"][0]["adjusted_p_value"] >= purchase["variants"][0]["p_value"]


def test_power_over_the_api(client, member):
    headers = bearer(member)
    body = client.get(
        "/api/weblab/power?baseline=0.1&units_per_week=10000&weeks=2&lift=0.05", headers=headers
    ).json()
    assert body["units_per_variant"] == 10000
    assert 0 < body["mde"] < 1
    refused = client.get("/api/weblab/power?baseline=0.1&units_per_week=0&weeks=2", headers=headers)
    assert refused.status_code == 422


def test_a_draft_changes_over_the_api_and_a_started_one_does_not(client, member):
    make_experiment(member)
    headers = bearer(member)
    payload = {
        "key": "checkout-button",
        "name": "Orange checkout button",
        "hypothesis": "Orange stands out more than green.",
        "variants": ["Control", "Orange", "Green"],
        "metrics": [{"key": "purchase", "role": "primary", "where": {"event": "purchase"}}],
        "version": 1,
    }
    changed = client.put(
        "/api/weblab/experiments/checkout-button",
        json.dumps(payload),
        content_type="application/json",
        headers=headers,
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["weights"] == pytest.approx([1 / 3] * 3)
    post(client, "/api/weblab/experiments/checkout-button/start", {}, headers)
    payload["version"] = 2
    refused = client.put(
        "/api/weblab/experiments/checkout-button",
        json.dumps(payload),
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 422
    assert "definition is fixed" in refused.json()["detail"]["__all__"][0]
    assert client.get("/api/weblab/experiments/nope", headers=headers).status_code == 404
