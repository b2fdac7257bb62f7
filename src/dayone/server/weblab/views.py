"""Pages of Weblab: the home, experiments, their results, the archive and the portfolio."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dayone.server.core.access import writers_only
from dayone.server.core.panels import panels_drawn
from dayone.server.core.utils import action_post, current_user, form_post
from dayone.server.teams import selectors as org_selectors
from dayone.server.weblab import selectors, services
from dayone.server.weblab.analysis import power_plan
from dayone.server.weblab.charts import (
    effect_interval_spec,
    outcome_share_spec,
    starts_per_week_spec,
)
from dayone.server.weblab.enums import (
    Conclusion,
    Correction,
    ExperimentMetricRole,
    ExperimentStatus,
    Result,
)
from dayone.server.weblab.forms import (
    METRIC_ROWS,
    ConcludeForm,
    ExperimentEditForm,
    ExperimentForm,
    MetricFormSet,
    PlanForm,
    PowerForm,
    format_where,
)
from dayone.server.weblab.models import Experiment

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


PAGE_SIZE = 25
RECENT_LEARNINGS = 5


def _get(request: HttpRequest, experiment_id: int) -> Experiment:
    try:
        return selectors.experiment_get_for_user(viewer=request.user, experiment_id=experiment_id)
    except Experiment.DoesNotExist as exc:
        raise Http404("No such experiment.") from exc


def index(request: HttpRequest) -> HttpResponse:
    """Weblab's home: what runs now, what was learned lately, and the portfolio at a glance."""
    portfolio = selectors.portfolio_summary(viewer=request.user)
    return render(
        request,
        "weblab/index.html",
        {
            "running": list(selectors.running_experiments(viewer=request.user)),
            "drafts": list(
                selectors.experiment_list(
                    viewer=request.user,
                    filters=selectors.ExperimentFilters(status=ExperimentStatus.DRAFT),
                )[:5]
            ),
            "learnings": list(selectors.learning_archive(viewer=request.user)[:RECENT_LEARNINGS]),
            "portfolio": portfolio,
            "chart": starts_per_week_spec(portfolio.weeks) if portfolio.started else None,
        },
    )


def experiment_list(request: HttpRequest) -> HttpResponse:
    """Every experiment, filtered by status, team or text."""
    filters = selectors.ExperimentFilters(
        status=request.GET.get("status", ""),
        team=request.GET.get("team", ""),
        q=request.GET.get("q", "").strip(),
    )
    experiments = selectors.experiment_list(viewer=request.user, filters=filters)
    page = Paginator(experiments, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "weblab/experiment_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": ExperimentStatus.choices,
            "teams": org_selectors.team_list(viewer=request.user),
            "querystring": query.urlencode(),
        },
    )


def _metric_initial(experiment: Experiment | None) -> list[dict[str, Any]]:
    if experiment is None:
        return [
            {"role": ExperimentMetricRole.PRIMARY, "where": "event=purchase", "key": "purchase"}
        ] + [{} for _ in range(METRIC_ROWS - 1)]
    rows: list[dict[str, Any]] = [
        {
            "key": m.key,
            "role": m.role,
            "kind": m.kind,
            "column": m.column,
            "where": format_where(m.where),
            "denominator_aggregate": m.denominator_aggregate,
            "denominator_column": m.denominator_column,
            "denominator_where": format_where(m.denominator_where),
            "cuped": m.cuped,
            "inverse": m.inverse,
            "guardrail_margin": m.guardrail_margin,
        }
        for m in selectors.experiment_metrics(experiment)
    ]
    return rows + [{} for _ in range(max(2, METRIC_ROWS - len(rows)))]


def _experiment_initial(experiment: Experiment) -> dict[str, Any]:
    return {
        "name": experiment.name,
        "key": experiment.key,
        "hypothesis": experiment.hypothesis,
        "variants": ", ".join(experiment.variants),
        "weights": ", ".join(f"{w:g}" for w in experiment.weights),
        "coverage": experiment.coverage,
        "targeting": json.dumps(experiment.targeting) if experiment.targeting else "",
        "layer": experiment.layer,
        "layer_start": experiment.layer_start,
        "layer_end": experiment.layer_end,
        "events_table": experiment.events_table,
        "pre_period_days": experiment.pre_period_days,
        "dimension": experiment.dimension,
        "engine": experiment.engine,
        "correction": experiment.correction,
        "alpha": experiment.alpha,
        "team": experiment.team,
        "owner": experiment.owner,
        "wbr_metric_key": experiment.wbr_metric_key,
        "source_kind": experiment.source_kind,
        "source_ref": experiment.source_ref,
        "source_title": experiment.source_title,
        "source_url": experiment.source_url,
    }


