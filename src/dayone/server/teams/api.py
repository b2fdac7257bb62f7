"""API of the organisation: teams, members, metrics, dependencies, initiatives, principles."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from dayone.server.core import selectors as core_selectors
from dayone.server.core.utils import current_user
from dayone.server.core.versions import VERSION_FIELD, version_sent
from dayone.server.teams import selectors, services
from dayone.server.teams.enums import InitiativeStatus
from dayone.server.teams.models import Initiative, Principle, Team
from dayone.server.teams.principle_uses import principle_uses
from dayone.server.wbr.selectors import metric_catalogue

if TYPE_CHECKING:
    from django.http import HttpRequest


router = Router(tags=["teams"])


class WarningOut(Schema):
    kind: str
    message: str
    team: str
    initiative_id: int | None


class TeamOut(Schema):
    slug: str
    version: int = Field(description="Grows with every edit; send it back when you edit.")
    name: str
    mission: str
    leader: str | None
    reports_to: str | None
    is_leadership: bool
    members: list[str]
    metrics: list[str]
    depends_on: list[str]
    depended_on_by: list[str]
    initiatives: list[int]
    warnings: list[WarningOut]


class TeamIn(Schema):
    name: str
    mission: str = ""
    leader: str | None = None
    reports_to: str | None = None
    is_leadership: StrictBool = False


class TeamPatchIn(Schema):
    name: str | None = None
    mission: str | None = None
    leader: str | None = None
    reports_to: str | None = None
    is_leadership: StrictBool | None = None
    version: int | None = Field(None, ge=1, description=VERSION_FIELD)


class MemberIn(Schema):
    username: str


class TeamMetricIn(Schema):
    metric_key: str


class DependencyIn(Schema):
    depends_on: str
    reason: str = ""


class InitiativeOut(Schema):
    id: int
    team: str
    name: str
    description: str
    leader: str | None
    leader_since: date | None
    status: str


class InitiativeIn(Schema):
    team: str
    name: str
    description: str = ""
    leader: str | None = None
    status: InitiativeStatus = InitiativeStatus.ACTIVE


class LeaderIn(Schema):
    leader: str | None
    hand_over: StrictBool = False


class PrincipleOut(Schema):
    slug: str
    name: str
    description: str
    position: int
    is_active: bool


class PrincipleIn(Schema):
    name: str
    description: str
    note: str = ""
    is_active: StrictBool = True


class CatalogueMetricOut(Schema):
    key: str
    unit: str
    aggregation: str
    is_input: bool
    controllable: bool
    description: str


def _team_out(summary: selectors.TeamSummary) -> dict[str, Any]:
    team = summary.team
    return {
        "slug": team.slug,
        "version": team.version,
        "name": team.name,
        "mission": team.mission,
        "leader": team.leader.username if team.leader else None,
        "reports_to": team.reports_to.username if team.reports_to else None,
        "is_leadership": team.is_leadership,
        "members": [person.username for person in summary.members],
        "metrics": summary.metric_keys,
        "depends_on": [other.slug for other in summary.depends_on],
        "depended_on_by": [other.slug for other in summary.dependents],
        "initiatives": [initiative.pk for initiative in summary.initiatives],
        "warnings": [_warning_out(warning) for warning in summary.warnings],
    }


def _warning_out(warning: selectors.OrgWarning) -> dict[str, Any]:
    return {
        "kind": str(warning.kind),
        "message": warning.message,
        "team": warning.team_slug,
        "initiative_id": warning.initiative_id,
    }


def _initiative_out(initiative: Initiative) -> dict[str, Any]:
    return {
        "id": initiative.pk,
        "team": initiative.team.slug,
        "name": initiative.name,
        "description": initiative.description,
        "leader": initiative.leader.username if initiative.leader else None,
        "leader_since": initiative.leader_since,
        "status": initiative.status,
    }


def _team(request: HttpRequest, slug: str) -> Team:
    return get_object_or_404(selectors.team_list(viewer=request.user), slug=slug)


def _summary(request: HttpRequest, slug: str) -> dict[str, Any]:
    try:
        return _team_out(selectors.team_detail(viewer=request.user, slug=slug))
    except Team.DoesNotExist as exc:
        raise Http404("No such team.") from exc


@router.get("/teams", response=list[TeamOut], summary="Every team with its counts and warnings")
def team_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_team_out(summary) for summary in selectors.org_overview(viewer=request.user).teams]


@router.get("/teams/{slug}", response=TeamOut, summary="One team")
def team_detail(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _summary(request, slug)


@router.post("/teams", response={201: TeamOut}, summary="Create a team")
def team_create(request: HttpRequest, payload: TeamIn) -> Status[dict[str, Any]]:
    team = services.team_create(
        actor=current_user(request),
        name=payload.name,
        mission=payload.mission,
        leader=core_selectors.user_named(
            viewer=request.user, username=payload.leader, field="leader"
        ),
        reports_to=core_selectors.user_named(
            viewer=request.user, username=payload.reports_to, field="reports_to"
        ),
        is_leadership=payload.is_leadership,
    )
    return Status(201, _summary(request, team.slug))


@router.patch(
    "/teams/{slug}",
    response=TeamOut,
    summary="Change a team",
    description="Send only what changes, with the version you edited (`version` or If-Match): "
    "when someone saved after it, nothing changes and the answer is 409 with the current version.",
)
def team_update(request: HttpRequest, slug: str, payload: TeamPatchIn) -> dict[str, Any]:
    try:
        team = selectors.team_detail(viewer=request.user, slug=slug).team
    except Team.DoesNotExist as exc:
        raise Http404("No such team.") from exc
    version = version_sent(request, payload.version)
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    people = {
        name: core_selectors.user_named(viewer=request.user, username=sent[name], field=name)
        if name in sent
        else getattr(team, name)
        for name in ("leader", "reports_to")
    }
    services.team_update(
        actor=current_user(request),
        team=team,
        version=version,
        name=payload.name if payload.name is not None else team.name,
        mission=payload.mission if payload.mission is not None else team.mission,
        is_leadership=team.is_leadership
        if payload.is_leadership is None
        else payload.is_leadership,
        **people,
    )
    return _summary(request, slug)


@router.post("/teams/{slug}/members", response={201: TeamOut}, summary="Add a member")
def team_member_add(request: HttpRequest, slug: str, payload: MemberIn) -> Status[dict[str, Any]]:
    person = core_selectors.user_named(
        viewer=request.user, username=payload.username, field="username"
    )
    if person is None:
        raise ValidationError({"username": "Name the person to add."})
    services.team_member_add(actor=current_user(request), team=_team(request, slug), person=person)
    return Status(201, _summary(request, slug))


@router.delete("/teams/{slug}/members/{username}", response=TeamOut, summary="Take a member off")
def team_member_remove(request: HttpRequest, slug: str, username: str) -> dict[str, Any]:
    person = core_selectors.user_named(viewer=request.user, username=username, field="username")
    assert person is not None  # noqa: S101 - a path parameter is never empty
    services.team_member_remove(
        actor=current_user(request), team=_team(request, slug), person=person
    )
    return _summary(request, slug)


@router.post("/teams/{slug}/metrics", response={201: TeamOut}, summary="Measure by a metric")
def team_metric_add(
    request: HttpRequest, slug: str, payload: TeamMetricIn
) -> Status[dict[str, Any]]:
    services.team_metric_add(
        actor=current_user(request),
        team=_team(request, slug),
        metric_key=payload.metric_key,
    )
    return Status(201, _summary(request, slug))


@router.post(
    "/teams/{slug}/dependencies", response={201: TeamOut}, summary="Depend on another team"
)
def team_dependency_add(
    request: HttpRequest, slug: str, payload: DependencyIn
) -> Status[dict[str, Any]]:
    other = selectors.team_get_by_slug(
        viewer=request.user, slug=payload.depends_on, field="depends_on"
    )
    services.team_dependency_add(
        actor=current_user(request),
        team=_team(request, slug),
        depends_on=other,
        reason=payload.reason,
    )
    return Status(201, _summary(request, slug))


@router.get("/warnings", response=list[WarningOut], summary="Everything the org view flags")
def warning_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_warning_out(w) for w in selectors.org_overview(viewer=request.user).warnings]


@router.get(
    "/metrics", response=list[CatalogueMetricOut], summary="Metrics teams and goals can name"
)
def metric_list(request: HttpRequest) -> list[Any]:  # noqa: ARG001 - ninja passes the request
    return list(metric_catalogue().values())


@router.get("/initiatives", response=list[InitiativeOut], summary="Initiatives and their leaders")
def initiative_list(
    request: HttpRequest, team: str | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    initiatives = selectors.initiative_list(viewer=request.user, status=status)
    if team:
        initiatives = initiatives.filter(team__slug=team)
    return [_initiative_out(initiative) for initiative in initiatives]


@router.post("/initiatives", response={201: InitiativeOut}, summary="Start an initiative")
def initiative_create(request: HttpRequest, payload: InitiativeIn) -> Status[dict[str, Any]]:
    initiative = services.initiative_create(
        actor=current_user(request),
        team=_team(request, payload.team),
        name=payload.name,
        description=payload.description,
        leader=core_selectors.user_named(
            viewer=request.user, username=payload.leader, field="leader"
        ),
        status=payload.status,
    )
    return Status(201, _initiative_out(initiative))


@router.put(
    "/initiatives/{initiative_id}/leader",
    response=InitiativeOut,
    summary="Name or hand over the single-threaded leader",
)
def initiative_set_leader(
    request: HttpRequest, initiative_id: int, payload: LeaderIn
) -> dict[str, Any]:
    initiative = get_object_or_404(selectors.initiative_list(viewer=request.user), pk=initiative_id)
    services.initiative_set_leader(
        actor=current_user(request),
        initiative=initiative,
        leader=core_selectors.user_named(
            viewer=request.user, username=payload.leader, field="leader"
        ),
        hand_over=payload.hand_over,
    )
    return _initiative_out(initiative)


@router.get("/principles", response=list[PrincipleOut], summary="The leadership principles")
def principle_list(request: HttpRequest, include_inactive: bool = False) -> Any:
    return selectors.principle_list(viewer=request.user, include_inactive=include_inactive)


class PrincipleUseOut(Schema):
    part: str
    count: int


class PrincipleUsesOut(Schema):
    slug: str
    name: str
    is_active: bool
    uses: list[PrincipleUseOut]


@router.get(
    "/principles/uses",
    response=list[PrincipleUsesOut],
    summary="Where each principle is used: roles, interview loops, documents and decisions",
    description="A document or a decision uses a principle when its text cites it by name. "
    "A principle with no uses is one nothing uses.",
)
def principle_use_list(request: HttpRequest) -> list[dict[str, Any]]:
    uses = principle_uses(viewer=request.user)
    return [
        {
            "slug": p.slug,
            "name": p.name,
            "is_active": p.is_active,
            "uses": [{"part": label, "count": count} for label, count in uses.of(p.pk)],
        }
        for p in selectors.principle_list(viewer=request.user, include_inactive=True)
    ]


@router.put("/principles/{slug}", response=PrincipleOut, summary="Edit a principle (kept)")
def principle_update(request: HttpRequest, slug: str, payload: PrincipleIn) -> Principle:
    principle = get_object_or_404(
        selectors.principle_list(viewer=request.user, include_inactive=True), slug=slug
    )
    return services.principle_update(
        actor=current_user(request),
        principle=principle,
        name=payload.name,
        description=payload.description,
        note=payload.note,
        is_active=payload.is_active,
    )
