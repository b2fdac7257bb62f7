"""Every read of Weblab, permission-checked: experiments, their results, assignment of units,
the archive of learnings and the portfolio."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from dayone.assignment import UNASSIGNED, AssignmentError, assign_many
from dayone.server.core.access import ensure_can_read
from dayone.server.decisions.enums import SourceKind as DecisionSourceKind
from dayone.server.weblab.analysis import (
    ExperimentAnalysis,
    dimension_choices,
    experiment_analysis,
)
from dayone.server.weblab.bucketing import assignment_experiment
from dayone.server.weblab.enums import Engine, ExperimentMetricRole, ExperimentStatus, Result
from dayone.server.weblab.models import Experiment, ExperimentMetric
from dayone.server.weblab.planning import (
    DEFAULT_LIFT,
    Peeking,
    PlanSuggestion,
    peeking,
    plan_suggestion,
)
from dayone.server.weblab.store import exposure_count, open_store

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.server.decisions.models import Decision

MAX_ASSIGN_IDS = 10_000
MAX_ASSIGN_EXPERIMENTS = 20


@dataclass(frozen=True, slots=True)
class ExperimentFilters:
    """What the experiment list can be narrowed by (the page and the API share it)."""

    status: str = ""
    team: str = ""
    q: str = ""


def _base() -> QuerySet[Experiment]:
    return Experiment.objects.select_related("team", "owner", "decision").annotate(
        metric_count=Count("metrics")
    )


def experiment_list(
    *, viewer: User | AnonymousUser, filters: ExperimentFilters | None = None
) -> QuerySet[Experiment]:
    """Experiments with their team, owner and decision, newest first."""
    ensure_can_read(viewer)
    filters = filters or ExperimentFilters()
    experiments = _base().order_by("-created_at", "-pk")
    if filters.status:
        experiments = experiments.filter(status=filters.status)
    if filters.team:
        experiments = experiments.filter(team__slug=filters.team)
    if filters.q:
        experiments = experiments.filter(Q(name__icontains=filters.q) | Q(key__icontains=filters.q))
    return experiments


def experiment_list_for_decision(
    *, viewer: User | AnonymousUser, decision: Decision
) -> QuerySet[Experiment]:
    """The experiments a decision is about: those concluded in it, and those it links to (its
    links loaded), newest first."""
    ensure_can_read(viewer)
    refs = [link.ref for link in decision.links.all() if link.kind == DecisionSourceKind.EXPERIMENT]
    return (
        Experiment.objects.select_related("owner")
        .filter(Q(decision=decision) | Q(key__in=refs))
        .order_by("-created_at", "-pk")
    )


def experiment_get_for_user(*, viewer: User | AnonymousUser, experiment_id: int) -> Experiment:
    """One experiment with its metrics (raises ``Experiment.DoesNotExist``)."""
    ensure_can_read(viewer)
    return (
        _base()
        .prefetch_related(
            Prefetch("metrics", queryset=ExperimentMetric.objects.order_by("position", "pk"))
        )
        .get(pk=experiment_id)
    )


def experiment_get_by_key(*, viewer: User | AnonymousUser, key: str) -> Experiment:
    """One experiment by its key (raises ``Experiment.DoesNotExist``)."""
    ensure_can_read(viewer)
    experiment = _base().get(key=key)
    return experiment_get_for_user(viewer=viewer, experiment_id=experiment.pk)


def experiment_metrics(experiment: Experiment) -> list[ExperimentMetric]:
    """The experiment's metrics in order (prefetched by ``experiment_get_for_user``)."""
    return sorted(experiment.metrics.all(), key=lambda m: (m.position, m.pk))


def experiment_results(
    *,
    viewer: User | AnonymousUser,
    experiment: Experiment,
    correction: str = "",
    dimension: str | None = None,
    engine: str = "",
) -> ExperimentAnalysis:
    """The experiment's results from the analytical store (a message when it cannot run),
    broken down by ``dimension`` (the experiment's own when ``None``, none when empty)."""
    ensure_can_read(viewer)
    return experiment_analysis(
        experiment,
        experiment_metrics(experiment),
        correction=correction,
        dimension=experiment.dimension if dimension is None else dimension,
        engine=engine if engine in Engine.values else None,
    )


