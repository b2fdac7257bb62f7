"""Every write of decisions: propose, weigh in, escalate, decide, review, supersede, link.

Each function checks who may act, validates, saves with ``update_fields``, appends a line to the
decision's history, records an audit entry, and notifies the people involved after commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from dayone.server.core.access import ensure_admin, ensure_can_write
from dayone.server.core.models import User
from dayone.server.core.services import audit_record, model_snapshot, model_update
from dayone.server.decisions.enums import (
    Door,
    EventKind,
    Outcome,
    SourceKind,
    StanceKind,
    Status,
    SupersedeKind,
)
from dayone.server.decisions.models import (
    Decision,
    DecisionSettings,
    Escalation,
    Event,
    Link,
    Notification,
    Option,
    Review,
    Stance,
)

DOOR_REQUIRED = (
    "Choose the door type: two-way if a wrong call can be walked back cheaply, one-way if it "
    "cannot."
)
QUESTION_REQUIRED = "Write the question to decide, for example 'Do we lower free shipping to $25?'"
OPTIONS_REQUIRED = "Give at least two options, each with a short name."
OPTIONS_DUPLICATE = "Each option needs its own name; '{label}' appears twice."
DECIDE_BY_PAST = "The decide-by date cannot be in the past."
DECIDE_BY_SAME = "Pick a new decide-by date to move it."
POSTPONE_REASON = "Say why the decision needs more time; every postponement is a round."
INFORMATION_RANGE = "Give the information at hand as a percentage from 0 to 100."
DECIDER_INACTIVE = "The decider must be someone who can sign in and write."
NOT_OPEN = "This decision is {status}: it cannot change. Supersede it with a new decision instead."
ONLY_DECIDER = "Only the decider, {decider}, can decide."
ONLY_OWNERS = "Only the proposer or the decider can change an open decision."
NOT_STAKEHOLDER = "Only the stakeholders and reviewers of this decision record a stance."
OBJECTION_REQUIRED = "Write down what you disagree with."
COMMITMENT_REQUIRED = "Say explicitly that you commit, for example 'I disagree and commit.'"
ESCALATE_TO_REQUIRED = "Name the leader this escalation goes to."
ESCALATE_TO_SELF = "Escalate to someone else: a leader above the disagreement."
ESCALATE_CLOSED = "Only open decisions can be escalated."
ESCALATION_STILL_OPEN = "Your escalation to {leader} is still open."
RESOLUTION_REQUIRED = "Write the resolution: what the leader decided and why."
ONLY_LEADER = "Only {leader}, to whom this was escalated, or an admin can resolve it."
ALREADY_RESOLVED = "This escalation was already resolved."
OPTION_FOREIGN = "Choose one of this decision's options."
OPEN_ESCALATIONS = "Resolve the open escalation to {leader} first."
REVIEWERS_MISSING = (
    "A one-way door needs every reviewer to weigh in first. Still waiting for: {names}."
)
RATIONALE_REQUIRED = "A one-way door needs its rationale in writing."
REVIEW_ON_BEFORE = "The review date must be after the decision."
REVIEW_NOT_DECIDED = "Only a decided decision can be reviewed."
REVIEW_NOTE_REQUIRED = "Say what happened: the note is what the next decision learns from."
SUPERSEDE_NOT_DECIDED = "Only a decided decision can be reversed or corrected."
SUPERSEDE_PENDING = "A {kind} is already proposed: '{question}'."
WITHDRAW_REASON = "Say why the decision is withdrawn."
LINK_KIND = "Choose where the decision comes from: {kinds}."
LINK_FIELDS = "A link needs the identifier and the title of what it points to."

EXPERIMENT_OPTIONS = (
    (
        "Ship",
        "Customers get the winning variant now.",
        "If the result is a false positive, we undo it later.",
    ),
    (
        "Iterate",
        "Keep what worked, test a better variant.",
        "Another experiment cycle before customers benefit.",
    ),
    ("Stop", "No more time spent on this idea.", "We forgo the upside if the signal was real."),
)
DEFAULT_OPTIONS = (("Yes", "", ""), ("No", "", ""))


@dataclass(frozen=True)
class OptionInput:
    """One option as a proposer writes it."""

    label: str
    pros: str = ""
    cons: str = ""


@dataclass(frozen=True)
class SourceInput:
    """What a decision is about in another part: a goal, a PR/FAQ, an experiment."""

    kind: str
    ref: str
    title: str
    url: str = ""

    @property
    def kind_label(self) -> str:
        """The kind as people read it: ``Goal``, ``PR/FAQ review``."""
        return str(SourceKind(self.kind).label) if self.kind in SourceKind.values else self.kind


def _now(at: datetime | None) -> datetime:
    return at if at is not None else timezone.now()


def _today(at: datetime | None) -> date:
    return timezone.localdate(_now(at))


def _settings() -> DecisionSettings:
    return DecisionSettings.objects.order_by("pk").first() or DecisionSettings()


def _ensure_open(decision: Decision) -> None:
    if decision.status != Status.OPEN:
        raise ValidationError(NOT_OPEN.format(status=decision.get_status_display().lower()))


def _ensure_owner(actor: User, decision: Decision) -> None:
    ensure_can_write(actor)
    if actor.pk not in {decision.proposed_by_id, decision.decider_id} and not actor.is_admin:
        raise PermissionDenied(ONLY_OWNERS)


def _participant_ids(decision: Decision) -> set[int]:
    """Everyone a decision concerns: decider, proposer, stakeholders and reviewers."""
    ids = {decision.decider_id, decision.proposed_by_id}
    ids.update(decision.stakeholders.values_list("pk", flat=True))
    ids.update(decision.reviewers.values_list("pk", flat=True))
    return ids


def _voice_ids(decision: Decision) -> set[int]:
    """Who records a stance: the stakeholders and the reviewers."""
    ids = set(decision.stakeholders.values_list("pk", flat=True))
    ids.update(decision.reviewers.values_list("pk", flat=True))
    return ids


def decision_url(decision: Decision) -> str:
    """The page of a decision."""
    return reverse("decisions:detail", args=[decision.pk])


def _event(
    *, decision: Decision, actor: User | None, kind: str, summary: str, at: datetime | None
) -> Event:
    event = Event(decision=decision, actor=actor, kind=kind, summary=summary[:300], at=_now(at))
    event.full_clean()
    event.save()
    return event


def _email_enabled() -> bool:
    """E-mail goes out when SMTP is configured, or when a test collects the outbox."""
    backend = str(settings.EMAIL_BACKEND)
    return not backend.endswith("locmem.EmailBackend") or hasattr(mail, "outbox")


def _absolute(url: str) -> str:
    origins = list(getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
    return f"{origins[0].rstrip('/')}{url}" if origins else url


def _notify(
    *,
    decision: Decision,
    recipient_ids: Iterable[int],
    message: str,
    actor: User | None,
    at: datetime | None = None,
) -> None:
    """Tell people in the app now, and by e-mail once the transaction commits."""
    ids = {pk for pk in recipient_ids if actor is None or pk != actor.pk}
    if not ids:
        return
    url = decision_url(decision)
    Notification.objects.bulk_create(
        Notification(
            recipient_id=pk, decision=decision, message=message[:300], url=url, created_at=_now(at)
        )
        for pk in sorted(ids)
    )
    if at is not None or not _email_enabled():
        return
    addresses = list(
        User.objects.filter(pk__in=ids, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    body = f"{message}\n\nOpen the decision: {_absolute(url)}\n"
    subject = f"[dayone] {message}"[:150]
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses]
    if messages:
        transaction.on_commit(lambda: mail.send_mass_mail(messages, fail_silently=True))


def _validate_options(options: Sequence[OptionInput]) -> list[OptionInput]:
    cleaned = [
        OptionInput(o.label.strip(), o.pros.strip(), o.cons.strip())
        for o in options
        if o.label.strip()
    ]
    if len(cleaned) < 2:
        raise ValidationError({"options": OPTIONS_REQUIRED})
    seen: set[str] = set()
    for option in cleaned:
        key = option.label.lower()
        if key in seen:
            raise ValidationError({"options": OPTIONS_DUPLICATE.format(label=option.label)})
        seen.add(key)
    return cleaned


def _validate_proposal(
    *,
    question: str,
    door: str,
    information_pct: int | None,
    decide_by: date | None,
    decider: User | None,
    today: date,
) -> None:
    errors: dict[str, str] = {}
    if not question.strip():
        errors["question"] = QUESTION_REQUIRED
    if door not in Door.values:
        errors["door"] = DOOR_REQUIRED
    if information_pct is None or not 0 <= information_pct <= 100:
        errors["information_pct"] = INFORMATION_RANGE
    if decide_by is None:
        errors["decide_by"] = "Give the date by which the decision is made."
    elif decide_by < today:
        errors["decide_by"] = DECIDE_BY_PAST
    if decider is None or not decider.can_write:
        errors["decider"] = DECIDER_INACTIVE
    if errors:
        raise ValidationError(errors)


DECISION_FIELDS = (
    "question",
    "context",
    "door",
    "status",
    "information_pct",
    "decide_by",
    "proposed_by",
    "decider",
)


def _create(
    *,
    actor: User,
    question: str,
    context: str,
    door: str,
    information_pct: int,
    decide_by: date,
    decider: User,
    stakeholders: Iterable[User],
    options: Sequence[OptionInput],
    supersedes: Decision | None = None,
    supersede_kind: str = "",
    at: datetime | None,
) -> Decision:
    ensure_can_write(actor)
    errors: dict[str, list[str]] = {}
    try:
        _validate_proposal(
            question=question,
            door=door,
            information_pct=information_pct,
            decide_by=decide_by,
            decider=decider,
            today=_today(at),
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        cleaned = _validate_options(options)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    decision = Decision(
        question=question.strip(),
        context=context.strip(),
        door=door,
        information_pct=information_pct,
        decide_by=decide_by,
        proposed_by=actor,
        decider=decider,
        created_at=_now(at),
        supersedes=supersedes,
        supersede_kind=supersede_kind,
    )
    decision.full_clean()
    decision.save()
    for position, option in enumerate(cleaned):
        row = Option(
            decision=decision,
            label=option.label,
            pros=option.pros,
            cons=option.cons,
            position=position,
        )
        row.full_clean()
        row.save()
    stakeholder_ids = sorted({p.pk for p in stakeholders} - {decider.pk})
    decision.stakeholders.set(stakeholder_ids)
    reviewer_ids: list[int] = []
    if door == Door.ONE_WAY:
        reviewer_ids = _snapshot_reviewers(decision)
    audit_record(
        actor=actor,
        action="decision.create",
        target=decision,
        after={
            **model_snapshot(decision, DECISION_FIELDS),
            "options": [o.label for o in cleaned],
            "stakeholders": stakeholder_ids,
            "reviewers": reviewer_ids,
            "supersedes": decision.supersedes_id,
        },
    )
    _event(
        decision=decision,
        actor=actor,
        kind=EventKind.PROPOSED,
        summary=f"{actor} proposed a {decision.get_door_display().lower()} decision for "
        f"{decider} by {decide_by:%d %b %Y}, with {information_pct}% of the information.",
        at=at,
    )
    _notify(
        decision=decision,
        recipient_ids=[decider.pk],
        message=f"{actor} asks you to decide by {decide_by:%d %b}: {decision.question}",
        actor=actor,
        at=at,
    )
    _notify(
        decision=decision,
        recipient_ids=set(stakeholder_ids) | set(reviewer_ids),
        message=f"Your stance is asked on: {decision.question}",
        actor=actor,
        at=at,
    )
    return decision


def _snapshot_reviewers(decision: Decision) -> list[int]:
    """Copy the company's one-way-door reviewers onto the decision (not its decider)."""
    company = DecisionSettings.objects.order_by("pk").first()
    if company is None:
        return []
    ids = sorted(
        set(company.reviewers.filter(is_active=True).values_list("pk", flat=True))
        - {decision.decider_id}
    )
    decision.reviewers.set(ids)
    return ids


