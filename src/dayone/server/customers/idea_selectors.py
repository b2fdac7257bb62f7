"""Every read of ideas, permission-checked: the list and one idea, who counts as a leader and
who is the next level up (from the org's reporting lines), similar ideas while someone types,
and the ideas page's figures (ideas a week, time to a first answer, each leader's yes rate,
how often a no was overturned on another path)."""

from __future__ import annotations

import datetime as dt
import statistics
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.http import Http404

from dayone.customers import DIMENSIONS, nearest, week_ends
from dayone.server.core.access import ensure_can_read
from dayone.server.core.models import User
from dayone.server.customers.enums import IdeaAnswer, IdeaStatus
from dayone.server.customers.models import Idea, IdeaAsk, vector_from
from dayone.server.teams.models import Membership, Team

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from numpy.typing import NDArray

STATS_WEEKS = 12
SUGGESTIONS = 5


@dataclass(frozen=True, slots=True)
class IdeaFilters:
    """What the idea list can be narrowed by (the page and the API share it)."""

    status: str = ""
    team: int | None = None
    proposer: int | None = None
    waiting_on: int | None = None
    q: str = ""


def idea_list(
    *, viewer: User | AnonymousUser, filters: IdeaFilters | None = None
) -> QuerySet[Idea]:
    """Ideas, most voted first then newest, with their votes (``vote_count``)."""
    ensure_can_read(viewer)
    filters = filters or IdeaFilters()
    rows = (
        Idea.objects.select_related("proposer", "team", "document", "experiment", "merged_into")
        .defer("vector")
        .annotate(vote_count=Count("votes", distinct=True))
    )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.team is not None:
        rows = rows.filter(team_id=filters.team)
    if filters.proposer is not None:
        rows = rows.filter(proposer_id=filters.proposer)
    if filters.waiting_on is not None:
        rows = rows.filter(asks__leader_id=filters.waiting_on, asks__answer="").exclude(
            status=IdeaStatus.MERGED
        )
    if filters.q:
        rows = rows.filter(Q(title__icontains=filters.q) | Q(problem__icontains=filters.q))
    return rows.order_by("-vote_count", "-created_at", "-pk")


def idea_get(*, viewer: User | AnonymousUser, pk: int) -> Idea:
    """One idea with its asks (by whom, answered how), comments and anecdotes, or 404."""
    try:
        return (
            idea_list(viewer=viewer)
            .prefetch_related(
                Prefetch("asks", IdeaAsk.objects.select_related("leader", "asked_by")),
                "comments__author",
                "anecdotes",
                "votes__voter",
                "merged",
            )
            .get(pk=pk)
        )
    except Idea.DoesNotExist:
        raise Http404("No such idea.") from None


def idea_list_for_team(*, viewer: User | AnonymousUser, team_id: int) -> QuerySet[Idea]:
    """A team's ideas that are not merged away, most voted first."""
    return idea_list(viewer=viewer, filters=IdeaFilters(team=team_id)).exclude(
        status=IdeaStatus.MERGED
    )


def idea_list_for_document(*, viewer: User | AnonymousUser, document_id: int) -> QuerySet[Idea]:
    """The ideas whose yes started a document, with their anecdotes."""
    return idea_list(viewer=viewer).filter(document_id=document_id).prefetch_related("anecdotes")


def idea_has_voted(*, viewer: User | AnonymousUser, idea: Idea) -> bool:
    """Whether the viewer votes for the idea."""
    return isinstance(viewer, User) and idea.votes.filter(voter=viewer).exists()


def leader_ids() -> frozenset[int]:
    """Everyone who leads an active team or whom a team reports to: the people an idea can
    be taken to."""
    teams = Team.objects.filter(archived_at__isnull=True)
    led = teams.exclude(leader__isnull=True).values_list("leader_id", flat=True)
    above = teams.exclude(reports_to__isnull=True).values_list("reports_to_id", flat=True)
    return frozenset({*led, *above})


