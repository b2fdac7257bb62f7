"""Every read of decisions, permission-checked: lists, one decision, a person's queue, velocity."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from dayone.server.core.access import ensure_can_read
from dayone.server.core.models import User
from dayone.server.decisions import rules
from dayone.server.decisions.enums import Door, Status, SupersedeKind
from dayone.server.decisions.linked import LinkedRecord, linked_finders
from dayone.server.decisions.models import (
    Decision,
    DecisionSettings,
    Escalation,
    Event,
    Link,
    Notification,
    Review,
    Stance,
)
from dayone.server.decisions.services import current_stances, door_facts
from dayone.server.teams import selectors as team_selectors

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AnonymousUser

FLAG_FILTERS = {
    "overdue": "Past decide-by",
    "escalated": "Escalated",
    "exhaustion": "Going round",
    "slow": "Slow (past the information target)",
    "review_due": "Review due",
    "reversed": "Reversed or corrected",
}


def decision_settings_get() -> DecisionSettings:
    """The company's decision settings (defaults until an admin saves them)."""
    return DecisionSettings.objects.order_by("pk").first() or DecisionSettings()


def decision_settings_reviewers(company: DecisionSettings) -> list[User]:
    """The one-way-door reviewers the company configured."""
    if company._state.adding:
        return []
    return list(company.reviewers.filter(is_active=True).order_by("first_name", "last_name"))


def _open_escalations() -> QuerySet[Escalation]:
    return Escalation.objects.filter(decision=OuterRef("pk"), resolved_at__isnull=True)


def _decided_successors() -> QuerySet[Decision]:
    return Decision.objects.filter(supersedes=OuterRef("pk"), status=Status.DECIDED)