@transaction.atomic
def decision_create(
    *,
    actor: User,
    question: str,
    door: str,
    information_pct: int,
    decide_by: date,
    decider: User,
    options: Sequence[OptionInput],
    context: str = "",
    stakeholders: Iterable[User] = (),
    source: SourceInput | None = None,
    at: datetime | None = None,
) -> Decision:
    """Propose a decision. One-way doors get the company's reviewers; everyone is told.

    ``source`` links the new decision to what it is about (a goal, a PR/FAQ, an experiment) in
    the same transaction. ``at`` backdates the proposal when importing history; interfaces
    never pass it.
    """
    decision = _create(
        actor=actor,
        question=question,
        context=context,
        door=door,
        information_pct=information_pct,
        decide_by=decide_by,
        decider=decider,
        stakeholders=stakeholders,
        options=options,
        at=at,
    )
    if source is not None:
        decision_link_source(
            actor=actor,
            decision=decision,
            kind=source.kind,
            ref=source.ref,
            title=source.title,
            url=source.url,
            at=at,
        )
    return decision


@transaction.atomic
def decision_update(
    *,
    actor: User,
    decision: Decision,
    context: str | None = None,
    information_pct: int | None = None,
    stakeholders: Iterable[User] | None = None,
) -> Decision:
    """Change an open decision's context, information or stakeholders. Audited, with history."""
    _ensure_owner(actor, decision)
    _ensure_open(decision)
    data: dict[str, Any] = {}
    if context is not None:
        data["context"] = context.strip()
    if information_pct is not None:
        if not 0 <= information_pct <= 100:
            raise ValidationError({"information_pct": INFORMATION_RANGE})
        data["information_pct"] = information_pct
    before_pct = decision.information_pct
    decision, changed = model_update(
        instance=decision, fields=("context", "information_pct"), data=data, actor=actor
    )
    notes: list[str] = []
    if changed and "context" in data:
        notes.append("context")
    if changed and decision.information_pct != before_pct:
        notes.append(f"information {before_pct}% -> {decision.information_pct}%")
    if stakeholders is not None:
        wanted = {p.pk for p in stakeholders} - {decision.decider_id}
        current = set(decision.stakeholders.values_list("pk", flat=True))
        if wanted != current:
            decision.stakeholders.set(sorted(wanted))
            audit_record(
                actor=actor,
                action="decision.stakeholders",
                target=decision,
                before={"stakeholders": sorted(current)},
                after={"stakeholders": sorted(wanted)},
            )
            notes.append("stakeholders")
            _notify(
                decision=decision,
                recipient_ids=wanted - current,
                message=f"Your stance is asked on: {decision.question}",
                actor=actor,
            )
    if notes:
        _event(
            decision=decision,
            actor=actor,
            kind=EventKind.EDITED,
            summary=f"{actor} changed {', '.join(notes)}.",
            at=None,
        )
    return decision


