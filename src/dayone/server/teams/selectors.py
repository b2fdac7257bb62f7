"""Every read of the organisation, permission-checked.

The org view's warnings (past two pizzas, no metric, too many dependencies, initiatives without
a single-threaded leader, leaders spread thin) are computed here so the pages and the API agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet

from dayone.server.core.access import ensure_can_read
from dayone.server.teams.enums import InitiativeStatus, WarningKind
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

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User


@dataclass(frozen=True, slots=True)
class OrgWarning:
    """One thing the org view flags, with the team or initiative it is about."""

    kind: WarningKind
    message: str
    team_slug: str = ""
    initiative_id: int | None = None


@dataclass(slots=True)
class TeamSummary:
    """A team with its counts and warnings, as the org chart shows it."""

    team: Team
    members: list[User] = field(default_factory=list)
    metric_keys: list[str] = field(default_factory=list)
    depends_on: list[Team] = field(default_factory=list)
    dependents: list[Team] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    warnings: list[OrgWarning] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Active members."""
        return len(self.members)


@dataclass(frozen=True, slots=True)
class OrgOverview:
    """Every active team, the policy it is judged by, and every warning."""

    policy: OrgPolicy
    teams: list[TeamSummary]
    warnings: list[OrgWarning]
    initiatives_without_leader: list[Initiative]
    spread_leaders: dict[int, list[Initiative]]

    def by_sponsor(self) -> list[tuple[User | None, list[TeamSummary]]]:
        """Teams grouped by the leadership member they report to; the top team first."""
        groups: dict[int | None, tuple[User | None, list[TeamSummary]]] = {}
        for summary in self.teams:
            sponsor = summary.team.reports_to
            key = sponsor.pk if sponsor is not None else None
            groups.setdefault(key, (sponsor, []))[1].append(summary)
        return sorted(groups.values(), key=lambda group: (group[0] is not None, str(group[0])))


def org_policy_get() -> OrgPolicy:
    """The company's thresholds (defaults until an admin changes them)."""
    return OrgPolicy.objects.order_by("pk").first() or OrgPolicy()


def team_list(*, viewer: User | AnonymousUser) -> QuerySet[Team]:
    """Active teams, the leadership team first."""
    ensure_can_read(viewer)
    return Team.objects.filter(archived_at__isnull=True).select_related("leader", "reports_to")


def team_get(*, viewer: User | AnonymousUser, slug: str) -> Team:
    """One team by its slug (raises ``Team.DoesNotExist``)."""
    return team_list(viewer=viewer).get(slug=slug)


def team_list_by_ids(*, viewer: User | AnonymousUser, ids: Iterable[int]) -> QuerySet[Team]:
    """The teams with these ids, archived ones too (what other parts point at), by name."""
    ensure_can_read(viewer)
    return Team.objects.filter(pk__in=list(ids)).select_related("leader").order_by("name")


def team_get_by_slug(*, viewer: User | AnonymousUser, slug: str, field: str = "team") -> Team:
    """The team with ``slug``; a ``ValidationError`` on ``field`` when there is none, for
    interfaces that name teams by slug."""
    team = team_list(viewer=viewer).filter(slug=slug).first()
    if team is None:
        raise ValidationError({field: f"No team '{slug}'."})
    return team


def team_named(
    *, viewer: User | AnonymousUser, slug: str | None, field: str = "team"
) -> Team | None:
    """The team an interface names by ``slug``, ``None`` when it names none; a
    ``ValidationError`` on ``field`` when there is no such team."""
    return team_get_by_slug(viewer=viewer, slug=slug, field=field) if slug else None


def _active_memberships() -> Prefetch[Any, Any, Any]:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(left_at__isnull=True)
        .select_related("person")
        .order_by("person__first_name", "person__last_name"),
        to_attr="active_memberships",
    )


def _active_metrics() -> Prefetch[Any, Any, Any]:
    return Prefetch(
        "metrics",
        queryset=TeamMetric.objects.filter(removed_at__isnull=True).order_by("added_at", "pk"),
        to_attr="active_metrics",
    )


def _initiative_queryset() -> QuerySet[Initiative]:
    return Initiative.objects.select_related("team", "leader").order_by("team__name", "name")


