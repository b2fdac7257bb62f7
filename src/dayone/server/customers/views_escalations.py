"""Pages of "?" escalations: raise one on an anecdote, the list with the time to close, and
closing one with the root cause, the fix and the prevention."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dayone.server.core.selectors import user_named
from dayone.server.core.utils import current_user, form_post
from dayone.server.customers import rules, selectors, services
from dayone.server.customers.forms import EscalateForm, EscalationCloseForm

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 50


@require_GET
def escalation_list(request: HttpRequest) -> HttpResponse:
    """Open escalations by deadline, then closed ones; with how fast they close."""
    state = request.GET.get("state", "open")
    filters = selectors.EscalationFilters(open={"open": True, "closed": False}.get(state))
    rows = selectors.escalation_list(viewer=request.user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "customers/escalation_list.html",
        {
            "page": page,
            "state": state,
            "stats": selectors.escalation_stats(viewer=request.user),
        },
    )


@require_POST
def escalation_raise(request: HttpRequest, pk: int) -> HttpResponse:
    """Forward the anecdote with a "?" to an owner, due in so many hours."""
    anecdote = selectors.anecdote_get(viewer=request.user, pk=pk)
    user = current_user(request)
    form = EscalateForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.escalation_raise(
            actor=user,
            anecdote=anecdote,
            owner=user_named(viewer=user, username=data["owner"], field="owner"),
            hours=data["hours"],
            question=data["question"],
        ),
        message=lambda e: f"Sent to {e.owner}, due in {e.hours} hours.",
        then=lambda e: redirect("customers:escalation", pk=e.pk),
    )
    return done or render(
        request,
        "customers/anecdote_detail.html",
        {
            "anecdote": anecdote,
            "themes": selectors.theme_list(viewer=request.user),
            "escalations": selectors.escalation_list_for_anecdote(
                viewer=request.user, anecdote=anecdote
            ),
            "escalate": form,
        },
        status=422,
    )


@require_http_methods(["GET", "POST"])
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One escalation: the anecdote, the question, the deadline; its owner closes it here."""
    from django.utils import timezone

    escalation = selectors.escalation_get(viewer=request.user, pk=pk)
    form = EscalationCloseForm(request.POST or None)
    done = form_post(
        request,
        form,
        lambda data: services.escalation_close(
            actor=current_user(request), escalation=escalation, **data
        ),
        message="Closed, with the root cause, the fix and the prevention.",
        then=redirect("customers:escalation", pk=pk),
    )
    return done or render(
        request,
        "customers/escalation_detail.html",
        {
            "escalation": escalation,
            "form": form,
            "can_close": escalation.is_open
            and request.user.is_authenticated
            and rules.escalation_can_close(current_user(request), escalation),
            "overdue": rules.escalation_overdue(escalation, timezone.now()),
        },
        status=422 if form.errors else 200,
    )
