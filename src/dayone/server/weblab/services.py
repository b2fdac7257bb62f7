"""Every write of Weblab: define an experiment, start, stop and conclude it, log exposures.

An experiment's definition can change only while it is a draft. Starting checks it against the
assignment engine and against running experiments in the same layer; concluding needs a written
learning and ends in a two-way-door decision (ship, iterate or stop) linked to the experiment.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dayone.assignment import AssignmentError, Condition, check_exclusive
from dayone.experiments import ExperimentError, log_exposures
from dayone.server.core.access import ensure_can_write
from dayone.server.core.services import audit_record, audited_save, model_snapshot
from dayone.server.core.validators import substance_error
from dayone.server.core.versions import version_bump, version_lock
from dayone.server.decisions import services as decision_services
from dayone.server.decisions.enums import SourceKind as DecisionSourceKind
from dayone.server.decisions.enums import Status as DecisionStatus
from dayone.server.wbr.selectors import metric_info
from dayone.server.weblab.analysis import IDENTIFIER, analysis_result, experiment_analysis
from dayone.server.weblab.bucketing import assignment_experiment, contradicting
from dayone.server.weblab.enums import (
    Aggregate,
    Conclusion,
    Correction,
    Engine,
    ExperimentMetricRole,
    ExperimentStatus,
    MetricKind,
    Result,
    SourceKind,
)
from dayone.server.weblab.models import DEFAULT_EVENTS_TABLE, Experiment, ExperimentMetric
from dayone.server.weblab.planning import PLAN_NEEDED
from dayone.server.weblab.rules import OVERRIDE_WHAT, SHIP_REFUSED, ship_blockers
from dayone.server.weblab.store import EXCLUDED_TABLE, EXPOSURES_TABLE, open_store

if TYPE_CHECKING:
    from dayone.experiments import LogResult
    from dayone.server.core.models import User
    from dayone.server.decisions.models import Decision
    from dayone.server.teams.models import Team

KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")
WEIGHT_TOLERANCE = 1e-6
MAX_EXPOSURE_BATCH = 1000

KEY_FORMAT = "Use 2 to 80 lowercase letters, digits and hyphens, such as 'checkout-button'."
KEY_TAKEN = "Another experiment already uses the key '{key}'."
NAME_NEEDED = "Name the experiment."
HYPOTHESIS_NEEDED = "Write the hypothesis: what you believe, and what result would show it."
VARIANTS_NEEDED = "An experiment needs at least two variants: the control first."
VARIANT_NAMES = "Each variant needs a distinct, non-empty name."
WEIGHTS_COUNT = "Give one weight per variant: {variants} variants, {weights} weights."
WEIGHT_POSITIVE = "Each weight must be a number above 0."
WEIGHTS_SUM = "The weights must sum to 1; they sum to {total:g}."
COVERAGE_RANGE = "Coverage is the share of eligible units that enter: above 0 and at most 1."
LAYER_SLICE = "The layer slice must satisfy 0 <= start < end <= 1."
TABLE_FORMAT = "Name a table of the analytical store: letters, digits and _ (schema.table allowed)."
DIMENSION_FORMAT = "A dimension is a column name: letters, digits and _."
PRE_PERIOD_RANGE = "The pre-period is between 0 (no CUPED) and 90 days."
ALPHA_RANGE = "The significance level must be above 0 and below 0.5, such as 0.05."
WBR_UNKNOWN = "No WBR metric '{key}'."
CHOICE_UNKNOWN = "'{value}' is not one of: {choices}."
METRICS_NEEDED = "An experiment needs exactly one primary metric; it has {count}."
NOT_DRAFT = "The experiment is {status}: its definition is fixed once it starts."
START_NOT_DRAFT = "Only a draft starts; this experiment is {status}."
STOP_NOT_RUNNING = "Only a running experiment stops; this one is {status}."
CONCLUDE_NOT_STARTED = "Start the experiment before concluding it; it is {status}."
PLAN_MAX_UNITS = 1_000_000_000
PLAN_MAX_DAYS = 365
PLAN_UNITS_RANGE = f"Plan between 1 and {PLAN_MAX_UNITS:,} units."
PLAN_DAYS_RANGE = f"Plan between 1 and {PLAN_MAX_DAYS} days."
PLAN_LIFT_RANGE = "The lift to detect is relative and above 0, such as 0.05 for 5%."
LEARNING_NEEDED = "Write the learning: what the experiment taught, for whoever reads it next."
EXPOSURE_UNKNOWN = "event {index}: unknown experiment {key!r}"
EXPOSURE_NOT_RUNNING = "event {index}: experiment {key!r} is {status}, not running"
EXPOSURE_VARIANT = "event {index}: variant {variant} is out of range; {key!r} has {count} variants"


@dataclass(frozen=True)
class MetricInput:
    """One metric of an experiment, as the form and the API give it."""

    key: str
    role: str = ExperimentMetricRole.SECONDARY
    kind: str = MetricKind.BINOMIAL
    column: str = ""
    where: Mapping[str, Any] = field(default_factory=dict)
    denominator_aggregate: str = ""
    denominator_column: str = ""
    denominator_where: Mapping[str, Any] = field(default_factory=dict)
    cuped: bool = False
    inverse: bool = False
    guardrail_margin: float = 0.0


@dataclass(frozen=True)
class ExperimentInput:
    """Everything that defines an experiment (the same for create and edit)."""

    key: str
    name: str
    hypothesis: str
    variants: Sequence[str] = ("Control", "Treatment")
    weights: Sequence[float] | None = None
    coverage: float = 1.0
    targeting: Mapping[str, Any] = field(default_factory=dict)
    layer: str = ""
    layer_start: float = 0.0
    layer_end: float = 1.0
    events_table: str = DEFAULT_EVENTS_TABLE
    pre_period_days: int = 0
    dimension: str = ""
    engine: str = Engine.FREQUENTIST
    correction: str = Correction.HOLM
    alpha: float = 0.05
    team: Team | None = None
    wbr_metric_key: str = ""
    owner: User | None = None
    source_kind: str = ""
    source_ref: str = ""
    source_title: str = ""
    source_url: str = ""
    metrics: Sequence[MetricInput] = ()


DEFINITION_FIELDS = (
    "key",
    "name",
    "hypothesis",
    "source_kind",
    "source_ref",
    "source_title",
    "source_url",
    "variants",
    "weights",
    "coverage",
    "targeting",
    "layer",
    "layer_start",
    "layer_end",
    "events_table",
    "pre_period_days",
    "dimension",
    "engine",
    "correction",
    "alpha",
    "team",
    "wbr_metric_key",
    "owner",
)
METRIC_FIELDS = (
    "role",
    "key",
    "kind",
    "column",
    "where",
    "denominator_aggregate",
    "denominator_column",
    "denominator_where",
    "cuped",
    "inverse",
    "guardrail_margin",
)


def _is_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _choice(
    errors: dict[str, str], name: str, value: str, choices: Any, blank: bool = False
) -> None:
    if (blank and not value) or value in choices.values:
        return
    errors[name] = CHOICE_UNKNOWN.format(value=value, choices=", ".join(choices.values))


def _where_errors(where: object, what: str) -> str:
    if not isinstance(where, Mapping):
        return f"{what} must map column names to values."
    for column, value in where.items():
        if not isinstance(column, str) or not IDENTIFIER.match(column):
            return f"{what}: '{column}' is not a column name."
        values = value if isinstance(value, list | tuple) else [value]
        if not values or not all(isinstance(v, str | int | float | bool) for v in values):
            return f"{what}['{column}'] must be a string, a number, a boolean or a list of them."
    return ""


def _metric_errors(index: int, metric: MetricInput) -> str:  # noqa: PLR0911 - one message per rule
    at = f"Metric {index + 1}"
    if not IDENTIFIER.match(metric.key or "") or len(metric.key) > 63:
        return f"{at}: the key must be a name of letters, digits and _, such as 'purchase'."
    if metric.role not in ExperimentMetricRole.values:
        return f"{at}: the role must be one of {', '.join(ExperimentMetricRole.values)}."
    if metric.kind not in MetricKind.values:
        return f"{at}: the kind must be one of {', '.join(MetricKind.values)}."
    needs_column = metric.kind == MetricKind.MEAN
    if needs_column and not IDENTIFIER.match(metric.column or ""):
        return f"{at} ({metric.key}): a mean metric sums a column; name it."
    if metric.column and not IDENTIFIER.match(metric.column):
        return f"{at} ({metric.key}): '{metric.column}' is not a column name."
    problem = _where_errors(metric.where, f"{at} ({metric.key}) filter")
    if problem:
        return problem
    if metric.kind == MetricKind.RATIO:
        if metric.denominator_aggregate not in Aggregate.values:
            return f"{at} ({metric.key}): a ratio needs a denominator (sum, count or any)."
        if metric.denominator_aggregate == Aggregate.SUM and not IDENTIFIER.match(
            metric.denominator_column or ""
        ):
            return f"{at} ({metric.key}): the denominator sums a column; name it."
        problem = _where_errors(metric.denominator_where, f"{at} ({metric.key}) denominator filter")
        if problem:
            return problem
        if metric.cuped:
            return f"{at} ({metric.key}): CUPED is not available for ratio metrics."
    if not _is_number(metric.guardrail_margin) or metric.guardrail_margin < 0:
        return f"{at} ({metric.key}): the tolerated harm must be a number of at least 0."
    return ""


def _validate(  # noqa: PLR0912, PLR0915 - one message per field
    data: ExperimentInput, *, experiment: Experiment | None
) -> dict[str, Any]:
    """Check a definition; returns the cleaned values or raises naming each bad field."""
    errors: dict[str, str] = {}
    key = data.key.strip()
    if not KEY.match(key):
        errors["key"] = KEY_FORMAT
    else:
        taken = Experiment.objects.filter(key=key)
        if experiment is not None:
            taken = taken.exclude(pk=experiment.pk)
        if taken.exists():
            errors["key"] = KEY_TAKEN.format(key=key)
    name, hypothesis = data.name.strip(), data.hypothesis.strip()
    if not name:
        errors["name"] = NAME_NEEDED
    if not hypothesis:
        errors["hypothesis"] = HYPOTHESIS_NEEDED
    variants = [str(v).strip() for v in data.variants]
    if len(variants) < 2:
        errors["variants"] = VARIANTS_NEEDED
    elif any(not v for v in variants) or len(set(variants)) != len(variants):
        errors["variants"] = VARIANT_NAMES
    weights: list[float] = []
    if data.weights is None or not list(data.weights):
        weights = [1 / max(len(variants), 1)] * len(variants)
    else:
        raw = list(data.weights)
        if not all(_is_number(w) and w > 0 for w in raw):
            errors["weights"] = WEIGHT_POSITIVE
        elif len(raw) != len(variants):
            errors["weights"] = WEIGHTS_COUNT.format(variants=len(variants), weights=len(raw))
        else:
            weights = [float(w) for w in raw]
            total = math.fsum(weights)
            if abs(total - 1.0) > WEIGHT_TOLERANCE:
                errors["weights"] = WEIGHTS_SUM.format(total=total)
    if not _is_number(data.coverage) or not 0 < data.coverage <= 1:
        errors["coverage"] = COVERAGE_RANGE
    targeting = dict(data.targeting or {})
    try:
        Condition.parse(targeting)
    except AssignmentError as exc:
        errors["targeting"] = f"The targeting is not valid: {exc}"
    layer = data.layer.strip()
    if layer and not (
        _is_number(data.layer_start)
        and _is_number(data.layer_end)
        and 0 <= data.layer_start < data.layer_end <= 1
    ):
        errors["layer_start"] = LAYER_SLICE
    events_table = data.events_table.strip() or DEFAULT_EVENTS_TABLE
    if not TABLE.match(events_table):
        errors["events_table"] = TABLE_FORMAT
    dimension = data.dimension.strip()
    if dimension and not IDENTIFIER.match(dimension):
        errors["dimension"] = DIMENSION_FORMAT
    if not 0 <= data.pre_period_days <= 90:
        errors["pre_period_days"] = PRE_PERIOD_RANGE
    if not _is_number(data.alpha) or not 0 < data.alpha < 0.5:
        errors["alpha"] = ALPHA_RANGE
    _choice(errors, "engine", data.engine, Engine)
    _choice(errors, "correction", data.correction, Correction)
    _choice(errors, "source_kind", data.source_kind, SourceKind, blank=True)
    wbr = data.wbr_metric_key.strip()
    if wbr and metric_info(wbr) is None:
        errors["wbr_metric_key"] = WBR_UNKNOWN.format(key=wbr)
    metrics = list(data.metrics)
    problems = [p for i, m in enumerate(metrics) if (p := _metric_errors(i, m))]
    keys = [m.key for m in metrics]
    primaries = sum(1 for m in metrics if m.role == ExperimentMetricRole.PRIMARY)
    if problems:
        errors["metrics"] = problems[0]
    elif len(set(keys)) != len(keys):
        errors["metrics"] = "Each metric needs its own key."
    elif primaries != 1:
        errors["metrics"] = METRICS_NEEDED.format(count=primaries)
    if errors:
        raise ValidationError(errors)
    return {
        "key": key,
        "name": name,
        "hypothesis": hypothesis,
        "source_kind": data.source_kind,
        "source_ref": data.source_ref.strip() if data.source_kind else "",
        "source_title": data.source_title.strip() if data.source_kind else "",
        "source_url": data.source_url.strip() if data.source_kind else "",
        "variants": variants,
        "weights": weights,
        "coverage": float(data.coverage),
        "targeting": targeting,
        "layer": layer,
        "layer_start": float(data.layer_start) if layer else 0.0,
        "layer_end": float(data.layer_end) if layer else 1.0,
        "events_table": events_table,
        "pre_period_days": data.pre_period_days,
        "dimension": dimension,
        "engine": data.engine,
        "correction": data.correction,
        "alpha": float(data.alpha),
        "team": data.team,
        "wbr_metric_key": wbr,
        "owner": data.owner,
    }


def _save_metrics(experiment: Experiment, metrics: Sequence[MetricInput]) -> None:
    experiment.metrics.all().delete()
    for position, metric in enumerate(metrics):
        row = ExperimentMetric(
            experiment=experiment,
            role=metric.role,
            key=metric.key,
            kind=metric.kind,
            column=metric.column.strip(),
            where=dict(metric.where or {}),
            denominator_aggregate=metric.denominator_aggregate
            if metric.kind == MetricKind.RATIO
            else "",
            denominator_column=metric.denominator_column.strip()
            if metric.kind == MetricKind.RATIO
            else "",
            denominator_where=dict(metric.denominator_where or {})
            if metric.kind == MetricKind.RATIO
            else {},
            cuped=metric.cuped,
            inverse=metric.inverse,
            guardrail_margin=float(metric.guardrail_margin),
            position=position,
        )
        row.full_clean(exclude=["experiment"])
        row.save()


def _metrics_snapshot(experiment: Experiment) -> list[dict[str, Any]]:
    return [model_snapshot(m, METRIC_FIELDS) for m in experiment.metrics.order_by("position")]


@transaction.atomic
def experiment_create(*, actor: User, data: ExperimentInput) -> Experiment:
    """Define an experiment as a draft; nothing is assigned until it starts."""
    ensure_can_write(actor)
    values = _validate(data, experiment=None)
    experiment = Experiment(**values, created_by=actor)
    experiment.full_clean()
    experiment.save()
    _save_metrics(experiment, data.metrics)
    audit_record(
        actor=actor,
        action="experiment.create",
        target=experiment,
        after={
            **model_snapshot(experiment, DEFINITION_FIELDS),
            "metrics": _metrics_snapshot(experiment),
        },
    )
    return experiment


@transaction.atomic
def experiment_update(
    *, actor: User, experiment: Experiment, data: ExperimentInput, version: int | None = None
) -> Experiment:
    """Change a draft's definition; a started experiment's definition is fixed.

    ``version`` is the version the edit was made from: when someone saved after it, the edit is
    refused (``EditConflictError``) and nothing changes."""
    experiment = version_lock(instance=experiment, expected=version)
    ensure_can_write(actor)
    if experiment.status != ExperimentStatus.DRAFT:
        raise ValidationError(NOT_DRAFT.format(status=experiment.get_status_display().lower()))
    values = _validate(data, experiment=experiment)
    before = {
        **model_snapshot(experiment, DEFINITION_FIELDS),
        "metrics": _metrics_snapshot(experiment),
    }
    for name, value in values.items():
        setattr(experiment, name, value)
    experiment.full_clean()
    experiment.save(update_fields=list(values))
    _save_metrics(experiment, data.metrics)
    version_bump(experiment)
    audit_record(
        actor=actor,
        action="experiment.update",
        target=experiment,
        before=before,
        after={
            **model_snapshot(experiment, DEFINITION_FIELDS),
            "metrics": _metrics_snapshot(experiment),
        },
    )
    return experiment


@transaction.atomic
def experiment_start(
    *, actor: User, experiment: Experiment, at: datetime | None = None
) -> Experiment:
    """Start a draft: units are assigned from now. Refused without a plan (a sample size or a
    duration) and when its layer slice overlaps a running experiment's in the same layer."""
    ensure_can_write(actor)
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if experiment.status != ExperimentStatus.DRAFT:
        raise ValidationError(
            START_NOT_DRAFT.format(status=experiment.get_status_display().lower())
        )
    if not experiment.planned_units and not experiment.planned_days:
        raise ValidationError({"planned_units": PLAN_NEEDED})
    try:
        engine_experiment = assignment_experiment(experiment)
        if experiment.layer:
            others = Experiment.objects.filter(
                layer=experiment.layer, status=ExperimentStatus.RUNNING
            ).exclude(pk=experiment.pk)
            check_exclusive([*(assignment_experiment(o) for o in others), engine_experiment])
    except AssignmentError as exc:
        raise ValidationError({"layer": f"Cannot start: {exc}"}) from exc
    return audited_save(
        actor=actor,
        instance=experiment,
        action="experiment.start",
        changes={"status": ExperimentStatus.RUNNING, "started_at": at or timezone.now()},
        before={"status": ExperimentStatus.DRAFT},
    )


