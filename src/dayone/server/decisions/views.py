"""Pages of decisions: the list, proposing, one decision and its actions, velocity, settings."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from dayone.server.core.access import ensure_admin, ensure_can_write, writers_only
from dayone.server.core.models import User
from dayone.server.core.utils import current_user, form_errors_from, form_post
from dayone.server.decisions import charts, selectors, services
from dayone.server.decisions.enums import Door, Status
from dayone.server.decisions.forms import (
    DecideForm,
    DecisionEditForm,
    DecisionFilterForm,
    DecisionForm,
    DecisionSettingsForm,
    OptionAddForm,
    OptionFormSet,
    PostponeForm,
    ResolveForm,
    ReviewForm,
    SourceForm,
    StanceForm,
    SupersedeForm,
    WithdrawForm,
)
from dayone.server.decisions.models import Decision, Escalation
from dayone.server.decisions.services import OptionInput, SourceInput

if TYPE_CHECKING:
    from django.forms import BaseFormSet
    from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 25


def _decision(request: HttpRequest, decision_id: int) -> Decision:
    try:
        return selectors.decision_get_for_user(viewer=request.user, decision_id=decision_id)
    except Decision.DoesNotExist as exc:
        raise Http404("No such decision.") from exc


def index(request: HttpRequest) -> HttpResponse:
    """All decisions with filters; the open ones that need attention first in the summary."""
    user = current_user(request)
    filters = DecisionFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    person = data.get("person")
    decisions = selectors.decision_list(
        viewer=user,
        status=data.get("status", ""),
        door=data.get("door", ""),
        flag=data.get("flag", ""),
        q=data.get("q", ""),
        person_id=person.pk if person else None,
    )
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "rows": selectors.decision_rows(list(page.object_list)),
        "query": query.urlencode(),
        "filtered": bool(query),
        "queue": selectors.person_queue(viewer=user, person_id=user.pk),
        "overdue_escalations": list(selectors.escalation_list(viewer=user, overdue_only=True)[:5]),
    }
    htmx = getattr(request, "htmx", False)
    template = "decisions/partials/_decision_table.html" if htmx else "decisions/decision_list.html"
    return render(request, template, context)


def _options_from(formset: BaseFormSet[Any]) -> list[OptionInput]:
    return [
        OptionInput(
            f.cleaned_data.get("label", ""),
            f.cleaned_data.get("pros", ""),
            f.cleaned_data.get("cons", ""),
        )
        for f in formset.forms
        if f.is_valid()
    ]


def _propose(
    request: HttpRequest,
    *,
    form: DecisionForm,
    formset: BaseFormSet[Any],
    supersedes: Decision | None = None,
    source: SourceInput | None = None,
) -> Decision | None:
    """Run the create (or supersede) service; put its errors on the form. None when refused."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    data = form.cleaned_data
    common = {
        "actor": current_user(request),
        "question": data["question"],
        "context": data["context"],
        "door": data["door"],
        "information_pct": data["information_pct"],
        "decide_by": data["decide_by"],
        "decider": data["decider"],
        "stakeholders": data["stakeholders"],
        "options": _options_from(formset),
    }
    try:
        if supersedes is None:
            return services.decision_create(source=source, **common)
        return services.decision_supersede(decision=supersedes, kind=data["kind"], **common)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        if "options" in errors:
            formset._non_form_errors = formset.error_class(errors.pop("options"))  # type: ignore[attr-defined]
        if errors:
            form_errors_from(form, ValidationError(errors))
        return None


@require_http_methods(["GET", "POST"])
@writers_only
def create(request: HttpRequest) -> HttpResponse:
    """Propose a decision."""
    user = current_user(request)
    ensure_can_write(user)
    initial = {
        "decider": user.pk,
        "information_pct": 70,
        "decide_by": timezone.localdate() + timedelta(days=7),
    }
    form = DecisionForm(request.POST or None, initial=initial)
    formset = OptionFormSet(request.POST or None, prefix="options")
    source_form = SourceForm(request.POST if request.method == "POST" else request.GET)
    source = _source(source_form)
    if request.method == "POST":
        refused_source = source is None and any(key in request.POST for key in source_form.fields)
        if refused_source:
            form.add_error(
                None, f"The link to what this decision is about is invalid: {_errors(source_form)}"
            )
        decision = (
            None if refused_source else _propose(request, form=form, formset=formset, source=source)
        )
        if decision is not None:
            messages.success(request, "Decision proposed. The decider and stakeholders were told.")
            return redirect("decisions:detail", decision.pk)
    return render(
        request,
        "decisions/decision_form.html",
        {
            "form": form,
            "formset": formset,
            "title": "Propose a decision",
            "source": source,
            "source_form": source_form if source is not None else None,
        },
    )