@transaction.atomic
def decision_postpone(
    *, actor: User, decision: Decision, decide_by: date, reason: str, at: datetime | None = None
) -> Decision:
    """Move the decide-by date. Every move is a round: many rounds flag decision by exhaustion."""
    _ensure_owner(actor, decision)
    _ensure_open(decision)
    if decide_by < _today(at):
        raise ValidationError({"decide_by": DECIDE_BY_PAST})
    if decide_by == decision.decide_by:
        raise ValidationError({"decide_by": DECIDE_BY_SAME})
    if not reason.strip():
        raise ValidationError({"reason": POSTPONE_REASON})
    before = model_snapshot(decision, ("decide_by", "rounds"))
    old = decision.decide_by
    decision.decide_by = decide_by
    decision.rounds = decision.rounds + 1
    decision.full_clean()
    decision.save(update_fields=["decide_by", "rounds"])
    audit_record(
        actor=actor,
        action="decision.postpone",
        target=decision,
        before=before,
        after={**model_snapshot(decision, ("decide_by", "rounds")), "reason": reason.strip()},
    )
    _event(
        decision=decision,
        actor=actor,
        kind=EventKind.POSTPONED,
        summary=f"{actor} moved the decide-by date from {old:%d %b} to {decide_by:%d %b}: "
        f"{reason.strip()}",
        at=at,
    )
    _notify(
        decision=decision,
        recipient_ids=_participant_ids(decision),
        message=f"Decide-by moved to {decide_by:%d %b}: {decision.question}",
        actor=actor,
        at=at,
    )
    return decision


