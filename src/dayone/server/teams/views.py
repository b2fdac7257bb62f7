"""Pages of the organisation: the org chart, team pages, initiatives, principles, policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dayone.server.core import selectors as core_selectors
from dayone.server.core.access import writers_only
from dayone.server.core.panels import panels_drawn
from dayone.server.core.utils import action_post, current_user, form_post
from dayone.server.teams import selectors, services
from dayone.server.teams.charts import dependency_counts_spec, dependency_matrix_spec
from dayone.server.teams.enums import InitiativeStatus
from dayone.server.teams.forms import (
    DependencyAddForm,
    InitiativeEditForm,
    InitiativeForm,
    InitiativeLeaderForm,
    MemberAddForm,
    MetricAddForm,
    PolicyForm,
    PrincipleForm,
    TeamEditForm,
    TeamForm,
)
from dayone.server.teams.models import Initiative, Principle, Team
from dayone.server.teams.principle_uses import principle_use_records, principle_uses
from dayone.server.wbr.selectors import metric_catalogue

if TYPE_CHECKING:
    from django.forms import Form
    from django.http import HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    """The org chart: teams by the leader they report to, every warning, the dependency tax."""
    overview = selectors.org_overview(viewer=request.user)
    return render(
        request,
        "teams/team_list.html",
        {
            "overview": overview,
            "groups": overview.by_sponsor(),
            "matrix_spec": dependency_matrix_spec(overview.teams),
            "counts_spec": dependency_counts_spec(overview.teams, overview.policy.dependency_limit),
            "edge_count": sum(len(summary.depends_on) for summary in overview.teams),
        },
    )


@require_http_methods(["GET", "POST"])
@writers_only
def team_create(request: HttpRequest) -> HttpResponse:
    """Create a team."""
    form = TeamForm(request.POST or None)
    done = form_post(
        request,
        form,
        lambda data: services.team_create(actor=current_user(request), **data),
        message=lambda team: f"{team} created. Add its members and the metrics it owns.",
        then=lambda team: redirect("teams:team_detail", slug=team.slug),
    )
    return done or render(request, "teams/team_form.html", {"form": form, "team": None})


def _get_team(request: HttpRequest, slug: str) -> Team:
    try:
        return selectors.team_get(viewer=request.user, slug=slug)
    except Team.DoesNotExist as exc:
        raise Http404("No such team.") from exc


def _metrics_named(keys: list[str]) -> list[tuple[str, Any]]:
    """Each key with its catalogue entry (``None`` for a key the catalogue no longer has)."""
    catalogue = metric_catalogue()
    return [(key, catalogue.get(key)) for key in keys]


def _team_page(
    request: HttpRequest, slug: str, bound: dict[str, Form] | None = None
) -> HttpResponse:
    try:
        summary = selectors.team_detail(viewer=request.user, slug=slug)
    except Team.DoesNotExist as exc:
        raise Http404("No such team.") from exc
    team = summary.team
    forms: dict[str, Form] = {
        "member_form": MemberAddForm(),
        "metric_form": MetricAddForm(),
        "dependency_form": DependencyAddForm(team=team),
        **(bound or {}),
    }
    panels = panels_drawn(request, "team", team)
    status = 422 if bound else 200
    return render(
        request,
        "teams/team_detail.html",
        {
            "summary": summary,
            "team": team,
            "metrics": _metrics_named(summary.metric_keys),
            "former_members": selectors.team_former_members(viewer=request.user, team=team)[:10],
            "panels": panels,
            "policy": selectors.org_policy_get(),
            **forms,
        },
        status=status,
    )


def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A team: members, initiatives, metrics, dependencies both ways, and the parts' sections."""
    return _team_page(request, slug)


@require_http_methods(["GET", "POST"])
@writers_only
def team_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a team's name, mission, leader and reporting line."""
    team = _get_team(request, slug)
    initial = {
        "name": team.name,
        "mission": team.mission,
        "leader": team.leader,
        "reports_to": team.reports_to,
        "is_leadership": team.is_leadership,
        "version": team.version,
    }
    form = TeamEditForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.team_update(actor=current_user(request), team=team, **data),
        message=lambda saved: f"{saved} saved.",
        then=lambda saved: redirect("teams:team_detail", slug=saved.slug),
    )
    return done or render(
        request,
        "teams/team_form.html",
        {"form": form, "team": team},
        status=422 if form.errors else 200,
    )


