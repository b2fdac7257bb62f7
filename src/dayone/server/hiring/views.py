"""Pages of hiring: roles, candidates, the loop builder, interview kits, feedback, the debrief
and the Bar Raiser pool. Every read goes through ``selectors`` (independence is enforced
there), every write through ``services``."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dayone import hiring
from dayone.server.core import selectors as core_selectors
from dayone.server.core.access import writers_only
from dayone.server.core.utils import action_post, current_user, form_errors_from, form_post
from dayone.server.hiring import calibration as calibration_selectors
from dayone.server.hiring import privacy, questions, selectors, services
from dayone.server.hiring.enums import CheckInKind, Stage
from dayone.server.hiring.forms import (
    MAX_SEATS,
    CandidateForm,
    CheckInForm,
    DebriefForm,
    FeedbackForm,
    LoopPlanForm,
    NominateForm,
    NotesForm,
    QuestionEditForm,
    QuestionForm,
    RoleForm,
    RoleStatusForm,
    SignOffForm,
    StageForm,
    VetoEscalateForm,
)
from dayone.server.hiring.ics import interview_ics
from dayone.server.hiring.questions import kit_questions
from dayone.server.hiring.record import bar_raiser_records
from dayone.server.hiring.veto import veto_override, veto_state
from dayone.server.hiring.writing import evidence_findings
from dayone.server.teams import selectors as teams_selectors

if TYPE_CHECKING:
    from collections.abc import Callable

    from django import forms
    from django.http import HttpRequest

    from dayone.server.hiring.models import Candidate, Interview, Loop, Role


def _manages(user: Any, role: Role) -> bool:
    return bool(
        user.can_write and (user.is_admin or user.pk in {role.hiring_manager_id, role.recruiter_id})
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Roles by status, the viewer's interviews and the feedback past due."""
    user = current_user(request)
    roles = list(selectors.role_list(viewer=user))
    mine = list(selectors.interviews_of(viewer=user, person=user).filter(loop__status="open"))
    return render(
        request,
        "hiring/index.html",
        {
            "roles": roles,
            "mine": mine,
            "overdue": selectors.overdue_feedback(viewer=user),
            "active_candidates": selectors.active_candidate_count(viewer=user),
            "may_calibrate": calibration_selectors.may_calibrate(user),
        },
    )


@require_http_methods(["GET", "POST"])
@writers_only
def role_create(request: HttpRequest) -> HttpResponse:
    """Open a role."""
    user = current_user(request)
    form = RoleForm(
        request.POST or None,
        teams=teams_selectors.team_list(viewer=user),
        people=core_selectors.user_list(viewer=user),
        principles=teams_selectors.principle_list(viewer=user),
        initial={
            "hiring_manager": user.pk,
            "bar": "Better than half of the people in this role today.",
        },
    )
    done = form_post(
        request,
        form,
        lambda data: services.role_create(actor=user, **data),
        then=lambda role: redirect("hiring:role", role.pk),
        message="Role opened.",
    )
    return done or render(request, "hiring/role_form.html", {"form": form})


@require_GET
def role_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A role: its bar and principles, its candidates, and forms for its managers."""
    user = current_user(request)
    return _role_page(request, user, selectors.role_get(viewer=user, pk=pk))


def _role_page(
    request: HttpRequest, user: Any, role: Role, candidate_form: CandidateForm | None = None
) -> HttpResponse:
    """The role page, with the candidate form as submitted when it was refused."""
    manages = _manages(user, role)
    return render(
        request,
        "hiring/role_detail.html",
        {
            "role": role,
            "candidates": selectors.candidate_list(viewer=user, role=role),
            "manages": manages,
            "candidate_form": (candidate_form or CandidateForm()) if manages else None,
            "status_form": RoleStatusForm(initial={"status": role.status}) if manages else None,
        },
    )


@require_POST
def role_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Open, hold, fill or close a role."""
    user = current_user(request)
    role = selectors.role_get(viewer=user, pk=pk)
    return action_post(
        request,
        lambda: services.role_set_status(
            actor=user, role=role, status=request.POST.get("status", "")
        ),
        then=redirect("hiring:role", pk),
        message="Status changed.",
    )


