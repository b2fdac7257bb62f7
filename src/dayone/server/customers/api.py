"""API of customers: anecdotes (list, read, capture), the intake webhook, themes, "?"
escalations, and ideas (``api_ideas``, under ``/ideas``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from ninja.responses import Status

from dayone.customers import IntakeError, parse_record
from dayone.server.core.api_types import IsoDate, RowId
from dayone.server.core.pagination import Page, PageIn, page_of
from dayone.server.core.selectors import user_named
from dayone.server.customers import rules, selectors, services
from dayone.server.customers.enums import Source

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dayone.server.core.models import User
    from dayone.server.customers.models import Anecdote, Escalation, Theme

router = Router(tags=["customers"])
MAX_PER_CALL = 1000


class AnecdoteOut(Schema):
    id: int
    text: str
    channel: str
    date: date
    customer: str
    segment: str
    severity: str
    product_area: str
    metrics: list[str]
    external_id: str
    source: str
    theme: int | None
    theme_label: str | None


class AnecdoteIn(Schema):
    text: str
    channel: str
    date: str
    external_id: str = ""
    customer: str = ""
    segment: str = ""
    severity: str = ""
    product_area: str = ""
    metrics: list[str] = []


class IntakeIn(Schema):
    anecdotes: list[AnecdoteIn]


class IntakeOut(Schema):
    received: int
    created: int


class ThemeOut(Schema):
    id: int
    label: str
    count: int
    kept: bool
    metrics: list[str]
    weekly: list[int]
    rising: bool


class AnecdoteFilterIn(Schema):
    theme: RowId | None = None
    metric: str = ""
    channel: str = ""
    q: str = ""


def _anecdote_out(anecdote: Anecdote) -> dict[str, Any]:
    return {
        "id": anecdote.pk,
        "text": anecdote.text,
        "channel": anecdote.channel,
        "date": anecdote.said_on,
        "customer": anecdote.customer_ref,
        "segment": anecdote.segment,
        "severity": anecdote.severity,
        "product_area": anecdote.product_area,
        "metrics": [m.key for m in anecdote.metrics.all()],
        "external_id": anecdote.external_id,
        "source": anecdote.source,
        "theme": anecdote.theme_id,
        "theme_label": anecdote.theme.label if anecdote.theme else None,
    }


def _records(items: list[AnecdoteIn], *, prefix: str, request: HttpRequest) -> list[Any]:
    keys = selectors.metric_keys(viewer=request.user)
    records = []
    for index, item in enumerate(items):
        try:
            records.append(parse_record(item.dict(), metrics=keys))
        except IntakeError as exc:
            raise ValidationError({f"{prefix}{index}.{exc.column}": exc.reason}) from None
    return records


@router.get("/anecdotes", response=Page[AnecdoteOut], summary="Anecdotes, newest first")
def anecdote_list(
    request: HttpRequest, filters: Query[AnecdoteFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    rows = selectors.anecdote_list(
        viewer=request.user,
        filters=selectors.AnecdoteFilters(
            theme=filters.theme, metric=filters.metric, channel=filters.channel, q=filters.q
        ),
    ).prefetch_related("metrics")
    return page_of(rows, page, render=lambda chunk: [_anecdote_out(a) for a in chunk])


@router.get("/anecdotes/{anecdote_id}", response=AnecdoteOut, summary="One anecdote")
def anecdote_get(request: HttpRequest, anecdote_id: int) -> dict[str, Any]:
    return _anecdote_out(selectors.anecdote_get(viewer=request.user, pk=anecdote_id))


@router.post("/anecdotes", response={201: AnecdoteOut}, summary="Capture one anecdote")
def anecdote_create(request: HttpRequest, payload: AnecdoteIn) -> Status[dict[str, Any]]:
    [record] = _records([payload], prefix="", request=request)
    user: User = request.auth  # type: ignore[attr-defined]
    anecdote = services.anecdote_capture(actor=user, record=record)
    return Status(201, _anecdote_out(selectors.anecdote_get(viewer=user, pk=anecdote.pk)))


@router.post(
    "/intake",
    response={200: IntakeOut},
    summary="Webhook for support tools: a batch of anecdotes, each stored once",
)
def intake(request: HttpRequest, payload: IntakeIn) -> dict[str, int]:
    if len(payload.anecdotes) > MAX_PER_CALL:
        raise ValidationError({"anecdotes": f"At most {MAX_PER_CALL} anecdotes per call."})
    records = _records(payload.anecdotes, prefix="anecdotes.", request=request)
    user: User = request.auth  # type: ignore[attr-defined]
    batch = services.anecdotes_import(
        actor=user, records=records, source=Source.WEBHOOK, name=f"webhook by {user.username}"
    )
    return {"received": batch.received, "created": batch.created}


def _theme_out(theme: Theme, trends: selectors.Trends) -> dict[str, Any]:
    trend = trends.by_theme.get(theme.pk)
    return {
        "id": theme.pk,
        "label": theme.label,
        "count": theme.size,  # type: ignore[attr-defined]
        "kept": theme.kept,
        "metrics": [m.key for m in theme.metrics.all()],
        "weekly": list(trend.counts) if trend else [],
        "rising": bool(trend and trend.rising),
    }


@router.get("/themes", response=list[ThemeOut], summary="Themes with their weekly counts")
def theme_list(request: HttpRequest, last: IsoDate | None = None) -> list[dict[str, Any]]:
    trends = selectors.theme_trend_list(viewer=request.user, last=last or selectors.last_week())
    return [_theme_out(t, trends) for t in selectors.theme_list(viewer=request.user)]


@router.get("/themes/{theme_id}", response=ThemeOut, summary="One theme")
def theme_get(request: HttpRequest, theme_id: int, last: IsoDate | None = None) -> dict[str, Any]:
    trends = selectors.theme_trend_list(viewer=request.user, last=last or selectors.last_week())
    return _theme_out(selectors.theme_get(viewer=request.user, pk=theme_id), trends)


class CustomerEscalationIn(Schema):
    owner: str
    hours: int = rules.DEFAULT_HOURS
    question: str = ""


class CustomerEscalationCloseIn(Schema):
    root_cause: str
    fix: str
    prevention: str


class CustomerEscalationOut(Schema):
    id: int
    anecdote: int
    anecdote_text: str
    question: str
    raised_by: str | None
    owner: str
    hours: int
    created_at: datetime
    due_at: datetime
    overdue: bool
    closed_at: datetime | None
    closed_by: str | None
    root_cause: str
    fix: str
    prevention: str
    hours_to_close: float | None


class CustomerEscalationFilterIn(Schema):
    open: bool | None = None
    owner: str = ""


class CustomerEscalationStatsOut(Schema):
    open: int
    overdue: int
    closed: int
    median_hours: float | None
    p90_hours: float | None
    on_time_share: float | None


def _escalation_out(e: Escalation) -> dict[str, Any]:
    return {
        "id": e.pk,
        "anecdote": e.anecdote_id,
        "anecdote_text": e.anecdote.text,
        "question": e.question,
        "raised_by": e.raised_by.username if e.raised_by else None,
        "owner": e.owner.username,
        "hours": e.hours,
        "created_at": e.created_at,
        "due_at": e.due_at,
        "overdue": bool(getattr(e, "overdue", False)),
        "closed_at": e.closed_at,
        "closed_by": e.closed_by.username if e.closed_by else None,
        "root_cause": e.root_cause,
        "fix": e.fix,
        "prevention": e.prevention,
        "hours_to_close": (
            round((e.closed_at - e.created_at).total_seconds() / 3600, 2) if e.closed_at else None
        ),
    }


@router.get(
    "/escalations", response=Page[CustomerEscalationOut], summary='"?" escalations, open ones first'
)
def escalation_list(
    request: HttpRequest, filters: Query[CustomerEscalationFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    owner = user_named(viewer=request.user, username=filters.owner, field="owner")
    rows = selectors.escalation_list(
        viewer=request.user,
        filters=selectors.EscalationFilters(
            open=filters.open, owner=owner.pk if owner is not None else None
        ),
    )
    return page_of(rows, page, render=lambda chunk: [_escalation_out(e) for e in chunk])


@router.get(
    "/escalations/stats",
    response=CustomerEscalationStatsOut,
    summary='How fast "?" escalations close',
)
def escalation_stats(request: HttpRequest) -> selectors.EscalationStats:
    return selectors.escalation_stats(viewer=request.user)


@router.get(
    "/escalations/{escalation_id}", response=CustomerEscalationOut, summary="One escalation"
)
def escalation_get(request: HttpRequest, escalation_id: int) -> dict[str, Any]:
    return _escalation_out(selectors.escalation_get(viewer=request.user, pk=escalation_id))


@router.post(
    "/anecdotes/{anecdote_id}/escalations",
    response={201: CustomerEscalationOut},
    summary='Forward an anecdote with a "?" to an owner',
)
def escalation_raise(
    request: HttpRequest, anecdote_id: int, payload: CustomerEscalationIn
) -> Status[dict[str, Any]]:
    user: User = request.auth  # type: ignore[attr-defined]
    anecdote = selectors.anecdote_get(viewer=user, pk=anecdote_id)
    escalation = services.escalation_raise(
        actor=user,
        anecdote=anecdote,
        owner=user_named(viewer=user, username=payload.owner, field="owner"),
        hours=payload.hours,
        question=payload.question,
    )
    return Status(201, _escalation_out(selectors.escalation_get(viewer=user, pk=escalation.pk)))


@router.post(
    "/escalations/{escalation_id}/close",
    response=CustomerEscalationOut,
    summary="Close an escalation with the root cause, the fix and the prevention",
)
def escalation_close(
    request: HttpRequest, escalation_id: int, payload: CustomerEscalationCloseIn
) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    escalation = selectors.escalation_get(viewer=user, pk=escalation_id)
    services.escalation_close(
        actor=user,
        escalation=escalation,
        root_cause=payload.root_cause,
        fix=payload.fix,
        prevention=payload.prevention,
    )
    return _escalation_out(selectors.escalation_get(viewer=user, pk=escalation_id))


def _mount_ideas() -> None:
    from dayone.server.customers.api_ideas import router as ideas_router

    router.add_router("/ideas", ideas_router)


_mount_ideas()
