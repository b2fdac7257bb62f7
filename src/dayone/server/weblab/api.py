"""API of Weblab: define, start, stop and conclude experiments; results; assignment of units
in batches; exposure logging (idempotent by event id); the archive and the portfolio."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import AwareDatetime, ConfigDict, StrictBool

from dayone.experiments import MAX_TEXT
from dayone.server.core import selectors as core_selectors
from dayone.server.core.api_types import Finite
from dayone.server.core.pagination import Page, PageIn, page_of
from dayone.server.core.utils import current_user
from dayone.server.core.versions import VERSION_FIELD, version_sent
from dayone.server.teams import selectors as org_selectors
from dayone.server.weblab import selectors, services
from dayone.server.weblab.analysis import ExperimentAnalysis, MetricRow, VariantRow, power_plan
from dayone.server.weblab.enums import (
    Correction,
    Engine,
    ExperimentMetricRole,
    MetricKind,
)
from dayone.server.weblab.models import DEFAULT_EVENTS_TABLE, Experiment

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dayone.server.weblab.planning import Peeking


router = Router(tags=["weblab"])

# What the power calculator takes: beyond these, its arithmetic leaves the range of a float.
MAX_MEASURE = 1e12
MAX_UNITS = 10**12
MAX_WEEKS = 520
MAX_VARIANTS = 26
MIN_LIFT, MAX_LIFT = 0.0001, 10.0
LIFT = Field(
    None,
    ge=MIN_LIFT,
    le=MAX_LIFT,
    description=f"The relative lift to detect, {MIN_LIFT:g}-{MAX_LIFT:g} (0.05 is 5%)",
)


class ExperimentMetricIn(Schema):
    key: str
    role: ExperimentMetricRole = ExperimentMetricRole.SECONDARY
    kind: MetricKind = MetricKind.BINOMIAL
    column: str = ""
    where: dict[str, Any] = {}
    denominator_aggregate: str = ""
    denominator_column: str = ""
    denominator_where: dict[str, Any] = {}
    cuped: StrictBool = False
    inverse: StrictBool = False
    guardrail_margin: Finite = 0.0


class ExperimentMetricOut(ExperimentMetricIn):
    pass


class SourceLink(Schema):
    kind: str = ""
    ref: str = ""
    title: str = ""
    url: str = ""


class ExperimentIn(Schema):
    key: str
    name: str
    hypothesis: str
    variants: list[str] = ["Control", "Treatment"]
    weights: list[Finite] | None = None
    coverage: Finite = 1.0
    targeting: dict[str, Any] = {}
    layer: str = ""
    layer_start: Finite = 0.0
    layer_end: Finite = 1.0
    events_table: str = DEFAULT_EVENTS_TABLE
    pre_period_days: int = 0
    dimension: str = ""
    engine: Engine = Engine.FREQUENTIST
    correction: Correction = Correction.HOLM
    alpha: Finite = 0.05
    team: str | None = None
    owner: str | None = None
    wbr_metric_key: str = ""
    source: SourceLink | None = None
    metrics: list[ExperimentMetricIn] = []


class ExperimentPutIn(ExperimentIn):
    version: int | None = Field(None, ge=1, description=VERSION_FIELD)


class ExperimentOut(Schema):
    id: int
    key: str
    version: int = Field(description="Grows with every edit; send it back when you edit.")
    name: str
    hypothesis: str
    source: SourceLink | None
    variants: list[str]
    weights: list[float]
    coverage: float
    targeting: dict[str, Any]
    layer: str
    layer_start: float
    layer_end: float
    events_table: str
    pre_period_days: int
    dimension: str
    engine: str
    correction: str
    alpha: float
    team: str | None
    owner: str | None
    wbr_metric_key: str
    status: str
    started_at: datetime | None
    stopped_at: datetime | None
    concluded_at: datetime | None
    conclusion: str
    result: str
    learning: str
    planned_units: int | None
    planned_days: int | None
    planned_lift: float | None
    ship_override: str
    ship_blockers: list[str]
    decision_id: int | None
    metrics: list[ExperimentMetricOut]


class ConcludeIn(Schema):
    conclusion: str
    learning: str
    result: str = ""
    override: str = Field(
        default="",
        description="Why ship despite a sample-ratio mismatch or a breached guardrail",
    )


class VariantOut(Schema):
    name: str
    units: int
    mean: float
    difference: float | None
    effect: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    adjusted_p_value: float | None
    chance_to_win: float | None
    risk: float | None
    significant: bool
    verdict: str
    status: str
    not_enough_data: str
    guardrail: str


class MetricResultOut(Schema):
    key: str
    role: str
    kind: str
    inverse: bool
    cuped: bool
    cuped_theta: float | None
    control: VariantOut
    variants: list[VariantOut]


class UnitsOut(Schema):
    name: str
    units: int
    expected: float
    share: float


class SliceOut(Schema):
    value: str
    metrics: list[MetricResultOut]


class PeekingOut(Schema):
    """A fixed-horizon experiment read before its planned end."""

    day: int
    planned_days: int | None
    units: int | None
    planned_units: int | None
    false_positive_rate: float = Field(
        description="Chance of a false result when read daily and stopped at the first "
        "significant day, against alpha when read once at the end"
    )
    message: str


class PlanIn(Schema):
    planned_units: int | None = Field(default=None, ge=1, le=MAX_UNITS)
    planned_days: int | None = Field(default=None, ge=1, le=365)
    planned_lift: Finite | None = LIFT


class PlanQueryIn(Schema):
    lift: Finite | None = LIFT


class PlanSuggestionOut(Schema):
    metric: str
    window_days: int
    units_seen: int
    baseline: float | None
    std_dev: float | None
    units_per_week: float
    lift: float
    units: int | None
    days: int | None
    message: str


class ResultsOut(Schema):
    ok: bool
    message: str
    engine: str
    relative: bool
    alpha: float
    correction: str
    units: list[UnitsOut]
    total_units: int
    srm_p_value: float
    srm_mismatch: bool
    multiple_exposures: int
    excluded_exposures: int = Field(
        description="Exposures whose variant contradicts the assignment: kept, not analysed"
    )
    excluded_units: int
    guardrail_breaches: list[list[str]]
    metrics: list[MetricResultOut]
    dimension: str
    breakdown: list[SliceOut]
    peeking: PeekingOut | None = None


class AssignIn(Schema):
    experiments: list[str]
    ids: list[Any]
    attributes: dict[str, list[Any]] | None = None


class AssignmentOut(Schema):
    key: str
    status: str
    variants: list[str]
    assignments: list[int | None]


class ExposureIn(Schema):
    """One unit seeing one variant of one experiment at one time."""

    model_config = ConfigDict(extra="forbid")

    event_id: str = Field(min_length=1, max_length=MAX_TEXT, description="Retries reuse it")
    experiment: str = Field(min_length=1, max_length=MAX_TEXT, description="The experiment key")
    unit_id: str = Field(min_length=1, max_length=MAX_TEXT)
    variant: int = Field(
        ge=0, lt=2**31, strict=True, description="The variant's index, the control is 0"
    )
    exposed_at: AwareDatetime


class ExposuresIn(Schema):
    events: list[ExposureIn]


class LogOut(Schema):
    received: int
    inserted: int
    duplicates: int
    excluded: int = Field(
        description="Events whose variant contradicts the assignment: stored apart, not analysed"
    )


class ExperimentFilterIn(Schema):
    status: str = ""
    team: str = ""
    q: str = ""


class WeekStartsOut(Schema):
    week: date = Field(description="The Monday the week starts on")
    started: int = Field(description="Experiments started that week")


class PortfolioOut(Schema):
    weeks: list[WeekStartsOut]
    started: int
    running: int
    concluded: int
    won: int
    lost: int
    flat: int
    won_share: float
    lost_share: float
    flat_share: float
    median_days_to_decision: float | None


class PowerIn(Schema):
    baseline: Finite = Field(gt=0, le=MAX_MEASURE, description="The control's mean (a rate: 0-1)")
    units_per_week: int = Field(ge=1, le=MAX_UNITS)
    weeks: int = Field(ge=1, le=MAX_WEEKS)
    variants: int = Field(2, ge=2, le=MAX_VARIANTS)
    std_dev: Finite | None = Field(None, gt=0, le=MAX_MEASURE, description="None for a rate")
    lift: Finite | None = LIFT


class PowerOut(Schema):
    units_per_variant: int
    mde: float | None
    lift: float | None
    units_needed: int | None
    weeks_needed: int | None
    message: str


def _experiment_out(experiment: Experiment) -> dict[str, Any]:
    return {
        "id": experiment.pk,
        "key": experiment.key,
        "version": experiment.version,
        "name": experiment.name,
        "hypothesis": experiment.hypothesis,
        "source": {
            "kind": experiment.source_kind,
            "ref": experiment.source_ref,
            "title": experiment.source_title,
            "url": experiment.source_url,
        }
        if experiment.source_kind
        else None,
        "variants": experiment.variants,
        "weights": experiment.weights,
        "coverage": experiment.coverage,
        "targeting": experiment.targeting,
        "layer": experiment.layer,
        "layer_start": experiment.layer_start,
        "layer_end": experiment.layer_end,
        "events_table": experiment.events_table,
        "pre_period_days": experiment.pre_period_days,
        "dimension": experiment.dimension,
        "engine": experiment.engine,
        "correction": experiment.correction,
        "alpha": experiment.alpha,
        "team": experiment.team.slug if experiment.team else None,
        "owner": experiment.owner.username if experiment.owner else None,
        "wbr_metric_key": experiment.wbr_metric_key,
        "status": experiment.status,
        "started_at": experiment.started_at,
        "stopped_at": experiment.stopped_at,
        "concluded_at": experiment.concluded_at,
        "conclusion": experiment.conclusion,
        "result": experiment.result,
        "learning": experiment.learning,
        "planned_units": experiment.planned_units,
        "planned_days": experiment.planned_days,
        "planned_lift": experiment.planned_lift,
        "ship_override": experiment.ship_override,
        "ship_blockers": list(experiment.ship_blockers),
        "decision_id": experiment.decision_id,
        "metrics": [
            {
                "key": m.key,
                "role": m.role,
                "kind": m.kind,
                "column": m.column,
                "where": m.where,
                "denominator_aggregate": m.denominator_aggregate,
                "denominator_column": m.denominator_column,
                "denominator_where": m.denominator_where,
                "cuped": m.cuped,
                "inverse": m.inverse,
                "guardrail_margin": m.guardrail_margin,
            }
            for m in selectors.experiment_metrics(experiment)
        ],
    }


def _variant_out(row: VariantRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "units": row.units,
        "mean": row.mean,
        "difference": row.difference,
        "effect": row.effect,
        "ci_low": row.ci_low,
        "ci_high": row.ci_high,
        "p_value": row.p_value,
        "adjusted_p_value": row.adjusted_p_value,
        "chance_to_win": row.chance_to_win,
        "risk": row.risk,
        "significant": row.significant,
        "verdict": row.verdict,
        "status": row.status,
        "not_enough_data": row.not_enough_data,
        "guardrail": row.guardrail,
    }


def _metric_out(metric: MetricRow) -> dict[str, Any]:
    return {
        "key": metric.key,
        "role": metric.role,
        "kind": metric.kind,
        "inverse": metric.inverse,
        "cuped": metric.cuped,
        "cuped_theta": metric.cuped_theta,
        "control": _variant_out(metric.control),
        "variants": [_variant_out(v) for v in metric.variants],
    }


def results_out(analysis: ExperimentAnalysis, peeking: Peeking | None = None) -> dict[str, Any]:
    """The results as JSON-ready values."""
    return {
        "peeking": None if peeking is None else {**vars(peeking), "message": peeking.message},
        "ok": analysis.ok,
        "message": analysis.message,
        "engine": analysis.engine,
        "relative": analysis.relative,
        "alpha": analysis.alpha,
        "correction": analysis.correction,
        "units": [vars(u) for u in analysis.units],
        "total_units": analysis.total_units,
        "srm_p_value": analysis.srm_p_value,
        "srm_mismatch": analysis.srm_mismatch,
        "multiple_exposures": analysis.multiple_exposures,
        "excluded_exposures": analysis.excluded_exposures,
        "excluded_units": analysis.excluded_units,
        "guardrail_breaches": [list(pair) for pair in analysis.breaches],
        "metrics": [_metric_out(m) for m in analysis.metrics],
        "dimension": analysis.dimension,
        "breakdown": [
            {"value": value, "metrics": [_metric_out(m) for m in rows]}
            for value, rows in analysis.breakdown
        ],
    }


def _get(request: HttpRequest, key: str) -> Experiment:
    try:
        return selectors.experiment_get_by_key(viewer=request.user, key=key)
    except Experiment.DoesNotExist as exc:
        raise Http404(f"No experiment '{key}'.") from exc


def _input(request: HttpRequest, payload: ExperimentIn) -> services.ExperimentInput:
    source = payload.source or SourceLink()
    return services.ExperimentInput(
        key=payload.key,
        name=payload.name,
        hypothesis=payload.hypothesis,
        variants=payload.variants,
        weights=payload.weights,
        coverage=payload.coverage,
        targeting=payload.targeting,
        layer=payload.layer,
        layer_start=payload.layer_start,
        layer_end=payload.layer_end,
        events_table=payload.events_table,
        pre_period_days=payload.pre_period_days,
        dimension=payload.dimension,
        engine=payload.engine,
        correction=payload.correction,
        alpha=payload.alpha,
        team=org_selectors.team_named(viewer=request.user, slug=payload.team),
        owner=core_selectors.user_named(viewer=request.user, username=payload.owner, field="owner"),
        wbr_metric_key=payload.wbr_metric_key,
        source_kind=source.kind,
        source_ref=source.ref,
        source_title=source.title,
        source_url=source.url,
        metrics=[services.MetricInput(**m.model_dump()) for m in payload.metrics],
    )


@router.get("/experiments", response=Page[ExperimentOut], summary="Experiments, newest first")
def experiment_list(
    request: HttpRequest, filters: Query[ExperimentFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    experiments = selectors.experiment_list(
        viewer=request.user, filters=selectors.ExperimentFilters(**filters.model_dump())
    ).prefetch_related("metrics")
    return page_of(experiments, page, render=lambda chunk: [_experiment_out(e) for e in chunk])


@router.post("/experiments", response={201: ExperimentOut}, summary="Define an experiment")
def experiment_create(request: HttpRequest, payload: ExperimentIn) -> Status[dict[str, Any]]:
    experiment = services.experiment_create(
        actor=current_user(request),
        data=_input(request, payload),
    )
    return Status(201, _experiment_out(_get(request, experiment.key)))


@router.get("/experiments/{key}", response=ExperimentOut, summary="One experiment")
def experiment_detail(request: HttpRequest, key: str) -> dict[str, Any]:
    return _experiment_out(_get(request, key))


@router.put(
    "/experiments/{key}",
    response=ExperimentOut,
    summary="Change a draft",
    description="Send the version you edited (`version` or If-Match): when someone saved after "
    "it, nothing changes and the answer is 409 with the current version.",
)
def experiment_update(request: HttpRequest, key: str, payload: ExperimentPutIn) -> dict[str, Any]:
    version = version_sent(request, payload.version)
    experiment = services.experiment_update(
        actor=current_user(request),
        experiment=_get(request, key),
        data=_input(request, payload),
        version=version,
    )
    return _experiment_out(_get(request, experiment.key))


@router.post("/experiments/{key}/start", response=ExperimentOut, summary="Start a draft")
def experiment_start(request: HttpRequest, key: str) -> dict[str, Any]:
    services.experiment_start(actor=current_user(request), experiment=_get(request, key))
    return _experiment_out(_get(request, key))


@router.post("/experiments/{key}/stop", response=ExperimentOut, summary="Stop a running one")
def experiment_stop(request: HttpRequest, key: str) -> dict[str, Any]:
    services.experiment_stop(actor=current_user(request), experiment=_get(request, key))
    return _experiment_out(_get(request, key))


@router.post("/experiments/{key}/conclude", response=ExperimentOut, summary="Ship, iterate or stop")
def experiment_conclude(request: HttpRequest, key: str, payload: ConcludeIn) -> dict[str, Any]:
    services.experiment_conclude(
        actor=current_user(request),
        experiment=_get(request, key),
        conclusion=payload.conclusion,
        learning=payload.learning,
        result=payload.result,
        override=payload.override,
    )
    return _experiment_out(_get(request, key))


@router.get("/experiments/{key}/results", response=ResultsOut, summary="Results per metric")
def experiment_results(
    request: HttpRequest,
    key: str,
    correction: str = "",
    dimension: str | None = None,
    engine: str = "",
) -> dict[str, Any]:
    """``engine=sequential`` reads a fixed-horizon experiment with always-valid intervals."""
    experiment = _get(request, key)
    analysis = selectors.experiment_results(
        viewer=request.user,
        experiment=experiment,
        correction=correction,
        dimension=dimension,
        engine=engine,
    )
    peeking = selectors.experiment_peeking(
        viewer=request.user, experiment=experiment, units=analysis.total_units
    )
    return results_out(analysis, peeking)


@router.get(
    "/experiments/{key}/plan", response=PlanSuggestionOut, summary="Plan from the pre-period"
)
def experiment_plan_suggestion(
    request: HttpRequest, key: str, params: Query[PlanQueryIn]
) -> dict[str, Any]:
    """The power calculator's sample size and duration from the primary metric's pre-period."""
    suggestion = selectors.experiment_plan_suggestion(
        viewer=request.user, experiment=_get(request, key), lift=params.lift
    )
    return vars(suggestion)


@router.post("/experiments/{key}/plan", response=ExperimentOut, summary="Set the plan of a draft")
def experiment_plan(request: HttpRequest, key: str, payload: PlanIn) -> dict[str, Any]:
    services.experiment_plan(
        actor=current_user(request), experiment=_get(request, key), **payload.model_dump()
    )
    return _experiment_out(_get(request, key))


@router.post("/assign", response=list[AssignmentOut], summary="Assign many ids at once")
def assign(request: HttpRequest, payload: AssignIn) -> list[dict[str, Any]]:
    """The variant index of every id in each experiment (``null`` when the id is out)."""
    return [
        vars(a)
        for a in selectors.assignments_for(
            viewer=request.user,
            keys=payload.experiments,
            ids=payload.ids,
            attributes=payload.attributes,
        )
    ]


@router.post("/exposures", response=LogOut, summary="Log exposures (idempotent by event id)")
def exposures(request: HttpRequest, payload: ExposuresIn) -> dict[str, int]:
    result = services.exposures_log(
        actor=current_user(request),
        events=[event.model_dump() for event in payload.events],
    )
    return {
        "received": result.received,
        "inserted": result.inserted,
        "duplicates": result.duplicates,
        "excluded": result.excluded,
    }


@router.get("/learnings", response=Page[ExperimentOut], summary="The archive of learnings")
def learnings(
    request: HttpRequest,
    page: Query[PageIn],
    q: str = "",
    result: str = "",
    conclusion: str = "",
) -> dict[str, Any]:
    archive = selectors.learning_archive(
        viewer=request.user, q=q, result=result, conclusion=conclusion
    ).prefetch_related("metrics")
    return page_of(archive, page, render=lambda chunk: [_experiment_out(e) for e in chunk])


@router.get("/portfolio", response=PortfolioOut, summary="Rate of invention and win rate")
def portfolio(request: HttpRequest) -> dict[str, Any]:
    summary = selectors.portfolio_summary(viewer=request.user)
    return {
        "weeks": [{"week": week, "started": started} for week, started in summary.weeks],
        **{name: getattr(summary, name) for name in ("started", "running", "concluded")},
        **{name: getattr(summary, name) for name in ("won", "lost", "flat")},
        "won_share": summary.won_share,
        "lost_share": summary.lost_share,
        "flat_share": summary.flat_share,
        "median_days_to_decision": summary.median_days_to_decision,
    }


@router.get("/power", response=PowerOut, summary="Minimum detectable lift and units needed")
def power(
    request: HttpRequest,  # noqa: ARG001 - authenticated like every other endpoint
    params: Query[PowerIn],
) -> dict[str, Any]:
    return vars(power_plan(**params.model_dump()))