@require_POST
def candidate_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a candidate to a role."""
    user = current_user(request)
    role = selectors.role_get(viewer=user, pk=pk)
    form = CandidateForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.candidate_create(actor=user, role=role, **data),
        then=lambda candidate: redirect("hiring:candidate", candidate.pk),
        message="Candidate added.",
    )
    return done or _role_page(request, user, role, candidate_form=form)


@require_GET
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate: contact, stage, timeline and loops (for the people who may see them)."""
    user = current_user(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=pk)
    return _candidate_page(request, user, candidate)


def _candidate_page(
    request: HttpRequest,
    user: Any,
    candidate: Candidate,
    escalate_form: VetoEscalateForm | None = None,
) -> HttpResponse:
    """The candidate page, with the veto's escalation form as submitted when it was refused."""
    manages = _manages(user, candidate.role)
    loops = selectors.candidate_loops(viewer=user, candidate=candidate)
    veto = veto_state(next((loop for loop in loops if loop.is_closed), None))
    may_escalate = manages and veto is not None and veto.escalable
    if may_escalate and escalate_form is None:
        escalate_form = VetoEscalateForm(people=core_selectors.user_list(viewer=user))
    return render(
        request,
        "hiring/candidate_detail.html",
        {
            "candidate": candidate,
            "events": selectors.candidate_events(viewer=user, candidate=candidate),
            "loops": loops,
            "veto": veto,
            "escalate_form": escalate_form if may_escalate else None,
            "manages": manages,
            "stage_form": StageForm(initial={"stage": candidate.stage}) if manages else None,
            "retention_months": selectors.settings_get().retention_months,
        },
    )


@require_POST
def candidate_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    """The hiring manager, the recruiter or an admin escalates the Bar Raiser's veto."""
    user = current_user(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=pk)
    form = VetoEscalateForm(request.POST, people=core_selectors.user_list(viewer=user))
    done = form_post(
        request,
        form,
        lambda data: services.veto_escalate(actor=user, candidate=candidate, **data),
        then=redirect("hiring:candidate", pk),
        message=lambda e: f"Escalated to {e.leader}; the ruling is recorded in the decision.",
    )
    return done or _candidate_page(request, user, candidate, escalate_form=form)


@require_POST
def candidate_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a candidate to another stage."""
    user = current_user(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=pk)
    return action_post(
        request,
        lambda: services.candidate_set_stage(
            actor=user, candidate=candidate, stage=request.POST.get("stage", "")
        ),
        then=redirect("hiring:candidate", pk),
        message="Stage changed.",
    )


def _seats(form: LoopPlanForm) -> list[services.SeatInput]:
    data = form.cleaned_data
    seats = []
    for row in range(MAX_SEATS):
        person = data.get(f"interviewer_{row}")
        if person is None:
            continue
        starts = data.get(f"starts_{row}")
        if starts is None:
            raise ValidationError({"schedule": f"Give {person}'s interview a start time."})
        minutes = data.get(f"minutes_{row}") or 45
        seats.append(
            services.SeatInput(
                interviewer=person,
                principles=list(data.get(f"principles_{row}") or []),
                starts_at=starts,
                ends_at=starts + timedelta(minutes=minutes),
                is_bar_raiser=data.get("bar_raiser") == row,
            )
        )
    return seats


@require_http_methods(["GET", "POST"])
@writers_only
def loop_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The loop builder: seats, principles and times, with the coverage matrix. 'Check' shows
    the matrix and every refusal; 'Plan' plans the loop when nothing is refused."""
    user = current_user(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=pk)
    role = candidate.role
    principles = list(role.principles.order_by("position", "name"))
    form = LoopPlanForm(
        request.POST or None,
        people=core_selectors.user_list(viewer=user),
        principles=principles,
        sign_offs=selectors.certified_bar_raisers(viewer=user),
    )
    matrix = None
    if request.method == "POST" and form.is_valid():
        try:
            seats = _seats(form)
            sign_off = form.cleaned_data.get("sign_off")
            facts = services.loop_facts(role=role, seats=seats, sign_off=sign_off)
            matrix = hiring.coverage(facts)
            if "plan" in request.POST:
                loop = services.loop_plan(
                    actor=user, candidate=candidate, seats=seats, sign_off=sign_off
                )
                return redirect("hiring:loop", loop.pk)
            problems = services.loop_problems(role=role, seats=seats, sign_off=sign_off)
            if problems:
                raise ValidationError(problems)
        except ValidationError as exc:
            form_errors_from(form, exc)
            if hasattr(exc, "error_dict"):
                form.add_error(
                    None, [m for messages in exc.message_dict.values() for m in messages]
                )
    return render(
        request,
        "hiring/loop_plan.html",
        {
            "candidate": candidate,
            "role": role,
            "form": form,
            "matrix": matrix,
            "certified": selectors.certified_bar_raiser_ids(viewer=user),
        },
    )


