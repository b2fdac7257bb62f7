"""Proposing decisions and changing them while open: propose, from another part, edit,
postpone, add an option, and supersede a decided one with a reversal or a correction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from dayone.server.core.access import ensure_can_write
from dayone.server.core.enums import Role
from dayone.server.core.models import User
from dayone.server.core.services import audit_record, audited_save, model_snapshot, model_update
from dayone.server.core.validators import require_substance
from dayone.server.core.versions import version_bump, version_lock
from dayone.server.decisions import rules
from dayone.server.decisions.enums import (
    Door,
    EventKind,
    SourceKind,
    Status,
    SupersedeKind,
)
from dayone.server.decisions.models import (
    Decision,
    DecisionSettings,
    Option,
)
from dayone.server.decisions.services._common import (
    INFORMATION_RANGE,
    OPTIONS_DUPLICATE,
    ensure_open,
    ensure_owner,
    notify,
    now_or,
    participant_ids,
    record_event,
    today_of,
)
from dayone.server.decisions.services.link import decision_link_source

DOOR_REQUIRED = (
    "Choose the door type: two-way if a wrong call can be walked back cheaply, one-way if it "
    "cannot."
)
QUESTION_REQUIRED = "Write the question to decide, for example 'Do we lower free shipping to $25?'"
OPTIONS_REQUIRED = "Give at least two options, each with a short name."
DECIDE_BY_PAST = "The decide-by date cannot be in the past."
DECIDE_BY_SAME = "Pick a new decide-by date to move it."
POSTPONE_REASON = "Say why the decision needs more time; every postponement is a round."
DECIDER_INACTIVE = "The decider must be someone who can sign in and write."
SUPERSEDE_NOT_DECIDED = "Only a decided decision can be reversed or corrected."
SUPERSEDE_PENDING = "A {kind} is already proposed: '{question}'."
SUPERSEDE_KEPT = (
    "This decision records the outcome of a review of '{title}': only a new outcome of a "
    "review of it reverses or corrects it. Move the document back to draft and review it again."
)
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
    kept_by_source: bool = False,
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
            today=today_of(at),
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        cleaned = _validate_options(options)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    reviewer_ids = _company_reviewer_ids(decider) if rules.is_one_way(door) else []
    if rules.is_one_way(door) and not reviewer_ids:
        errors.setdefault("door", []).append(rules.REVIEWERS_NONE)
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
        created_at=now_or(at),
        supersedes=supersedes,
        supersede_kind=supersede_kind,
        kept_by_source=kept_by_source,
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
    decision.reviewers.set(reviewer_ids)
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
    record_event(
        decision=decision,
        actor=actor,
        kind=EventKind.PROPOSED,
        summary=f"{actor} proposed a {decision.get_door_display().lower()} decision for "
        f"{decider} by {decide_by:%d %b %Y}, with {information_pct}% of the information.",
        at=at,
    )
    notify(
        decision=decision,
        recipient_ids=[decider.pk],
        message=f"{actor} asks you to decide by {decide_by:%d %b}: {decision.question}",
        actor=actor,
        at=at,
    )
    notify(
        decision=decision,
        recipient_ids=set(stakeholder_ids) | set(reviewer_ids),
        message=f"Your stance is asked on: {decision.question}",
        actor=actor,
        at=at,
    )
    return decision


def _company_reviewer_ids(decider: User | None) -> list[int]:
    """The company's one-way-door reviewers who can weigh in, other than the decider."""
    company = DecisionSettings.objects.order_by("pk").first()
    if company is None:
        return []
    writers = company.reviewers.filter(is_active=True, role__in=[Role.ADMIN, Role.MEMBER])
    return sorted(set(writers.values_list("pk", flat=True)) - {decider.pk if decider else 0})


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
    kept_by_source: bool = False,
    at: datetime | None = None,
) -> Decision:
    """Propose a decision. One-way doors get the company's reviewers; everyone is told.

    ``source`` links the new decision to what it is about (a goal, a PR/FAQ, an experiment) in
    the same transaction. ``kept_by_source`` says the decision records that source's outcome
    (a review's): then only the source reverses it. ``at`` backdates the proposal when
    importing history; interfaces never pass it.
    """
    if kept_by_source and source is None:
        raise ValueError("A decision kept by its source needs the source.")
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
        kept_by_source=kept_by_source,
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
    version: int | None = None,
) -> Decision:
    """Change an open decision's context, information or stakeholders. Audited, with history.

    ``version`` is the version the edit was made from: when someone saved after it, the edit is
    refused (``EditConflictError``) and nothing changes."""
    decision = version_lock(instance=decision, expected=version)
    ensure_owner(actor, decision)
    ensure_open(decision)
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
            notify(
                decision=decision,
                recipient_ids=wanted - current,
                message=f"Your stance is asked on: {decision.question}",
                actor=actor,
            )
    if notes:
        version_bump(decision)
        record_event(
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
    ensure_owner(actor, decision)
    ensure_open(decision)
    if decide_by < today_of(at):
        raise ValidationError({"decide_by": DECIDE_BY_PAST})
    if decide_by == decision.decide_by:
        raise ValidationError({"decide_by": DECIDE_BY_SAME})
    require_substance(reason, field="reason", what="reason", missing=POSTPONE_REASON)
    old = decision.decide_by
    audited_save(
        actor=actor,
        instance=decision,
        action="decision.postpone",
        changes={"decide_by": decide_by, "rounds": decision.rounds + 1},
        note={"reason": reason.strip()},
    )
    record_event(
        decision=decision,
        actor=actor,
        kind=EventKind.POSTPONED,
        summary=f"{actor} moved the decide-by date from {old:%d %b} to {decide_by:%d %b}: "
        f"{reason.strip()}",
        at=at,
    )
    notify(
        decision=decision,
        recipient_ids=participant_ids(decision),
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
    ensure_open(decision)
    if actor.pk not in participant_ids(decision) and not actor.is_admin:
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
    record_event(
        decision=decision,
        actor=actor,
        kind=EventKind.OPTION_ADDED,
        summary=f"{actor} added the option '{label}'.",
        at=None,
    )
    return option


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
    by_source: bool = False,
    at: datetime | None = None,
) -> Decision:
    """Propose a reversal or course correction of a decided decision, as a new linked decision.

    The original stays as it was; it reads "superseded" once the new decision is decided. A
    decision kept by its source (a review's outcome) is superseded only by that source, which
    says so with ``by_source``; the successor is kept by the source too.
    """
    ensure_can_write(actor)
    if decision.status != Status.DECIDED:
        raise ValidationError(SUPERSEDE_NOT_DECIDED)
    if decision.kept_by_source and not by_source:
        raise ValidationError(SUPERSEDE_KEPT.format(title=_source_title(decision)))
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
        kept_by_source=decision.kept_by_source,
        at=at,
    )
    record_event(
        decision=decision,
        actor=actor,
        kind=EventKind.SUPERSEDED,
        summary=f"{actor} proposed a {successor.get_supersede_kind_display().lower()}: "
        f"{successor.question}",
        at=at,
    )
    return successor


def _source_title(decision: Decision) -> str:
    link = decision.links.order_by("created_at", "id").first()
    return link.title if link is not None else decision.question


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
            decide_by=decide_by or today_of(at) + timedelta(days=7),
            decider=decider or actor,
            stakeholders=stakeholders,
            options=options,
            at=at,
        )
    decision_link_source(
        actor=actor, decision=decision, kind=kind, ref=ref, title=title, url=url, at=at
    )
    return decision