@transaction.atomic
def decision_option_add(
    *, actor: User, decision: Decision, label: str, pros: str = "", cons: str = ""
) -> Option:
    """Add an option to an open decision. Anyone involved may add one."""
    ensure_can_write(actor)
    _ensure_open(decision)
    if actor.pk not in _participant_ids(decision) and not actor.is_admin:
        raise PermissionDenied("Only the people involved in this decision add options.")
    label = label.strip()
    if not label:
        raise ValidationError({"label": "Give the option a short name."})
    if decision.options.filter(label__iexact=label).exists():
        raise ValidationError({"label": OPTIONS_DUPLICATE.format(label=label)})
    position = decision.options.count()
    option = Option(
        decision=decision, label=label, pros=pros.strip(), cons=cons.strip(), position=position
    )
    option.full_clean()
    option.save()
    audit_record(
        actor=actor,
        action="decision.option_add",
        target=decision,
        after=model_snapshot(option, ("label", "pros", "cons")),
    )
    _event(
        decision=decision,
        actor=actor,
        kind=EventKind.OPTION_ADDED,
        summary=f"{actor} added the option '{label}'.",
        at=None,
    )
    return option


def _validate_stance(
    *,
    actor: User,
    decision: Decision,
    kind: str,
    objection: str,
    commitment: str,
    escalate_to: User | None,
) -> None:
    if decision.status == Status.WITHDRAWN:
        raise ValidationError(NOT_OPEN.format(status="withdrawn"))
    errors: dict[str, str] = {}
    if kind not in StanceKind.values:
        errors["kind"] = "Choose agree, disagree and commit, or escalate."
    if kind in {StanceKind.DISAGREE_COMMIT, StanceKind.ESCALATE} and not objection:
        errors["objection"] = OBJECTION_REQUIRED
    if kind == StanceKind.DISAGREE_COMMIT and not commitment:
        errors["commitment"] = COMMITMENT_REQUIRED
    if kind == StanceKind.ESCALATE:
        if escalate_to is None or not escalate_to.is_active:
            errors["escalate_to"] = ESCALATE_TO_REQUIRED
        elif escalate_to.pk == actor.pk:
            errors["escalate_to"] = ESCALATE_TO_SELF
        if decision.status != Status.OPEN:
            errors["kind"] = ESCALATE_CLOSED
    if errors:
        raise ValidationError(errors)
    if kind == StanceKind.ESCALATE:
        pending = (
            decision.escalations.filter(raised_by=actor, resolved_at__isnull=True)
            .select_related("leader")
            .first()
        )
        if pending is not None:
            raise ValidationError({"kind": ESCALATION_STILL_OPEN.format(leader=pending.leader)})