@require_GET
def loop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A loop: who has submitted, and, for those who may read it, the debrief side by side."""
    user = current_user(request)
    loop = selectors.loop_get_for_user(viewer=user, pk=pk)
    board = selectors.feedback_board(viewer=user, loop=loop)
    mine = board.mine()
    if (
        board.may_read
        and mine is not None
        and any(s.versions for s in board.seats if s is not mine)
    ):
        services.feedback_mark_read(actor=user, interview=mine.interview)
    return _loop_page(request, user, loop, board)


def _loop_page(
    request: HttpRequest,
    user: Any,
    loop: Loop,
    board: selectors.FeedbackBoard,
    *,
    debrief_form: DebriefForm | None = None,
    checkin_form: CheckInForm | None = None,
    sign_off_form: SignOffForm | None = None,
) -> HttpResponse:
    """The loop page, with the debrief, check-in or sign-off form as submitted when it was
    refused."""
    is_raiser = (
        board.bar_raiser is not None and board.bar_raiser.interview.interviewer_id == user.pk
    )
    checkins = list(loop.checkins.all()) if loop.is_closed else []
    may_check_in = (
        loop.is_closed
        and user.can_write
        and user.pk == loop.candidate.role.hiring_manager_id
        and loop.candidate.stage == Stage.HIRED
        and len(checkins) < len(CheckInKind.values)
    )
    may_sign_off = (
        user.can_write
        and loop.sign_off_id is not None
        and user.pk == loop.sign_off_id
        and loop.is_closed
        and not loop.is_signed_off
    )
    return render(
        request,
        "hiring/loop_detail.html",
        {
            "loop": loop,
            "board": board,
            "candidate": loop.candidate,
            "principles": _debrief_rows(board) if board.may_read else [],
            "override": veto_override(loop),
            "checkins": checkins,
            "checkin_form": checkin_form or (CheckInForm() if may_check_in else None),
            "debrief_form": debrief_form
            or (DebriefForm() if is_raiser and not loop.is_closed else None),
            "sign_off_form": sign_off_form or (SignOffForm() if may_sign_off else None),
        },
    )


def _debrief_rows(board: selectors.FeedbackBoard) -> list[dict[str, Any]]:
    """Principle x interviewer: each interviewer's latest rating of it, side by side."""
    names: dict[int, str] = {}
    cells: dict[int, dict[int, Any]] = {}
    for column, seat in enumerate(board.seats):
        latest = seat.latest
        if latest is None:
            continue
        for rating in latest.ratings.all():
            names[rating.principle_id] = rating.principle.name
            cells.setdefault(rating.principle_id, {})[column] = rating
    return [
        {"name": names[pk], "cells": [cells[pk].get(column) for column in range(len(board.seats))]}
        for pk in names
    ]


def _loop_form_post(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    write: Callable[..., object],
    *,
    message: str,
    form_name: str,
) -> HttpResponse:
    """Post one of the loop page's forms: on success back to the loop, else the page again
    with the form and what is wrong with it."""
    user = current_user(request)
    loop = selectors.loop_get_for_user(viewer=user, pk=pk)
    form = form_class(request.POST)
    done = form_post(
        request,
        form,
        lambda data: write(actor=user, loop=loop, **data),
        then=redirect("hiring:loop", pk),
        message=message,
    )
    if done:
        return done
    board = selectors.feedback_board(viewer=user, loop=loop)
    shown: dict[str, Any] = {form_name: form}
    return _loop_page(request, user, loop, board, **shown)


@require_POST
def debrief_close(request: HttpRequest, pk: int) -> HttpResponse:
    """The Bar Raiser closes the debrief."""
    return _loop_form_post(
        request,
        pk,
        DebriefForm,
        services.debrief_close,
        message="Debrief closed; the outcome is recorded as a one-way-door decision.",
        form_name="debrief_form",
    )


@require_POST
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """The hiring manager records a check-in on the hire, 90 days or a year on."""
    return _loop_form_post(
        request,
        pk,
        CheckInForm,
        services.checkin_record,
        message="Check-in recorded; it counts in the Bar Raiser's record.",
        form_name="checkin_form",
    )


