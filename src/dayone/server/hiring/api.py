"""API of hiring: roles, candidates, loops, feedback and the debrief, under the same
independence rules as the pages (``selectors.feedback_board`` decides what a caller reads)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from ninja import Field, File, Query, Router, Schema, UploadedFile
from ninja.responses import Status
from pydantic import StrictBool

from dayone import hiring
from dayone.server.core import selectors as core_selectors
from dayone.server.core.api_types import RowId
from dayone.server.core.pagination import Page, PageIn, page_of
from dayone.server.core.versions import VERSION_FIELD, version_sent
from dayone.server.hiring import privacy, questions, selectors, services
from dayone.server.hiring.record import bar_raiser_records
from dayone.server.hiring.services.resume import MAX_BYTES
from dayone.server.teams import selectors as teams_selectors

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dayone.server.core.models import User
    from dayone.server.hiring.models import Candidate, InterviewQuestion, Loop, Role
    from dayone.server.teams.models import Principle

router = Router(tags=["hiring"])


class HiringRoleOut(Schema):
    id: int
    title: str
    team: str
    hiring_manager: str
    recruiter: str | None
    level: str
    headcount: int
    principles: list[str]
    bar: str
    status: str


class HiringRoleIn(Schema):
    title: str
    team: str
    hiring_manager: str
    level: str
    bar: str
    principles: list[str]
    headcount: int = 1
    recruiter: str | None = None


class HiringRoleStatusIn(Schema):
    status: str


class CandidateEventOut(Schema):
    at: datetime
    kind: str
    summary: str


class CandidateOut(Schema):
    id: int
    role: int
    name: str
    email: str
    phone: str
    source: str
    stage: str
    resume_name: str
    timeline: list[CandidateEventOut]


class CandidateIn(Schema):
    name: str
    email: str = ""
    phone: str = ""
    source: str = ""
    recruiter_note: str = ""


class CandidateStageIn(Schema):
    stage: str


class LegalHoldIn(Schema):
    reason: str


class SeatIn(Schema):
    interviewer: str
    principles: list[str]
    starts_at: datetime
    ends_at: datetime
    bar_raiser: StrictBool = False


class LoopPlanIn(Schema):
    seats: list[SeatIn]
    sign_off: str | None = None
    """When the Bar Raiser seat holds a trainee: the certified Bar Raiser who signs it off."""


class PrincipleRatingOut(Schema):
    principle: str
    rating: str
    evidence: str


class FeedbackVersionOut(Schema):
    version: int
    overall: str
    raises_bar: bool
    raises_bar_reason: str
    submitted_at: datetime
    after_reading: bool
    ratings: list[PrincipleRatingOut]


class LoopSeatOut(Schema):
    interview: int
    interviewer: str
    bar_raiser: bool
    principles: list[str]
    starts_at: datetime
    ends_at: datetime
    submitted: bool
    overdue: bool
    feedback: list[FeedbackVersionOut]


class CheckInOut(Schema):
    kind: str
    right_hire: bool
    note: str
    recorded_at: datetime


class LoopOut(Schema):
    id: int
    candidate: int
    status: str
    outcome: str
    rationale: str
    vetoed: bool
    veto_reason: str
    decision: int | None
    may_read_feedback: bool
    sign_off: str | None
    signed_off_at: datetime | None
    sign_off_note: str
    seats: list[LoopSeatOut]
    checkins: list[CheckInOut]


class PrincipleRatingIn(Schema):
    principle: str
    rating: str
    evidence: str


class FeedbackIn(Schema):
    overall: str
    raises_bar: bool
    raises_bar_reason: str
    ratings: list[PrincipleRatingIn]


class DebriefIn(Schema):
    outcome: str
    rationale: str
    veto_reason: str = ""
    without_all_feedback: str = ""


class SignOffIn(Schema):
    note: str


class HiringRefusalOut(Schema):
    detail: str | dict[str, list[str]]


class CheckInIn(Schema):
    kind: str
    right_hire: StrictBool | None = None
    note: str = ""


class BarRaiserOut(Schema):
    id: int
    person: str
    status: str
    weekly_cap: int
    loops: int
    vetoes: int
    voted: int | None
    matched: int | None
    checked: int | None
    right: int | None
    shadowed: int | None
    led: int | None


def _caller(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _role_out(role: Role) -> dict[str, Any]:
    return {
        "id": role.pk,
        "title": role.title,
        "team": role.team.slug,
        "hiring_manager": role.hiring_manager.username,
        "recruiter": role.recruiter.username if role.recruiter else None,
        "level": role.level,
        "headcount": role.headcount,
        "principles": [p.slug for p in role.principles.all()],
        "bar": role.bar,
        "status": role.status,
    }


def _candidate_out(candidate: Candidate, user: User) -> dict[str, Any]:
    events = selectors.candidate_events(viewer=user, candidate=candidate)
    return {
        "id": candidate.pk,
        "role": candidate.role_id,
        "name": candidate.name,
        "email": candidate.email,
        "phone": candidate.phone,
        "source": candidate.source,
        "stage": candidate.stage,
        "resume_name": candidate.resume_name,
        "timeline": [{"at": e.at, "kind": e.kind, "summary": e.summary} for e in events],
    }


def _loop_out(loop: Loop, user: User) -> dict[str, Any]:
    board = selectors.feedback_board(viewer=user, loop=loop)
    return {
        "id": loop.pk,
        "candidate": loop.candidate_id,
        "status": loop.status,
        "outcome": loop.outcome,
        "rationale": loop.rationale if board.may_read or loop.is_closed else "",
        "vetoed": loop.vetoed,
        "veto_reason": loop.veto_reason,
        "decision": loop.decision_id,
        "may_read_feedback": board.may_read,
        "sign_off": loop.sign_off.username if loop.sign_off else None,
        "signed_off_at": loop.signed_off_at,
        "sign_off_note": loop.sign_off_note if board.may_read else "",
        "checkins": [
            {
                "kind": c.kind,
                "right_hire": c.right_hire,
                "note": c.note,
                "recorded_at": c.recorded_at,
            }
            for c in (loop.checkins.all() if loop.is_closed else ())
        ],
        "seats": [
            {
                "interview": seat.interview.pk,
                "interviewer": seat.interview.interviewer.username,
                "bar_raiser": seat.interview.is_bar_raiser,
                "principles": [p.slug for p in seat.interview.principles.all()],
                "starts_at": seat.interview.starts_at,
                "ends_at": seat.interview.ends_at,
                "submitted": seat.submitted,
                "overdue": seat.overdue,
                "feedback": [
                    {
                        "version": f.version,
                        "overall": hiring.Rating(f.overall).key,
                        "raises_bar": f.raises_bar,
                        "raises_bar_reason": f.raises_bar_reason,
                        "submitted_at": f.submitted_at,
                        "after_reading": f.after_reading,
                        "ratings": [
                            {
                                "principle": r.principle.slug,
                                "rating": hiring.Rating(r.rating).key,
                                "evidence": r.evidence,
                            }
                            for r in f.ratings.all()
                        ],
                    }
                    for f in seat.versions
                ],
            }
            for seat in board.seats
        ],
    }


def _principles(user: User, slugs: list[str], field: str) -> list[Principle]:
    found = {p.slug: p for p in teams_selectors.principle_list(viewer=user).filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ValidationError({field: f"No principle '{missing[0]}'; use a principle's slug."})
    return [found[slug] for slug in slugs]


def _person(user: User, username: str | None, field: str) -> User:
    person = core_selectors.user_named(viewer=user, username=username, field=field)
    if person is None:
        raise ValidationError({field: "Name a person by username."})
    return person


@router.get("/roles", response=Page[HiringRoleOut], summary="Roles, open ones first")
def role_list(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    roles = selectors.role_list(viewer=request.user).prefetch_related("principles")
    return page_of(roles, page, render=lambda chunk: [_role_out(r) for r in chunk])


@router.post("/roles", response={201: HiringRoleOut}, summary="Open a role")
def role_create(request: HttpRequest, payload: HiringRoleIn) -> Status[dict[str, Any]]:
    user = _caller(request)
    team = teams_selectors.team_named(viewer=user, slug=payload.team)
    if team is None:
        raise ValidationError({"team": "Name the role's team by its slug."})
    role = services.role_create(
        actor=user,
        title=payload.title,
        team=team,
        hiring_manager=_person(user, payload.hiring_manager, "hiring_manager"),
        recruiter=core_selectors.user_named(
            viewer=user, username=payload.recruiter, field="recruiter"
        ),
        level=payload.level,
        headcount=payload.headcount,
        bar=payload.bar,
        principles=_principles(user, payload.principles, "principles"),
    )
    return Status(201, _role_out(selectors.role_get(viewer=user, pk=role.pk)))


@router.get("/roles/{role_id}", response=HiringRoleOut, summary="One role")
def role_get(request: HttpRequest, role_id: int) -> dict[str, Any]:
    return _role_out(selectors.role_get(viewer=request.user, pk=role_id))


@router.post(
    "/roles/{role_id}/status", response=HiringRoleOut, summary="Open, hold, fill or close a role"
)
def role_status(request: HttpRequest, role_id: int, payload: HiringRoleStatusIn) -> dict[str, Any]:
    user = _caller(request)
    role = selectors.role_get(viewer=user, pk=role_id)
    services.role_set_status(actor=user, role=role, status=payload.status)
    return _role_out(selectors.role_get(viewer=user, pk=role_id))


@router.get("/candidates", response=Page[CandidateOut], summary="Candidates you may see")
def candidate_list(
    request: HttpRequest, page: Query[PageIn], role: RowId | None = None, q: str = ""
) -> dict[str, Any]:
    user = _caller(request)
    scope = selectors.role_get(viewer=user, pk=role) if role is not None else None
    rows = selectors.candidate_list(viewer=user, role=scope, q=q)
    return page_of(rows, page, render=lambda chunk: [_candidate_out(c, user) for c in chunk])


@router.post("/roles/{role_id}/candidates", response={201: CandidateOut}, summary="Add a candidate")
def candidate_create(
    request: HttpRequest, role_id: int, payload: CandidateIn
) -> Status[dict[str, Any]]:
    user = _caller(request)
    role = selectors.role_get(viewer=user, pk=role_id)
    candidate = services.candidate_create(actor=user, role=role, **payload.dict())
    return Status(201, _candidate_out(candidate, user))


@router.get(
    "/candidates/{candidate_id}", response=CandidateOut, summary="One candidate, with the timeline"
)
def candidate_get(request: HttpRequest, candidate_id: int) -> dict[str, Any]:
    user = _caller(request)
    return _candidate_out(selectors.candidate_get_for_user(viewer=user, pk=candidate_id), user)


@router.post("/candidates/{candidate_id}/stage", response=CandidateOut, summary="Move a candidate")
def candidate_stage(
    request: HttpRequest, candidate_id: int, payload: CandidateStageIn
) -> dict[str, Any]:
    user = _caller(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=candidate_id)
    services.candidate_set_stage(actor=user, candidate=candidate, stage=payload.stage)
    return _candidate_out(selectors.candidate_get_for_user(viewer=user, pk=candidate_id), user)


@router.post("/candidates/{candidate_id}/loops", response={201: LoopOut}, summary="Plan a loop")
def loop_plan(
    request: HttpRequest, candidate_id: int, payload: LoopPlanIn
) -> Status[dict[str, Any]]:
    user = _caller(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=candidate_id)
    seats = [
        services.SeatInput(
            interviewer=_person(user, seat.interviewer, f"seats.{index}.interviewer"),
            principles=_principles(user, seat.principles, f"seats.{index}.principles"),
            starts_at=seat.starts_at,
            ends_at=seat.ends_at,
            is_bar_raiser=seat.bar_raiser,
        )
        for index, seat in enumerate(payload.seats)
    ]
    sign_off = _person(user, payload.sign_off, "sign_off") if payload.sign_off is not None else None
    loop = services.loop_plan(actor=user, candidate=candidate, seats=seats, sign_off=sign_off)
    return Status(201, _loop_out(loop, user))


@router.get("/loops/{loop_id}", response=LoopOut, summary="A loop: feedback as you may read it")
def loop_get(request: HttpRequest, loop_id: int) -> dict[str, Any]:
    user = _caller(request)
    return _loop_out(selectors.loop_get_for_user(viewer=user, pk=loop_id), user)


@router.post(
    "/interviews/{interview_id}/feedback",
    response={201: LoopOut},
    summary="Submit or amend your feedback",
)
def feedback_submit(
    request: HttpRequest, interview_id: int, payload: FeedbackIn
) -> Status[dict[str, Any]]:
    user = _caller(request)
    interview = selectors.interview_get_for_user(viewer=user, pk=interview_id)
    by_slug = {p.slug: p.pk for p in interview.principles.all()}
    ratings = {}
    for index, item in enumerate(payload.ratings):
        if item.principle not in by_slug:
            message = f"'{item.principle}' is not one of the principles you were assigned."
            raise ValidationError({f"ratings.{index}.principle": message})
        ratings[by_slug[item.principle]] = services.RatingInput(item.rating, item.evidence)
    services.feedback_submit(
        actor=user,
        interview=interview,
        overall=payload.overall,
        raises_bar=payload.raises_bar,
        raises_bar_reason=payload.raises_bar_reason,
        ratings=ratings,
    )
    return Status(201, _loop_out(interview.loop, user))


@router.post(
    "/loops/{loop_id}/debrief", response=LoopOut, summary="The Bar Raiser closes the debrief"
)
def debrief_close(request: HttpRequest, loop_id: int, payload: DebriefIn) -> dict[str, Any]:
    user = _caller(request)
    loop = selectors.loop_get_for_user(viewer=user, pk=loop_id)
    services.debrief_close(actor=user, loop=loop, **payload.dict())
    return _loop_out(selectors.loop_get_for_user(viewer=user, pk=loop_id), user)


@router.post(
    "/loops/{loop_id}/sign-off",
    response={
        200: LoopOut,
        403: HiringRefusalOut,
        404: HiringRefusalOut,
        422: HiringRefusalOut,
    },
    summary="The certified Bar Raiser named in a trainee's loop signs it off after the debrief",
    description="200: signed off. 403: you are not the loop's sign-off, or you may only read. "
    "404: no such loop, or not one you may see. 422: the loop has no sign-off, its debrief is "
    "still open, it is already signed off, you are no longer a certified Bar Raiser, or the "
    "note lacks substance.",
)
def loop_sign_off(request: HttpRequest, loop_id: int, payload: SignOffIn) -> dict[str, Any]:
    user = _caller(request)
    loop = selectors.loop_get_for_user(viewer=user, pk=loop_id)
    services.loop_sign_off(actor=user, loop=loop, note=payload.note)
    return _loop_out(selectors.loop_get_for_user(viewer=user, pk=loop_id), user)


@router.post(
    "/loops/{loop_id}/checkins",
    response=LoopOut,
    summary="The hiring manager's check-in on the hire, 90 days or a year on",
)
def checkin_record(request: HttpRequest, loop_id: int, payload: CheckInIn) -> dict[str, Any]:
    user = _caller(request)
    loop = selectors.loop_get_for_user(viewer=user, pk=loop_id)
    services.checkin_record(actor=user, loop=loop, **payload.dict())
    return _loop_out(selectors.loop_get_for_user(viewer=user, pk=loop_id), user)


@router.get(
    "/bar-raisers",
    response=list[BarRaiserOut],
    summary="The Bar Raiser pool with each one's record (votes for calibration readers only)",
)
def bar_raiser_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": r.raiser.pk,
            "person": r.raiser.person.username,
            "status": r.raiser.status,
            "weekly_cap": r.raiser.weekly_cap,
            "loops": r.loops,
            "vetoes": r.vetoes,
            "voted": r.voted,
            "matched": r.matched,
            "checked": r.checked,
            "right": r.right,
            "shadowed": r.shadowed,
            "led": r.led,
        }
        for r in bar_raiser_records(viewer=request.user)
    ]


@router.get(
    "/candidates/{candidate_id}/export",
    response=dict[str, Any],
    summary="Everything held about a candidate, for an access request (admins)",
)
def candidate_export(request: HttpRequest, candidate_id: int) -> dict[str, Any]:
    user = _caller(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=candidate_id)
    return privacy.candidate_export(viewer=user, candidate=candidate)


@router.post(
    "/candidates/{candidate_id}/erase",
    response=CandidateOut,
    summary="Erase a candidate's personal data on request (admins)",
)
def candidate_erase(request: HttpRequest, candidate_id: int) -> dict[str, Any]:
    user = _caller(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=candidate_id)
    services.candidate_erase(actor=user, candidate=candidate)
    return _candidate_out(selectors.candidate_get_for_user(viewer=user, pk=candidate_id), user)


@router.post(
    "/candidates/{candidate_id}/resume",
    response=CandidateOut,
    summary="Upload a candidate's résumé (PDF or text, multipart field 'file'); its text is "
    "kept for search",
)
def candidate_resume(
    request: HttpRequest, candidate_id: int, file: File[UploadedFile]
) -> dict[str, Any]:
    user = _caller(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=candidate_id)
    services.candidate_resume_upload(
        actor=user,
        candidate=candidate,
        name=file.name or "",
        data=file.read(MAX_BYTES + 1),  # one byte past the limit is enough to refuse it
    )
    return _candidate_out(selectors.candidate_get_for_user(viewer=user, pk=candidate_id), user)


@router.post(
    "/candidates/{candidate_id}/hold",
    response=CandidateOut,
    summary="Place a legal hold with its reason, or lift it with an empty reason (admins)",
)
def candidate_hold(request: HttpRequest, candidate_id: int, payload: LegalHoldIn) -> dict[str, Any]:
    user = _caller(request)
    candidate = selectors.candidate_get_for_user(viewer=user, pk=candidate_id)
    services.candidate_legal_hold(actor=user, candidate=candidate, reason=payload.reason)
    return _candidate_out(selectors.candidate_get_for_user(viewer=user, pk=candidate_id), user)


class QuestionRevisionOut(Schema):
    number: int
    text: str
    strong: str
    weak: str
    note: str
    author: str | None
    created_at: datetime


class QuestionOut(Schema):
    id: int
    principle: str
    text: str
    strong: str
    weak: str
    version: int
    created_by: str | None
    created_at: datetime
    retired_at: datetime | None
    revisions: list[QuestionRevisionOut]


class QuestionIn(Schema):
    principle: str
    text: str
    strong: str
    weak: str


class QuestionPatchIn(Schema):
    text: str | None = None
    strong: str | None = None
    weak: str | None = None
    note: str = ""
    version: int | None = Field(None, ge=1, description=VERSION_FIELD)


class BankQuestionOut(Schema):
    id: int | None
    text: str
    strong: str
    weak: str


class BankRowOut(Schema):
    principle: str
    name: str
    questions: list[BankQuestionOut]


def _question_out(question: InterviewQuestion, user: User) -> dict[str, Any]:
    return {
        "id": question.pk,
        "principle": question.principle.slug,
        "text": question.text,
        "strong": question.strong,
        "weak": question.weak,
        "version": question.version,
        "created_by": question.created_by.username if question.created_by else None,
        "created_at": question.created_at,
        "retired_at": question.retired_at,
        "revisions": [
            {
                "number": r.number,
                "text": r.text,
                "strong": r.strong,
                "weak": r.weak,
                "note": r.note,
                "author": r.author.username if r.author else None,
                "created_at": r.created_at,
            }
            for r in questions.question_revisions(viewer=user, question=question)
        ],
    }


@router.get(
    "/question-bank",
    response=list[BankRowOut],
    summary="The question bank: each principle's starter questions, then the company's own",
)
def question_bank(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "principle": row.principle.slug,
            "name": row.principle.name,
            "questions": [
                {
                    "id": q.own.pk if q.own else None,
                    "text": q.text,
                    "strong": q.strong,
                    "weak": q.weak,
                }
                for q in row.questions
            ],
        }
        for row in questions.question_bank(viewer=request.user)
    ]


@router.get(
    "/questions", response=list[QuestionOut], summary="The company's own interview questions"
)
def question_list(
    request: HttpRequest, principle: str | None = None, include_retired: bool = False
) -> list[dict[str, Any]]:
    user = _caller(request)
    ids = {p.pk for p in _principles(user, [principle], "principle")} if principle else None
    found = questions.question_list(viewer=user, principle_ids=ids, include_retired=include_retired)
    return [_question_out(q, user) for q in found]


@router.post(
    "/questions",
    response={201: QuestionOut},
    summary="Add one of the company's questions to a principle (admins)",
    description="201: added, with its first revision. 403: only admins add questions. 422: "
    "each field that is wrong, by name (principle, text, strong, weak).",
)
def question_create(request: HttpRequest, payload: QuestionIn) -> Status[dict[str, Any]]:
    user = _caller(request)
    principle = _principles(user, [payload.principle], "principle")[0]
    question = services.question_create(
        actor=user, principle=principle, text=payload.text, strong=payload.strong, weak=payload.weak
    )
    return Status(201, _question_out(questions.question_get(viewer=user, pk=question.pk), user))


@router.get("/questions/{question_id}", response=QuestionOut, summary="One question, with history")
def question_get(request: HttpRequest, question_id: int) -> dict[str, Any]:
    user = _caller(request)
    return _question_out(questions.question_get(viewer=user, pk=question_id), user)


@router.patch(
    "/questions/{question_id}",
    response=QuestionOut,
    summary="Edit one of the company's questions (admins); the earlier wording is kept",
    description="Send only what changes, with the version you edited (`version` or If-Match): "
    "when someone saved after it, nothing changes and the answer is 409 with the current "
    "version. 403: only admins edit. 422: each field that is wrong, by name.",
)
def question_update(
    request: HttpRequest, question_id: int, payload: QuestionPatchIn
) -> dict[str, Any]:
    user = _caller(request)
    question = questions.question_get(viewer=user, pk=question_id)
    version = version_sent(request, payload.version)
    sent = payload.model_dump(exclude_unset=True, exclude={"version", "note"})
    data = {name: getattr(question, name) for name in ("text", "strong", "weak")}
    data.update({name: value for name, value in sent.items() if value is not None})
    services.question_update(
        actor=user, question=question, note=payload.note, version=version, **data
    )
    return _question_out(questions.question_get(viewer=user, pk=question_id), user)


@router.post(
    "/questions/{question_id}/retire",
    response=QuestionOut,
    summary="Retire one of the company's questions (admins): it leaves the bank and the kits",
    description="200: retired; its history stays. 403: only admins retire. 404: no such "
    "question. 422: it is already retired.",
)
def question_retire(request: HttpRequest, question_id: int) -> dict[str, Any]:
    user = _caller(request)
    question = questions.question_get(viewer=user, pk=question_id)
    services.question_retire(actor=user, question=question)
    return _question_out(questions.question_get(viewer=user, pk=question_id), user)
