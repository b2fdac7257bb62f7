"""Pages of goals: the list with status over time, the leadership team's list, a goal's page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from dayone.server.core.access import writers_only
from dayone.server.core.panels import panels_drawn
from dayone.server.core.utils import current_user, form_post
from dayone.server.decisions import selectors as decision_selectors
from dayone.server.decisions.enums import SourceKind
from dayone.server.goals import selectors, services
from dayone.server.goals.charts import goal_metric_spec, status_mix_spec
from dayone.server.goals.enums import Outcome, ReviewStatus
from dayone.server.goals.forms import GoalCloseForm, GoalEditForm, GoalForm, GoalReviewForm
from dayone.server.goals.lint import GoalDraft, goal_lint
from dayone.server.goals.models import Goal
from dayone.server.teams import selectors as org_selectors
from dayone.server.wbr.catalogue import metric_format
from dayone.server.wbr.measure import measure_rule

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from dayone.server.core.models import User

PAGE_SIZE = 25
MONTHS = 12


def _filters(request: HttpRequest) -> selectors.GoalFilters:
    elevated = request.GET.get("elevated")
    outcome = request.GET.get("outcome", Outcome.OPEN)
    return selectors.GoalFilters(
        team=request.GET.get("team", ""),
        owner=request.GET.get("owner", ""),
        outcome="" if outcome == "all" else outcome,
        status=request.GET.get("status", ""),
        elevated=True if elevated == "1" else None,
        q=request.GET.get("q", "").strip(),
    )


def _goal_rows(request: HttpRequest, goals: Any, *, elevated_only: bool = False) -> dict[str, Any]:
    """The list, one page of it, its status dots and the status-over-time chart."""
    today = timezone.localdate()
    months = selectors.month_starts(today, MONTHS)
    all_goals = list(goals)
    grid = selectors.goal_status_by_month(
        viewer=request.user, goals=all_goals, end=today, months=MONTHS
    )
    page = Paginator(all_goals, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "goal": goal,
            "months": list(zip(months, grid[goal.pk], strict=True)),
            "review_due": selectors.goal_review_due(goal, today),
        }
        for goal in page.object_list
    ]
    latest = [goal.latest_status for goal in all_goals if goal.outcome == Outcome.OPEN]
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "rows": rows,
        "count": len(all_goals),
        "counts": {status: latest.count(status) for status in ReviewStatus.values},
        "unreviewed": latest.count(None),
        "due_for_review": sum(selectors.goal_review_due(goal, today) for goal in all_goals),
        "mix_spec": status_mix_spec(grid, months),
        "months": months,
        "querystring": query.urlencode(),
        "elevated_only": elevated_only,
    }


def index(request: HttpRequest) -> HttpResponse:
    """Every goal, filtered, with its status month by month."""
    filters = _filters(request)
    goals = selectors.goal_list(viewer=request.user, filters=filters)
    context = _goal_rows(request, goals)
    context.update(
        {
            "filters": filters,
            "outcome_param": request.GET.get("outcome", Outcome.OPEN),
            "teams": org_selectors.team_list(viewer=request.user),
            "outcomes": Outcome.choices,
            "statuses": ReviewStatus.choices,
        }
    )
    return render(request, "goals/goal_list.html", context)


def leadership(request: HttpRequest) -> HttpResponse:
    """The leadership team's list: the few goals elevated from every team."""
    outcome = request.GET.get("outcome", Outcome.OPEN)
    filters = selectors.GoalFilters(elevated=True, outcome="" if outcome == "all" else outcome)
    goals = selectors.goal_list(viewer=request.user, filters=filters)
    context = _goal_rows(request, goals, elevated_only=True)
    context["outcome_param"] = outcome
    return render(request, "goals/goal_leadership.html", context)


def _draft_from(form: GoalForm, viewer: User) -> GoalDraft:
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    team = data.get("team")
    team_keys: tuple[str, ...] = ()
    if team is not None:
        team_keys = tuple(org_selectors.team_metric_keys(viewer=viewer, team_id=team.pk))
    return GoalDraft(
        text=data.get("text") or form.data.get("text", ""),
        has_owner=data.get("owner") is not None,
        due_on=data.get("due_on"),
        metric_key=data.get("metric_key") or "",
        target=data.get("target"),
        kind=data.get("kind") or "input",
        team_metric_keys=team_keys,
    )


@require_POST
def goal_lint_partial(request: HttpRequest) -> HttpResponse:
    """What the goal linter says about the goal being written (htmx, as the form changes)."""
    form = GoalForm(request.POST)
    form.is_valid()
    findings = goal_lint(_draft_from(form, current_user(request)))
    return render(request, "goals/partials/_findings.html", {"findings": findings, "live": True})


@require_http_methods(["GET", "POST"])
@writers_only
def goal_create(request: HttpRequest) -> HttpResponse:
    """Set a goal, with the linter checking it as it is written."""
    user = current_user(request)
    initial: dict[str, Any] = {"owner": user}
    if request.GET.get("team"):
        initial["team"] = (
            org_selectors.team_list(viewer=user).filter(slug=request.GET["team"]).first()
        )
    form = GoalForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.goal_create(actor=user, **data),
        message="Goal set. Review it monthly: green, yellow or red.",
        then=lambda goal: redirect("goals:detail", goal_id=goal.pk),
    )
    return done or render(
        request,
        "goals/goal_form.html",
        {"form": form, "goal": None},
        status=422 if form.errors else 200,
    )