def _errors(form: SourceForm) -> str:
    return "; ".join(
        f"{name}: {' '.join(str(error) for error in errors)}"
        for name, errors in form.errors.items()
    )


def _source(form: SourceForm) -> SourceInput | None:
    """The part a decision is proposed from, when the page carried a valid one."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    return SourceInput(
        kind=data["source_kind"],
        ref=data["source_ref"],
        title=data["source_title"],
        url=data["source_url"],
    )


@require_http_methods(["GET", "POST"])
def supersede(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Reverse or correct a decided decision with a new linked one."""
    original = _decision(request, decision_id)
    ensure_can_write(current_user(request))
    initial = {
        "question": original.question,
        "context": original.context,
        "door": original.door,
        "information_pct": original.information_pct,
        "decide_by": timezone.localdate() + timedelta(days=7),
        "decider": original.decider_id,
        "stakeholders": [p.pk for p in original.stakeholders.all()],
    }
    form = SupersedeForm(request.POST or None, initial=initial)
    formset = OptionFormSet(
        request.POST or None,
        prefix="options",
        initial=[
            {"label": o.label, "pros": o.pros, "cons": o.cons} for o in original.options.all()
        ],
    )
    if request.method == "POST":
        decision = _propose(request, form=form, formset=formset, supersedes=original)
        if decision is not None:
            messages.success(request, "Proposed. The original stays as it was, linked to this one.")
            return redirect("decisions:detail", decision.pk)
    return render(
        request,
        "decisions/decision_form.html",
        {"form": form, "formset": formset, "title": "Reverse or correct", "original": original},
    )


def _detail(request: HttpRequest, decision: Decision, **forms: Any) -> HttpResponse:
    user = current_user(request)
    view = selectors.decision_view(viewer=user, decision=decision)
    context = {
        "view": view,
        "decision": decision,
        "linked": selectors.decision_linked(viewer=user, decision=decision),
        "stance_form": forms.get("stance_form") or StanceForm(),
        "decide_form": forms.get("decide_form") or DecideForm(decision=decision),
        "review_form": forms.get("review_form") or ReviewForm(),
        "resolve_form": forms.get("resolve_form") or ResolveForm(decision=decision),
        "resolve_id": forms.get("resolve_id"),
        "resolve_blank": ResolveForm(decision=decision),
        "option_form": forms.get("option_form") or OptionAddForm(),
        "Status": Status,
    }
    return render(request, "decisions/decision_detail.html", context)


def detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    """One decision: options, the stance ledger, escalations, the call, reviews, history."""
    return _detail(request, _decision(request, decision_id))


@require_POST
def stance(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Record your stance."""
    decision = _decision(request, decision_id)
    form = StanceForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.stance_record(actor=current_user(request), decision=decision, **data),
        message="Your stance is on the record.",
        then=redirect("decisions:detail", decision.pk),
    )
    return done or _detail(request, decision, stance_form=form)


@require_POST
def decide(request: HttpRequest, decision_id: int) -> HttpResponse:
    """The decider decides."""
    decision = _decision(request, decision_id)
    form = DecideForm(request.POST, decision=decision)
    done = form_post(
        request,
        form,
        lambda data: services.decision_decide(
            actor=current_user(request), decision=decision, **data
        ),
        message="Decided. Everyone involved was told.",
        then=redirect("decisions:detail", decision.pk),
    )
    return done or _detail(request, decision, decide_form=form)


@require_POST
def resolve(request: HttpRequest, decision_id: int, escalation_id: int) -> HttpResponse:
    """The leader settles an escalation."""
    decision = _decision(request, decision_id)
    try:
        escalation = selectors.escalation_get_for_user(
            viewer=request.user, escalation_id=escalation_id
        )
    except Escalation.DoesNotExist as exc:
        raise Http404("No such escalation.") from exc
    if escalation.decision_id != decision.pk:
        raise Http404("No such escalation.")
    form = ResolveForm(request.POST, decision=decision)
    done = form_post(
        request,
        form,
        lambda data: services.escalation_resolve(
            actor=current_user(request), escalation=escalation, **data
        ),
        message="Escalation resolved; the decider can decide.",
        then=redirect("decisions:detail", decision.pk),
    )
    return done or _detail(request, decision, resolve_form=form, resolve_id=escalation.pk)


@require_POST
def review(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Record whether it was right."""
    decision = _decision(request, decision_id)
    form = ReviewForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.review_record(actor=current_user(request), decision=decision, **data),
        message="Review recorded.",
        then=redirect("decisions:detail", decision.pk),
    )
    return done or _detail(request, decision, review_form=form)