def experiment_plan_suggestion(
    *, viewer: User | AnonymousUser, experiment: Experiment, lift: float | None = None
) -> PlanSuggestion:
    """The power calculator's plan from the primary metric's pre-period."""
    ensure_can_read(viewer)
    primary = next(
        (m for m in experiment_metrics(experiment) if m.role == ExperimentMetricRole.PRIMARY),
        None,
    )
    return plan_suggestion(experiment, primary, lift=lift if lift and lift > 0 else DEFAULT_LIFT)


def experiment_peeking(
    *, viewer: User | AnonymousUser, experiment: Experiment, units: int | None = None
) -> Peeking | None:
    """The warning for a fixed-horizon experiment read before its planned end."""
    ensure_can_read(viewer)
    return peeking(experiment, units=units)


def experiment_exposure_count(*, viewer: User | AnonymousUser, experiment: Experiment) -> int:
    """Exposure events stored for the experiment."""
    ensure_can_read(viewer)
    with open_store() as warehouse:
        return exposure_count(warehouse, experiment.key)


def breakdown_dimensions(*, viewer: User | AnonymousUser) -> list[str]:
    """Unit attributes in the analytical store that results can be broken down by."""
    ensure_can_read(viewer)
    with open_store() as warehouse:
        return dimension_choices(warehouse)


@dataclass(frozen=True)
class Assignment:
    """One experiment's variant per id: an index into ``variants``, or ``None`` when out."""

    key: str
    status: str
    variants: tuple[str, ...]
    assignments: tuple[int | None, ...]


def _check_ids(ids: object) -> Sequence[str | int]:
    if not isinstance(ids, Sequence) or isinstance(ids, str | bytes):
        raise ValidationError({"ids": "Send a list of unit ids."})
    if len(ids) > MAX_ASSIGN_IDS:
        raise ValidationError(
            {"ids": f"A batch holds at most {MAX_ASSIGN_IDS} ids; this one has {len(ids)}."}
        )
    for index, value in enumerate(ids):
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValidationError(
                {
                    "ids": f"ids[{index}] must be a string or an integer, "
                    f"got {type(value).__name__}: {value!r}"
                }
            )
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError({"ids": f"ids[{index}] must not contain NUL characters."})
    return ids


def _check_attributes(attributes: object, size: int) -> dict[str, list[Any]]:
    if attributes is None:
        return {}
    if not isinstance(attributes, Mapping):
        raise ValidationError({"attributes": "Send attributes as a name -> list of values map."})
    columns: dict[str, list[Any]] = {}
    for name, values in attributes.items():
        if not isinstance(values, list) or len(values) != size:
            raise ValidationError(
                {"attributes": f"attributes[{name!r}] needs one value per id ({size})."}
            )
        columns[str(name)] = values
    return columns


def assignments_for(
    *,
    viewer: User | AnonymousUser,
    keys: Sequence[str],
    ids: Sequence[Any],
    attributes: Mapping[str, Any] | None = None,
) -> list[Assignment]:
    """The variant of every id in each experiment, as ``dayone.assignment`` buckets them.

    Only running experiments assign; for the others every id is out (``None``).
    """
    ensure_can_read(viewer)
    if not keys:
        raise ValidationError({"experiments": "Name at least one experiment key."})
    if len(keys) > MAX_ASSIGN_EXPERIMENTS:
        raise ValidationError(
            {"experiments": f"Ask for at most {MAX_ASSIGN_EXPERIMENTS} experiments at once."}
        )
    checked = _check_ids(ids)
    columns = _check_attributes(attributes, len(checked))
    found = {e.key: e for e in Experiment.objects.filter(key__in=list(keys))}
    unknown = [k for k in keys if k not in found]
    if unknown:
        raise ValidationError(
            {"experiments": f"Unknown experiment key(s): {', '.join(map(str, unknown))}."}
        )
    out = []
    for key in keys:
        experiment = found[key]
        if experiment.status != ExperimentStatus.RUNNING:
            values: list[int | None] = [None] * len(checked)
        else:
            try:
                indices = assign_many(
                    assignment_experiment(experiment),
                    list(checked),
                    {name: np.asarray(v, dtype=object) for name, v in columns.items()},
                )
            except AssignmentError as exc:
                raise ValidationError({"ids": str(exc)}) from exc
            values = [None if int(i) == UNASSIGNED else int(i) for i in indices]
        out.append(
            Assignment(
                key=key,
                status=experiment.status,
                variants=tuple(str(v) for v in experiment.variants),
                assignments=tuple(values),
            )
        )
    return out


