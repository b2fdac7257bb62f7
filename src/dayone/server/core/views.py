"""Pages of core: home, account and API tokens, people, audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from dayone.server.core import selectors, services
from dayone.server.core.forms import ApiTokenCreateForm, UserCreateForm, UserRoleForm
from dayone.server.core.models import ApiToken
from dayone.server.core.navigation import SECTIONS
from dayone.server.core.panels import panels_drawn
from dayone.server.core.utils import action_post, current_user, form_errors_from, form_post

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    """The company's front page: what needs the viewer this week, and every mechanism."""
    return render(
        request,
        "core/home.html",
        {
            "sections": SECTIONS,
            "panels": panels_drawn(request, "home"),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in person's page: role and API tokens."""
    user = current_user(request)
    form = ApiTokenCreateForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _, new_token = services.api_token_create(actor=user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Token created. Copy it now: it is not shown again.")
            form = ApiTokenCreateForm()
    return render(
        request,
        "core/account.html",
        {"form": form, "tokens": selectors.api_token_list(viewer=user), "new_token": new_token},
    )


@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of your tokens."""
    user = current_user(request)
    try:
        token = selectors.api_token_get_for_user(viewer=user, token_id=token_id)
    except ApiToken.DoesNotExist:
        messages.error(request, "That token does not exist or is not yours.")
        return redirect("core:account")
    services.api_token_revoke(actor=user, token=token)
    messages.success(request, f"Token '{token.name}' revoked.")
    return redirect("core:account")


@require_http_methods(["GET", "POST"])
def people(request: HttpRequest) -> HttpResponse:
    """Everyone in the company; admins add people here."""
    user = current_user(request)
    form = UserCreateForm(request.POST or None)
    done = form_post(
        request,
        form,
        lambda data: services.user_create(actor=user, **data),
        message=lambda person: f"{person} can now sign in as '{person.username}'.",
        then=redirect("core:people"),
    )
    return done or render(
        request,
        "core/people.html",
        {
            "people": selectors.user_list(viewer=user),
            "form": form,
            "role_form": UserRoleForm(),
            "lockouts": selectors.login_lockout_list(viewer=user) if user.is_admin else [],
        },
    )


@require_POST
def login_lockout_lift(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """An admin lifts a sign-in pause."""
    actor = current_user(request)
    return action_post(
        request,
        lambda: services.login_lockout_lift(actor=actor, attempt_id=attempt_id),
        message="Sign-in is open again for that account and address.",
        then=redirect("core:people"),
    )


@require_POST
def person_role(request: HttpRequest, user_id: int) -> HttpResponse:
    """An admin changes someone's role."""
    actor = current_user(request)
    form = UserRoleForm(request.POST)
    person = selectors.user_list(viewer=actor).filter(pk=user_id).first()
    if person is None or not form.is_valid():
        messages.error(request, "Choose a person and a valid role.")
        return redirect("core:people")
    return action_post(
        request,
        lambda: services.user_set_role(actor=actor, user=person, role=form.cleaned_data["role"]),
        message=lambda changed: f"{changed} is now {changed.get_role_display().lower()}.",
        then=redirect("core:people"),
    )


def audit(request: HttpRequest) -> HttpResponse:
    """The audit log: every write, newest first. Admins only."""
    entries = selectors.audit_list(viewer=request.user)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page})