def leader_list(*, viewer: User | AnonymousUser) -> QuerySet[User]:
    """The leaders an idea can be taken to, by name."""
    ensure_can_read(viewer)
    return User.objects.filter(pk__in=leader_ids(), is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def manager_of(person_id: int) -> User | None:
    """The next level up from a person: whom the team they lead reports to, else the leader
    of a team they belong to (the first by team name); ``None`` at the top."""
    teams = Team.objects.filter(archived_at__isnull=True).order_by("name")
    above = (
        teams.filter(leader_id=person_id, reports_to__isnull=False)
        .exclude(reports_to_id=person_id)
        .values_list("reports_to_id", flat=True)
        .first()
    )
    if above is None:
        above = (
            Membership.objects.filter(
                person_id=person_id, left_at__isnull=True, team__archived_at__isnull=True
            )
            .exclude(team__leader__isnull=True)
            .exclude(team__leader_id=person_id)
            .order_by("team__name")
            .values_list("team__leader_id", flat=True)
            .first()
        )
    return User.objects.filter(pk=above, is_active=True).first() if above else None


class _VectorCache:
    """Every idea's vector as one matrix, rebuilt only when ideas were added or changed: a
    suggestion while someone types is one matrix product, not a read of every row."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[object, ...] | None = None
        self._ids: NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._matrix: NDArray[np.float32] = np.zeros((0, DIMENSIONS), dtype=np.float32)

    def get(self) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        # Two index lookups tell whether anything changed: ideas are only ever added (a new
        # largest id) or change status (a new latest status change, merging among them).
        last = Idea.objects.order_by("-pk").values_list("pk", flat=True).first()
        changed = (
            Idea.objects.order_by("-status_changed_at")
            .values_list("status_changed_at", flat=True)
            .first()
        )
        key = (last, changed)
        with self._lock:
            if key != self._key:
                rows = Idea.objects.exclude(status=IdeaStatus.MERGED).filter(vector__isnull=False)
                pairs = list(rows.order_by("pk").values_list("pk", "vector"))
                self._ids = np.array([pk for pk, _ in pairs], dtype=np.int64)
                self._matrix = (
                    np.vstack([vector_from(v) for _, v in pairs])
                    if pairs
                    else np.zeros((0, DIMENSIONS), dtype=np.float32)
                )
                self._key = key
            return self._ids, self._matrix


_VECTORS = _VectorCache()


def idea_similar(
    *,
    viewer: User | AnonymousUser,
    vector: NDArray[np.float32],
    exclude: int | None = None,
    k: int = SUGGESTIONS,
) -> list[tuple[Idea, float]]:
    """The ideas most similar in meaning to ``vector`` (merged ones left out), with the cosine."""
    ensure_can_read(viewer)
    ids, matrix = _VECTORS.get()
    found = nearest(vector, matrix, k=k + 1)
    chosen = [(int(ids[i]), score) for i, score in found if int(ids[i]) != exclude][:k]
    ideas = idea_list(viewer=viewer).in_bulk([pk for pk, _ in chosen])
    return [(ideas[pk], score) for pk, score in chosen if pk in ideas]


def this_week_end() -> dt.date:
    """The Saturday ending the current week (today when it is Saturday): ideas are counted up
    to today, not only to the last full week."""
    from django.utils import timezone

    today = timezone.localdate()
    return today + dt.timedelta(days=(5 - today.weekday()) % 7)


@dataclass(frozen=True, slots=True)
class LeaderRate:
    """One leader's answers: how many, how many yes, and the yes rate."""

    leader: User
    answered: int
    yes: int

    @property
    def rate(self) -> float:
        return self.yes / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class IdeaStats:
    """The ideas page's figures."""

    ends: tuple[dt.date, ...]
    per_week: tuple[int, ...]
    total: int
    by_status: dict[str, int]
    first_answer_hours: float | None
    waiting: int
    leaders: list[LeaderRate]
    noes: int
    overturned: int

    @property
    def overturned_share(self) -> float | None:
        return self.overturned / self.noes if self.noes else None


def idea_stats(
    *, viewer: User | AnonymousUser, last: dt.date, weeks: int = STATS_WEEKS
) -> IdeaStats:
    """Ideas a week, the median time to a first answer, each leader's yes rate, and how often
    an idea a leader said no to got a yes on another path."""
    ensure_can_read(viewer)
    ends = week_ends(last, weeks)
    created = list(Idea.objects.values_list("created_at", "status"))
    per_week = [0] * weeks
    by_status: dict[str, int] = {}
    first = ends[0] - dt.timedelta(days=6)
    for at, status in created:
        by_status[status] = by_status.get(status, 0) + 1
        day = at.date()
        if first <= day <= ends[-1]:
            per_week[min((day - first).days // 7, weeks - 1)] += 1
    firsts = Idea.objects.annotate(first=Min("asks__answered_at")).values_list(
        "created_at", "first"
    )
    hours = [(f - c).total_seconds() / 3600 for c, f in firsts if f is not None]
    waiting = (
        Idea.objects.exclude(status=IdeaStatus.MERGED)
        .filter(asks__isnull=False)
        .exclude(asks__answered_at__isnull=False)
        .distinct()
        .count()
    )
    answered = (
        IdeaAsk.objects.exclude(answer="")
        .values("leader")
        .annotate(n=Count("pk"), yes=Count("pk", filter=Q(answer=IdeaAnswer.YES)))
    )
    people = User.objects.in_bulk([row["leader"] for row in answered])
    leaders = sorted(
        (LeaderRate(people[row["leader"]], row["n"], row["yes"]) for row in answered),
        key=lambda r: (-r.answered, str(r.leader)),
    )
    first_no: dict[int, dt.datetime] = {}
    yeses: dict[int, list[dt.datetime]] = {}
    for idea_id, answer, when in IdeaAsk.objects.exclude(answered_at__isnull=True).values_list(
        "idea_id", "answer", "answered_at"
    ):
        if when is None:
            continue
        if answer == IdeaAnswer.NO:
            first_no[idea_id] = min(when, first_no.get(idea_id, when))
        else:
            yeses.setdefault(idea_id, []).append(when)
    overturned = sum(
        1 for idea_id, no in first_no.items() if any(y > no for y in yeses.get(idea_id, ()))
    )
    return IdeaStats(
        ends=ends,
        per_week=tuple(per_week),
        total=len(created),
        by_status=by_status,
        first_answer_hours=statistics.median(hours) if hours else None,
        waiting=waiting,
        leaders=leaders,
        noes=len(first_no),
        overturned=overturned,
    )
