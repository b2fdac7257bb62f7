from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dayone.server.documents import services
from dayone.server.documents.models import ConflictDraft, Document
from dayone.server.documents.writing import MAX_BODY_CHARS
from tests.server.documents.conftest import NARRATIVE, prfaq_parts
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"

PARTS = {
    "questions": {"customer": "Readers of series: 38,000 people."},
    "press": {
        "heading": "Riverbend Books launches Series Shelf",
        "problem": "Readers nearly always miss one.",
    },
    "external": [{"question": "How much?", "answer": "Nothing."}],
    "internal": {"economics": [{"question": "Cost to us?", "answer": "$40,000."}]},
}


def test_create_read_save_diff_and_conflict(member_client, member):
    response = member_client.post(
        "/api/documents/",
        {"kind": "prfaq", "title": "Series Shelf", "parts": PARTS},
        content_type=JSON,
    )
    assert response.status_code == 201
    document = response.json()
    assert document["head"]["number"] == 1
    assert document["head"]["parts"]["internal"]["economics"][0]["answer"] == "$40,000."
    assert document["head"]["body"].index("## Customer questions") < document["head"]["body"].index(
        "# External FAQ"
    )
    url = f"/api/documents/{document['id']}"

    saved = member_client.post(
        f"{url}/versions",
        {
            "based_on": 1,
            "title": "Series Shelf",
            "parts": {**PARTS, "press": {"heading": "Series Shelf"}},
        },
        content_type=JSON,
    )
    assert saved.status_code == 201
    assert saved.json()["number"] == 2

    conflict = member_client.post(
        f"{url}/versions",
        {"based_on": 1, "title": "Series Shelf", "parts": PARTS, "note": "late"},
        content_type=JSON,
    )
    assert conflict.status_code == 409
    body = conflict.json()
    assert body["latest"] == 2
    assert "Readers nearly always miss one." in body["yours"]
    assert "Readers nearly always miss one." not in body["theirs"]
    assert ConflictDraft.objects.get(pk=body["conflict"]).closed_at is None

    taken = member_client.post(
        f"{url}/versions",
        {"based_on": 2, "title": "Series Shelf", "parts": PARTS, "conflict": body["conflict"]},
        content_type=JSON,
    )
    assert taken.status_code == 201
    assert ConflictDraft.objects.get(pk=body["conflict"]).closed_at is not None

    versions = member_client.get(f"{url}/versions").json()
    assert [v["number"] for v in versions] == [3, 2, 1]
    assert member_client.get(f"{url}/versions/1").json()["parts"]["press"]["problem"]
    diff = member_client.get(f"{url}/diff", {"old": 1, "new": 2}).json()
    assert diff["removed"] + diff["changed"] >= 1
    assert member_client.get(f"{url}/diff", {"old": 1, "new": 9}).status_code == 404

    listed = member_client.get("/api/documents/", {"q": "series", "status": "draft"}).json()[
        "items"
    ]
    assert [d["title"] for d in listed] == ["Series Shelf"]