def org_overview(*, viewer: User | AnonymousUser) -> OrgOverview:
    """Every team with its members, metrics, dependencies and initiatives, and the warnings.

    A fixed number of queries whatever the number of teams.
    """
    ensure_can_read(viewer)
    policy = org_policy_get()
    teams = list(
        team_list(viewer=viewer).prefetch_related(_active_memberships(), _active_metrics())
    )
    summaries = {
        team.pk: TeamSummary(
            team=team,
            members=[membership.person for membership in team.active_memberships],  # type: ignore[attr-defined]
            metric_keys=[metric.metric_key for metric in team.active_metrics],  # type: ignore[attr-defined]
        )
        for team in teams
    }
    for team_id, other_id in TeamDependency.objects.filter(removed_at__isnull=True).values_list(
        "team_id", "depends_on_id"
    ):
        if team_id in summaries and other_id in summaries:
            summaries[team_id].depends_on.append(summaries[other_id].team)
            summaries[other_id].dependents.append(summaries[team_id].team)
    initiatives = list(_initiative_queryset().filter(team__archived_at__isnull=True))
    for initiative in initiatives:
        if initiative.team_id in summaries:
            summaries[initiative.team_id].initiatives.append(initiative)

    warnings: list[OrgWarning] = []
    for summary in summaries.values():
        team = summary.team
        if summary.size > policy.two_pizza_limit:
            summary.warnings.append(
                OrgWarning(
                    WarningKind.TOO_LARGE,
                    f"{team} has {summary.size} people, past two pizzas "
                    f"({policy.two_pizza_limit}). Consider splitting it along what it owns.",
                    team.slug,
                )
            )
        if not summary.metric_keys:
            summary.warnings.append(
                OrgWarning(
                    WarningKind.NO_METRIC,
                    f"{team} has no metric: agree how it is measured.",
                    team.slug,
                )
            )
        if team.leader_id is None:
            summary.warnings.append(
                OrgWarning(WarningKind.NO_LEADER, f"{team} has no leader.", team.slug)
            )
        if len(summary.depends_on) > policy.dependency_limit:
            extra = len(summary.depends_on) - policy.dependency_limit
            summary.warnings.append(
                OrgWarning(
                    WarningKind.TOO_MANY_DEPENDENCIES,
                    f"{team} depends on {len(summary.depends_on)} teams, {extra} more than "
                    f"{policy.dependency_limit}: every dependency is a tax on its speed.",
                    team.slug,
                )
            )
        warnings.extend(summary.warnings)

    active = [i for i in initiatives if i.status == InitiativeStatus.ACTIVE]
    without_leader = [i for i in active if i.leader_id is None]
    warnings.extend(
        OrgWarning(
            WarningKind.NO_STL,
            f"{initiative} ({initiative.team}) has no single-threaded leader.",
            initiative.team.slug,
            initiative.pk,
        )
        for initiative in without_leader
    )
    spread = initiative_leaders_spread(active, teams)
    for leader_id, led in spread.items():
        leader = led[0].leader
        warnings.append(
            OrgWarning(
                WarningKind.STL_SPREAD,
                f"{leader} {leader_spread_reason(leader_id, led, teams)}",
                led[0].team.slug,
                led[0].pk,
            )
        )
    return OrgOverview(
        policy=policy,
        teams=list(summaries.values()),
        warnings=warnings,
        initiatives_without_leader=without_leader,
        spread_leaders=spread,
    )


def initiative_leaders_spread(
    active: list[Initiative], teams: list[Team]
) -> dict[int, list[Initiative]]:
    """Leaders who are not single-threaded: on several active initiatives, or also leading
    a team other than their initiative's."""
    per_leader: dict[int, list[Initiative]] = {}
    for initiative in active:
        if initiative.leader_id is not None:
            per_leader.setdefault(initiative.leader_id, []).append(initiative)
    spread: dict[int, list[Initiative]] = {}
    for leader_id, led in per_leader.items():
        other_teams = [
            team
            for team in teams
            if team.leader_id == leader_id and all(team.pk != i.team_id for i in led)
        ]
        if len(led) > 1 or other_teams:
            spread[leader_id] = led
    return spread


def leader_spread_reason(leader_id: int, led: list[Initiative], teams: list[Team]) -> str:
    """Why a leader is not single-threaded, in one sentence."""
    parts = []
    if len(led) > 1:
        names = ", ".join(str(i) for i in led)
        parts.append(f"is single-threaded leader of {len(led)} initiatives ({names})")
    other = [
        team.name
        for team in teams
        if team.leader_id == leader_id and all(team.pk != i.team_id for i in led)
    ]
    if other:
        parts.append(f"also leads {', '.join(other)}")
    return " and ".join(parts) + ": part-time ownership is how initiatives stall."


def team_detail(*, viewer: User | AnonymousUser, slug: str) -> TeamSummary:
    """One team with members, metrics, dependencies both ways and initiatives, and its warnings."""
    overview = org_overview(viewer=viewer)
    for summary in overview.teams:
        if summary.team.slug == slug:
            return summary
    raise Team.DoesNotExist(slug)


def team_metric_keys(*, viewer: User | AnonymousUser, team_id: int) -> list[str]:
    """The metric keys a team is measured by now."""
    ensure_can_read(viewer)
    return list(
        TeamMetric.objects.filter(team_id=team_id, removed_at__isnull=True)
        .order_by("added_at", "pk")
        .values_list("metric_key", flat=True)
    )


def teams_measured_by(*, viewer: User | AnonymousUser, metric_key: str) -> QuerySet[Team]:
    """The teams a metric measures now, with their initiatives (``initiatives_all``)."""
    ensure_can_read(viewer)
    return (
        Team.objects.filter(
            archived_at__isnull=True,
            metrics__metric_key=metric_key,
            metrics__removed_at__isnull=True,
        )
        .select_related("leader")
        .prefetch_related(
            Prefetch("initiatives", queryset=_initiative_queryset(), to_attr="initiatives_all")
        )
        .order_by("name")
        .distinct()
    )