@require_POST
def loop_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """The certified Bar Raiser named in a trainee's loop signs it off after the debrief."""
    return _loop_form_post(
        request,
        pk,
        SignOffForm,
        services.loop_sign_off,
        message="Signed off; the loop counts towards the trainee's certification.",
        form_name="sign_off_form",
    )


def _feedback_initial(interview: Interview) -> dict[str, Any]:
    latest = interview.feedback.order_by("-version").prefetch_related("ratings").first()
    if latest is None:
        return {}
    initial: dict[str, Any] = {
        "overall": hiring.Rating(latest.overall).key,
        "raises_bar": "yes" if latest.raises_bar else "no",
        "raises_bar_reason": latest.raises_bar_reason,
    }
    for rating in latest.ratings.all():
        initial[f"rating_{rating.principle_id}"] = hiring.Rating(rating.rating).key
        initial[f"evidence_{rating.principle_id}"] = rating.evidence
    return initial


@require_http_methods(["GET", "POST"])
def interview_kit(request: HttpRequest, pk: int) -> HttpResponse:
    """An interviewer's kit: their principles and questions, the résumé, the role's bar, the
    recruiter's note, private notes, and the feedback form with the writing linter."""
    user = current_user(request)
    interview = selectors.interview_get_for_user(viewer=user, pk=pk)
    principles = list(interview.principles.all())
    form = FeedbackForm(
        request.POST or None, principles=principles, initial=_feedback_initial(interview)
    )
    if request.method == "POST":
        done = form_post(
            request,
            form,
            lambda data: services.feedback_submit(
                actor=user,
                interview=interview,
                overall=data["overall"],
                raises_bar=data["raises_bar"],
                raises_bar_reason=data["raises_bar_reason"],
                ratings={
                    p.pk: services.RatingInput(data[f"rating_{p.pk}"], data[f"evidence_{p.pk}"])
                    for p in principles
                },
            ),
            then=redirect("hiring:kit", pk),
            message="Feedback submitted. You can now read the others' in the loop.",
        )
        if done:
            return done
    texts = {p.pk: (form[f"evidence_{p.pk}"].value() or "") for p in principles}
    planned = kit_questions(interview)
    candidate = interview.loop.candidate
    return render(
        request,
        "hiring/interview_kit.html",
        {
            "interview": interview,
            "candidate": candidate,
            "role": candidate.role,
            "form": form,
            "rows": [
                {
                    **row,
                    "questions": planned.get(row["principle"].pk, []),
                    "findings": evidence_findings(str(texts[row["principle"].pk])),
                }
                for row in form.principle_rows()
            ],
            "notes_form": NotesForm(initial={"notes": interview.notes}),
            "submitted": interview.feedback.exists(),
        },
    )


@require_POST
def interview_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the interviewer's private notes (the kit saves them as they type)."""
    user = current_user(request)
    interview = selectors.interview_get_for_user(viewer=user, pk=pk)
    form = NotesForm(request.POST)
    if form.is_valid():
        services.interview_notes_save(
            actor=user, interview=interview, notes=form.cleaned_data["notes"]
        )
    if request.headers.get("HX-Request"):
        return HttpResponse(f"Saved at {timezone.localtime():%H:%M:%S}.")
    return redirect("hiring:kit", pk)