def test_bad_input_names_the_field_and_changes_nothing(member_client):
    response = member_client.post(
        "/api/documents/",
        {"kind": "prfaq", "title": "X", "parts": {"press": {"headline": "Nope"}}},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "parts.press.headline" in response.json()["detail"]
    response = member_client.post(
        "/api/documents/",
        {"kind": "narrative", "title": "X", "body": "x" * (MAX_BODY_CHARS + 1)},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "the limit is 120,000" in response.json()["detail"]["body"][0]
    response = member_client.post(
        "/api/documents/", {"kind": "memo", "title": "X"}, content_type=JSON
    )
    assert response.status_code == 422
    assert not Document.objects.exists()


def test_lint_api(member_client):
    response = member_client.post(
        "/api/documents/lint", {"kind": "prfaq", "title": "T", "parts": PARTS}, content_type=JSON
    )
    report = response.json()
    weasel = next(f for f in report["findings"] if f["rule"] == "weasel-words")
    assert (weasel["part"], weasel["part_line"], weasel["column"]) == ("pr_problem", 1, 9)
    assert {s["name"]: s["limit"] for s in report["sections"]} == {
        "uncounted": None,
        "press-release": 1,
        "faq": 5,
    }
    narrative = member_client.post(
        "/api/documents/lint", {"kind": "narrative", "body": NARRATIVE}, content_type=JSON
    ).json()
    assert narrative["pages"] == 1
    assert narrative["sections"][0]["limit"] == 6


def test_reviews_silent_reading_comments_and_outcome(client, member):
    document = services.document_create(
        actor=member, kind="prfaq", title="Series Shelf", parts=prfaq_parts()
    )
    reader = UserFactory(username="rita")
    client.force_login(member)
    url = f"/api/documents/{document.pk}"
    when = (timezone.now() + timedelta(days=1)).isoformat()
    review = client.post(
        f"{url}/reviews", {"scheduled_for": when, "readers": ["nobody"]}, content_type=JSON
    )
    assert review.status_code == 422
    assert "readers" in review.json()["detail"]
    review = client.post(
        f"{url}/reviews", {"scheduled_for": when, "readers": ["rita"]}, content_type=JSON
    ).json()
    mine = client.post(f"{url}/comments", {"body": "Owner's note."}, content_type=JSON).json()

    client.force_login(reader)
    client.post(f"/api/documents/reviews/{review['id']}/reading", {}, content_type=JSON)
    seen = client.get(f"{url}/comments").json()
    assert seen == {"comments": [], "hidden": 1, "reading_in_silence": True}
    assert (
        client.post(
            f"/api/documents/comments/{mine['id']}/resolve", {"resolution": "x"}, content_type=JSON
        ).status_code
        == 404
    )
    quoted = client.post(
        f"{url}/comments",
        {"body": "Which city?", "quote": "COLUMBUS", "section": "Summary", "review": review["id"]},
        content_type=JSON,
    )
    assert quoted.status_code == 201
    bad = client.post(f"{url}/comments", {"body": "?", "quote": "Atlantis"}, content_type=JSON)
    assert bad.status_code == 422
    assert "quote" in bad.json()["detail"]
    done = client.post(
        f"/api/documents/reviews/{review['id']}/reading", {"done": True}, content_type=JSON
    ).json()
    assert done["readers"][0]["done_at"]
    assert client.get(f"{url}/comments").json()["hidden"] == 0
    refused = client.post(
        f"/api/documents/reviews/{review['id']}/outcome",
        {"outcome": "go", "note": "Ship it: readers asked for it twice."},
        content_type=JSON,
    )
    assert refused.status_code == 403

    client.force_login(member)
    gated = client.post(
        f"/api/documents/reviews/{review['id']}/outcome",
        {"outcome": "go", "note": "Ship it: readers asked for it twice."},
        content_type=JSON,
    )
    assert gated.status_code == 422
    assert set(gated.json()["detail"]) == {"waive_questions", "waive_comments", "waive_early"}
    reason = "The pilot answers this in its first four weeks."
    ended = client.post(
        f"/api/documents/reviews/{review['id']}/outcome",
        {
            "outcome": "go",
            "note": "Ship it: readers asked for it twice.",
            "waivers": {"questions": reason, "comments": reason, "early": reason},
        },
        content_type=JSON,
    ).json()
    assert ended["outcome"] == "go"
    assert ended["decision"]
    assert client.get(url).json()["status"] == "approved"
    services.document_save(
        actor=member, document=document, based_on=1, title="Series Shelf", parts=prfaq_parts()
    )
    carried = client.post(f"/api/documents/comments/{mine['id']}/carry", content_type=JSON)
    assert carried.status_code == 201
    assert carried.json()["version"] == 2
    assert carried.json()["carried_from"] == mine["id"]
    shipped = client.post(f"{url}/status", {"status": "shipped"}, content_type=JSON)
    assert shipped.json()["status"] == "shipped"


def test_viewers_cannot_write_through_the_api(client, viewer, member):
    document = services.document_create(actor=member, kind="narrative", title="T", body="Text.")
    client.force_login(viewer)
    assert client.get(f"/api/documents/{document.pk}").status_code == 200
    response = client.post(
        f"/api/documents/{document.pk}/versions",
        {"based_on": 1, "title": "T", "body": "Mine."},
        content_type=JSON,
    )
    assert response.status_code == 403
    assert (
        client.post(
            "/api/documents/", {"kind": "narrative", "title": "T", "body": "x"}, content_type=JSON
        ).status_code
        == 403
    )


def test_anonymous_is_refused(client):
    assert client.get("/api/documents/").status_code == 401