@require_POST
def option_add(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Add an option while the decision is open."""
    decision = _decision(request, decision_id)
    form = OptionAddForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.decision_option_add(
            actor=current_user(request), decision=decision, **data
        ),
        message="Option added.",
        then=redirect("decisions:detail", decision.pk),
    )
    return done or _detail(request, decision, option_form=form)


@require_http_methods(["GET", "POST"])
@writers_only
def edit(request: HttpRequest, decision_id: int) -> HttpResponse:
    """Change an open decision, move its decide-by date, or withdraw it."""
    decision = _decision(request, decision_id)
    user = current_user(request)
    action = request.POST.get("action", "edit")
    form = DecisionEditForm(
        request.POST if action == "edit" else None,
        initial={
            "context": decision.context,
            "information_pct": decision.information_pct,
            "stakeholders": [p.pk for p in decision.stakeholders.all()],
            "version": decision.version,
        },
    )
    postpone_form = PostponeForm(request.POST if action == "postpone" else None)
    withdraw_form = WithdrawForm(request.POST if action == "withdraw" else None)
    save: tuple[Any, Any] | None = {
        "edit": (form, services.decision_update),
        "postpone": (postpone_form, services.decision_postpone),
        "withdraw": (withdraw_form, services.decision_withdraw),
    }.get(action)
    if save is not None:
        bound, service = save
        done = form_post(
            request,
            bound,
            lambda data: service(actor=user, decision=decision, **data),
            message="Saved. The change is in the history.",
            then=redirect("decisions:detail", decision.pk),
        )
        if done:
            return done
    return render(
        request,
        "decisions/decision_edit.html",
        {
            "decision": decision,
            "form": form,
            "postpone_form": postpone_form,
            "withdraw_form": withdraw_form,
        },
    )


def velocity(request: HttpRequest) -> HttpResponse:
    """How fast the company decides, by door type, over twelve months."""
    data = selectors.decision_velocity(viewer=request.user)
    return render(
        request,
        "decisions/decision_velocity.html",
        {"velocity": data, "specs": charts.velocity_specs(data), "Door": Door},
    )


@require_http_methods(["GET", "POST"])
def settings(request: HttpRequest) -> HttpResponse:
    """Admins choose the one-way-door reviewers and the thresholds."""
    user = current_user(request)
    ensure_admin(user)
    company = selectors.decision_settings_get()
    form = DecisionSettingsForm(
        request.POST or None,
        initial={
            "reviewers": [p.pk for p in selectors.decision_settings_reviewers(company)],
            "information_target_pct": company.information_target_pct,
            "escalation_hours": company.escalation_hours,
            "exhaustion_rounds": company.exhaustion_rounds,
        },
    )
    done = form_post(
        request,
        form,
        lambda data: services.decision_settings_update(actor=user, **data),
        message="Decision settings saved.",
        then=redirect("decisions:settings"),
    )
    return done or render(request, "decisions/decisionsettings_form.html", {"form": form})


def person(request: HttpRequest, person_id: int) -> HttpResponse:
    """A decider's page: what they must decide, rule on, and weigh in on."""
    try:
        queue = selectors.person_queue(viewer=request.user, person_id=person_id)
    except User.DoesNotExist as exc:
        raise Http404("No such person.") from exc
    return render(request, "decisions/person_queue.html", {"queue": queue})


def inbox(request: HttpRequest) -> HttpResponse:
    """Your notifications about decisions."""
    notes = selectors.notification_list(viewer=request.user)
    page = Paginator(notes, 30).get_page(request.GET.get("page"))
    return render(request, "decisions/notification_list.html", {"page": page})


@require_POST
def inbox_read(request: HttpRequest) -> HttpResponse:
    """Mark every notification read."""
    count = services.notification_mark_read(actor=current_user(request))
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    return redirect("decisions:inbox")