def learning_archive(
    *, viewer: User | AnonymousUser, q: str = "", result: str = "", conclusion: str = ""
) -> QuerySet[Experiment]:
    """Concluded experiments and what they taught, newest first; searched in every text."""
    ensure_can_read(viewer)
    experiments = _base().filter(status=ExperimentStatus.CONCLUDED).order_by("-concluded_at", "-pk")
    q = q.strip()
    if q:
        experiments = experiments.filter(
            Q(name__icontains=q)
            | Q(key__icontains=q)
            | Q(hypothesis__icontains=q)
            | Q(learning__icontains=q)
        )
    if result:
        experiments = experiments.filter(result=result)
    if conclusion:
        experiments = experiments.filter(conclusion=conclusion)
    return experiments


def running_experiments(*, viewer: User | AnonymousUser) -> QuerySet[Experiment]:
    """Experiments running now, oldest start first."""
    ensure_can_read(viewer)
    return _base().filter(status=ExperimentStatus.RUNNING).order_by("started_at", "pk")


@dataclass(frozen=True)
class Portfolio:
    """The rate of invention and what came of it."""

    weeks: tuple[tuple[date, int], ...]
    started: int
    running: int
    concluded: int
    won: int
    lost: int
    flat: int
    median_days_to_decision: float | None

    def share(self, count: int) -> float:
        return count / self.concluded if self.concluded else 0.0

    @property
    def won_share(self) -> float:
        return self.share(self.won)

    @property
    def lost_share(self) -> float:
        return self.share(self.lost)

    @property
    def flat_share(self) -> float:
        return self.share(self.flat)


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def portfolio_summary(
    *, viewer: User | AnonymousUser, today: date | None = None, weeks: int = 52
) -> Portfolio:
    """Experiments started per week over ``weeks`` weeks, the share that won, lost or were
    flat, and the median days from start to conclusion. One query."""
    ensure_can_read(viewer)
    today = today or timezone.localdate()
    first = _week_start(today) - timedelta(weeks=weeks - 1)
    starts = [first + timedelta(weeks=i) for i in range(weeks)]
    counts = dict.fromkeys(starts, 0)
    rows = Experiment.objects.exclude(started_at__isnull=True).values_list(
        "status", "started_at", "concluded_at", "result"
    )
    running = concluded = started = 0
    results: dict[str, int] = {Result.WON: 0, Result.LOST: 0, Result.FLAT: 0}
    days: list[float] = []
    for status, started_at, concluded_at, result in rows:
        started += 1
        assert isinstance(started_at, datetime)  # noqa: S101 - excluded nulls above
        week = _week_start(timezone.localdate(started_at))
        if week in counts:
            counts[week] += 1
        if status == ExperimentStatus.RUNNING:
            running += 1
        if status == ExperimentStatus.CONCLUDED:
            concluded += 1
            if result in results:
                results[result] += 1
            if concluded_at is not None:
                days.append((concluded_at - started_at).total_seconds() / 86400)
    return Portfolio(
        weeks=tuple(counts.items()),
        started=started,
        running=running,
        concluded=concluded,
        won=results[Result.WON],
        lost=results[Result.LOST],
        flat=results[Result.FLAT],
        median_days_to_decision=statistics.median(days) if days else None,
    )