def team_member_ids(*, viewer: User | AnonymousUser, team_id: int) -> list[int]:
    """The people on a team now."""
    ensure_can_read(viewer)
    return list(
        Membership.objects.filter(team_id=team_id, left_at__isnull=True)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )


def dependency_edges(*, viewer: User | AnonymousUser) -> list[tuple[str, str]]:
    """Active dependencies as (team, depends on) name pairs."""
    ensure_can_read(viewer)
    return list(
        TeamDependency.objects.filter(
            removed_at__isnull=True,
            team__archived_at__isnull=True,
            depends_on__archived_at__isnull=True,
        )
        .order_by("team__name", "depends_on__name")
        .values_list("team__name", "depends_on__name")
    )


def team_memberships_of(*, viewer: User | AnonymousUser, person: User) -> QuerySet[Membership]:
    """The teams a person is on now."""
    ensure_can_read(viewer)
    return Membership.objects.filter(
        person=person, left_at__isnull=True, team__archived_at__isnull=True
    ).select_related("team")


def team_former_members(*, viewer: User | AnonymousUser, team: Team) -> QuerySet[Membership]:
    """People who have left a team, most recent first."""
    ensure_can_read(viewer)
    return (
        Membership.objects.filter(team=team, left_at__isnull=False)
        .select_related("person")
        .order_by("-left_at")
    )


def initiative_list(
    *, viewer: User | AnonymousUser, team: Team | None = None, status: str | None = None
) -> QuerySet[Initiative]:
    """Initiatives, by team and name."""
    ensure_can_read(viewer)
    initiatives = _initiative_queryset().filter(team__archived_at__isnull=True)
    if team is not None:
        initiatives = initiatives.filter(team=team)
    if status:
        initiatives = initiatives.filter(status=status)
    return initiatives


def initiative_get(*, viewer: User | AnonymousUser, initiative_id: int) -> Initiative:
    """One initiative (raises ``Initiative.DoesNotExist``)."""
    return initiative_list(viewer=viewer).get(pk=initiative_id)


def principle_list(
    *, viewer: User | AnonymousUser, include_inactive: bool = False
) -> QuerySet[Principle]:
    """The company's leadership principles in their order: for hiring, documents, decisions."""
    ensure_can_read(viewer)
    principles = Principle.objects.order_by("position", "name")
    if not include_inactive:
        principles = principles.filter(is_active=True)
    return principles


def principle_get(*, viewer: User | AnonymousUser, slug: str) -> Principle:
    """One principle by slug (raises ``Principle.DoesNotExist``)."""
    return principle_list(viewer=viewer, include_inactive=True).get(slug=slug)


def principle_revisions(
    *, viewer: User | AnonymousUser, principle: Principle
) -> QuerySet[PrincipleRevision]:
    """Every wording a principle has had, newest first."""
    ensure_can_read(viewer)
    return principle.revisions.select_related("author").order_by("-number")


def reporting_line_ids(*, viewer: User | AnonymousUser, person_id: int) -> frozenset[int]:
    """The people above ``person_id`` (their manager, the manager's manager, ...) and below
    (everyone whose chain leads to them), from the active teams: a person's manager is the
    leader of a team they work in, and a team leader's manager is whom the team reports to."""
    ensure_can_read(viewer)
    managers: dict[int, set[int]] = {}
    teams: list[tuple[int, int | None, int | None]] = list(
        Team.objects.filter(archived_at__isnull=True).values_list(
            "pk", "leader_id", "reports_to_id"
        )
    )
    leaders = {pk: leader for pk, leader, _ in teams}
    for _pk, head, reports_to in teams:
        if head is not None and reports_to is not None and head != reports_to:
            managers.setdefault(head, set()).add(reports_to)
    members = Membership.objects.filter(
        left_at__isnull=True, team__archived_at__isnull=True
    ).values_list("team_id", "person_id")
    for team_id, member in members:
        leader = leaders.get(team_id)
        if leader is not None and leader != member:
            managers.setdefault(member, set()).add(leader)
    reports: dict[int, set[int]] = {}
    for member, above in managers.items():
        for manager in above:
            reports.setdefault(manager, set()).add(member)
    line: set[int] = set()
    for graph in (managers, reports):
        todo = list(graph.get(person_id, ()))
        while todo:
            next_id = todo.pop()
            if next_id not in line and next_id != person_id:
                line.add(next_id)
                todo.extend(graph.get(next_id, ()))
    return frozenset(line)


LEADS_ACTIVE = (
    "{leader} leads {initiative}, an active initiative: name another single-threaded leader "
    "(or pause or finish it) first."
)


def leader_duties(person: User) -> list[str]:
    """What ``person`` must hand over before they can only read: the active initiatives they
    lead (a single-threaded leader can act on their initiative)."""
    led = Initiative.objects.filter(leader=person, status=InitiativeStatus.ACTIVE).order_by("pk")
    return [LEADS_ACTIVE.format(leader=person, initiative=i) for i in led]
