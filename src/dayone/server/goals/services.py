"""Every write of goals: create, edit, review, close.

Reviews are append-only. Yellow and red need a mitigation or plan; green straight to red needs an
explanation. At the due date a goal is met or not met: computed from its metric when the
warehouse has it, else recorded by hand with a note.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dayone.server.core.access import ensure_can_write
from dayone.server.core.services import audit_record, audited_save, model_snapshot, model_update
from dayone.server.core.validators import require_substance, substance_error
from dayone.server.core.versions import version_bump, version_lock
from dayone.server.goals.enums import Direction, GoalKind, Outcome, OutcomeSource, ReviewStatus
from dayone.server.goals.models import Goal, GoalReview
from dayone.server.goals.selectors import goal_may_change, goal_may_review
from dayone.server.teams.models import Membership, Team
from dayone.server.wbr.measure import measured_metric, metric_measure
from dayone.server.wbr.selectors import metric_info

if TYPE_CHECKING:
    from dayone.server.core.models import User

NO_OWNER = "A goal has one owner: choose who owns it."
NO_DUE_DATE = "A goal has a due date: say by when it is met."
NO_TEAM = "A goal belongs to a team: choose the team."
NO_TEXT = "Write the goal: what will be true by the due date."
DUE_BEFORE_START = "The due date comes before the start date."
TARGET_NEEDED = "A goal measured by a metric needs a target to be met or not met."
TARGET_WITHOUT_METRIC = "A target needs the metric it is measured on."
JUDGE_NEEDED = (
    "A goal needs a way to be judged: choose the metric it is measured by, or say how it will be "
    "judged met or not met at the due date."
)
REVIEW_REFUSED = (
    "Only the goal's owner, {owner}, or their manager (the leader of the owner's team, or the "
    "person that team reports to) reviews this goal."
)
CHANGE_REFUSED = (
    "Only the goal's owner, {owner}, their manager or an admin changes, closes or withdraws "
    "this goal."
)
METRIC_UNKNOWN = (
    "The catalogue has no metric '{key}', so the goal could never be judged on it: choose one "
    "of the WBR's metrics, or leave the metric empty and say how the goal is judged."
)
ELEVATE_REFUSED = "Only admins and the leadership team put goals on the leadership team's list."
GOAL_CLOSED = "This goal is closed ({outcome}); it can no longer change."
NOTE_NEEDED = "Write where the goal stands, with numbers."
PLAN_NEEDED = {
    ReviewStatus.YELLOW: "Yellow means at risk: write the mitigation.",
    ReviewStatus.RED: "Red means it will miss: write the plan.",
}
JUMP_NEEDED = (
    "The last review was green: explain why the goal went straight to red and what was missed."
)
REVIEW_IN_FUTURE = "A review cannot be dated in the future."
REVIEW_BEFORE_LAST = "The last review is dated {last:%d %b %Y}; a new review comes after it."
NOT_DUE_YET = (
    "The goal is due on {due:%d %b %Y}: it is met or not met from then. Withdraw it instead."
)
OUTCOME_NEEDED = "The metric cannot be measured here: record met or not met by hand."
OUTCOME_NOTE_NEEDED = "Say how you know: a goal recorded by hand needs a note."
WITHDRAW_NOTE_NEEDED = "Say why the goal is withdrawn."

TARGET_NOT_FINITE = "The target must be a finite number, not NaN or infinity."
TARGET_NOT_WHOLE = "The target must be a whole number: {metric} counts whole things, so {target:g} cannot be reached exactly; write {low:,} or {high:,}."

GOAL_FIELDS = (
    "text",
    "owner",
    "team",
    "starts_on",
    "due_on",
    "metric_key",
    "target",
    "direction",
    "kind",
    "elevated",
    "judged_by",
)


def _can_elevate(actor: User | None) -> bool:
    if actor is None or actor.is_admin:
        return True
    return Membership.objects.filter(
        person=actor, left_at__isnull=True, team__is_leadership=True
    ).exists()


def _target_error(metric_key: str, target: float | None) -> str:
    """What is wrong with the target, if anything: missing for a metric, not a number, or a
    fraction on a metric that counts whole things."""
    if target is None:
        return TARGET_NEEDED if metric_key else ""
    if not math.isfinite(target):
        return TARGET_NOT_FINITE
    info = metric_info(metric_key) if metric_key else None
    if info is None or not info.is_count or float(target).is_integer():
        return ""
    return TARGET_NOT_WHOLE.format(
        metric=info.name, target=target, low=math.floor(target), high=math.ceil(target)
    )


def _validate(
    *,
    text: str,
    owner: User | None,
    team: Team | None,
    starts_on: date,
    due_on: date | None,
    metric_key: str,
    target: float | None,
    judged_by: str,
) -> None:
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = NO_TEXT
    if owner is None:
        errors["owner"] = NO_OWNER
    if team is None:
        errors["team"] = NO_TEAM
    if due_on is None:
        errors["due_on"] = NO_DUE_DATE
    elif due_on < starts_on:
        errors["due_on"] = DUE_BEFORE_START
    if metric_key and metric_info(metric_key) is None:
        errors["metric_key"] = METRIC_UNKNOWN.format(key=metric_key)
    if target_error := _target_error(metric_key, target):
        errors["target"] = target_error
    if target is not None and not metric_key:
        errors["metric_key"] = TARGET_WITHOUT_METRIC
    if not metric_key:
        judge_error = substance_error(judged_by, what="way to judge the goal", missing=JUDGE_NEEDED)
        if judge_error:
            errors["judged_by"] = judge_error
    if errors:
        raise ValidationError(errors)


def _ensure_may_change(actor: User, goal: Goal) -> None:
    ensure_can_write(actor)
    if not goal_may_change(actor, goal):
        raise PermissionDenied(CHANGE_REFUSED.format(owner=goal.owner))


def _ensure_open(goal: Goal) -> None:
    if goal.outcome != Outcome.OPEN:
        raise ValidationError(GOAL_CLOSED.format(outcome=goal.get_outcome_display().lower()))


@transaction.atomic
def goal_create(
    *,
    actor: User | None,
    text: str,
    owner: User | None,
    team: Team | None,
    due_on: date | None,
    starts_on: date | None = None,
    metric_key: str = "",
    target: float | None = None,
    direction: str = Direction.AT_LEAST,
    kind: str = GoalKind.INPUT,
    elevated: bool = False,
    judged_by: str = "",
) -> Goal:
    """Set a goal. Refused without an owner, a team, a due date, or a metric or another way to
    judge it; elevation needs leadership."""
    if actor is not None:
        ensure_can_write(actor)
    text, metric_key = text.strip(), metric_key.strip()
    starts_on = starts_on or timezone.localdate()
    _validate(
        text=text,
        owner=owner,
        team=team,
        starts_on=starts_on,
        due_on=due_on,
        metric_key=metric_key,
        target=target,
        judged_by=judged_by,
    )
    if elevated and not _can_elevate(actor):
        raise PermissionDenied(ELEVATE_REFUSED)
    assert due_on is not None  # checked by _validate  # noqa: S101
    goal = Goal(
        text=text,
        owner=owner,
        team=team,
        starts_on=starts_on,
        due_on=due_on,
        metric_key=metric_key,
        target=target,
        judged_by="" if metric_key else judged_by.strip(),
        direction=direction,
        kind=kind,
        elevated=elevated,
        created_by=actor,
    )
    goal.full_clean()
    goal.save()
    audit_record(
        actor=actor, action="goal.create", target=goal, after=model_snapshot(goal, GOAL_FIELDS)
    )
    return goal


@transaction.atomic
def goal_update(
    *,
    actor: User,
    goal: Goal,
    text: str,
    owner: User | None,
    team: Team | None,
    starts_on: date,
    due_on: date | None,
    metric_key: str = "",
    target: float | None = None,
    direction: str = Direction.AT_LEAST,
    kind: str = GoalKind.INPUT,
    elevated: bool = False,
    judged_by: str = "",
    version: int | None = None,
) -> Goal:
    """Change an open goal. Every change is in the audit log with the values before.

    ``version`` is the version the edit was made from: when someone saved after it, the edit is
    refused (``EditConflictError``) and nothing changes."""
    goal = version_lock(instance=goal, expected=version)
    _ensure_may_change(actor, goal)
    _ensure_open(goal)
    text, metric_key = text.strip(), metric_key.strip()
    _validate(
        text=text,
        owner=owner,
        team=team,
        starts_on=starts_on,
        due_on=due_on,
        metric_key=metric_key,
        target=target,
        judged_by=judged_by,
    )
    if elevated != goal.elevated and not _can_elevate(actor):
        raise PermissionDenied(ELEVATE_REFUSED)
    goal, changed = model_update(
        instance=goal,
        fields=GOAL_FIELDS,
        data={
            "text": text,
            "owner": owner,
            "team": team,
            "starts_on": starts_on,
            "due_on": due_on,
            "metric_key": metric_key,
            "target": target,
            "direction": direction,
            "kind": kind,
            "elevated": elevated,
            "judged_by": "" if metric_key else judged_by.strip(),
        },
        actor=actor,
    )
    if changed:
        version_bump(goal)
    return goal


@transaction.atomic
def goal_review_add(
    *,
    actor: User | None,
    goal: Goal,
    status: str,
    note: str,
    plan: str = "",
    jump_explanation: str = "",
    reviewed_on: date | None = None,
) -> GoalReview:
    """Review a goal: green, yellow (with a mitigation) or red (with a plan). Append-only."""
    if actor is not None:
        ensure_can_write(actor)
        if not goal_may_review(actor, goal):
            raise PermissionDenied(REVIEW_REFUSED.format(owner=goal.owner))
    _ensure_open(goal)
    today = timezone.localdate()
    reviewed_on = reviewed_on or today
    note, plan, jump_explanation = note.strip(), plan.strip(), jump_explanation.strip()
    errors: dict[str, str] = {}
    note_error = substance_error(note, what="note", missing=NOTE_NEEDED)
    if note_error:
        errors["note"] = note_error
    if status in PLAN_NEEDED:
        plan_error = substance_error(
            plan,
            what="mitigation" if status == ReviewStatus.YELLOW else "plan",
            missing=PLAN_NEEDED[ReviewStatus(status)],
        )
        if plan_error:
            errors["plan"] = plan_error
    last = goal.reviews.order_by("-reviewed_on", "-pk").first()
    if (
        status == ReviewStatus.RED
        and last is not None
        and last.status == ReviewStatus.GREEN
        and substance_error(jump_explanation, what="explanation")
    ):
        errors["jump_explanation"] = (
            substance_error(jump_explanation, what="explanation", missing=JUMP_NEEDED)
            or JUMP_NEEDED
        )
    if reviewed_on > today:
        errors["reviewed_on"] = REVIEW_IN_FUTURE
    elif last is not None and reviewed_on < last.reviewed_on:
        errors["reviewed_on"] = REVIEW_BEFORE_LAST.format(last=last.reviewed_on)
    if errors:
        raise ValidationError(errors)
    review = GoalReview(
        goal=goal,
        status=status,
        reviewed_on=reviewed_on,
        note=note,
        plan=plan,
        jump_explanation=jump_explanation,
        author=actor,
    )
    review.full_clean()
    review.save()
    audit_record(
        actor=actor,
        action="goal.review",
        target=goal,
        after=model_snapshot(review, ("status", "reviewed_on", "note", "plan", "jump_explanation")),
    )
    return review


def goal_is_met(goal: Goal, value: float) -> bool:
    """Whether ``value`` meets the goal's target in its direction."""
    if goal.target is None:
        return False
    if goal.direction == Direction.AT_MOST:
        return value <= goal.target
    return value >= goal.target


