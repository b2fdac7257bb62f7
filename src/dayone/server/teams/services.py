"""Every write of the organisation: teams, members, metrics, dependencies, initiatives, principles.

Each function checks permissions, validates, saves with ``update_fields`` where it changes a row,
and records an audit entry. Nothing is deleted: leaving, removing and handing over keep history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from dayone.server.core.access import ensure_admin, ensure_can_write
from dayone.server.core.services import audit_record, model_snapshot, model_update
from dayone.server.core.versions import version_bump, version_lock
from dayone.server.teams.constants import STARTER_PRINCIPLES
from dayone.server.teams.enums import InitiativeStatus
from dayone.server.teams.models import (
    Initiative,
    Membership,
    OrgPolicy,
    Principle,
    PrincipleRevision,
    Team,
    TeamDependency,
    TeamMetric,
)
from dayone.server.wbr.selectors import metric_info

if TYPE_CHECKING:
    from datetime import date

    from dayone.server.core.models import User

TEAM_NAME_TAKEN = "A team with this name already exists."
TEAM_SLUG_TAKEN = "Another team already uses this web address; choose another short name."
MEMBER_TWICE = "{person} is already a member of {team}."
NOT_A_MEMBER = "{person} is not a member of {team}."
METRIC_UNKNOWN = "'{key}' is not a known metric. Choose one of the metric catalogue's keys."
METRIC_TWICE = "{team} is already measured by {key}."
DEPENDENCY_SELF = "A team cannot depend on itself."
DEPENDENCY_TWICE = "{team} already depends on {other}."
DEPENDENCY_CYCLE = (
    "{other} already depends on {team} ({path}); adding {team} -> {other} would make a cycle. "
    "Remove one of those dependencies first."
)
SECOND_STL = (
    "{initiative} already has a single-threaded leader, {leader}. An initiative has exactly one: "
    "hand it over to replace them."
)
STL_READER = (
    "{leader} can only read: a single-threaded leader is a member or an admin who can act on "
    "the initiative."
)
STL_BUSY = (
    "{leader} already leads {other}, an active initiative: a single-threaded leader owns one "
    "initiative and does nothing else. Hand {other} over (or pause or finish it) first."
)
INITIATIVE_NAME_TAKEN = "{team} already has an initiative with this name."
PRINCIPLE_NAME_TAKEN = "A principle with this name already exists."


TEAM_FIELDS = ("name", "slug", "mission", "leader", "reports_to", "is_leadership")
INITIATIVE_FIELDS = ("team", "name", "description", "leader", "leader_since", "status")


def _strip(value: str) -> str:
    return value.strip()


def _policy() -> OrgPolicy:
    policy = OrgPolicy.objects.order_by("pk").first()
    if policy is None:
        policy = OrgPolicy()
        policy.full_clean()
        policy.save()
    return policy


@transaction.atomic
def org_policy_update(*, actor: User, two_pizza_limit: int, dependency_limit: int) -> OrgPolicy:
    """Change the thresholds the org view flags. Admins only."""
    ensure_admin(actor)
    policy, _ = model_update(
        instance=_policy(),
        fields=("two_pizza_limit", "dependency_limit"),
        data={"two_pizza_limit": two_pizza_limit, "dependency_limit": dependency_limit},
        actor=actor,
    )
    return policy


# Teams


RESERVED_SLUGS = frozenset({"new", "initiatives", "principles", "settings"})
"""Web addresses under /teams/ that are pages, not teams."""


def _unique_slug(base: str) -> str:
    slug = slugify(base)[:50] or "team"
    candidate, number = slug, 2
    while candidate in RESERVED_SLUGS or Team.objects.filter(slug=candidate).exists():
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


@transaction.atomic
def team_create(
    *,
    actor: User | None,
    name: str,
    mission: str = "",
    leader: User | None = None,
    reports_to: User | None = None,
    is_leadership: bool = False,
    slug: str = "",
) -> Team:
    """Create a team. Its leader becomes a member. ``actor`` is ``None`` only for the demo."""
    if actor is not None:
        ensure_can_write(actor)
    name = _strip(name)
    if Team.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": TEAM_NAME_TAKEN})
    slug = slugify(slug) if slug else _unique_slug(name)
    if slug in RESERVED_SLUGS or Team.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": TEAM_SLUG_TAKEN})
    team = Team(
        name=name,
        slug=slug,
        mission=_strip(mission),
        leader=leader,
        reports_to=reports_to,
        is_leadership=is_leadership,
    )
    team.full_clean()
    team.save()
    audit_record(
        actor=actor, action="team.create", target=team, after=model_snapshot(team, TEAM_FIELDS)
    )
    if leader is not None:
        team_member_add(actor=actor, team=team, person=leader)
    return team


@transaction.atomic
def team_update(
    *,
    actor: User,
    team: Team,
    name: str,
    mission: str,
    leader: User | None,
    reports_to: User | None,
    is_leadership: bool,
    version: int | None = None,
) -> Team:
    """Rename a team, change its mission, leader or reporting line. A new leader joins it.

    ``version`` is the version the edit was made from: when someone saved after it, the edit is
    refused (``EditConflictError``) and nothing changes."""
    team = version_lock(instance=team, expected=version)
    ensure_can_write(actor)
    name = _strip(name)
    if Team.objects.filter(name__iexact=name).exclude(pk=team.pk).exists():
        raise ValidationError({"name": TEAM_NAME_TAKEN})
    team, changed = model_update(
        instance=team,
        fields=("name", "mission", "leader", "reports_to", "is_leadership"),
        data={
            "name": name,
            "mission": _strip(mission),
            "leader": leader,
            "reports_to": reports_to,
            "is_leadership": is_leadership,
        },
        actor=actor,
    )
    if changed:
        version_bump(team)
    if (
        leader is not None
        and not Membership.objects.filter(team=team, person=leader, left_at__isnull=True).exists()
    ):
        team_member_add(actor=actor, team=team, person=leader)
    return team


@transaction.atomic
def team_member_add(*, actor: User | None, team: Team, person: User) -> Membership:
    """Add a person to a team. A person is on a team once; adding them again is refused."""
    if actor is not None:
        ensure_can_write(actor)
    if Membership.objects.filter(team=team, person=person, left_at__isnull=True).exists():
        raise ValidationError({"person": MEMBER_TWICE.format(person=person, team=team)})
    membership = Membership(team=team, person=person)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor,
        action="team.member_add",
        target=team,
        after={"person": person.pk, "username": person.username},
    )
    return membership


@transaction.atomic
def team_member_remove(*, actor: User, team: Team, person: User) -> Membership:
    """Take a person off a team. The membership is kept with the date they left."""
    ensure_can_write(actor)
    membership = Membership.objects.filter(team=team, person=person, left_at__isnull=True).first()
    if membership is None:
        raise ValidationError({"person": NOT_A_MEMBER.format(person=person, team=team)})
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    audit_record(
        actor=actor,
        action="team.member_remove",
        target=team,
        before={"person": person.pk, "username": person.username},
    )
    return membership


@transaction.atomic
def team_metric_add(*, actor: User | None, team: Team, metric_key: str) -> TeamMetric:
    """Measure a team by a metric from the catalogue."""
    if actor is not None:
        ensure_can_write(actor)
    metric_key = _strip(metric_key)
    if metric_info(metric_key) is None:
        raise ValidationError({"metric_key": METRIC_UNKNOWN.format(key=metric_key)})
    if TeamMetric.objects.filter(
        team=team, metric_key=metric_key, removed_at__isnull=True
    ).exists():
        raise ValidationError({"metric_key": METRIC_TWICE.format(team=team, key=metric_key)})
    metric = TeamMetric(team=team, metric_key=metric_key)
    metric.full_clean()
    metric.save()
    audit_record(actor=actor, action="team.metric_add", target=team, after={"metric": metric_key})
    return metric


@transaction.atomic
def team_metric_remove(*, actor: User, team: Team, metric_key: str) -> None:
    """Stop measuring a team by a metric (kept with the date it was removed)."""
    ensure_can_write(actor)
    updated = TeamMetric.objects.filter(
        team=team, metric_key=metric_key, removed_at__isnull=True
    ).update(removed_at=timezone.now())
    if not updated:
        raise ValidationError({"metric_key": f"{team} is not measured by {metric_key}."})
    audit_record(
        actor=actor, action="team.metric_remove", target=team, before={"metric": metric_key}
    )


def _dependency_path(start: Team, goal: Team) -> list[str] | None:
    """Team names on a path of active dependencies from ``start`` to ``goal``, if there is one."""
    edges: dict[int, list[int]] = {}
    for team_id, other_id in TeamDependency.objects.filter(removed_at__isnull=True).values_list(
        "team_id", "depends_on_id"
    ):
        edges.setdefault(team_id, []).append(other_id)
    previous: dict[int, int | None] = {start.pk: None}
    queue = [start.pk]
    while queue:
        current = queue.pop(0)
        if current == goal.pk:
            ids: list[int] = []
            node: int | None = current
            while node is not None:
                ids.append(node)
                node = previous[node]
            names = dict(Team.objects.filter(pk__in=ids).values_list("pk", "name"))
            return [names[pk] for pk in reversed(ids)]
        for following in edges.get(current, []):
            if following not in previous:
                previous[following] = current
                queue.append(following)
    return None


@transaction.atomic
def team_dependency_add(
    *, actor: User | None, team: Team, depends_on: Team, reason: str = ""
) -> TeamDependency:
    """Record that ``team`` depends on ``depends_on``. Refuses itself, duplicates and cycles."""
    if actor is not None:
        ensure_can_write(actor)
    if team.pk == depends_on.pk:
        raise ValidationError({"depends_on": DEPENDENCY_SELF})
    if TeamDependency.objects.filter(
        team=team, depends_on=depends_on, removed_at__isnull=True
    ).exists():
        raise ValidationError({"depends_on": DEPENDENCY_TWICE.format(team=team, other=depends_on)})
    path = _dependency_path(depends_on, team)
    if path is not None:
        raise ValidationError(
            {
                "depends_on": DEPENDENCY_CYCLE.format(
                    team=team, other=depends_on, path=" -> ".join(path)
                )
            }
        )
    dependency = TeamDependency(team=team, depends_on=depends_on, reason=_strip(reason))
    dependency.full_clean()
    dependency.save()
    audit_record(
        actor=actor,
        action="team.dependency_add",
        target=team,
        after={"depends_on": depends_on.pk, "name": depends_on.name, "reason": dependency.reason},
    )
    return dependency


@transaction.atomic
def team_dependency_remove(*, actor: User, team: Team, depends_on: Team) -> None:
    """Remove a dependency: the tax is paid down. Kept with the date it was removed."""
    ensure_can_write(actor)
    updated = TeamDependency.objects.filter(
        team=team, depends_on=depends_on, removed_at__isnull=True
    ).update(removed_at=timezone.now())
    if not updated:
        raise ValidationError({"depends_on": f"{team} does not depend on {depends_on}."})
    audit_record(
        actor=actor,
        action="team.dependency_remove",
        target=team,
        before={"depends_on": depends_on.pk, "name": depends_on.name},
    )


# Initiatives


def _check_leader(leader: User | None, *, status: str, initiative: Initiative | None) -> None:
    """A single-threaded leader can act, and leads no other active initiative."""
    if leader is None:
        return
    if not leader.can_write:
        raise ValidationError({"leader": STL_READER.format(leader=leader)})
    if status != InitiativeStatus.ACTIVE:
        return
    others = Initiative.objects.filter(leader=leader, status=InitiativeStatus.ACTIVE)
    if initiative is not None:
        others = others.exclude(pk=initiative.pk)
    other = others.order_by("pk").first()
    if other is not None:
        raise ValidationError({"leader": STL_BUSY.format(leader=leader, other=other)})


@transaction.atomic
def initiative_create(
    *,
    actor: User | None,
    team: Team,
    name: str,
    description: str = "",
    leader: User | None = None,
    status: str = InitiativeStatus.ACTIVE,
    leader_since: date | None = None,
) -> Initiative:
    """Start an initiative owned by ``team``, with its single-threaded leader when known."""
    if actor is not None:
        ensure_can_write(actor)
    name = _strip(name)
    if Initiative.objects.filter(team=team, name__iexact=name).exists():
        raise ValidationError({"name": INITIATIVE_NAME_TAKEN.format(team=team)})
    _check_leader(leader, status=status, initiative=None)
    initiative = Initiative(
        team=team,
        name=name,
        description=_strip(description),
        leader=leader,
        leader_since=(leader_since or timezone.localdate()) if leader is not None else None,
        status=status,
    )
    initiative.full_clean()
    initiative.save()
    audit_record(
        actor=actor,
        action="initiative.create",
        target=initiative,
        after=model_snapshot(initiative, INITIATIVE_FIELDS),
    )
    return initiative


@transaction.atomic
def initiative_update(
    *, actor: User, initiative: Initiative, name: str, description: str, status: str
) -> Initiative:
    """Rename an initiative, change its description or its status."""
    ensure_can_write(actor)
    name = _strip(name)
    if (
        Initiative.objects.filter(team=initiative.team, name__iexact=name)
        .exclude(pk=initiative.pk)
        .exists()
    ):
        raise ValidationError({"name": INITIATIVE_NAME_TAKEN.format(team=initiative.team)})
    if status != initiative.status:
        _check_leader(initiative.leader, status=status, initiative=initiative)
    initiative, _ = model_update(
        instance=initiative,
        fields=("name", "description", "status"),
        data={"name": name, "description": _strip(description), "status": status},
        actor=actor,
    )
    return initiative


@transaction.atomic
def initiative_set_leader(
    *, actor: User | None, initiative: Initiative, leader: User | None, hand_over: bool = False
) -> Initiative:
    """Name the single-threaded leader. Replacing a leader needs ``hand_over=True``.

    An initiative has exactly one leader: naming a second one without handing over is refused.
    ``leader=None`` with ``hand_over=True`` leaves the initiative without a leader (it is flagged).
    """
    if actor is not None:
        ensure_can_write(actor)
    current = initiative.leader
    if current is not None and leader != current and not hand_over:
        raise ValidationError({"leader": SECOND_STL.format(initiative=initiative, leader=current)})
    if leader == current:
        return initiative
    _check_leader(leader, status=initiative.status, initiative=initiative)
    initiative, _ = model_update(
        instance=initiative,
        fields=("leader", "leader_since"),
        data={
            "leader": leader,
            "leader_since": timezone.localdate() if leader is not None else None,
        },
        actor=actor,
    )
    return initiative


# Principles


@transaction.atomic
def principle_create(
    *, actor: User | None, name: str, description: str, position: int | None = None
) -> Principle:
    """Add a leadership principle, with its first revision (admins)."""
    if actor is not None:
        ensure_admin(actor)
    name = _strip(name)
    if Principle.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": PRINCIPLE_NAME_TAKEN})
    if position is None:
        position = Principle.objects.count() + 1
    principle = Principle(
        name=name,
        slug=slugify(name)[:80] or "principle",
        description=_strip(description),
        position=position,
    )
    principle.full_clean()
    principle.save()
    PrincipleRevision.objects.create(
        principle=principle,
        number=1,
        name=principle.name,
        description=principle.description,
        note="First version.",
        author=actor,
    )
    audit_record(
        actor=actor,
        action="principle.create",
        target=principle,
        after=model_snapshot(principle, ("name", "description", "position")),
    )
    return principle


@transaction.atomic
def principle_update(
    *,
    actor: User,
    principle: Principle,
    name: str,
    description: str,
    note: str = "",
    is_active: bool = True,
) -> Principle:
    """Edit a principle (admins). The earlier wording stays in its revisions."""
    ensure_admin(actor)
    name = _strip(name)
    if Principle.objects.filter(name__iexact=name).exclude(pk=principle.pk).exists():
        raise ValidationError({"name": PRINCIPLE_NAME_TAKEN})
    principle, changed = model_update(
        instance=principle,
        fields=("name", "description", "is_active"),
        data={"name": name, "description": _strip(description), "is_active": is_active},
        actor=actor,
    )
    if changed:
        last = principle.revisions.order_by("-number").values_list("number", flat=True).first()
        PrincipleRevision.objects.create(
            principle=principle,
            number=(last or 0) + 1,
            name=principle.name,
            description=principle.description,
            note=_strip(note),
            author=actor,
        )
    return principle


@transaction.atomic
def principles_seed(*, actor: User | None) -> list[Principle]:
    """Add the starter set of sixteen principles, skipping any the company already has."""
    if actor is not None:
        ensure_admin(actor)
    existing = {name.lower() for name in Principle.objects.values_list("name", flat=True)}
    return [
        principle_create(actor=actor, name=name, description=description, position=index)
        for index, (name, description) in enumerate(STARTER_PRINCIPLES, start=1)
        if name.lower() not in existing
    ]