def _form_page(request: HttpRequest, experiment: Experiment | None) -> HttpResponse:
    user = current_user(request)
    form: ExperimentForm
    if experiment is None:
        form = ExperimentForm(request.POST or None, initial={"owner": user})
    else:
        initial = {**_experiment_initial(experiment), "version": experiment.version}
        form = ExperimentEditForm(request.POST or None, initial=initial)
    metrics = MetricFormSet(
        request.POST or None, initial=_metric_initial(experiment), prefix="metrics"
    )

    def save(data: dict[str, Any]) -> Experiment:
        inputs = [row for f in metrics.forms if (row := f.to_input()) is not None]
        if experiment is None:
            return services.experiment_create(actor=user, data=form.to_input(inputs))
        return services.experiment_update(
            actor=user, experiment=experiment, data=form.to_input(inputs), version=data["version"]
        )

    if metrics.is_valid() and (
        done := form_post(
            request,
            form,
            save,
            message="Experiment saved as a draft. Start it when it is ready.",
            then=lambda saved: redirect("weblab:detail", experiment_id=saved.pk),
        )
    ):
        return done
    invalid = bool(form.errors) or any(f.errors for f in metrics.forms)
    return render(
        request,
        "weblab/experiment_form.html",
        {"form": form, "metrics": metrics, "experiment": experiment, "power_form": PowerForm()},
        status=422 if invalid else 200,
    )


@require_http_methods(["GET", "POST"])
@writers_only
def experiment_create(request: HttpRequest) -> HttpResponse:
    """Define an experiment: hypothesis, variants, audience, metrics."""
    return _form_page(request, None)


