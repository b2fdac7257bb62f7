"""API of decisions: everything the pages do, with the same services and selectors."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status as HttpStatus
from pydantic import Field

from dayone.server.core import selectors as core_selectors
from dayone.server.core.access import ensure_can_read
from dayone.server.core.api_types import BodyId, ObjectIn, RowId
from dayone.server.core.models import User
from dayone.server.core.pagination import Page, PageIn, page_of
from dayone.server.core.utils import current_user
from dayone.server.core.versions import VERSION_FIELD, version_sent
from dayone.server.decisions import selectors, services
from dayone.server.decisions.enums import Door
from dayone.server.decisions.models import Decision, Escalation
from dayone.server.decisions.services import OptionInput

if TYPE_CHECKING:
    from django.http import HttpRequest

router = Router(tags=["decisions"])


# Schemas ------------------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    name: str


class OptionIn(Schema):
    label: str
    pros: str = ""
    cons: str = ""


class OptionOut(OptionIn):
    id: int


class FlagOut(Schema):
    key: str
    label: str
    tone: str


class DecisionSummaryOut(Schema):
    id: int
    question: str
    door: str
    status: str
    information_pct: int
    decide_by: date
    decider: PersonRef
    proposed_by: PersonRef
    created_at: datetime
    decided_at: datetime | None
    chosen_option: str | None
    rounds: int
    version: int = Field(description="Grows with every edit; send it back when you edit.")
    flags: list[FlagOut]
    url: str


class StanceOut(Schema):
    id: int
    person: PersonRef
    kind: str
    objection: str
    commitment: str
    escalate_to: PersonRef | None
    created_at: datetime
    current: bool


class EscalationOut(Schema):
    id: int
    decision_id: int
    raised_by: PersonRef
    leader: PersonRef
    reason: str
    raised_at: datetime
    due_at: datetime
    overdue: bool
    resolved_at: datetime | None
    resolved_by: PersonRef | None
    resolution: str


class DecisionReviewOut(Schema):
    author: PersonRef
    outcome: str
    note: str
    created_at: datetime


class LinkOut(Schema):
    kind: str
    ref: str
    title: str
    url: str
    created_at: datetime


class LinkedRecordOut(Schema):
    title: str
    url: str = Field(description="Its page; empty for an archived team.")
    status: str = Field(
        description="Where it stands, in words: a goal's latest review or outcome, a team's "
        "state, a document's state, an experiment's state."
    )
    detail: str = Field(description="A few more words: its owner, when it was last reviewed.")
    ref: str = Field(description="What a decision's link names it by; empty for a team.")


class LinkedSlotOut(Schema):
    slot: Literal["goal", "team", "document", "experiment"]
    label: str
    records: list[LinkedRecordOut]
    empty: str = Field(description="What the decision's page says when there is no record.")


class EventOut(Schema):
    kind: str
    summary: str
    actor: PersonRef | None
    at: datetime


class DecisionOut(DecisionSummaryOut):
    context: str
    rationale: str
    review_on: date | None
    options: list[OptionOut]
    stakeholders: list[PersonRef]
    reviewers: list[PersonRef]
    stances: list[StanceOut]
    escalations: list[EscalationOut]
    reviews: list[DecisionReviewOut]
    links: list[LinkOut]
    linked: list[LinkedSlotOut] = Field(
        description="What the decision's page shows it is linked to, in the page's order: its "
        "goal, team, document and experiment, each with where it stands, as the caller may read "
        "them. A link that names none of these stays among `links` only."
    )
    history: list[EventOut]
    blockers: list[str]
    supersedes_id: int | None
    supersede_kind: str
    superseded_by: list[int]


class DecisionFilters(Schema):
    status: str = Field("", description="open, decided or withdrawn")
    door: str = Field("", description="one_way or two_way")
    flag: str = Field("", description="overdue, escalated, exhaustion, slow, review_due, reversed")
    q: str = Field("", description="Words in the question or context")
    person_id: RowId | None = Field(None, description="Decisions this person is part of")


class DecisionCreateIn(Schema):
    question: str
    door: str = Field(description="one_way or two_way")
    information_pct: int = Field(
        description="How much of the wished-for information is at hand, 0-100"
    )
    decide_by: date
    decider_id: int
    options: list[OptionIn]
    context: str = ""
    stakeholder_ids: list[RowId] = []


class SupersedeIn(DecisionCreateIn):
    kind: str = Field(description="reversal or correction")


class DecisionUpdateIn(Schema):
    context: str | None = None
    information_pct: int | None = None
    stakeholder_ids: list[RowId] | None = None
    version: int | None = Field(None, ge=1, description=VERSION_FIELD)


class PostponeIn(Schema):
    decide_by: date
    reason: str


class StanceIn(Schema):
    kind: str = Field(description="agree, disagree_commit or escalate")
    objection: str = ""
    commitment: str = ""
    escalate_to_id: int | None = None


class DecideIn(Schema):
    option_id: int
    rationale: str = ""
    information_pct: int | None = None
    review_on: date | None = None


class ReasonIn(Schema):
    reason: str


class EscalationResolveIn(Schema):
    resolution: str
    option_id: int = Field(description="The option the leader rules for; the decider follows it")


class DecisionReviewIn(Schema):
    outcome: str = Field(description="right, partly, wrong or too_early")
    note: str


class LinkIn(Schema):
    kind: str = Field(description="prfaq, experiment, goal or other")
    ref: str
    title: str
    url: str = ""


class FromSourceIn(LinkIn):
    question: str = ""
    context: str = ""
    decider_id: int | None = None
    door: str = Door.TWO_WAY
    information_pct: int = 70
    decide_by: date | None = None
    options: list[OptionIn] | None = None
    decision_id: int | None = Field(None, description="Link this existing decision instead")


class SettingsIn(Schema):
    reviewer_ids: list[int]
    information_target_pct: int
    escalation_hours: int
    exhaustion_rounds: int


class SettingsOut(SettingsIn):
    reviewers: list[PersonRef]


class VelocityOut(Schema):
    start: date
    target_pct: int
    decided: int
    open: int
    median_days: dict[str, float | None]
    share_within_target: float | None
    escalations: int
    open_escalations: int
    overdue_escalations: int
    median_escalation_hours: float | None
    reversals: int
    corrections: int
    cycle: list[dict[str, Any]]
    share: list[dict[str, Any]]
    escalations_by_month: list[dict[str, Any]]
    supersessions: list[dict[str, Any]]


class NotificationOut(Schema):
    id: int
    message: str
    url: str
    created_at: datetime
    read_at: datetime | None


class ReadIn(ObjectIn):
    ids: list[BodyId] | None = None


class CountOut(Schema):
    count: int


# Helpers ------------------------------------------------------------------------------------


def _ref(person: User | None) -> dict[str, Any] | None:
    return None if person is None else {"id": person.pk, "name": str(person)}


def _person(request: HttpRequest, pk: int | None, field: str) -> User:
    person = core_selectors.user_list(viewer=request.user).filter(pk=pk).first() if pk else None
    if person is None:
        raise ValidationError({field: f"No active person with id {pk}."})
    return person


def _people(request: HttpRequest, ids: list[int], field: str) -> list[User]:
    people = list(core_selectors.user_list(viewer=request.user).filter(pk__in=ids))
    missing = set(ids) - {p.pk for p in people}
    if missing:
        raise ValidationError(
            {field: f"No active person with id {', '.join(map(str, sorted(missing)))}."}
        )
    return people


def _decision(request: HttpRequest, decision_id: int) -> Decision:
    try:
        return selectors.decision_get_for_user(viewer=request.user, decision_id=decision_id)
    except Decision.DoesNotExist as exc:
        raise HttpError(404, "No such decision.") from exc


def _summary(decision: Decision, flags: list[selectors.Flag]) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "question": decision.question,
        "door": decision.door,
        "status": decision.status,
        "information_pct": decision.information_pct,
        "decide_by": decision.decide_by,
        "decider": _ref(decision.decider),
        "proposed_by": _ref(decision.proposed_by),
        "created_at": decision.created_at,
        "decided_at": decision.decided_at,
        "chosen_option": decision.chosen_option.label if decision.chosen_option else None,
        "rounds": decision.rounds,
        "version": decision.version,
        "flags": [{"key": f.key, "label": f.label, "tone": f.tone} for f in flags],
        "url": services.decision_url(decision),
    }


def _escalation(e: Escalation) -> dict[str, Any]:
    return {
        "id": e.pk,
        "decision_id": e.decision_id,
        "raised_by": _ref(e.raised_by),
        "leader": _ref(e.leader),
        "reason": e.reason,
        "raised_at": e.raised_at,
        "due_at": e.due_at,
        "overdue": e.is_overdue,
        "resolved_at": e.resolved_at,
        "resolved_by": _ref(e.resolved_by),
        "resolution": e.resolution,
    }


def _linked(linked: selectors.DecisionLinks) -> list[dict[str, Any]]:
    return [
        {
            "slot": slot.slot,
            "label": slot.label,
            "records": [
                {
                    "title": record.title,
                    "url": record.url,
                    "status": record.status,
                    "detail": record.detail,
                    "ref": record.ref,
                }
                for record in slot.records
            ],
            "empty": slot.empty,
        }
        for slot in linked.slots
    ]


def _detail(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    decision = _decision(request, decision_id)
    view = selectors.decision_view(viewer=current_user(request), decision=decision)
    linked = selectors.decision_linked(viewer=current_user(request), decision=decision)
    stances = list(decision.stances.all())
    latest = {s.person_id: s.pk for s in stances}
    return {
        **_summary(decision, view.flags),
        "context": decision.context,
        "rationale": decision.rationale,
        "review_on": decision.review_on,
        "options": [
            {"id": o.pk, "label": o.label, "pros": o.pros, "cons": o.cons}
            for o in decision.options.all()
        ],
        "stakeholders": [_ref(p) for p in decision.stakeholders.all()],
        "reviewers": [_ref(p) for p in decision.reviewers.all()],
        "stances": [
            {
                "id": s.pk,
                "person": _ref(s.person),
                "kind": s.kind,
                "objection": s.objection,
                "commitment": s.commitment,
                "escalate_to": _ref(s.escalate_to),
                "created_at": s.created_at,
                "current": latest[s.person_id] == s.pk,
            }
            for s in stances
        ],
        "escalations": [_escalation(e) for e in decision.escalations.all()],
        "reviews": [
            {
                "author": _ref(r.author),
                "outcome": r.outcome,
                "note": r.note,
                "created_at": r.created_at,
            }
            for r in decision.reviews.all()
        ],
        "links": [
            {
                "kind": k.kind,
                "ref": k.ref,
                "title": k.title,
                "url": k.url,
                "created_at": k.created_at,
            }
            for k in decision.links.all()
        ],
        "linked": _linked(linked),
        "history": [
            {"kind": e.kind, "summary": e.summary, "actor": _ref(e.actor), "at": e.at}
            for e in decision.events.all()
        ],
        "blockers": view.blockers,
        "supersedes_id": decision.supersedes_id,
        "supersede_kind": decision.supersede_kind,
        "superseded_by": [d.pk for d in decision.superseded_by.all()],
    }


def _options(options: list[OptionIn]) -> list[OptionInput]:
    return [OptionInput(o.label, o.pros, o.cons) for o in options]


# Endpoints ----------------------------------------------------------------------------------


@router.get("/decisions", response=Page[DecisionSummaryOut], summary="Decisions, newest first")
def decision_list(
    request: HttpRequest, filters: Query[DecisionFilters], page: Query[PageIn]
) -> dict[str, Any]:
    decisions = selectors.decision_list(
        viewer=request.user,
        status=filters.status,
        door=filters.door,
        flag=filters.flag,
        q=filters.q,
        person_id=filters.person_id,
    )
    return page_of(
        decisions,
        page,
        render=lambda chunk: [
            _summary(row.decision, row.flags) for row in selectors.decision_rows(chunk)
        ],
    )


@router.post("/decisions", response={201: DecisionOut}, summary="Propose a decision")
def decision_create(request: HttpRequest, payload: DecisionCreateIn) -> HttpStatus[dict[str, Any]]:
    decision = services.decision_create(
        actor=current_user(request),
        question=payload.question,
        context=payload.context,
        door=payload.door,
        information_pct=payload.information_pct,
        decide_by=payload.decide_by,
        decider=_person(request, payload.decider_id, "decider_id"),
        stakeholders=_people(request, payload.stakeholder_ids, "stakeholder_ids"),
        options=_options(payload.options),
    )
    return HttpStatus(201, _detail(request, decision.pk))


@router.post(
    "/decisions/from-source",
    response={201: DecisionOut},
    summary="Create or link the decision for a PR/FAQ review, an experiment or a goal",
)
def decision_from_source(request: HttpRequest, payload: FromSourceIn) -> HttpStatus[dict[str, Any]]:
    existing = _decision(request, payload.decision_id) if payload.decision_id else None
    decision = services.decision_create_from_source(
        actor=current_user(request),
        kind=payload.kind,
        ref=payload.ref,
        title=payload.title,
        url=payload.url,
        question=payload.question,
        context=payload.context,
        decider=_person(request, payload.decider_id, "decider_id") if payload.decider_id else None,
        door=payload.door,
        information_pct=payload.information_pct,
        decide_by=payload.decide_by,
        options=_options(payload.options) if payload.options is not None else None,
        decision=existing,
    )
    return HttpStatus(201, _detail(request, decision.pk))


@router.get(
    "/decisions/escalations", response=list[EscalationOut], summary="Escalations, oldest due first"
)
def escalation_list(
    request: HttpRequest, open: bool = False, overdue: bool = False, leader_id: RowId | None = None
) -> list[dict[str, Any]]:
    escalations = selectors.escalation_list(
        viewer=request.user, open_only=open, overdue_only=overdue, leader_id=leader_id
    ).select_related("resolved_by")
    return [_escalation(e) for e in escalations]


@router.post(
    "/decisions/escalations/{escalation_id}/resolve",
    response=EscalationOut,
    summary="The leader resolves an escalation",
)
def escalation_resolve(
    request: HttpRequest, escalation_id: int, payload: EscalationResolveIn
) -> dict[str, Any]:
    try:
        escalation = selectors.escalation_get_for_user(
            viewer=request.user, escalation_id=escalation_id
        )
    except Escalation.DoesNotExist as exc:
        raise HttpError(404, "No such escalation.") from exc
    escalation = services.escalation_resolve(
        actor=current_user(request),
        escalation=escalation,
        resolution=payload.resolution,
        option=escalation.decision.options.filter(pk=payload.option_id).first(),
    )
    return _escalation(escalation)


@router.get("/decisions/velocity", response=VelocityOut, summary="Decision velocity over 12 months")
def velocity(request: HttpRequest) -> dict[str, Any]:
    v = selectors.decision_velocity(viewer=request.user)
    return {
        "start": v.start,
        "target_pct": v.target_pct,
        "decided": v.decided,
        "open": v.open,
        "median_days": v.median_days,
        "share_within_target": v.share_within_target,
        "escalations": v.escalations,
        "open_escalations": v.open_escalations,
        "overdue_escalations": v.overdue_escalations,
        "median_escalation_hours": v.median_escalation_hours,
        "reversals": v.reversals,
        "corrections": v.corrections,
        "cycle": v.cycle_rows,
        "share": v.share_rows,
        "escalations_by_month": v.escalation_rows,
        "supersessions": v.supersede_rows,
    }


def _settings_out() -> dict[str, Any]:
    company = selectors.decision_settings_get()
    reviewers = selectors.decision_settings_reviewers(company)
    return {
        "reviewer_ids": [p.pk for p in reviewers],
        "reviewers": [_ref(p) for p in reviewers],
        "information_target_pct": company.information_target_pct,
        "escalation_hours": company.escalation_hours,
        "exhaustion_rounds": company.exhaustion_rounds,
    }


@router.get("/decisions/settings", response=SettingsOut, summary="How the company runs decisions")
def settings_get(request: HttpRequest) -> dict[str, Any]:
    ensure_can_read(request.user)
    return _settings_out()


@router.put(
    "/decisions/settings", response=SettingsOut, summary="Change the decision settings (admins)"
)
def settings_put(request: HttpRequest, payload: SettingsIn) -> dict[str, Any]:
    services.decision_settings_update(
        actor=current_user(request),
        reviewers=_people(request, payload.reviewer_ids, "reviewer_ids"),
        information_target_pct=payload.information_target_pct,
        escalation_hours=payload.escalation_hours,
        exhaustion_rounds=payload.exhaustion_rounds,
    )
    return _settings_out()


@router.get(
    "/decisions/notifications", response=Page[NotificationOut], summary="Your notifications"
)
def notification_list(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    return page_of(selectors.notification_list(viewer=request.user), page)


@router.post("/decisions/notifications/read", response=CountOut, summary="Mark notifications read")
def notification_read(request: HttpRequest, payload: ReadIn) -> dict[str, int]:
    return {"count": services.notification_mark_read(actor=current_user(request), ids=payload.ids)}


@router.get(
    "/decisions/{decision_id}",
    response=DecisionOut,
    summary="One decision, with its ledger and history",
)
def decision_detail(request: HttpRequest, decision_id: int) -> dict[str, Any]:
    return _detail(request, decision_id)


@router.patch(
    "/decisions/{decision_id}",
    response=DecisionOut,
    summary="Change an open decision",
    description="Send the version you edited (`version` or If-Match): when someone saved after "
    "it, nothing changes and the answer is 409 with the current version.",
)
def decision_update(
    request: HttpRequest, decision_id: int, payload: DecisionUpdateIn
) -> dict[str, Any]:
    version = version_sent(request, payload.version)
    services.decision_update(
        actor=current_user(request),
        version=version,
        decision=_decision(request, decision_id),
        context=payload.context,
        information_pct=payload.information_pct,
        stakeholders=_people(request, payload.stakeholder_ids, "stakeholder_ids")
        if payload.stakeholder_ids is not None
        else None,
    )
    return _detail(request, decision_id)


@router.post(
    "/decisions/{decision_id}/postpone", response=DecisionOut, summary="Move the decide-by date"
)
def decision_postpone(
    request: HttpRequest, decision_id: int, payload: PostponeIn
) -> dict[str, Any]:
    services.decision_postpone(
        actor=current_user(request),
        decision=_decision(request, decision_id),
        decide_by=payload.decide_by,
        reason=payload.reason,
    )
    return _detail(request, decision_id)


@router.post(
    "/decisions/{decision_id}/options", response={201: DecisionOut}, summary="Add an option"
)
def option_add(
    request: HttpRequest, decision_id: int, payload: OptionIn
) -> HttpStatus[dict[str, Any]]:
    services.decision_option_add(
        actor=current_user(request),
        decision=_decision(request, decision_id),
        label=payload.label,
        pros=payload.pros,
        cons=payload.cons,
    )
    return HttpStatus(201, _detail(request, decision_id))


@router.post(
    "/decisions/{decision_id}/stances", response={201: DecisionOut}, summary="Record your stance"
)
def stance_record(
    request: HttpRequest, decision_id: int, payload: StanceIn
) -> HttpStatus[dict[str, Any]]:
    services.stance_record(
        actor=current_user(request),
        decision=_decision(request, decision_id),
        kind=payload.kind,
        objection=payload.objection,
        commitment=payload.commitment,
        escalate_to=_person(request, payload.escalate_to_id, "escalate_to_id")
        if payload.escalate_to_id
        else None,
    )
    return HttpStatus(201, _detail(request, decision_id))


@router.post("/decisions/{decision_id}/decide", response=DecisionOut, summary="The decider decides")
def decision_decide(request: HttpRequest, decision_id: int, payload: DecideIn) -> dict[str, Any]:
    decision = _decision(request, decision_id)
    option = next((o for o in decision.options.all() if o.pk == payload.option_id), None)
    if option is None:
        raise ValidationError({"option_id": "Choose one of this decision's options."})
    services.decision_decide(
        actor=current_user(request),
        decision=decision,
        option=option,
        rationale=payload.rationale,
        information_pct=payload.information_pct,
        review_on=payload.review_on,
    )
    return _detail(request, decision_id)


@router.post(
    "/decisions/{decision_id}/withdraw", response=DecisionOut, summary="Close without deciding"
)
def decision_withdraw(request: HttpRequest, decision_id: int, payload: ReasonIn) -> dict[str, Any]:
    services.decision_withdraw(
        actor=current_user(request), decision=_decision(request, decision_id), reason=payload.reason
    )
    return _detail(request, decision_id)


@router.post(
    "/decisions/{decision_id}/reviews", response={201: DecisionOut}, summary="Was it right?"
)
def review_record(
    request: HttpRequest, decision_id: int, payload: DecisionReviewIn
) -> HttpStatus[dict[str, Any]]:
    services.review_record(
        actor=current_user(request),
        decision=_decision(request, decision_id),
        outcome=payload.outcome,
        note=payload.note,
    )
    return HttpStatus(201, _detail(request, decision_id))


@router.post(
    "/decisions/{decision_id}/supersede",
    response={201: DecisionOut},
    summary="Reverse or correct a decided decision with a new linked one",
)
def decision_supersede(
    request: HttpRequest, decision_id: int, payload: SupersedeIn
) -> HttpStatus[dict[str, Any]]:
    successor = services.decision_supersede(
        actor=current_user(request),
        decision=_decision(request, decision_id),
        kind=payload.kind,
        question=payload.question,
        context=payload.context,
        door=payload.door,
        information_pct=payload.information_pct,
        decide_by=payload.decide_by,
        decider=_person(request, payload.decider_id, "decider_id"),
        stakeholders=_people(request, payload.stakeholder_ids, "stakeholder_ids"),
        options=_options(payload.options),
    )
    return HttpStatus(201, _detail(request, successor.pk))


@router.post("/decisions/{decision_id}/links", response={201: DecisionOut}, summary="Link a source")
def decision_link(
    request: HttpRequest, decision_id: int, payload: LinkIn
) -> HttpStatus[dict[str, Any]]:
    services.decision_link_source(
        actor=current_user(request),
        decision=_decision(request, decision_id),
        kind=payload.kind,
        ref=payload.ref,
        title=payload.title,
        url=payload.url,
    )
    return HttpStatus(201, _detail(request, decision_id))