@transaction.atomic
def stance_record(
    *,
    actor: User,
    decision: Decision,
    kind: str,
    objection: str = "",
    commitment: str = "",
    escalate_to: User | None = None,
    at: datetime | None = None,
) -> Stance:
    """Record the actor's own stance. A new stance replaces the old one in the ledger; both stay.

    Disagree and commit needs the objection and an explicit commitment. Escalating needs the
    objection and a leader, and starts the escalation clock.
    """
    ensure_can_write(actor)
    if actor.pk not in _voice_ids(decision):
        raise PermissionDenied(NOT_STAKEHOLDER)
    objection, commitment = objection.strip(), commitment.strip()
    _validate_stance(
        actor=actor,
        decision=decision,
        kind=kind,
        objection=objection,
        commitment=commitment,
        escalate_to=escalate_to,
    )
    previous = decision.stances.filter(person=actor).order_by("-created_at", "-id").first()
    stance = Stance(
        decision=decision,
        person=actor,
        kind=kind,
        objection=objection if kind != StanceKind.AGREE else "",
        commitment=commitment if kind == StanceKind.DISAGREE_COMMIT else "",
        escalate_to=escalate_to if kind == StanceKind.ESCALATE else None,
        created_at=_now(at),
    )
    stance.full_clean()
    stance.save()
    if decision.status == Status.OPEN and previous is not None and previous.kind != kind:
        Decision.objects.filter(pk=decision.pk).update(rounds=F("rounds") + 1)
        decision.refresh_from_db(fields=["rounds"])
    audit_record(
        actor=actor,
        action="decision.stance",
        target=decision,
        before=model_snapshot(previous, ("kind", "objection", "commitment")) if previous else None,
        after=model_snapshot(stance, ("kind", "objection", "commitment", "escalate_to")),
    )
    label = stance.get_kind_display().lower()
    summary = f"{actor}: {label}."
    if objection:
        summary = f"{actor}: {label}. Objection: {objection}"
    _event(decision=decision, actor=actor, kind=EventKind.STANCE, summary=summary, at=at)
    if kind == StanceKind.ESCALATE and escalate_to is not None:
        _escalate(decision=decision, stance=stance, leader=escalate_to, actor=actor, at=at)
    else:
        _notify(
            decision=decision,
            recipient_ids=[decision.decider_id],
            message=f"{actor} says {label} on: {decision.question}",
            actor=actor,
            at=at,
        )
    return stance


def _escalate(
    *, decision: Decision, stance: Stance, leader: User, actor: User, at: datetime | None
) -> Escalation:
    hours = _settings().escalation_hours
    raised = _now(at)
    escalation = Escalation(
        decision=decision,
        stance=stance,
        raised_by=actor,
        leader=leader,
        reason=stance.objection,
        raised_at=raised,
        due_at=raised + timedelta(hours=hours),
    )
    escalation.full_clean()
    escalation.save()
    audit_record(
        actor=actor,
        action="decision.escalate",
        target=decision,
        after=model_snapshot(escalation, ("leader", "reason", "due_at")),
    )
    _event(
        decision=decision,
        actor=actor,
        kind=EventKind.ESCALATED,
        summary=f"{actor} escalated to {leader}; due within {hours} hours.",
        at=at,
    )
    _notify(
        decision=decision,
        recipient_ids=[leader.pk],
        message=f"{actor} escalated to you (due in {hours} h): {decision.question}",
        actor=actor,
        at=at,
    )
    _notify(
        decision=decision,
        recipient_ids=[decision.decider_id, decision.proposed_by_id],
        message=f"{actor} escalated to {leader}: {decision.question}",
        actor=actor,
        at=at,
    )
    return escalation