@transaction.atomic
def goal_close(
    *,
    actor: User | None,
    goal: Goal,
    outcome: str = "",
    note: str = "",
    today: date | None = None,
) -> Goal:
    """Close a goal at its due date: met or not met, from its metric when it can be measured.

    When the warehouse measures the metric, the computed outcome wins and ``outcome`` is ignored;
    otherwise ``outcome`` (met or not met) and a note are required.
    """
    if actor is not None:
        _ensure_may_change(actor, goal)
    _ensure_open(goal)
    today = today or timezone.localdate()
    if today < goal.due_on:
        raise ValidationError({"outcome": NOT_DUE_YET.format(due=goal.due_on)})
    note = note.strip()
    metric = measured_metric(goal.metric_key) if goal.target is not None else None
    measurement = (
        metric_measure(metric=metric, starts_on=goal.starts_on, ends_on=goal.due_on)
        if metric is not None
        else None
    )
    if measurement is not None:
        judged: dict[str, Any] = {
            "outcome": Outcome.MET if goal_is_met(goal, measurement.value) else Outcome.NOT_MET,
            "outcome_source": OutcomeSource.METRIC,
            "outcome_value": measurement.value,
        }
    else:
        if outcome not in {Outcome.MET, Outcome.NOT_MET}:
            raise ValidationError({"outcome": OUTCOME_NEEDED})
        require_substance(note, field="outcome_note", what="note", missing=OUTCOME_NOTE_NEEDED)
        judged = {"outcome": outcome, "outcome_source": OutcomeSource.MANUAL, "outcome_value": None}
    return audited_save(
        actor=actor,
        instance=goal,
        action="goal.close",
        changes={
            **judged,
            "outcome_note": note,
            "closed_at": timezone.now(),
            "closed_by": actor,
        },
        before={"outcome": Outcome.OPEN},
    )


@transaction.atomic
def goal_withdraw(*, actor: User, goal: Goal, note: str) -> Goal:
    """Withdraw an open goal (kept, with the reason) when it no longer makes sense."""
    _ensure_may_change(actor, goal)
    _ensure_open(goal)
    note = require_substance(
        note, field="outcome_note", what="reason", missing=WITHDRAW_NOTE_NEEDED
    )
    return audited_save(
        actor=actor,
        instance=goal,
        action="goal.withdraw",
        changes={
            "outcome": Outcome.WITHDRAWN,
            "outcome_note": note,
            "closed_at": timezone.now(),
            "closed_by": actor,
        },
        before={"outcome": Outcome.OPEN},
    )
