"""The "?" escalations: raise on an anecdote, close with root cause, fix and prevention, time to close."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dayone.server.core import services as core_services
from dayone.server.core.enums import Role
from dayone.server.customers import selectors, services
from dayone.server.customers.models import Anecdote, Escalation
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db

CAUSE = "The phone queue routed every caller to one team after the rota changed."
FIX = "We restored the routing table and called back the forty customers who waited."
PREVENTION = "The rota tool now refuses a change that leaves a queue without people."


@pytest.fixture
def anecdote():
    return Anecdote.objects.create(
        text="I was <b>on hold</b> for forty minutes and nobody answered.",
        channel="call",
        said_on=dt.date(2026, 3, 2),
        fingerprint="esc-1",
    )


@pytest.fixture
def owner(db):
    return UserFactory(username="olga", role=Role.MEMBER)


def _raise(actor, anecdote, owner, **kw):
    return services.escalation_raise(actor=actor, anecdote=anecdote, owner=owner, **kw)


def test_a_question_mark_has_an_owner_and_a_deadline_in_hours(admin, anecdote, owner):
    now = timezone.now()
    e = _raise(admin, anecdote, owner, hours=24, now=now)
    assert e.question == "?"
    assert e.due_at == now + dt.timedelta(hours=24)
    assert e.is_open


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"hours": 0}, "hours"),
        ({"hours": 24 * 15}, "hours"),
        ({"question": "x" * 2001}, "question"),
    ],
)
def test_a_bad_deadline_or_question_is_refused(admin, anecdote, owner, kw, field):
    with pytest.raises(ValidationError) as caught:
        _raise(admin, anecdote, owner, **kw)
    assert field in caught.value.message_dict
    assert not Escalation.objects.exists()


def test_no_owner_is_refused(admin, anecdote):
    with pytest.raises(ValidationError) as caught:
        _raise(admin, anecdote, None)
    assert "owner" in caught.value.message_dict


def test_viewers_cannot_raise(viewer, anecdote, owner):
    with pytest.raises(PermissionDenied):
        _raise(viewer, anecdote, owner)


def test_closing_needs_root_cause_fix_and_prevention_in_writing(admin, anecdote, owner):
    e = _raise(admin, anecdote, owner)
    with pytest.raises(ValidationError) as caught:
        services.escalation_close(
            actor=owner, escalation=e, root_cause="routing", fix="", prevention="fixed it ok."
        )
    errors = caught.value.message_dict
    assert set(errors) == {"root_cause", "fix", "prevention"}
    assert "Write the fix" in errors["fix"][0]
    e.refresh_from_db()
    assert e.is_open
    closed = services.escalation_close(
        actor=owner, escalation=e, root_cause=CAUSE, fix=FIX, prevention=PREVENTION
    )
    assert closed.closed_by == owner
    assert closed.root_cause == CAUSE
    with pytest.raises(ValidationError):
        services.escalation_close(
            actor=owner, escalation=closed, root_cause=CAUSE, fix=FIX, prevention=PREVENTION
        )


def test_only_the_owner_the_raiser_or_an_admin_closes(member, anecdote, owner):
    e = _raise(member, anecdote, owner)
    stranger = UserFactory(username="sam", role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        services.escalation_close(
            actor=stranger, escalation=e, root_cause=CAUSE, fix=FIX, prevention=PREVENTION
        )
    services.escalation_close(
        actor=member, escalation=e, root_cause=CAUSE, fix=FIX, prevention=PREVENTION
    )


def test_time_to_close_is_measured(admin, anecdote, owner):
    start = timezone.now() - dt.timedelta(days=10)
    for hours_taken, allowed in [(2, 4), (6, 4), (10, 48)]:
        e = _raise(admin, anecdote, owner, hours=allowed, now=start)
        services.escalation_close(
            actor=owner,
            escalation=e,
            root_cause=CAUSE,
            fix=FIX,
            prevention=PREVENTION,
            now=start + dt.timedelta(hours=hours_taken),
        )
    _raise(admin, anecdote, owner, hours=1, now=start)
    _raise(admin, anecdote, owner, hours=48)
    stats = selectors.escalation_stats(viewer=admin)
    assert (stats.open, stats.overdue, stats.closed) == (2, 1, 3)
    assert stats.median_hours == pytest.approx(6)
    assert stats.p90_hours == pytest.approx(10)
    assert stats.on_time_share == pytest.approx(2 / 3)


def test_raise_and_close_through_the_pages_and_the_home_page(client, admin, anecdote, owner):
    client.force_login(admin)
    page = client.get(f"/customers/anecdotes/{anecdote.pk}/")
    assert b"Send the ?" in page.content
    bad = client.post(
        f"/customers/anecdotes/{anecdote.pk}/escalate", {"owner": "nobody", "hours": 8}
    )
    assert bad.status_code == 422
    assert b"No one signs in as" in bad.content
    sent = client.post(
        f"/customers/anecdotes/{anecdote.pk}/escalate",
        {"owner": "olga", "hours": 8, "question": "Why <i>forty</i> minutes?"},
    )
    e = Escalation.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == f"/customers/escalations/{e.pk}/"

    client.force_login(owner)
    home = client.get("/")
    assert b"Yours to answer" in home.content
    assert b"&lt;b&gt;on hold&lt;/b&gt;" in home.content
    detail = client.get(f"/customers/escalations/{e.pk}/")
    assert b"Why &lt;i&gt;forty&lt;/i&gt; minutes?" in detail.content
    assert b"Close it" in detail.content
    refused = client.post(
        f"/customers/escalations/{e.pk}/", {"root_cause": "x", "fix": FIX, "prevention": PREVENTION}
    )
    assert refused.status_code == 422
    done = client.post(
        f"/customers/escalations/{e.pk}/",
        {"root_cause": CAUSE, "fix": FIX, "prevention": PREVENTION},
    )
    assert done.status_code == 302
    assert b"Yours to answer" not in client.get("/").content
    listing = client.get("/customers/escalations/?state=closed")
    assert b"Median hours to close" in listing.content
    assert b"closed" in listing.content


def test_the_api_raises_lists_and_closes(client, admin, anecdote, owner):
    _, raw = core_services.api_token_create(actor=admin, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    made = client.post(
        f"/api/customers/anecdotes/{anecdote.pk}/escalations",
        {"owner": "olga", "hours": 12},
        content_type="application/json",
        **auth,
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["owner"], body["hours"], body["question"]) == ("olga", 12, "?")
    listed = client.get("/api/customers/escalations?open=true", **auth).json()
    assert listed["total"] == 1
    bad = client.post(
        f"/api/customers/escalations/{body['id']}/close",
        {"root_cause": CAUSE, "fix": "done", "prevention": PREVENTION},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422
    assert "fix" in bad.json()["detail"]
    closed = client.post(
        f"/api/customers/escalations/{body['id']}/close",
        {"root_cause": CAUSE, "fix": FIX, "prevention": PREVENTION},
        content_type="application/json",
        **auth,
    )
    assert closed.status_code == 200
    assert closed.json()["hours_to_close"] is not None
    stats = client.get("/api/customers/escalations/stats", **auth).json()
    assert stats["closed"] == 1