def _get_goal(request: HttpRequest, goal_id: int) -> Goal:
    try:
        return selectors.goal_get(viewer=request.user, goal_id=goal_id)
    except Goal.DoesNotExist as exc:
        raise Http404("No such goal.") from exc


@require_http_methods(["GET", "POST"])
@writers_only
def goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    """Change an open goal (the audit log keeps what it said before)."""
    user = current_user(request)
    goal = _get_goal(request, goal_id)
    initial = {
        "text": goal.text,
        "team": goal.team,
        "owner": goal.owner,
        "starts_on": goal.starts_on,
        "due_on": goal.due_on,
        "metric_key": goal.metric_key,
        "target": "" if goal.target is None else f"{goal.target:g}",
        "judged_by": goal.judged_by,
        "direction": goal.direction,
        "kind": goal.kind,
        "elevated": goal.elevated,
        "version": goal.version,
    }
    form = GoalEditForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.goal_update(
            actor=user, goal=goal, **{**data, "starts_on": data["starts_on"] or goal.starts_on}
        ),
        message="Goal saved.",
        then=redirect("goals:detail", goal_id=goal.pk),
    )
    return done or render(
        request,
        "goals/goal_form.html",
        {"form": form, "goal": goal},
        status=422 if form.errors else 200,
    )


def _detail(
    request: HttpRequest,
    goal: Goal,
    review_form: GoalReviewForm | None = None,
    close_form: GoalCloseForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    measure = selectors.goal_measure(viewer=request.user, goal=goal, today=today)
    info = measure.info if measure is not None else None
    progress = measure.progress if measure is not None else None
    chart = (
        goal_metric_spec(measure.series, goal.target, measure.info.label, measure.info.is_rate)
        if measure is not None and len(measure.series) > 1
        else None
    )
    rule = measure.rule if measure is not None else measure_rule(None) if goal.metric_key else ""
    months = selectors.month_starts(today, MONTHS)
    grid = selectors.goal_status_by_month(viewer=request.user, goals=[goal], end=today)
    close_form = close_form or GoalCloseForm()
    if today < goal.due_on:
        close_form.fields.pop("outcome", None)  # before the due date a goal can only be withdrawn
    return render(
        request,
        "goals/goal_detail.html",
        {
            "goal": goal,
            "can_review": selectors.goal_may_review(request.user, goal),
            "can_change": selectors.goal_may_change(request.user, goal),
            "info": info,
            "measure_rule": rule,
            "progress": progress,
            "progress_text": metric_format(info, progress.value) if progress else "",
            "target_text": metric_format(info, goal.target) if goal.target is not None else "",
            "outcome_text": metric_format(info, goal.outcome_value),
            "chart": chart,
            "findings": selectors.goal_findings(viewer=request.user, goal=goal),
            "reviews": selectors.goal_reviews(viewer=request.user, goal=goal),
            "months": list(zip(months, grid[goal.pk], strict=True)),
            "review_due": selectors.goal_review_due(goal, today),
            "is_due": today >= goal.due_on,
            "review_form": review_form or GoalReviewForm(),
            "close_form": close_form,
            "panels": panels_drawn(request, "goal", goal),
            "linked": decision_selectors.decision_rows(
                list(
                    decision_selectors.decision_list_linked(
                        viewer=request.user, kind=SourceKind.GOAL, refs=[goal.pk]
                    )
                )
            ),
            "propose_url": decision_selectors.decision_propose_url(
                kind=SourceKind.GOAL,
                ref=goal.pk,
                title=goal.text[:200],
                url=reverse("goals:detail", args=[goal.pk]),
            ),
        },
        status=422 if (review_form or close_form.is_bound) else 200,
    )


def goal_detail(request: HttpRequest, goal_id: int) -> HttpResponse:
    """A goal: its metric against the target, the linter's view, and every review."""
    return _detail(request, _get_goal(request, goal_id))


@require_POST
def goal_review(request: HttpRequest, goal_id: int) -> HttpResponse:
    """Add a review (append-only)."""
    goal = _get_goal(request, goal_id)
    form = GoalReviewForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.goal_review_add(actor=current_user(request), goal=goal, **data),
        message=lambda review: f"Reviewed {review.get_status_display().lower()}.",
        then=redirect("goals:detail", goal_id=goal.pk),
    )
    return done or _detail(request, goal, review_form=form)


@require_POST
def goal_close(request: HttpRequest, goal_id: int) -> HttpResponse:
    """Close at the due date (met or not met) or withdraw."""
    goal = _get_goal(request, goal_id)
    form = GoalCloseForm(request.POST)
    user = current_user(request)

    def close(data: dict[str, Any]) -> Goal:
        if request.POST.get("action") == "withdraw":
            return services.goal_withdraw(actor=user, goal=goal, note=data["outcome_note"])
        return services.goal_close(
            actor=user, goal=goal, outcome=data["outcome"], note=data["outcome_note"]
        )

    done = form_post(
        request,
        form,
        close,
        message=lambda _: f"Goal closed: {goal.get_outcome_display().lower()}.",
        then=redirect("goals:detail", goal_id=goal.pk),
    )
    return done or _detail(request, goal, close_form=form)