def _team_action(
    request: HttpRequest, slug: str, *, form: Form, key: str, action: Any, success: str
) -> HttpResponse:
    team = _get_team(request, slug)
    done = form_post(
        request,
        form,
        lambda data: action(team, data),
        message=lambda _: success.format(team=team, **form.cleaned_data),
        then=lambda _: redirect("teams:team_detail", slug=team.slug),
    )
    return done or _team_page(request, slug, {key: form})


@require_POST
def team_member_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a person to the team."""
    return _team_action(
        request,
        slug,
        form=MemberAddForm(request.POST),
        key="member_form",
        action=lambda team, data: services.team_member_add(
            actor=current_user(request), team=team, person=data["person"]
        ),
        success="{person} joined {team}.",
    )


@require_POST
def team_member_remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Take a person off the team (the membership is kept in its history)."""
    team = _get_team(request, slug)
    person = core_selectors.user_list(viewer=request.user).filter(pk=user_id).first()
    if person is None:
        raise Http404("No such person.")
    return action_post(
        request,
        lambda: services.team_member_remove(actor=current_user(request), team=team, person=person),
        message=f"{person} left {team}.",
        then=redirect("teams:team_detail", slug=team.slug),
    )


@require_POST
def team_metric_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Measure the team by a metric."""
    return _team_action(
        request,
        slug,
        form=MetricAddForm(request.POST),
        key="metric_form",
        action=lambda team, data: services.team_metric_add(
            actor=current_user(request), team=team, metric_key=data["metric_key"]
        ),
        success="{team} is now measured by {metric_key}.",
    )


@require_POST
def team_metric_remove(request: HttpRequest, slug: str, metric_key: str) -> HttpResponse:
    """Stop measuring the team by a metric."""
    team = _get_team(request, slug)
    return action_post(
        request,
        lambda: services.team_metric_remove(
            actor=current_user(request), team=team, metric_key=metric_key
        ),
        message=f"{team} is no longer measured by {metric_key}.",
        then=redirect("teams:team_detail", slug=team.slug),
    )


@require_POST
def team_dependency_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a team this team depends on."""
    team = _get_team(request, slug)
    return _team_action(
        request,
        slug,
        form=DependencyAddForm(request.POST, team=team),
        key="dependency_form",
        action=lambda team, data: services.team_dependency_add(
            actor=current_user(request), team=team, **data
        ),
        success="{team} now depends on {depends_on}.",
    )


@require_POST
def team_dependency_remove(request: HttpRequest, slug: str, other: str) -> HttpResponse:
    """Remove a dependency: the tax is paid down."""
    team = _get_team(request, slug)
    depends_on = _get_team(request, other)
    return action_post(
        request,
        lambda: services.team_dependency_remove(
            actor=current_user(request), team=team, depends_on=depends_on
        ),
        message=f"{team} no longer depends on {depends_on}.",
        then=redirect("teams:team_detail", slug=team.slug),
    )