@transaction.atomic
def escalation_resolve(
    *, actor: User, escalation: Escalation, resolution: str, at: datetime | None = None
) -> Escalation:
    """The leader rules on an escalation, in writing. The clock stops."""
    ensure_can_write(actor)
    if actor.pk != escalation.leader_id and not actor.is_admin:
        raise PermissionDenied(ONLY_LEADER.format(leader=escalation.leader))
    if escalation.resolved_at is not None:
        raise ValidationError(ALREADY_RESOLVED)
    if not resolution.strip():
        raise ValidationError({"resolution": RESOLUTION_REQUIRED})
    escalation.resolved_at = _now(at)
    escalation.resolved_by = actor
    escalation.resolution = resolution.strip()
    escalation.full_clean()
    escalation.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    decision = escalation.decision
    audit_record(
        actor=actor,
        action="decision.escalation_resolve",
        target=decision,
        before={"resolved_at": None},
        after=model_snapshot(escalation, ("resolved_at", "resolved_by", "resolution")),
    )
    _event(
        decision=decision,
        actor=actor,
        kind=EventKind.ESCALATION_RESOLVED,
        summary=f"{actor} resolved the escalation: {escalation.resolution}",
        at=at,
    )
    _notify(
        decision=decision,
        recipient_ids=[escalation.raised_by_id, decision.decider_id],
        message=f"{actor} resolved the escalation on: {decision.question}",
        actor=actor,
        at=at,
    )
    return escalation


def current_stances(decision: Decision) -> dict[int, Stance]:
    """Each person's latest stance on a decision."""
    latest: dict[int, Stance] = {}
    for stance in decision.stances.order_by("created_at", "id"):
        latest[stance.person_id] = stance
    return latest


def decide_blockers(decision: Decision) -> list[str]:
    """Why the decider cannot decide yet: open escalations, reviewers still to weigh in."""
    blockers = [
        OPEN_ESCALATIONS.format(leader=e.leader)
        for e in decision.escalations.filter(resolved_at__isnull=True).select_related("leader")
    ]
    if decision.door == Door.ONE_WAY:
        stances = current_stances(decision)
        missing = [
            str(reviewer)
            for reviewer in decision.reviewers.order_by("first_name", "last_name", "username")
            if reviewer.pk not in stances or stances[reviewer.pk].kind == StanceKind.ESCALATE
        ]
        if missing:
            blockers.append(REVIEWERS_MISSING.format(names=", ".join(missing)))
    return blockers


@transaction.atomic
def decision_decide(
    *,
    actor: User,
    decision: Decision,
    option: Option,
    rationale: str = "",
    information_pct: int | None = None,
    review_on: date | None = None,
    at: datetime | None = None,
) -> Decision:
    """The decider decides. Two-way doors: at once, alone. One-way doors: after the reviewers.

    The information at hand is recorded; above the company's target the decision counts as slow.
    """
    ensure_can_write(actor)
    if actor.pk != decision.decider_id:
        raise PermissionDenied(ONLY_DECIDER.format(decider=decision.decider))
    _ensure_open(decision)
    if option.decision_id != decision.pk:
        raise ValidationError({"option": OPTION_FOREIGN})
    if information_pct is not None and not 0 <= information_pct <= 100:
        raise ValidationError({"information_pct": INFORMATION_RANGE})
    rationale = rationale.strip()
    if decision.door == Door.ONE_WAY and not rationale:
        raise ValidationError({"rationale": RATIONALE_REQUIRED})
    blockers = decide_blockers(decision)
    if blockers:
        raise ValidationError(blockers)
    decided_at = _now(at)
    decided_on = timezone.localdate(decided_at)
    if review_on is None:
        review_on = decided_on + timedelta(days=90 if decision.door == Door.ONE_WAY else 30)
    elif review_on <= decided_on:
        raise ValidationError({"review_on": REVIEW_ON_BEFORE})
    fields = ["status", "decided_at", "chosen_option", "rationale", "information_pct", "review_on"]
    before = model_snapshot(decision, fields)
    decision.status = Status.DECIDED
    decision.decided_at = decided_at
    decision.chosen_option = option
    decision.rationale = rationale
    if information_pct is not None:
        decision.information_pct = information_pct
    decision.review_on = review_on
    decision.full_clean()
    decision.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="decision.decide",
        target=decision,
        before=before,
        after=model_snapshot(decision, fields),
    )
    _event(
        decision=decision,
        actor=actor,
        kind=EventKind.DECIDED,
        summary=f"{actor} decided: {option.label}, with {decision.information_pct}% of the "
        f"information. Review on {review_on:%d %b %Y}.",
        at=at,
    )
    _notify(
        decision=decision,
        recipient_ids=_participant_ids(decision),
        message=f"Decided: {option.label}. {decision.question}",
        actor=actor,
        at=at,
    )
    previous = decision.supersedes
    if previous is not None:
        kind = decision.get_supersede_kind_display().lower()
        _event(
            decision=previous,
            actor=actor,
            kind=EventKind.SUPERSEDED,
            summary=f"Superseded by a {kind}: {decision.question} ({option.label}).",
            at=at,
        )
        _notify(
            decision=previous,
            recipient_ids=_participant_ids(previous),
            message=f"A {kind} replaces a decision you were part of: {previous.question}",
            actor=actor,
            at=at,
        )
    return decision


