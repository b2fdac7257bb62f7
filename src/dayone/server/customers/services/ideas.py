"""Ideas and the institutional yes: submit an idea from the customer, take it to leaders (any
yes is a yes; a no is written), to another leader or the next level up, vote, comment, merge.

A yes starts a PR/FAQ draft filled from the idea, or a Weblab experiment draft for a small
reversible idea, linked both ways. The proposer and the voters hear of every status change;
a leader hears when asked; the proposer reads every answer and its reason.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from dayone.customers import ModelMissingError, embed, model_available
from dayone.server.core.access import ensure_can_write
from dayone.server.core.services import audit_record, audited_save, model_snapshot
from dayone.server.core.validators import substance_error
from dayone.server.customers import idea_selectors, rules
from dayone.server.customers.enums import AskVia, IdeaAnswer, IdeaStatus, YesStarts
from dayone.server.customers.models import (
    Anecdote,
    Idea,
    IdeaAsk,
    IdeaComment,
    IdeaVote,
    vector_bytes,
)
from dayone.server.decisions.models import Notification

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from dayone.server.core.models import User
    from dayone.server.teams.models import Team

IDEA_FIELDS = ("title", "customer", "problem", "evidence", "small", "team", "proposer", "status")
ASK_FIELDS = ("idea", "leader", "via", "asked_by")
QUOTES_IN_PRFAQ = 5
"""How many anecdotes a PR/FAQ started from an idea quotes as evidence."""


def idea_url(idea: Idea) -> str:
    """The page of an idea."""
    return reverse("customers:idea", args=[idea.pk])


def idea_text(title: str, problem: str) -> str:
    """What an idea's vector is made from: its title and the customer's problem."""
    return f"{title.strip()}. {problem.strip()}"


def idea_vector(title: str, problem: str) -> bytes | None:
    """The idea's sentence vector, or ``None`` when the model is not installed."""
    if not model_available():
        return None
    try:
        return vector_bytes(embed([idea_text(title, problem)])[0])
    except ModelMissingError:
        return None


def _notify(idea: Idea, recipient_ids: Iterable[int], message: str, actor: User | None) -> None:
    """Tell people in the app (the same notifications decisions use)."""
    ids = sorted({pk for pk in recipient_ids if actor is None or pk != actor.pk})
    url = idea_url(idea)
    Notification.objects.bulk_create(
        Notification(recipient_id=pk, message=message[:300], url=url) for pk in ids
    )


def _followers(idea: Idea) -> set[int]:
    """The proposer and every voter."""
    return {idea.proposer_id, *idea.votes.values_list("voter_id", flat=True)}


def _set_status(idea: Idea, status: str, *, actor: User | None, now: dt.datetime) -> None:
    """Change the status, audit it and tell the proposer and the voters."""
    if idea.status == status:
        return
    before = {"status": idea.status}
    audited_save(
        actor=actor,
        instance=idea,
        action="idea.status",
        changes={"status": status, "status_changed_at": now},
        before=before,
    )
    label = IdeaStatus(status).label.lower()
    _notify(idea, _followers(idea), f"Idea '{idea.title}' is now: {label}.", actor)