@transaction.atomic
def experiment_plan(
    *,
    actor: User,
    experiment: Experiment,
    planned_units: int | None,
    planned_days: int | None,
    planned_lift: float | None = None,
) -> Experiment:
    """Set a draft's plan: the units (all variants) or the days it runs before it is read, and
    the lift that size detects. At least one of units and days."""
    ensure_can_write(actor)
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if experiment.status != ExperimentStatus.DRAFT:
        raise ValidationError(NOT_DRAFT.format(status=experiment.get_status_display().lower()))
    errors: dict[str, str] = {}
    if planned_units is not None and not 1 <= planned_units <= PLAN_MAX_UNITS:
        errors["planned_units"] = PLAN_UNITS_RANGE
    if planned_days is not None and not 1 <= planned_days <= PLAN_MAX_DAYS:
        errors["planned_days"] = PLAN_DAYS_RANGE
    if planned_lift is not None and not (_is_number(planned_lift) and planned_lift > 0):
        errors["planned_lift"] = PLAN_LIFT_RANGE
    if not planned_units and not planned_days and not errors:
        errors["planned_units"] = PLAN_NEEDED
    if errors:
        raise ValidationError(errors)
    return audited_save(
        actor=actor,
        instance=experiment,
        action="experiment.plan",
        changes={
            "planned_units": planned_units,
            "planned_days": planned_days,
            "planned_lift": planned_lift,
        },
    )