@transaction.atomic
def decision_withdraw(
    *, actor: User, decision: Decision, reason: str, at: datetime | None = None
) -> Decision:
    """Close an open decision without deciding it, with the reason. It stays in the record."""
    _ensure_owner(actor, decision)
    _ensure_open(decision)
    if not reason.strip():
        raise ValidationError({"reason": WITHDRAW_REASON})
    open_escalations = decision.escalations.filter(resolved_at__isnull=True)
    if open_escalations.exists():
        leader = open_escalations.select_related("leader").first()
        raise ValidationError(OPEN_ESCALATIONS.format(leader=leader.leader if leader else ""))
    before = model_snapshot(decision, ("status", "rationale"))
    decision.status = Status.WITHDRAWN
    decision.rationale = reason.strip()
    decision.full_clean()
    decision.save(update_fields=["status", "rationale"])
    audit_record(
        actor=actor,
        action="decision.withdraw",
        target=decision,
        before=before,
        after=model_snapshot(decision, ("status", "rationale")),
    )
    _event(
        decision=decision,
        actor=actor,
        kind=EventKind.WITHDRAWN,
        summary=f"{actor} withdrew the decision: {reason.strip()}",
        at=at,
    )
    _notify(
        decision=decision,
        recipient_ids=_participant_ids(decision),
        message=f"Withdrawn: {decision.question}",
        actor=actor,
        at=at,
    )
    return decision


@transaction.atomic
def review_record(
    *, actor: User, decision: Decision, outcome: str, note: str, at: datetime | None = None
) -> Review:
    """Look back at a decided decision: was it right? Reviews add up; none is overwritten."""
    ensure_can_write(actor)
    if decision.status != Status.DECIDED:
        raise ValidationError(REVIEW_NOT_DECIDED)
    if actor.pk not in _participant_ids(decision) and not actor.is_admin:
        raise PermissionDenied("Only the people involved in this decision review it.")
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "Choose whether it was the right call."
    if not note.strip():
        errors["note"] = REVIEW_NOTE_REQUIRED
    if errors:
        raise ValidationError(errors)
    review = Review(
        decision=decision, author=actor, outcome=outcome, note=note.strip(), created_at=_now(at)
    )
    review.full_clean()
    review.save()
    audit_record(
        actor=actor,
        action="decision.review",
        target=decision,
        after=model_snapshot(review, ("outcome", "note")),
    )
    _event(
        decision=decision,
        actor=actor,
        kind=EventKind.REVIEWED,
        summary=f"{actor} reviewed the outcome: {review.get_outcome_display()}. {review.note}",
        at=at,
    )
    return review


@transaction.atomic
def decision_supersede(
    *,
    actor: User,
    decision: Decision,
    kind: str,
    question: str,
    door: str,
    information_pct: int,
    decide_by: date,
    decider: User,
    options: Sequence[OptionInput],
    context: str = "",
    stakeholders: Iterable[User] = (),
    at: datetime | None = None,
) -> Decision:
    """Propose a reversal or course correction of a decided decision, as a new linked decision.

    The original stays as it was; it reads "superseded" once the new decision is decided.
    """
    ensure_can_write(actor)
    if decision.status != Status.DECIDED:
        raise ValidationError(SUPERSEDE_NOT_DECIDED)
    if kind not in SupersedeKind.values:
        raise ValidationError({"kind": "Choose reversal or course correction."})
    pending = decision.superseded_by.filter(status=Status.OPEN).first()
    if pending is not None:
        raise ValidationError(
            SUPERSEDE_PENDING.format(
                kind=pending.get_supersede_kind_display().lower(), question=pending.question
            )
        )
    successor = _create(
        actor=actor,
        question=question,
        context=context,
        door=door,
        information_pct=information_pct,
        decide_by=decide_by,
        decider=decider,
        stakeholders=stakeholders,
        options=options,
        supersedes=decision,
        supersede_kind=kind,
        at=at,
    )
    _event(
        decision=decision,
        actor=actor,
        kind=EventKind.SUPERSEDED,
        summary=f"{actor} proposed a {successor.get_supersede_kind_display().lower()}: "
        f"{successor.question}",
        at=at,
    )
    return successor