def _texts_errors(title: str, customer: str, problem: str, evidence: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = rules.IDEA_TITLE_MISSING
    elif len(title.strip()) > rules.MAX_IDEA_TITLE:
        errors["title"] = f"Keep the title under {rules.MAX_IDEA_TITLE} characters."
    errors.update(
        {
            field: missing
            for field, text, missing in (
                ("customer", customer, rules.IDEA_CUSTOMER_MISSING),
                ("problem", problem, rules.IDEA_PROBLEM_MISSING),
                ("evidence", evidence, rules.IDEA_EVIDENCE_MISSING),
            )
            if not text.strip()
        }
    )
    return errors


@transaction.atomic
def idea_submit(
    *,
    actor: User,
    title: str,
    customer: str,
    problem: str,
    evidence: str,
    anecdotes: Sequence[Anecdote] = (),
    small: bool = False,
    team: Team | None = None,
    leader: User | None = None,
    vector: bytes | None = None,
    now: dt.datetime | None = None,
) -> Idea:
    """Submit an idea that starts from the customer; ask ``leader`` about it when named."""
    ensure_can_write(actor)
    errors = _texts_errors(title, customer, problem, evidence)
    if leader is not None:
        error = _leader_error(actor, leader)
        if error:
            errors["leader"] = error
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    idea = Idea(
        title=" ".join(title.split()),
        customer=customer.strip(),
        problem=problem.strip(),
        evidence=evidence.strip(),
        small=small,
        team=team,
        proposer=actor,
        vector=vector if vector is not None else idea_vector(title, problem),
        created_at=now,
        status_changed_at=now,
    )
    idea.full_clean()
    idea.save()
    if anecdotes:
        idea.anecdotes.set(anecdotes)
    audit_record(
        actor=actor, action="idea.submit", target=idea, after=model_snapshot(idea, IDEA_FIELDS)
    )
    if leader is not None:
        _ask(actor=actor, idea=idea, leader=leader, via=AskVia.FIRST, now=now)
    return idea


def _leader_error(actor: User, leader: User) -> str:
    if leader.pk == actor.pk:
        return rules.ASK_SELF
    if not leader.is_active or leader.pk not in idea_selectors.leader_ids():
        return rules.NOT_A_LEADER.format(name=leader)
    return ""


def _ensure_open(idea: Idea) -> None:
    if idea.status == IdeaStatus.MERGED:
        raise ValidationError(rules.IDEA_CLOSED)


def _ask(*, actor: User, idea: Idea, leader: User, via: str, now: dt.datetime) -> IdeaAsk:
    ask = IdeaAsk(idea=idea, leader=leader, via=via, asked_by=actor, asked_at=now)
    ask.full_clean()
    ask.save()
    audit_record(actor=actor, action="idea.ask", target=idea, after=model_snapshot(ask, ASK_FIELDS))
    _notify(idea, [leader.pk], f"{actor} asks you about the idea '{idea.title}'.", actor)
    return ask


@transaction.atomic
def idea_ask(
    *, actor: User, idea: Idea, leader: User | None, now: dt.datetime | None = None
) -> IdeaAsk:
    """Take an idea to a leader: the first ask, or another path after a no."""
    ensure_can_write(actor)
    _ensure_open(idea)
    if not rules.idea_can_ask(actor, idea):
        raise PermissionDenied(rules.ASK_NOT_YOURS)
    if leader is None:
        raise ValidationError({"leader": "Name the leader to ask."})
    error = _leader_error(actor, leader)
    if not error and idea.asks.filter(leader=leader).exists():
        error = rules.ALREADY_ASKED.format(name=leader)
    if error:
        raise ValidationError({"leader": error})
    return _take(actor=actor, idea=idea, leader=leader, now=now or timezone.now())


def _take(*, actor: User, idea: Idea, leader: User, now: dt.datetime, via: str = "") -> IdeaAsk:
    answered_no = idea.asks.filter(answer=IdeaAnswer.NO).exists()
    if not via:
        via = AskVia.ANOTHER if answered_no else AskVia.FIRST
    ask = _ask(actor=actor, idea=idea, leader=leader, via=via, now=now)
    if idea.status == IdeaStatus.NO:
        _set_status(idea, IdeaStatus.OPEN, actor=actor, now=now)
    return ask


@transaction.atomic
def idea_take_up(*, actor: User, idea: Idea, now: dt.datetime | None = None) -> IdeaAsk:
    """Take an idea to the next level up: the manager of the latest leader who said no, from
    the org's reporting lines."""
    ensure_can_write(actor)
    _ensure_open(idea)
    if not rules.idea_can_ask(actor, idea):
        raise PermissionDenied(rules.ASK_NOT_YOURS)
    last_no = idea.asks.filter(answer=IdeaAnswer.NO).select_related("leader").last()
    if last_no is None:
        raise ValidationError({"leader": rules.NOTHING_TO_TAKE_UP})
    manager = idea_selectors.manager_of(last_no.leader_id)
    if manager is None:
        raise ValidationError({"leader": rules.NO_LEVEL_UP.format(name=last_no.leader)})
    if idea.asks.filter(leader=manager).exists():
        raise ValidationError({"leader": rules.ALREADY_ASKED.format(name=manager)})
    if manager.pk == actor.pk:
        raise ValidationError({"leader": rules.ASK_SELF})
    return _take(actor=actor, idea=idea, leader=manager, now=now or timezone.now(), via=AskVia.UP)


def _status_from_asks(idea: Idea) -> str:
    answers = list(idea.asks.values_list("answer", flat=True))
    if IdeaAnswer.YES in answers:
        return IdeaStatus.YES
    if answers and all(answers):
        return IdeaStatus.NO
    return IdeaStatus.OPEN


@transaction.atomic
def idea_answer(
    *,
    actor: User,
    ask: IdeaAsk,
    answer: str,
    reason: str = "",
    starts: str = "",
    now: dt.datetime | None = None,
) -> IdeaAsk:
    """A leader answers: a yes (which starts a PR/FAQ or a Weblab draft), or a no in writing."""
    ensure_can_write(actor)
    idea = ask.idea
    _ensure_open(idea)
    if not rules.idea_can_answer(actor, ask):
        raise PermissionDenied(rules.ANSWER_NOT_YOURS.format(name=ask.leader))
    if ask.answer:
        raise ValidationError(rules.ALREADY_ANSWERED)
    if answer not in IdeaAnswer.values:
        raise ValidationError({"answer": "Answer yes or no."})
    if answer == IdeaAnswer.NO:
        error = substance_error(reason, what="reason", missing=rules.NO_REASON_MISSING)
        if error:
            raise ValidationError({"reason": error})
        starts = ""
    else:
        starts = starts or (YesStarts.EXPERIMENT if idea.small else YesStarts.PRFAQ)
        if starts not in YesStarts.values:
            raise ValidationError({"starts": "A yes starts a PR/FAQ or a Weblab experiment."})
    now = now or timezone.now()
    audited_save(
        actor=actor,
        instance=ask,
        action="idea.answer",
        changes={"answer": answer, "reason": reason.strip(), "starts": starts, "answered_at": now},
        target=idea,
    )
    said = "yes" if answer == IdeaAnswer.YES else f"no: {reason.strip()}"
    _notify(idea, [idea.proposer_id], f"{actor} said {said}"[:300], actor)
    if answer == IdeaAnswer.YES and idea.document_id is None and idea.experiment_id is None:
        _start(actor=actor, idea=idea, starts=starts, now=now)
    _set_status(idea, _status_from_asks(idea), actor=actor, now=now)
    return ask


def _evidence(idea: Idea) -> str:
    quotes = [
        f'"{a.text}" ({a.get_channel_display().lower()}, {a.said_on:%d %b %Y})'
        for a in idea.anecdotes.order_by("-said_on", "pk")[:QUOTES_IN_PRFAQ]
    ]
    total = idea.anecdotes.count()
    lines = [idea.evidence]
    if quotes:
        lines.append(f"{total} customer anecdote{'s' if total != 1 else ''}, among them:")
        lines.extend(f"- {q}" for q in quotes)
    return "\n".join(lines)


def _start(*, actor: User, idea: Idea, starts: str, now: dt.datetime) -> None:
    """The draft a yes starts, linked to the idea."""
    if starts == YesStarts.EXPERIMENT:
        from dayone.server.weblab.enums import ExperimentMetricRole, MetricKind, SourceKind
        from dayone.server.weblab.services import ExperimentInput, MetricInput, experiment_create

        key = f"idea-{idea.pk}-{slugify(idea.title)}"[:80].strip("-")
        experiment = experiment_create(
            actor=actor,
            data=ExperimentInput(
                key=key,
                name=idea.title,
                hypothesis=f"For {idea.customer}: {idea.problem}",
                team=idea.team,
                owner=idea.proposer,
                source_kind=SourceKind.IDEA,
                source_ref=str(idea.pk),
                source_title=idea.title,
                source_url=idea_url(idea),
                metrics=[
                    MetricInput(
                        key="purchase",
                        role=ExperimentMetricRole.PRIMARY,
                        kind=MetricKind.BINOMIAL,
                        where={"event": "purchase"},
                    )
                ],
            ),
        )
        audited_save(
            actor=actor, instance=idea, action="idea.start", changes={"experiment": experiment}
        )
        return
    from dayone.server.documents.enums import DocumentKind
    from dayone.server.documents.services import document_create
    from dayone.server.documents.structure import PrFaq

    document = document_create(
        actor=actor,
        kind=DocumentKind.PRFAQ,
        title=idea.title,
        team=idea.team,
        owner=idea.proposer,
        parts=PrFaq(
            questions={
                "customer": idea.customer,
                "problem": idea.problem,
                "evidence": _evidence(idea),
            },
            press={"heading": idea.title},
        ),
        note=f"Started from the idea '{idea.title}'",
        at=now,
    )
    audited_save(actor=actor, instance=idea, action="idea.start", changes={"document": document})


@transaction.atomic
def idea_vote(*, actor: User, idea: Idea, on: bool = True) -> bool:
    """Vote for an idea (or take the vote back); returns whether the actor now votes for it."""
    ensure_can_write(actor)
    _ensure_open(idea)
    if on:
        _, created = IdeaVote.objects.get_or_create(idea=idea, voter=actor)
        if created:
            audit_record(actor=actor, action="idea.vote", target=idea)
        return True
    deleted, _ = IdeaVote.objects.filter(idea=idea, voter=actor).delete()
    if deleted:
        audit_record(actor=actor, action="idea.unvote", target=idea)
    return False


@transaction.atomic
def idea_comment(*, actor: User, idea: Idea, text: str) -> IdeaComment:
    """Comment on an idea; the proposer hears of it."""
    ensure_can_write(actor)
    _ensure_open(idea)
    if not text.strip():
        raise ValidationError({"text": rules.COMMENT_MISSING})
    comment = IdeaComment(idea=idea, author=actor, text=text.strip())
    comment.full_clean()
    comment.save()
    audit_record(actor=actor, action="idea.comment", target=idea, after={"text": comment.text})
    _notify(idea, [idea.proposer_id], f"{actor} commented on '{idea.title}'.", actor)
    return comment


@transaction.atomic
def idea_merge(*, actor: User, idea: Idea, into: Idea, now: dt.datetime | None = None) -> Idea:
    """Merge ``idea`` into ``into``: its voters (and its proposer) vote for ``into``, its
    comments and anecdotes move there, and it is closed as merged."""
    ensure_can_write(actor)
    _ensure_open(idea)
    if into.pk == idea.pk:
        raise ValidationError({"into": rules.MERGE_SAME})
    if into.status == IdeaStatus.MERGED:
        raise ValidationError({"into": rules.MERGE_INTO_MERGED})
    is_leader = actor.pk in idea_selectors.leader_ids()
    if not rules.idea_can_merge(actor, idea, into, is_leader=is_leader):
        raise PermissionDenied(rules.MERGE_NOT_ALLOWED)
    followers = _followers(idea)
    already = set(into.votes.values_list("voter_id", flat=True))
    moving = (followers - already) - {into.proposer_id}
    IdeaVote.objects.bulk_create(IdeaVote(idea=into, voter_id=pk) for pk in sorted(moving))
    idea.comments.update(idea=into)
    into.anecdotes.add(*idea.anecdotes.all())
    audited_save(
        actor=actor,
        instance=idea,
        action="idea.merge",
        changes={"merged_into": into},
        note={"votes_moved": len(moving)},
    )
    _set_status(idea, IdeaStatus.MERGED, actor=actor, now=now or timezone.now())
    _notify(into, [into.proposer_id], f"'{idea.title}' was merged into your idea.", actor)
    return idea
