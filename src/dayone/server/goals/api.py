"""API of goals: list, read, set, review, close, and the goal linter."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from dayone.server.core import selectors as core_selectors
from dayone.server.core.api_types import BodyNumber, IsoDate
from dayone.server.core.pagination import Page, PageIn, page_of
from dayone.server.core.utils import current_user
from dayone.server.core.versions import VERSION_FIELD, version_sent
from dayone.server.goals import selectors, services
from dayone.server.goals.enums import Direction, GoalKind, ReviewStatus
from dayone.server.goals.lint import GoalDraft, goal_lint
from dayone.server.goals.models import Goal
from dayone.server.teams import selectors as org_selectors

if TYPE_CHECKING:
    from django.http import HttpRequest


router = Router(tags=["goals"])


class GoalReviewOut(Schema):
    status: str
    reviewed_on: date
    note: str
    plan: str
    jump_explanation: str
    author: str | None


class GoalOut(Schema):
    id: int
    text: str
    owner: str
    team: str
    starts_on: date
    due_on: date
    metric_key: str
    target: float | None
    direction: str
    kind: str
    elevated: bool
    version: int = Field(description="Grows with every edit; send it back when you edit.")
    latest_status: str | None
    outcome: str
    outcome_source: str
    outcome_value: float | None
    outcome_note: str


class GoalDetailOut(GoalOut):
    reviews: list[GoalReviewOut]
    findings: list[GoalFindingOut]


class GoalFindingOut(Schema):
    rule: str
    severity: str
    message: str
    field: str


GoalDetailOut.model_rebuild()


class GoalIn(Schema):
    text: str
    owner: str | None = None
    team: str | None = None
    due_on: IsoDate | None = None
    starts_on: IsoDate | None = None
    metric_key: str = ""
    target: BodyNumber | None = None
    direction: Direction = Direction.AT_LEAST
    kind: GoalKind = GoalKind.INPUT
    elevated: StrictBool = False
    judged_by: str = ""


class GoalPatchIn(Schema):
    text: str | None = None
    owner: str | None = None
    team: str | None = None
    due_on: IsoDate | None = None
    starts_on: IsoDate | None = None
    metric_key: str | None = None
    target: BodyNumber | None = None
    direction: Direction | None = None
    kind: GoalKind | None = None
    elevated: StrictBool | None = None
    judged_by: str | None = None
    version: int | None = Field(None, ge=1, description=VERSION_FIELD)


class GoalReviewIn(Schema):
    status: ReviewStatus
    note: str
    plan: str = ""
    jump_explanation: str = ""
    reviewed_on: IsoDate | None = None


class CloseIn(Schema):
    outcome: str = ""
    note: str = ""


class GoalFilterIn(Schema):
    team: str = ""
    owner: str = ""
    outcome: str = ""
    status: str = ""
    elevated: bool | None = None
    q: str = ""


def _goal_out(goal: Goal) -> dict[str, Any]:
    return {
        "id": goal.pk,
        "text": goal.text,
        "owner": goal.owner.username,
        "team": goal.team.slug,
        "starts_on": goal.starts_on,
        "due_on": goal.due_on,
        "metric_key": goal.metric_key,
        "target": goal.target,
        "direction": goal.direction,
        "kind": goal.kind,
        "elevated": goal.elevated,
        "version": goal.version,
        "latest_status": getattr(goal, "latest_status", None),
        "outcome": goal.outcome,
        "outcome_source": goal.outcome_source,
        "outcome_value": goal.outcome_value,
        "outcome_note": goal.outcome_note,
    }


def _detail(request: HttpRequest, goal_id: int) -> dict[str, Any]:
    goal = get_object_or_404(selectors.goal_list(viewer=request.user), pk=goal_id)
    return {
        **_goal_out(goal),
        "reviews": [
            {
                "status": review.status,
                "reviewed_on": review.reviewed_on,
                "note": review.note,
                "plan": review.plan,
                "jump_explanation": review.jump_explanation,
                "author": review.author.username if review.author else None,
            }
            for review in selectors.goal_reviews(viewer=request.user, goal=goal)
        ],
        "findings": [
            finding.to_dict() for finding in selectors.goal_findings(viewer=request.user, goal=goal)
        ],
    }


@router.get("/", response=Page[GoalOut], summary="Goals with their latest status")
def goal_list(
    request: HttpRequest, filters: Query[GoalFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    goals = selectors.goal_list(
        viewer=request.user, filters=selectors.GoalFilters(**filters.model_dump())
    )
    return page_of(goals, page, render=lambda chunk: [_goal_out(goal) for goal in chunk])


@router.post("/lint", response=list[GoalFindingOut], summary="Check a goal before setting it")
def goal_lint_api(request: HttpRequest, payload: GoalIn) -> list[dict[str, Any]]:
    team = org_selectors.team_named(viewer=request.user, slug=payload.team)
    keys = (
        tuple(org_selectors.team_metric_keys(viewer=request.user, team_id=team.pk))
        if team is not None
        else ()
    )
    draft = GoalDraft(
        text=payload.text,
        has_owner=bool(payload.owner),
        due_on=payload.due_on,
        metric_key=payload.metric_key,
        target=payload.target,
        kind=payload.kind,
        team_metric_keys=keys,
    )
    return [finding.to_dict() for finding in goal_lint(draft)]


@router.get("/{goal_id}", response=GoalDetailOut, summary="One goal, its reviews and findings")
def goal_detail(request: HttpRequest, goal_id: int) -> dict[str, Any]:
    return _detail(request, goal_id)


@router.post("/", response={201: GoalDetailOut}, summary="Set a goal")
def goal_create(request: HttpRequest, payload: GoalIn) -> Status[dict[str, Any]]:
    goal = services.goal_create(
        actor=current_user(request),
        text=payload.text,
        owner=core_selectors.user_named(viewer=request.user, username=payload.owner, field="owner"),
        team=org_selectors.team_named(viewer=request.user, slug=payload.team),
        due_on=payload.due_on,
        starts_on=payload.starts_on,
        metric_key=payload.metric_key,
        target=payload.target,
        direction=payload.direction,
        kind=payload.kind,
        elevated=payload.elevated,
        judged_by=payload.judged_by,
    )
    return Status(201, _detail(request, goal.pk))


@router.patch(
    "/{goal_id}",
    response=GoalDetailOut,
    summary="Change an open goal",
    description="Send only what changes, with the version you edited (`version` or If-Match): "
    "when someone saved after it, nothing changes and the answer is 409 with the current version.",
)
def goal_update(request: HttpRequest, goal_id: int, payload: GoalPatchIn) -> dict[str, Any]:
    goal = get_object_or_404(selectors.goal_list(viewer=request.user), pk=goal_id)
    version = version_sent(request, payload.version)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    data: dict[str, Any] = {name: getattr(goal, name) for name in services.GOAL_FIELDS}
    data.update({k: v for k, v in sent.items() if k not in {"owner", "team"}})
    if "owner" in sent:
        data["owner"] = core_selectors.user_named(
            viewer=request.user, username=sent["owner"], field="owner"
        )
    if "team" in sent:
        data["team"] = org_selectors.team_named(viewer=request.user, slug=sent["team"])
    for name in ("text", "metric_key", "judged_by"):
        data[name] = data[name] or ""
    data["starts_on"] = data["starts_on"] or goal.starts_on
    services.goal_update(actor=current_user(request), goal=goal, version=version, **data)
    return _detail(request, goal_id)


@router.post("/{goal_id}/reviews", response={201: GoalDetailOut}, summary="Review a goal")
def goal_review(
    request: HttpRequest, goal_id: int, payload: GoalReviewIn
) -> Status[dict[str, Any]]:
    goal = get_object_or_404(selectors.goal_list(viewer=request.user), pk=goal_id)
    services.goal_review_add(
        actor=current_user(request),
        goal=goal,
        status=payload.status,
        note=payload.note,
        plan=payload.plan,
        jump_explanation=payload.jump_explanation,
        reviewed_on=payload.reviewed_on,
    )
    return Status(201, _detail(request, goal_id))


@router.post("/{goal_id}/close", response=GoalDetailOut, summary="Close: met or not met")
def goal_close(request: HttpRequest, goal_id: int, payload: CloseIn) -> dict[str, Any]:
    goal = get_object_or_404(selectors.goal_list(viewer=request.user), pk=goal_id)
    services.goal_close(
        actor=current_user(request),
        goal=goal,
        outcome=payload.outcome,
        note=payload.note,
    )
    return _detail(request, goal_id)