@transaction.atomic
def experiment_stop(
    *, actor: User, experiment: Experiment, at: datetime | None = None
) -> Experiment:
    """Stop a running experiment: no more units are assigned; results cover start to stop."""
    ensure_can_write(actor)
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if experiment.status != ExperimentStatus.RUNNING:
        raise ValidationError(
            STOP_NOT_RUNNING.format(status=experiment.get_status_display().lower())
        )
    return audited_save(
        actor=actor,
        instance=experiment,
        action="experiment.stop",
        changes={"status": ExperimentStatus.STOPPED, "stopped_at": at or timezone.now()},
        before={"status": ExperimentStatus.RUNNING},
    )


def _decide(
    *, actor: User, decision: Decision, conclusion: str, learning: str, at: datetime | None
) -> None:
    """Record the conclusion on the linked decision when the concluder decides it alone."""
    if decision.status != DecisionStatus.OPEN or decision.decider_id != actor.pk:
        return
    label = Conclusion(conclusion).label
    option = decision.options.filter(label__iexact=label).first()
    if option is None or decision_services.decide_blockers(decision):
        return
    decision_services.decision_decide(
        actor=actor, decision=decision, option=option, rationale=learning, at=at
    )


@transaction.atomic
def experiment_conclude(
    *,
    actor: User,
    experiment: Experiment,
    conclusion: str,
    learning: str,
    result: str = "",
    override: str = "",
    at: datetime | None = None,
) -> Experiment:
    """Conclude: ship, iterate or stop, with the learning. A running experiment stops first.

    Shipping is refused while the experiment has a sample-ratio mismatch or a breached
    guardrail, unless ``override`` says why (with substance); the reason and what it overrode
    are kept with the learning.

    ``result`` (won, lost or flat) is read from the primary metric when not given. The
    conclusion becomes a two-way-door decision linked to the experiment (an existing linked one
    is reused), decided at once when the concluder is its decider.
    """
    ensure_can_write(actor)
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    errors: dict[str, str] = {}
    if conclusion not in Conclusion.values:
        errors["conclusion"] = CHOICE_UNKNOWN.format(
            value=conclusion, choices=", ".join(Conclusion.values)
        )
    learning = learning.strip()
    learning_error = substance_error(learning, what="learning", missing=LEARNING_NEEDED)
    if learning_error:
        errors["learning"] = learning_error
    if result and result not in Result.values:
        errors["result"] = CHOICE_UNKNOWN.format(value=result, choices=", ".join(Result.values))
    if experiment.status not in (ExperimentStatus.RUNNING, ExperimentStatus.STOPPED):
        errors["conclusion"] = CONCLUDE_NOT_STARTED.format(
            status=experiment.get_status_display().lower()
        )
    if errors:
        raise ValidationError(errors)
    before = experiment.status
    now = at or timezone.now()
    if experiment.status == ExperimentStatus.RUNNING:
        experiment.stopped_at = now
    blockers: list[str] = []
    if not result or conclusion == Conclusion.SHIP:
        analysis = experiment_analysis(experiment, list(experiment.metrics.all()), now=now)
        result = result or analysis_result(analysis)
        if conclusion == Conclusion.SHIP:
            blockers = ship_blockers(analysis)
    override = override.strip() if blockers else ""
    if blockers:
        if not override:
            raise ValidationError({"override": SHIP_REFUSED.format(blockers=" ".join(blockers))})
        override_error = substance_error(override, what=OVERRIDE_WHAT)
        if override_error:
            raise ValidationError({"override": override_error})
    decision = decision_services.decision_create_from_source(
        actor=actor,
        kind=DecisionSourceKind.EXPERIMENT,
        ref=experiment.key,
        title=experiment.name,
        url=reverse("weblab:detail", args=[experiment.pk]),
        question=f"What do we do after the experiment '{experiment.name}'?",
        context=f"Hypothesis: {experiment.hypothesis}\n\nResult: {Result(result).label}. "
        f"Learning: {learning}"
        + (f"\n\nShipped despite: {' '.join(blockers)} Why: {override}" if blockers else ""),
        at=at,
    )
    _decide(actor=actor, decision=decision, conclusion=conclusion, learning=learning, at=at)
    return audited_save(
        actor=actor,
        instance=experiment,
        action="experiment.conclude",
        changes={
            "status": ExperimentStatus.CONCLUDED,
            "stopped_at": experiment.stopped_at,
            "concluded_at": now,
            "conclusion": conclusion,
            "result": result,
            "learning": learning,
            "ship_override": override,
            "ship_blockers": blockers,
            "decision": decision,
        },
        before={"status": before},
    )