def _annotated(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """Add what the flags need: open and overdue escalations, reviews, a decided successor."""
    return decisions.annotate(
        has_open_escalation=Exists(_open_escalations()),
        has_overdue_escalation=Exists(_open_escalations().filter(due_at__lt=timezone.now())),
        has_review=Exists(Review.objects.filter(decision=OuterRef("pk"))),
        superseded_kind=Subquery(
            _decided_successors().order_by("decided_at").values("supersede_kind")[:1]
        ),
    )


def decision_list(
    *,
    viewer: User | AnonymousUser,
    status: str = "",
    door: str = "",
    person_id: int | None = None,
    flag: str = "",
    q: str = "",
) -> QuerySet[Decision]:
    """Decisions, newest first, with what the flags need. Everyone signed in reads them."""
    ensure_can_read(viewer)
    decisions = _annotated(
        Decision.objects.select_related("decider", "proposed_by", "chosen_option")
    )
    if status in Status.values:
        decisions = decisions.filter(status=status)
    if door in Door.values:
        decisions = decisions.filter(door=door)
    if person_id:
        decisions = decisions.filter(
            Q(decider_id=person_id)
            | Q(proposed_by_id=person_id)
            | Q(stakeholders__pk=person_id)
            | Q(reviewers__pk=person_id)
        ).distinct()
    if q.strip():
        decisions = decisions.filter(
            Q(question__icontains=q.strip()) | Q(context__icontains=q.strip())
        )
    company = decision_settings_get() if flag in {"exhaustion", "slow"} else None
    today = timezone.localdate()
    if flag == "overdue":
        decisions = decisions.filter(status=Status.OPEN, decide_by__lt=today)
    elif flag == "escalated":
        decisions = decisions.filter(Exists(_open_escalations()))
    elif flag == "exhaustion" and company is not None:
        decisions = decisions.filter(rounds__gte=company.exhaustion_rounds).exclude(
            status=Status.WITHDRAWN
        )
    elif flag == "slow" and company is not None:
        decisions = decisions.filter(
            status=Status.DECIDED, information_pct__gt=company.information_target_pct
        )
    elif flag == "review_due":
        decisions = decisions.filter(status=Status.DECIDED, review_on__lte=today).exclude(
            Exists(Review.objects.filter(decision=OuterRef("pk"))) | Exists(_decided_successors())
        )
    elif flag == "reversed":
        decisions = decisions.filter(Exists(_decided_successors()))
    return decisions.order_by("-created_at", "-id")


def decision_list_linked(
    *,
    viewer: User | AnonymousUser,
    kind: str,
    refs: Iterable[object],
    decider_ids: Iterable[int] = (),
) -> QuerySet[Decision]:
    """Decisions about things in another part (``kind`` and its ``refs``), newest first.

    ``decider_ids`` adds the decisions those people decide, for a team's page.
    """
    about = Q(links__kind=kind, links__ref__in=[str(ref) for ref in refs])
    deciders = list(decider_ids)
    if deciders:
        about |= Q(decider_id__in=deciders)
    return decision_list(viewer=viewer).filter(about).distinct()


def decision_propose_url(*, kind: str, ref: object, title: str, url: str = "") -> str:
    """The page that proposes a decision about something in another part, linked to it."""
    query = urlencode(
        {"source_kind": kind, "source_ref": str(ref), "source_title": title, "source_url": url}
    )
    return f"{reverse('decisions:create')}?{query}"


@dataclass(frozen=True)
class Flag:
    """A warning or a note on a decision, as a badge."""

    key: str
    label: str
    tone: str
    title: str = ""


def decision_flags(
    decision: Decision, *, company: DecisionSettings, today: date | None = None
) -> list[Flag]:
    """What deserves attention on a decision, from an annotated row (``decision_list``)."""
    today = today or timezone.localdate()
    target = company.information_target_pct
    flags: list[Flag] = []
    is_open = decision.status == Status.OPEN
    if getattr(decision, "has_overdue_escalation", False):
        flags.append(Flag("escalation_overdue", "Escalation overdue", "bad"))
    elif getattr(decision, "has_open_escalation", False):
        flags.append(Flag("escalated", "Escalated", "warn"))
    if is_open and decision.decide_by < today:
        days = (today - decision.decide_by).days
        flags.append(Flag("overdue", f"{days} d past decide-by", "bad"))
    if decision.rounds >= company.exhaustion_rounds and decision.status != Status.WITHDRAWN:
        title = "Escalate real misalignment instead of wearing people down."
        if is_open:
            flags.append(Flag("exhaustion", f"Going round: {decision.rounds} rounds", "bad", title))
        else:
            flags.append(Flag("exhaustion", "Decided by exhaustion", "bad", title))
    if is_open and decision.information_pct >= target:
        flags.append(
            Flag(
                "ready",
                f"{decision.information_pct}% info: decide",
                "info",
                f"Around {target}% of the information is enough; waiting longer is slow.",
            )
        )
    if decision.status == Status.DECIDED and decision.information_pct > target:
        flags.append(
            Flag(
                "slow",
                f"Slow: waited for {decision.information_pct}%",
                "warn",
                f"Decided with more than {target}% of the information.",
            )
        )
    superseded = getattr(decision, "superseded_kind", None)
    if superseded:
        label = "Reversed" if superseded == SupersedeKind.REVERSAL else "Corrected"
        flags.append(Flag("superseded", label, "muted"))
    elif (
        decision.status == Status.DECIDED
        and decision.review_on is not None
        and decision.review_on <= today
        and not getattr(decision, "has_review", True)
    ):
        flags.append(Flag("review_due", "Review due", "info"))
    return flags


@dataclass(frozen=True)
class DecisionRow:
    """A decision in a list, with its flags."""

    decision: Decision
    flags: list[Flag]


def decision_rows(
    decisions: list[Decision], *, company: DecisionSettings | None = None
) -> list[DecisionRow]:
    """Rows for a page of ``decision_list``."""
    company = company or decision_settings_get()
    today = timezone.localdate()
    return [DecisionRow(d, decision_flags(d, company=company, today=today)) for d in decisions]


def decision_get_for_user(*, viewer: User | AnonymousUser, decision_id: int) -> Decision:
    """One decision with everything its page shows. Raises ``Decision.DoesNotExist``."""
    ensure_can_read(viewer)
    people = User.objects.order_by("first_name", "last_name", "username")
    return (
        _annotated(
            Decision.objects.select_related("decider", "proposed_by", "chosen_option", "supersedes")
        )
        .prefetch_related(
            "options",
            Prefetch("stakeholders", queryset=people),
            Prefetch("reviewers", queryset=people),
            Prefetch(
                "stances",
                queryset=Stance.objects.select_related("person", "escalate_to").order_by(
                    "created_at", "id"
                ),
            ),
            Prefetch(
                "escalations",
                queryset=Escalation.objects.select_related(
                    "leader", "raised_by", "resolved_by"
                ).order_by("-raised_at"),
            ),
            Prefetch("reviews", queryset=Review.objects.select_related("author")),
            Prefetch("links", queryset=Link.objects.select_related("created_by")),
            Prefetch("events", queryset=Event.objects.select_related("actor").order_by("at", "id")),
            Prefetch(
                "superseded_by",
                queryset=Decision.objects.select_related("chosen_option").order_by("created_at"),
            ),
        )
        .get(pk=decision_id)
    )


@dataclass(frozen=True)
class LinkedSlot:
    """One kind of thing a decision's page shows it is linked to, with what to say without one."""

    label: str
    records: list[LinkedRecord]
    empty: str
    slot: str
    """Which part it is: ``goal``, ``team``, ``document`` or ``experiment``."""


TEAM_EMPTY = "No team: nothing it is linked to belongs to a team, and its decider is on no team."


def _team_records(
    viewer: User | AnonymousUser, decision: Decision, team_ids: list[int]
) -> list[LinkedRecord]:
    """The teams of what the decision is linked to; without any, the decider's teams."""
    if team_ids:
        teams = list(team_selectors.team_list_by_ids(viewer=viewer, ids=team_ids))
        via = ""
    else:
        memberships = team_selectors.team_memberships_of(viewer=viewer, person=decision.decider)
        teams = [m.team for m in memberships.order_by("team__name")]
        via = f"{decision.decider}'s team"
    records = []
    for team in teams:
        archived = team.archived_at is not None
        records.append(
            LinkedRecord(
                title=team.name,
                url="" if archived else reverse("teams:team_detail", args=[team.slug]),
                status="Archived" if archived else "Active",
                badge="badge" if archived else "badge badge-green",
                detail=" · ".join(
                    part
                    for part in (via, f"led by {team.leader}" if team.leader else "no leader")
                    if part
                ),
            )
        )
    return records


@dataclass(frozen=True)
class DecisionLinks:
    """What a decision's page shows it is linked to: a slot per part, then the other links."""

    slots: list[LinkedSlot]
    others: list[Link]
    """Links to anything else (a debrief, a page elsewhere): what no slot shows."""


def decision_linked(*, viewer: User | AnonymousUser, decision: Decision) -> DecisionLinks:
    """What a decision is linked to, one click away: its goal, its team, its document and its
    experiment, each with where it stands, from a ``decision_get_for_user`` result. A query for
    each part and one for the teams, whatever the number of links."""
    ensure_can_read(viewer)
    slots: list[LinkedSlot] = []
    team_ids: list[int] = []
    shown: set[tuple[str, str]] = set()
    for finder in linked_finders():
        records = finder.find(viewer, decision)
        for record in records:
            if record.team_id is not None and record.team_id not in team_ids:
                team_ids.append(record.team_id)
            shown.update((kind, record.ref) for kind in finder.kinds if record.ref)
        slots.append(LinkedSlot(finder.label, records, finder.empty, finder.slot))
    team = LinkedSlot("Team", _team_records(viewer, decision, team_ids), TEAM_EMPTY, "team")
    slots.insert(1 if slots else 0, team)  # after the goal, as the team owns it
    urls = {record.url for slot in slots for record in slot.records if record.url}
    others = [
        link
        for link in decision.links.all()
        if (link.kind, link.ref) not in shown and not (link.url and link.url in urls)
    ]
    return DecisionLinks(slots, others)


@dataclass(frozen=True)
class LedgerLine:
    """One person's stance now, with what they said before."""

    person: User
    role: str
    current: Stance | None
    history: list[Stance]


@dataclass(frozen=True)
class DecisionView:
    """A decision as its page shows it: the ledger, what blocks it, and what the viewer may do."""

    decision: Decision
    flags: list[Flag]
    ledger: list[LedgerLine]
    blockers: list[str]
    path_note: str
    can_edit: bool
    can_decide: bool
    can_stance: bool
    can_review: bool
    can_supersede: bool
    target_pct: int
    resolvable: list[Escalation] = field(default_factory=list)


def decision_view(*, viewer: User, decision: Decision) -> DecisionView:
    """Everything the page of ``decision`` shows, from a ``decision_get_for_user`` result."""
    company = decision_settings_get()
    stances = list(decision.stances.all())
    by_person: dict[int, list[Stance]] = defaultdict(list)
    for stance in stances:
        by_person[stance.person_id].append(stance)
    reviewers = list(decision.reviewers.all())
    stakeholders = list(decision.stakeholders.all())
    reviewer_ids = {r.pk for r in reviewers}
    ledger = [
        LedgerLine(
            person,
            "Reviewer" if person.pk in reviewer_ids else "Stakeholder",
            by_person[person.pk][-1] if person.pk in by_person else None,
            list(reversed(by_person.get(person.pk, [])[:-1])),
        )
        for person in [*reviewers, *(s for s in stakeholders if s.pk not in reviewer_ids)]
    ]
    voices = reviewer_ids | {s.pk for s in stakeholders}
    is_open = decision.status == Status.OPEN
    involved = voices | {decision.decider_id, decision.proposed_by_id}
    writes = viewer.can_write
    escalations = list(decision.escalations.all())
    facts = door_facts(decision)
    return DecisionView(
        decision=decision,
        flags=decision_flags(decision, company=company),
        ledger=ledger,
        blockers=rules.decide_blockers(facts),
        path_note=rules.path_note(facts),
        can_edit=writes
        and is_open
        and (viewer.pk in {decision.proposed_by_id, decision.decider_id} or viewer.is_admin),
        can_decide=rules.may_decide(actor_id=viewer.pk, actor_can_write=writes, facts=facts),
        can_stance=writes and viewer.pk in voices and rules.stance_closed(decision.status) is None,
        can_review=writes
        and decision.status == Status.DECIDED
        and (viewer.pk in involved or viewer.is_admin),
        can_supersede=writes
        and decision.status == Status.DECIDED
        and not decision.kept_by_source
        and not any(s.status == Status.OPEN for s in decision.superseded_by.all()),
        target_pct=company.information_target_pct,
        resolvable=[
            e
            for e in escalations
            if e.is_open and writes and (viewer.pk == e.leader_id or viewer.is_admin)
        ],
    )


def decision_blockers(*, viewer: User | AnonymousUser, decision: Decision) -> list[str]:
    """Why the decider cannot decide yet (for the API)."""
    ensure_can_read(viewer)
    return rules.decide_blockers(door_facts(decision))


def decision_current_stances(
    *, viewer: User | AnonymousUser, decision: Decision
) -> dict[int, Stance]:
    """Each person's latest stance (for the API)."""
    ensure_can_read(viewer)
    return current_stances(decision)


def escalation_list(
    *,
    viewer: User | AnonymousUser,
    open_only: bool = False,
    overdue_only: bool = False,
    leader_id: int | None = None,
) -> QuerySet[Escalation]:
    """Escalations, oldest due first."""
    ensure_can_read(viewer)
    escalations = Escalation.objects.select_related("decision", "leader", "raised_by")
    if open_only or overdue_only:
        escalations = escalations.filter(resolved_at__isnull=True)
    if overdue_only:
        escalations = escalations.filter(due_at__lt=timezone.now())
    if leader_id is not None:
        escalations = escalations.filter(leader_id=leader_id)
    return escalations.order_by("due_at", "id")


def escalation_get_for_user(*, viewer: User | AnonymousUser, escalation_id: int) -> Escalation:
    """One escalation with its decision. Raises ``Escalation.DoesNotExist``."""
    ensure_can_read(viewer)
    return Escalation.objects.select_related("decision", "leader", "raised_by").get(
        pk=escalation_id
    )


@dataclass(frozen=True)
class PersonQueue:
    """What one person owes the decision process."""

    person: User
    to_decide: list[DecisionRow]
    escalations: list[Escalation]
    awaiting_stance: list[Decision]
    decided: list[DecisionRow]


def person_queue(
    *, viewer: User | AnonymousUser, person_id: int, recent: bool = True
) -> PersonQueue:
    """A decider's page: decisions to make, escalations to rule on, stances owed, and (unless
    ``recent`` is off, as on the home page) recent calls."""
    ensure_can_read(viewer)
    person = (
        viewer
        if isinstance(viewer, User) and viewer.pk == person_id
        else User.objects.get(pk=person_id)
    )
    base = decision_list(viewer=viewer)
    to_decide = list(base.filter(decider=person, status=Status.OPEN).order_by("decide_by", "id"))
    decided = (
        list(base.filter(decider=person, status=Status.DECIDED).order_by("-decided_at")[:20])
        if recent
        else []
    )
    escalations = list(escalation_list(viewer=viewer, open_only=True, leader_id=person.pk))
    voiced = Stance.objects.filter(decision=OuterRef("pk"), person=person)
    awaiting = list(
        Decision.objects.select_related("decider")
        .filter(Q(stakeholders=person) | Q(reviewers=person), status=Status.OPEN)
        .exclude(Exists(voiced))
        .distinct()
        .order_by("decide_by", "id")
    )
    company = decision_settings_get()
    return PersonQueue(
        person=person,
        to_decide=decision_rows(to_decide, company=company),
        escalations=escalations,
        awaiting_stance=awaiting,
        decided=decision_rows(decided, company=company),
    )


def notification_list(*, viewer: User | AnonymousUser) -> QuerySet[Notification]:
    """The viewer's own notifications, newest first."""
    ensure_can_read(viewer)
    return Notification.objects.select_related("decision").filter(recipient_id=viewer.pk)


def notification_unread_count(*, viewer: User | AnonymousUser) -> int:
    """How many of the viewer's notifications are unread (0 for strangers)."""
    if not viewer.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=viewer, read_at__isnull=True).count()


