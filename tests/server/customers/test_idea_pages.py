"""The ideas pages and API: submit with errors on the fields, answer, take it elsewhere, vote,
comment, merge; the figures; markup shown as text; the schema lists the endpoints."""

from __future__ import annotations

import pytest
from django.test import Client

from dayone.server.core import services as core_services
from dayone.server.customers import services
from dayone.server.customers.enums import IdeaStatus
from dayone.server.customers.models import Idea
from dayone.server.teams import services as team_services
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db

NO_REASON = "Not now: the warehouse move takes every engineer until March."
IDEA = {
    "title": "Call-back <b>instead</b> of hold",
    "customer": "Readers who phone us about a late order.",
    "problem": "They wait on hold for half an hour and hang up.",
    "evidence": "Forty call anecdotes since January.",
}


@pytest.fixture
def leaders(admin):
    chief = UserFactory(username="chief")
    lead = UserFactory(username="lead")
    other = UserFactory(username="other")
    team_services.team_create(actor=admin, name="Leadership", leader=chief, is_leadership=True)
    team_services.team_create(actor=admin, name="Support", leader=lead, reports_to=chief)
    team_services.team_create(actor=admin, name="Delivery", leader=other, reports_to=chief)
    return {"chief": chief, "lead": lead, "other": other}


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_submit_answer_and_take_it_elsewhere_through_the_pages(member_client, member, leaders):
    empty = member_client.post("/customers/ideas/new", {"title": "x", "leader": "nobody"})
    assert empty.status_code == 422
    html = empty.content.decode()
    assert "This field is required." in html
    wrong = member_client.post(
        "/customers/ideas/new", {**IDEA, "leader": "max", "anecdotes": "12, x"}
    )
    assert wrong.status_code == 422
    assert "&#x27;x&#x27; is not an anecdote number." in wrong.content.decode()
    not_leader = member_client.post("/customers/ideas/new", {**IDEA, "leader": "max"})
    assert "Ask someone other than yourself." in not_leader.content.decode()
    assert Idea.objects.count() == 0

    done = member_client.post("/customers/ideas/new", {**IDEA, "leader": "lead"})
    assert done.status_code == 302
    idea = Idea.objects.get()
    page = member_client.get(done["Location"]).content.decode()
    assert "Call-back &lt;b&gt;instead&lt;/b&gt; of hold" in page
    assert "<b>instead</b>" not in page

    lead = _as(leaders["lead"])
    ask = idea.asks.get()
    bare = lead.post(f"/customers/ideas/{idea.pk}/answer", {"ask": ask.pk, "answer": "no"})
    assert bare.status_code == 422
    assert "A no needs a written reason" in bare.content.decode()
    said_no = lead.post(
        f"/customers/ideas/{idea.pk}/answer", {"ask": ask.pk, "answer": "no", "reason": NO_REASON}
    )
    assert said_no.status_code == 302
    seen = member_client.get(f"/customers/ideas/{idea.pk}/").content.decode()
    assert NO_REASON in seen
    assert "Take it to the next level up" in seen

    member_client.post(f"/customers/ideas/{idea.pk}/up")
    chief_ask = idea.asks.get(leader=leaders["chief"])
    _as(leaders["chief"]).post(
        f"/customers/ideas/{idea.pk}/answer", {"ask": chief_ask.pk, "answer": "yes"}
    )
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.YES
    assert idea.document is not None
    listing = member_client.get("/customers/ideas/").content.decode()
    assert "1 of 1 ideas that heard a no (100%)" in listing
    assert "1 in the week ending" in listing
    assert 'id="leader-rates"' in listing
    prfaq = member_client.get(f"/documents/{idea.document.pk}/").content.decode()
    assert f"/customers/ideas/{idea.pk}/" in prfaq


def test_vote_comment_and_merge_through_the_api(client, member, admin, leaders):
    _, raw = core_services.api_token_create(actor=member, name="script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    bad = client.post(
        "/api/customers/ideas", {**IDEA, "customer": " "}, content_type="application/json", **auth
    )
    assert bad.status_code == 422
    assert "customer" in bad.json()["detail"]
    missing = client.post(
        "/api/customers/ideas", {**IDEA, "anecdotes": [99]}, content_type="application/json", **auth
    )
    assert missing.status_code == 422
    assert "anecdotes.0" in missing.json()["detail"]
    first = client.post(
        "/api/customers/ideas", {**IDEA, "leader": "lead"}, content_type="application/json", **auth
    ).json()
    second = client.post(
        "/api/customers/ideas",
        {**IDEA, "title": "Ring back"},
        content_type="application/json",
        **auth,
    ).json()
    assert first["asks"][0]["leader"] == "lead"
    _, admin_raw = core_services.api_token_create(actor=admin, name="admin")
    voted = client.post(
        f"/api/customers/ideas/{second['id']}/vote",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {admin_raw}",
    )
    assert voted.json()["votes"] == 1
    client.post(
        f"/api/customers/ideas/{second['id']}/comments",
        {"text": "Callers ask weekly."},
        content_type="application/json",
        **auth,
    )
    merged = client.post(
        f"/api/customers/ideas/{second['id']}/merge",
        {"into": first["id"]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {admin_raw}",
    )
    assert merged.status_code == 200
    assert merged.json()["id"] == first["id"]
    assert merged.json()["votes"] == 1
    stats = client.get("/api/customers/ideas/stats", **auth).json()
    assert stats["by_status"] == {"open": 1, "merged": 1}
    listed = client.get("/api/customers/ideas?status=merged", **auth).json()
    assert [i["id"] for i in listed["items"]] == [second["id"]]
    schema = client.get("/api/openapi.json", **auth).json()
    assert "/api/customers/ideas/{idea_id}/answer" in schema["paths"]
    assert "/api/customers/ideas/similar" in schema["paths"]


def test_similar_ideas_show_as_one_types(member_client, member):
    from dayone.customers import model_available

    services.idea_submit(
        actor=member,
        title="Call customers back instead of keeping them on hold",
        customer="Customers who phone about a late order.",
        problem="They wait on hold for half an hour and hang up.",
        evidence="Call anecdotes every week.",
    )
    services.idea_submit(
        actor=member,
        title="Gift wrap with a handwritten note",
        customer="Readers who buy books as presents.",
        problem="They have to wrap the book themselves.",
        evidence="Survey comments before Christmas.",
    )
    found = member_client.get(
        "/customers/ideas/similar",
        {"title": "Ring people back when the queue is long", "problem": "Callers give up."},
    )
    assert found.status_code == 200
    html = found.content.decode()
    if model_available():
        assert "Call customers back instead of keeping them on hold" in html
        assert "Gift wrap" not in html
    else:
        assert "once the sentence-embedding model is installed" in html