@require_GET
def interview_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """The interviewer's calendar invitation (.ics)."""
    user = current_user(request)
    interview = selectors.interview_get_for_user(viewer=user, pk=pk)
    body = interview_ics(
        interview,
        kit_url=request.build_absolute_uri(reverse("hiring:kit", args=[pk])),
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def bar_raisers(request: HttpRequest) -> HttpResponse:
    """The Bar Raiser pool: certified, in training and nominated, with each one's record."""
    user = current_user(request)
    form = NominateForm(request.POST or None, people=core_selectors.user_list(viewer=user))
    done = form_post(
        request,
        form,
        lambda data: services.bar_raiser_nominate(actor=user, **data),
        then=redirect("hiring:bar_raisers"),
        message="Nominated.",
    )
    if done:
        return done
    return render(
        request,
        "hiring/bar_raiser_list.html",
        {
            "records": bar_raiser_records(viewer=user),
            "may_calibrate": calibration_selectors.may_calibrate(user),
            "form": form,
            "settings": selectors.settings_get(),
        },
    )


@require_POST
def bar_raiser_advance(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a nominee's training, or certify a trainee."""
    user = current_user(request)
    raiser = selectors.bar_raiser_get(viewer=user, pk=pk)
    return action_post(
        request,
        lambda: services.bar_raiser_advance(actor=user, raiser=raiser),
        then=redirect("hiring:bar_raisers"),
        message="Done.",
    )


@require_http_methods(["GET", "POST"])
def question_bank(request: HttpRequest) -> HttpResponse:
    """The question bank: the starter questions and the company's own per principle, with what
    a strong and a weak answer show; admins add the company's own."""
    user = current_user(request)
    form = QuestionForm(
        request.POST or None, principles=teams_selectors.principle_list(viewer=user)
    )
    done = form_post(
        request,
        form,
        lambda data: services.question_create(actor=user, **data),
        then=redirect("hiring:questions"),
        message="Question added: the kits of its principle now offer it.",
    )
    if done:
        return done
    return render(
        request,
        "hiring/question_bank.html",
        {"rows": questions.question_bank(viewer=user), "form": form if user.is_admin else None},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the company's questions with its history; admins edit it."""
    user = current_user(request)
    question = questions.question_get(viewer=user, pk=pk)
    form = QuestionEditForm(
        request.POST or None,
        initial={
            "text": question.text,
            "strong": question.strong,
            "weak": question.weak,
            "version": question.version,
        },
    )
    done = form_post(
        request,
        form,
        lambda data: services.question_update(actor=user, question=question, **data),
        then=redirect("hiring:question", pk),
        message="Question saved; the earlier wording is kept in its history.",
    )
    if done:
        return done
    return render(
        request,
        "hiring/question_detail.html",
        {
            "question": question,
            "form": form if user.is_admin and not question.is_retired else None,
            "revisions": questions.question_revisions(viewer=user, question=question),
        },
        status=422 if form.errors else 200,
    )


@require_POST
def question_retire(request: HttpRequest, pk: int) -> HttpResponse:
    """Retire one of the company's questions (admins)."""
    user = current_user(request)
    question = questions.question_get(viewer=user, pk=pk)
    return action_post(
        request,
        lambda: services.question_retire(actor=user, question=question),
        then=redirect("hiring:question", pk),
        message="Question retired: it has left the bank and the kits; its history stays.",
    )


@require_GET
def calibration(request: HttpRequest) -> HttpResponse:
    """Calibration over a chosen period: each interviewer against their loops, each principle's
    agreement (admins and the Bar Raiser pool)."""
    user = current_user(request)
    view = calibration_selectors.calibration_get(
        viewer=user, period=request.GET.get("period", calibration_selectors.DEFAULT_PERIOD)
    )
    return render(
        request,
        "hiring/calibration.html",
        {
            "view": view,
            "spec": calibration_selectors.leniency_spec(view),
            "periods": [(key, label) for key, (label, _) in calibration_selectors.PERIODS.items()],
        },
    )


@require_GET
def candidate_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about a candidate, as JSON, for an access request (admins)."""
    user = current_user(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=pk)
    response = JsonResponse(
        privacy.candidate_export(viewer=user, candidate=candidate), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="candidate-{pk}.json"'
    return response


@require_POST
def candidate_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase a candidate's personal data on request (admins)."""
    user = current_user(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=pk)
    return action_post(
        request,
        lambda: services.candidate_erase(actor=user, candidate=candidate),
        then=redirect("hiring:candidate", pk),
        message="Personal data erased. The timeline and the audit log keep the events.",
    )


@require_POST
def candidate_hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Place or lift a legal hold (admins)."""
    user = current_user(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=pk)
    return action_post(
        request,
        lambda: services.candidate_legal_hold(
            actor=user, candidate=candidate, reason=request.POST.get("legal_hold", "")
        ),
        then=redirect("hiring:candidate", pk),
        message="Legal hold saved.",
    )


@require_POST
def candidate_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a candidate's résumé (PDF or text)."""
    user = current_user(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=pk)
    upload = request.FILES.get("resume")
    return action_post(
        request,
        lambda: services.candidate_resume_upload(
            actor=user,
            candidate=candidate,
            name=(upload.name or "") if upload else "",
            data=upload.read() if upload else b"",
        ),
        then=redirect("hiring:candidate", pk),
        message="Résumé uploaded; its text is searchable.",
    )