@transaction.atomic
def decision_link_source(
    *,
    actor: User,
    decision: Decision,
    kind: str,
    ref: str,
    title: str,
    url: str = "",
    at: datetime | None = None,
) -> Link:
    """Link a decision to a PR/FAQ, an experiment, a goal or anything else. Linking twice is a no-op."""
    ensure_can_write(actor)
    if kind not in SourceKind.values:
        raise ValidationError(
            {"kind": LINK_KIND.format(kinds=", ".join(str(k) for k in SourceKind.values))}
        )
    if not str(ref).strip() or not title.strip():
        raise ValidationError({"ref": LINK_FIELDS})
    existing = decision.links.filter(kind=kind, ref=str(ref).strip()).first()
    if existing is not None:
        return existing
    link = Link(
        decision=decision,
        kind=kind,
        ref=str(ref).strip(),
        title=title.strip(),
        url=url.strip(),
        created_by=actor,
        created_at=_now(at),
    )
    link.full_clean()
    link.save()
    audit_record(
        actor=actor,
        action="decision.link",
        target=decision,
        after=model_snapshot(link, ("kind", "ref", "title", "url")),
    )
    _event(
        decision=decision,
        actor=actor,
        kind=EventKind.LINKED,
        summary=f"{actor} linked {link.get_kind_display().lower()} '{link.title}'.",
        at=at,
    )
    return link


@transaction.atomic
def decision_create_from_source(
    *,
    actor: User,
    kind: str,
    ref: str,
    title: str,
    url: str = "",
    question: str = "",
    context: str = "",
    decider: User | None = None,
    door: str = Door.TWO_WAY,
    information_pct: int = 70,
    decide_by: date | None = None,
    options: Sequence[OptionInput] | None = None,
    stakeholders: Iterable[User] = (),
    decision: Decision | None = None,
    at: datetime | None = None,
) -> Decision:
    """The decision another part needs: a concluded experiment, a PR/FAQ review, a goal.

    Links ``decision`` when one is given; otherwise returns the decision already linked to this
    source (so calling twice is safe), or proposes a new one (two-way door by default; for an
    experiment the options are ship, iterate and stop) and links it.
    """
    ensure_can_write(actor)
    if kind not in SourceKind.values:
        raise ValidationError(
            {"kind": LINK_KIND.format(kinds=", ".join(str(k) for k in SourceKind.values))}
        )
    if decision is None:
        decision = (
            Decision.objects.filter(links__kind=kind, links__ref=str(ref).strip())
            .exclude(status=Status.WITHDRAWN)
            .order_by("-created_at", "-id")
            .first()
        )
    if decision is None:
        if options is None:
            defaults = EXPERIMENT_OPTIONS if kind == SourceKind.EXPERIMENT else DEFAULT_OPTIONS
            options = [OptionInput(label, pros, cons) for label, pros, cons in defaults]
        decision = _create(
            actor=actor,
            question=question.strip() or f"What do we do after '{title.strip()}'?",
            context=context,
            door=door,
            information_pct=information_pct,
            decide_by=decide_by or _today(at) + timedelta(days=7),
            decider=decider or actor,
            stakeholders=stakeholders,
            options=options,
            at=at,
        )
    decision_link_source(
        actor=actor, decision=decision, kind=kind, ref=ref, title=title, url=url, at=at
    )
    return decision


SETTINGS_FIELDS = ("information_target_pct", "escalation_hours", "exhaustion_rounds")


@transaction.atomic
def decision_settings_update(
    *,
    actor: User,
    reviewers: Iterable[User],
    information_target_pct: int,
    escalation_hours: int,
    exhaustion_rounds: int,
) -> DecisionSettings:
    """Admins set who reviews one-way doors and the thresholds the flags use."""
    ensure_admin(actor)
    company = DecisionSettings.objects.order_by("pk").first()
    data = {
        "information_target_pct": information_target_pct,
        "escalation_hours": escalation_hours,
        "exhaustion_rounds": exhaustion_rounds,
    }
    if company is None:
        company = DecisionSettings(**data)
        company.full_clean()
        company.save()
        audit_record(
            actor=actor,
            action="decisionsettings.create",
            target=company,
            after=model_snapshot(company, SETTINGS_FIELDS),
        )
    else:
        company, _ = model_update(instance=company, fields=SETTINGS_FIELDS, data=data, actor=actor)
    wanted = {p.pk for p in reviewers if p.is_active}
    current = set(company.reviewers.values_list("pk", flat=True))
    if wanted != current:
        company.reviewers.set(sorted(wanted))
        audit_record(
            actor=actor,
            action="decisionsettings.reviewers",
            target=company,
            before={"reviewers": sorted(current)},
            after={"reviewers": sorted(wanted)},
        )
    return company


@transaction.atomic
def notification_mark_read(*, actor: User, ids: Sequence[int] | None = None) -> int:
    """Mark the actor's own notifications read (all of them when ``ids`` is ``None``)."""
    if not actor.is_authenticated:
        raise PermissionDenied("Sign in to see this.")
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    count = unread.update(read_at=timezone.now())
    if count:
        audit_record(
            actor=actor,
            action="notification.read",
            target=actor,
            after={"count": count},
        )
    return count