@require_http_methods(["GET", "POST"])
def initiative_list(request: HttpRequest) -> HttpResponse:
    """Every initiative with its single-threaded leader; writers start new ones here."""
    user = current_user(request)
    form = InitiativeForm(request.POST or None, initial={"team": request.GET.get("team")})
    done = form_post(
        request,
        form,
        lambda data: services.initiative_create(actor=user, **data),
        message=lambda initiative: f"Initiative '{initiative}' started.",
        then=redirect("teams:initiative_list"),
    )
    if done:
        return done
    status = request.GET.get("status", InitiativeStatus.ACTIVE)
    if status not in InitiativeStatus.values and status != "all":
        status = InitiativeStatus.ACTIVE
    overview = selectors.org_overview(viewer=user)
    initiatives = selectors.initiative_list(viewer=user, status=None if status == "all" else status)
    return render(
        request,
        "teams/initiative_list.html",
        {
            "form": form,
            "initiatives": initiatives,
            "status": status,
            "statuses": InitiativeStatus.choices,
            "overview": overview,
            "spread_ids": {
                initiative.pk for led in overview.spread_leaders.values() for initiative in led
            },
        },
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def initiative_detail(request: HttpRequest, initiative_id: int) -> HttpResponse:
    """One initiative: edit it, or name or hand over its single-threaded leader."""
    user = current_user(request)
    try:
        initiative = selectors.initiative_get(viewer=user, initiative_id=initiative_id)
    except Initiative.DoesNotExist as exc:
        raise Http404("No such initiative.") from exc
    edit_form = InitiativeEditForm(
        request.POST if request.POST.get("form") == "edit" else None,
        initial={
            "name": initiative.name,
            "description": initiative.description,
            "status": initiative.status,
        },
    )
    leader_form = InitiativeLeaderForm(
        request.POST if request.POST.get("form") == "leader" else None,
        initial={"leader": initiative.leader},
    )
    form: Form = leader_form if request.POST.get("form") == "leader" else edit_form
    save = services.initiative_set_leader if form is leader_form else services.initiative_update
    done = form_post(
        request,
        form,
        lambda data: save(actor=user, initiative=initiative, **data),
        message=lambda _: f"Initiative '{initiative}' saved.",
        then=redirect("teams:initiative_detail", initiative_id=initiative.pk),
    )
    if done:
        return done
    return render(
        request,
        "teams/initiative_detail.html",
        {"initiative": initiative, "edit_form": edit_form, "leader_form": leader_form},
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def principle_list(request: HttpRequest) -> HttpResponse:
    """The company's leadership principles; writers add one, admins load the starter set."""
    user = current_user(request)
    form = PrincipleForm(request.POST or None)
    done = form_post(
        request,
        form,
        lambda data: services.principle_create(
            actor=user, name=data["name"], description=data["description"]
        ),
        message=lambda principle: f"'{principle}' added.",
        then=redirect("teams:principle_list"),
    )
    if done:
        return done
    uses = principle_uses(viewer=user)
    principles = [
        (principle, uses.of(principle.pk))
        for principle in selectors.principle_list(viewer=user, include_inactive=True)
    ]
    return render(
        request,
        "teams/principle_list.html",
        {
            "principles": principles,
            "unused": [p for p, used in principles if p.is_active and not used],
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@require_POST
def principles_seed(request: HttpRequest) -> HttpResponse:
    """Load the starter set of sixteen principles (admins)."""
    added = services.principles_seed(actor=current_user(request))
    messages.success(request, f"{len(added)} principles added from the starter set.")
    return redirect("teams:principle_list")


@require_http_methods(["GET", "POST"])
def principle_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One principle: edit it; every earlier wording stays in its history."""
    user = current_user(request)
    try:
        principle = selectors.principle_get(viewer=user, slug=slug)
    except Principle.DoesNotExist as exc:
        raise Http404("No such principle.") from exc
    form = PrincipleForm(
        request.POST or None,
        initial={
            "name": principle.name,
            "description": principle.description,
            "is_active": principle.is_active,
        },
    )
    done = form_post(
        request,
        form,
        lambda data: services.principle_update(actor=user, principle=principle, **data),
        message=lambda _: f"'{principle}' saved; the earlier wording is kept below.",
        then=lambda _: redirect("teams:principle_detail", slug=principle.slug),
    )
    if done:
        return done
    return render(
        request,
        "teams/principle_detail.html",
        {
            "principle": principle,
            "form": form,
            "revisions": selectors.principle_revisions(viewer=user, principle=principle),
            "uses": principle_uses(viewer=user).of(principle.pk),
            "records": principle_use_records(viewer=user, principle=principle),
        },
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest) -> HttpResponse:
    """The thresholds the org view flags (admins change them)."""
    policy = selectors.org_policy_get()
    form = PolicyForm(
        request.POST or None,
        initial={
            "two_pizza_limit": policy.two_pizza_limit,
            "dependency_limit": policy.dependency_limit,
        },
    )
    done = form_post(
        request,
        form,
        lambda data: services.org_policy_update(actor=current_user(request), **data),
        message="Thresholds saved.",
        then=redirect("teams:index"),
    )
    return done or render(request, "teams/policy_form.html", {"form": form, "policy": policy})