@require_http_methods(["GET", "POST"])
@writers_only
def experiment_edit(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """Change a draft experiment."""
    experiment = _get(request, experiment_id)
    if experiment.status != ExperimentStatus.DRAFT:
        messages.error(request, "A started experiment's definition is fixed.")
        return redirect("weblab:detail", experiment_id=experiment.pk)
    return _form_page(request, experiment)


def _plan_context(
    request: HttpRequest, experiment: Experiment, plan_form: PlanForm | None
) -> dict[str, Any]:
    """The plan panel of a draft: the calculator's suggestion and the form it prefills."""
    if experiment.status != ExperimentStatus.DRAFT:
        return {}
    lift = _float(request.GET.get("lift")) or experiment.planned_lift
    suggestion = selectors.experiment_plan_suggestion(
        viewer=request.user, experiment=experiment, lift=lift
    )
    initial = {
        "planned_units": experiment.planned_units or suggestion.units,
        "planned_days": experiment.planned_days or suggestion.days,
        "planned_lift": suggestion.lift,
    }
    return {"suggestion": suggestion, "plan_form": plan_form or PlanForm(initial=initial)}


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _detail(
    request: HttpRequest,
    experiment: Experiment,
    conclude_form: ConcludeForm | None = None,
    plan_form: PlanForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "weblab/experiment_detail.html",
        {
            "experiment": experiment,
            "metrics": selectors.experiment_metrics(experiment),
            "variant_weights": list(zip(experiment.variants, experiment.weights, strict=False)),
            "conclude_form": conclude_form or ConcludeForm(),
            "corrections": Correction.choices,
            "power_form": PowerForm(),
            "peeking": selectors.experiment_peeking(viewer=request.user, experiment=experiment),
            "panels": panels_drawn(request, "experiment", experiment),
            **_plan_context(request, experiment, plan_form),
        },
        status=422 if conclude_form is not None or plan_form is not None else 200,
    )


def experiment_detail(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """One experiment: definition, lifecycle, decision; results load beneath."""
    return _detail(request, _get(request, experiment_id))


@require_GET
def experiment_results(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """The results (an htmx partial): per metric and variant, effect, interval, p-value."""
    experiment = _get(request, experiment_id)
    correction = request.GET.get("correction", "")
    dimension = request.GET.get("dimension")
    engine = request.GET.get("engine", "")
    analysis = selectors.experiment_results(
        viewer=request.user,
        experiment=experiment,
        correction=correction,
        dimension=dimension,
        engine=engine,
    )
    charts = {m.key: effect_interval_spec(m, relative=analysis.relative) for m in analysis.metrics}
    template = (
        "weblab/partials/_results.html"
        if getattr(request, "htmx", False)
        else "weblab/experiment_results.html"
    )
    return render(
        request,
        template,
        {
            "experiment": experiment,
            "analysis": analysis,
            "charts": charts,
            "corrections": Correction.choices,
            "dimensions": selectors.breakdown_dimensions(viewer=request.user),
            "exposures": selectors.experiment_exposure_count(
                viewer=request.user, experiment=experiment
            ),
            "selected_correction": analysis.correction,
            "selected_dimension": analysis.dimension,
            "peeking": selectors.experiment_peeking(
                viewer=request.user, experiment=experiment, units=analysis.total_units
            ),
            "engine_override": analysis.engine if analysis.engine != experiment.engine else "",
        },
    )


@require_POST
def experiment_plan(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """Set a draft's plan: the sample size or the duration it is read at."""
    experiment = _get(request, experiment_id)
    form = PlanForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.experiment_plan(
            actor=current_user(request), experiment=experiment, **data
        ),
        message="Planned: the experiment can start.",
        then=redirect("weblab:detail", experiment_id=experiment.pk),
    )
    return done or _detail(request, experiment, plan_form=form)


@require_POST
def experiment_start(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """Start a draft."""
    experiment = _get(request, experiment_id)
    return action_post(
        request,
        lambda: services.experiment_start(actor=current_user(request), experiment=experiment),
        message="Started: units are assigned from now.",
        then=redirect("weblab:detail", experiment_id=experiment.pk),
    )


@require_POST
def experiment_stop(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """Stop a running experiment."""
    experiment = _get(request, experiment_id)
    return action_post(
        request,
        lambda: services.experiment_stop(actor=current_user(request), experiment=experiment),
        message="Stopped: conclude it with ship, iterate or stop.",
        then=redirect("weblab:detail", experiment_id=experiment.pk),
    )


@require_POST
def experiment_conclude(request: HttpRequest, experiment_id: int) -> HttpResponse:
    """Conclude with a decision and a learning."""
    experiment = _get(request, experiment_id)
    form = ConcludeForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.experiment_conclude(
            actor=current_user(request), experiment=experiment, **data
        ),
        message="Concluded: the learning is in the archive.",
        then=redirect("weblab:detail", experiment_id=experiment.pk),
    )
    return done or _detail(request, experiment, conclude_form=form)


def archive(request: HttpRequest) -> HttpResponse:
    """Every concluded experiment and its learning, searchable."""
    q = request.GET.get("q", "").strip()
    result = request.GET.get("result", "")
    conclusion = request.GET.get("conclusion", "")
    learnings = selectors.learning_archive(
        viewer=request.user, q=q, result=result, conclusion=conclusion
    )
    page = Paginator(learnings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "weblab/archive.html",
        {
            "page": page,
            "q": q,
            "result": result,
            "conclusion": conclusion,
            "results": Result.choices,
            "conclusions": Conclusion.choices,
            "querystring": query.urlencode(),
        },
    )


def portfolio(request: HttpRequest) -> HttpResponse:
    """The rate of invention: experiments started per week, what won, time to decision."""
    summary = selectors.portfolio_summary(viewer=request.user)
    concluded = [
        (e, (e.concluded_at - e.started_at).days if e.concluded_at and e.started_at else None)
        for e in selectors.learning_archive(viewer=request.user)[:PAGE_SIZE]
    ]
    return render(
        request,
        "weblab/portfolio.html",
        {
            "portfolio": summary,
            "chart": starts_per_week_spec(summary.weeks),
            "outcomes": outcome_share_spec(summary.won, summary.flat, summary.lost)
            if summary.concluded
            else None,
            "concluded": concluded,
        },
    )


@require_GET
def power(request: HttpRequest) -> HttpResponse:
    """The power calculator (an htmx partial): minimum detectable lift and units needed."""
    form = PowerForm(request.GET)
    plan = None
    if form.is_valid():
        data = form.cleaned_data
        plan = power_plan(
            baseline=data["baseline"],
            std_dev=data["std_dev"],
            units_per_week=data["units_per_week"],
            weeks=data["weeks"],
            variants=data["variants"],
            lift=data["lift"],
        )
    return render(request, "weblab/partials/_power.html", {"form": form, "plan": plan})