# Velocity ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Velocity:
    """How fast and how well the company decides, over the last twelve months."""

    start: date
    target_pct: int
    decided: int
    open: int
    median_days: dict[str, float | None]
    share_within_target: float | None
    escalations: int
    open_escalations: int
    overdue_escalations: int
    median_escalation_hours: float | None
    reversals: int
    corrections: int
    cycle_rows: list[dict[str, Any]]
    share_rows: list[dict[str, Any]]
    escalation_rows: list[dict[str, Any]]
    supersede_rows: list[dict[str, Any]]
    scatter_rows: list[dict[str, Any]]


def _month(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-01")


def _months(start: date, end: date) -> list[str]:
    months: list[str] = []
    cursor = start.replace(day=1)
    while cursor <= end:
        months.append(cursor.strftime("%Y-%m-01"))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return months


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def decision_velocity(*, viewer: User | AnonymousUser, months: int = 12) -> Velocity:
    """Time to decide by door, share decided within the information target, escalations and
    their time to resolution, reversals: monthly over the last ``months`` months."""
    ensure_can_read(viewer)
    company = decision_settings_get()
    target = company.information_target_pct
    today = timezone.localdate()
    start = (today.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    since = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    month_keys = _months(start, today)
    decided = list(
        Decision.objects.filter(status=Status.DECIDED, decided_at__gte=since)
        .order_by("decided_at")
        .values(
            "pk",
            "question",
            "door",
            "created_at",
            "decided_at",
            "information_pct",
            "supersede_kind",
        )
    )
    door_label = dict(Door.choices)
    days_by: dict[tuple[str, str], list[float]] = defaultdict(list)
    within: dict[str, list[bool]] = defaultdict(list)
    all_days: dict[str, list[float]] = defaultdict(list)
    supersede_counts: dict[tuple[str, str], int] = defaultdict(int)
    scatter_rows: list[dict[str, Any]] = []
    for row in decided:
        decided_at = row["decided_at"]
        if decided_at is None:  # pragma: no cover - decided rows always have a time
            continue
        month = _month(decided_at)
        days = (decided_at - row["created_at"]).total_seconds() / 86400
        days_by[(month, row["door"])].append(days)
        all_days[row["door"]].append(days)
        within[month].append(row["information_pct"] <= target)
        if row["supersede_kind"]:
            supersede_counts[(month, row["supersede_kind"])] += 1
        scatter_rows.append(
            {
                "question": row["question"],
                "door": door_label[row["door"]],
                "information": row["information_pct"],
                "days": round(days, 1),
                "month": month,
            }
        )
    cycle_rows = [
        {"month": month, "door": door_label[door], "days": _median(days_by[(month, door)])}
        for month in month_keys
        for door in Door.values
        if days_by[(month, door)]
    ]
    share_rows = [
        {
            "month": month,
            "share": round(100 * sum(within[month]) / len(within[month]), 1),
            "decided": len(within[month]),
        }
        for month in month_keys
        if within[month]
    ]
    escalations = list(
        Escalation.objects.filter(raised_at__gte=since).values("raised_at", "resolved_at", "due_at")
    )
    raised: dict[str, int] = defaultdict(int)
    hours_by: dict[str, list[float]] = defaultdict(list)
    all_hours: list[float] = []
    now = timezone.now()
    for item in escalations:
        month = _month(item["raised_at"])
        raised[month] += 1
        if item["resolved_at"] is not None:
            hours = (item["resolved_at"] - item["raised_at"]).total_seconds() / 3600
            hours_by[month].append(hours)
            all_hours.append(hours)
    escalation_rows = [
        {"month": month, "raised": raised[month], "hours": _median(hours_by[month])}
        for month in month_keys
    ]
    kind_label = dict(SupersedeKind.choices)
    supersede_rows = [
        {"month": month, "kind": kind_label[kind], "count": supersede_counts[(month, kind)]}
        for month in month_keys
        for kind in SupersedeKind.values
    ]
    all_within = [flag for month in month_keys for flag in within[month]]
    return Velocity(
        start=start,
        target_pct=target,
        decided=len(decided),
        open=Decision.objects.filter(status=Status.OPEN).count(),
        median_days={door: _median(all_days[door]) for door in Door.values},
        share_within_target=round(100 * sum(all_within) / len(all_within), 1)
        if all_within
        else None,
        escalations=len(escalations),
        open_escalations=Escalation.objects.filter(resolved_at__isnull=True).count(),
        overdue_escalations=Escalation.objects.filter(
            resolved_at__isnull=True, due_at__lt=now
        ).count(),
        median_escalation_hours=_median(all_hours),
        reversals=sum(c for (_, k), c in supersede_counts.items() if k == SupersedeKind.REVERSAL),
        corrections=sum(
            c for (_, k), c in supersede_counts.items() if k == SupersedeKind.CORRECTION
        ),
        cycle_rows=cycle_rows,
        share_rows=share_rows,
        escalation_rows=escalation_rows,
        supersede_rows=supersede_rows,
        scatter_rows=scatter_rows,
    )


ESCALATION_DUTY = "{leader} has an open escalation to resolve on '{question}'."
REVIEW_DUTY = "{reviewer} reviews the one-way door '{question}' and has not weighed in yet."


def writing_duties(person: User) -> list[str]:
    """What ``person`` must do before they can only read: the escalations waiting for their
    resolution, and the open one-way doors waiting for their stance."""
    duties = [
        ESCALATION_DUTY.format(leader=person, question=e.decision.question)
        for e in Escalation.objects.filter(leader=person, resolved_at__isnull=True)
        .select_related("decision")
        .order_by("due_at", "pk")
    ]
    waiting = (
        Decision.objects.filter(status=Status.OPEN, door=Door.ONE_WAY, reviewers=person)
        .prefetch_related("reviewers", "stances", "escalations__leader", "options")
        .select_related("decider")
        .order_by("decide_by", "pk")
    )
    duties += [
        REVIEW_DUTY.format(reviewer=person, question=d.question)
        for d in waiting
        if str(person) in rules.waiting_for(door_facts(d))
    ]
    return duties