def exposures_log(*, actor: User, events: object, max_batch: int = MAX_EXPOSURE_BATCH) -> LogResult:
    """Store a batch of exposure events, idempotently by ``event_id``: a retried batch is not
    counted twice. A bad batch is refused whole, naming the event and the field. An event whose
    variant is not the one the deterministic assignment gives its unit is stored apart, left
    out of the results and counted there."""
    ensure_can_write(actor)
    if not isinstance(events, Sequence) or isinstance(events, str | bytes):
        raise ValidationError({"events": "Send a list of exposure events."})
    if len(events) > max_batch:
        raise ValidationError(
            {"events": f"A batch holds at most {max_batch} events; this one has {len(events)}."}
        )
    keys = [e.get("experiment") for e in events if isinstance(e, Mapping)]
    known = {
        e.key: e for e in Experiment.objects.filter(key__in=[k for k in keys if isinstance(k, str)])
    }
    for index, event in enumerate(events):
        if not isinstance(event, Mapping):
            raise ValidationError({"events": f"event {index}: must be an object"})
        key, variant = event.get("experiment"), event.get("variant")
        if not isinstance(key, str) or not key:
            continue  # the engine names the missing or malformed field
        experiment = known.get(key)
        if experiment is None:
            raise ValidationError({"events": EXPOSURE_UNKNOWN.format(index=index, key=key)})
        if experiment.status != ExperimentStatus.RUNNING:
            raise ValidationError(
                {
                    "events": EXPOSURE_NOT_RUNNING.format(
                        index=index, key=key, status=experiment.get_status_display().lower()
                    )
                }
            )
        if (
            isinstance(variant, int)
            and not isinstance(variant, bool)
            and variant >= len(experiment.variants)
        ):
            raise ValidationError(
                {
                    "events": EXPOSURE_VARIANT.format(
                        index=index, variant=variant, key=key, count=len(experiment.variants)
                    )
                }
            )
    excluded = contradicting(known, events)
    try:
        with open_store() as warehouse:
            result = log_exposures(
                warehouse,
                events,
                table=EXPOSURES_TABLE,
                known_experiments=set(known),
                max_batch=max_batch,
                excluded=set(excluded),
                excluded_table=EXCLUDED_TABLE,
            )
    except ExperimentError as exc:
        raise ValidationError({"events": str(exc)}) from exc
    return result
