"""Ideas and the institutional yes: several paths to a yes, a written no, the next level up,
votes, merging, notifications, the drafts a yes starts, similar ideas and the page's figures."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dayone.server.customers import idea_selectors, services
from dayone.server.customers.enums import AskVia, IdeaStatus
from dayone.server.customers.models import Anecdote, IdeaComment, IdeaVote, vector_bytes
from dayone.server.decisions.models import Notification
from dayone.server.documents.models import Document
from dayone.server.teams import services as team_services
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db

NO_REASON = "Not this quarter: the warehouse move takes every engineer until March."


@pytest.fixture
def org(admin):
    """A chief (top team), two leaders who report to her, and a member of the first team."""
    chief = UserFactory(username="chief", first_name="Ruth")
    lead_a = UserFactory(username="lead_a", first_name="Ann")
    lead_b = UserFactory(username="lead_b", first_name="Bo")
    proposer = UserFactory(username="pat", first_name="Pat")
    team_services.team_create(actor=admin, name="Leadership", leader=chief, is_leadership=True)
    support = team_services.team_create(
        actor=admin, name="Support", leader=lead_a, reports_to=chief
    )
    team_services.team_create(actor=admin, name="Delivery", leader=lead_b, reports_to=chief)
    team_services.team_member_add(actor=admin, team=support, person=proposer)
    return {"chief": chief, "a": lead_a, "b": lead_b, "pat": proposer, "support": support}


def _idea(proposer, **extra):
    n = Anecdote.objects.count()
    anecdote = Anecdote.objects.create(
        text=f"I was on hold for {40 + n} minutes and gave up.",
        channel="call",
        said_on=dt.date(2026, 3, 2),
        fingerprint=f"hold-{n}",
    )
    values = {
        "title": "Call-back instead of waiting on hold",
        "customer": "Readers who phone us about a late order.",
        "problem": "They wait on hold for half an hour and hang up.",
        "evidence": "Forty call anecdotes since January.",
        "anecdotes": [anecdote],
        "vector": vector_bytes(np.eye(384, dtype=np.float32)[0]),
    }
    values.update(extra)
    return services.idea_submit(actor=proposer, **values)


def _notes(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).values_list("message", flat=True))


def test_a_no_needs_a_reason_and_another_leader_can_still_say_yes(org):
    pat, lead_a, lead_b = org["pat"], org["a"], org["b"]
    idea = _idea(pat, leader=lead_a)
    voter = UserFactory(username="vera")
    services.idea_vote(actor=voter, idea=idea)
    [ask] = idea.asks.all()
    assert ask.via == AskVia.FIRST
    assert "asks you about the idea" in _notes(lead_a)[0]

    with pytest.raises(ValidationError) as refused:
        services.idea_answer(actor=lead_a, ask=ask, answer="no", reason="no")
    assert "reason" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.idea_answer(actor=lead_b, ask=ask, answer="yes")

    services.idea_answer(actor=lead_a, ask=ask, answer="no", reason=NO_REASON)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.NO
    assert any(NO_REASON in note for note in _notes(pat))
    assert any("is now: no" in note for note in _notes(voter))

    second = services.idea_ask(actor=pat, idea=idea, leader=lead_b)
    assert second.via == AskVia.ANOTHER
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.OPEN
    with pytest.raises(ValidationError, match="already asked"):
        services.idea_ask(actor=pat, idea=idea, leader=lead_a)

    services.idea_answer(actor=lead_b, ask=second, answer="yes")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.YES
    document = Document.objects.get(pk=idea.document_id)
    assert (document.kind, document.owner, document.title) == ("prfaq", pat, idea.title)
    parts = document.head.parts["questions"]
    assert parts["customer"] == idea.customer
    assert "I was on hold for 40 minutes and gave up." in parts["evidence"]
    assert any("is now: yes" in note for note in _notes(voter))

    stats = idea_selectors.idea_stats(viewer=pat, last=timezone.localdate())
    assert (stats.noes, stats.overturned, stats.overturned_share) == (1, 1, 1.0)
    rates = {r.leader.username: (r.answered, r.yes) for r in stats.leaders}
    assert rates == {"lead_a": (1, 0), "lead_b": (1, 1)}
    assert stats.first_answer_hours is not None
    assert sum(stats.per_week) == 1


def test_the_next_level_up_comes_from_the_reporting_lines(org):
    pat, lead_a, chief = org["pat"], org["a"], org["chief"]
    idea = _idea(pat, leader=lead_a)
    with pytest.raises(ValidationError, match="after a no"):
        services.idea_take_up(actor=pat, idea=idea)
    services.idea_answer(actor=lead_a, ask=idea.asks.get(), answer="no", reason=NO_REASON)
    up = services.idea_take_up(actor=pat, idea=idea)
    assert (up.leader, up.via) == (chief, AskVia.UP)
    services.idea_answer(actor=chief, ask=up, answer="no", reason=NO_REASON)
    with pytest.raises(ValidationError, match="reports to no one"):
        services.idea_take_up(actor=pat, idea=idea)
    assert idea_selectors.manager_of(pat.pk) == lead_a


def test_a_small_idea_starts_a_weblab_draft_and_only_leaders_are_asked(org):
    pat, lead_b = org["pat"], org["b"]
    with pytest.raises(ValidationError) as refused:
        _idea(pat, leader=UserFactory(username="nobody"), customer=" ")
    assert set(refused.value.message_dict) == {"leader", "customer"}
    idea = _idea(pat, small=True, leader=lead_b)
    services.idea_answer(actor=lead_b, ask=idea.asks.get(), answer="yes")
    idea.refresh_from_db()
    assert idea.experiment is not None
    assert idea.experiment.status == "draft"
    assert (idea.experiment.source_kind, idea.experiment.source_ref) == ("idea", str(idea.pk))
    assert idea.document is None


def test_merge_keeps_voters_and_comments(org, admin):
    pat = org["pat"]
    keep = _idea(pat, title="Call-back when the queue is long")
    other_proposer = UserFactory(username="olga")
    gone = _idea(other_proposer, title="Ring customers back")
    voters = [UserFactory(username=f"v{n}") for n in range(3)]
    for voter in voters:
        services.idea_vote(actor=voter, idea=gone)
    services.idea_vote(actor=voters[0], idea=keep)
    services.idea_comment(actor=voters[1], idea=gone, text="Our callers ask for this weekly.")
    with pytest.raises(PermissionDenied):
        services.idea_merge(actor=voters[2], idea=gone, into=keep)

    services.idea_merge(actor=admin, idea=gone, into=keep)
    gone.refresh_from_db()
    assert (gone.status, gone.merged_into) == (IdeaStatus.MERGED, keep)
    voting = set(IdeaVote.objects.filter(idea=keep).values_list("voter__username", flat=True))
    assert voting == {"v0", "v1", "v2", "olga"}
    assert IdeaComment.objects.get().idea == keep
    assert keep.anecdotes.count() == 2
    assert any("is now: merged" in note for note in _notes(voters[2]))
    with pytest.raises(ValidationError, match="merged"):
        services.idea_vote(actor=voters[2], idea=gone)


def test_similar_ideas_are_nearest_in_meaning(org):
    pat = org["pat"]
    basis = np.eye(384, dtype=np.float32)
    near = (basis[0] + 0.3 * basis[1]) / np.linalg.norm(basis[0] + 0.3 * basis[1])
    first = _idea(pat, title="Call-back", vector=vector_bytes(basis[0]))
    _idea(pat, title="Gift wrap", vector=vector_bytes(basis[2]))
    found = idea_selectors.idea_similar(viewer=pat, vector=near)
    assert [idea.pk for idea, _ in found] == [first.pk]
    assert found[0][1] == pytest.approx(0.958, abs=1e-3)
    third = _idea(pat, title="Call me back", vector=vector_bytes(near))
    found = idea_selectors.idea_similar(viewer=pat, vector=near, exclude=third.pk)
    assert [idea.pk for idea, _ in found] == [first.pk]
