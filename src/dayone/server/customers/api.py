"""API of customers: anecdotes (list, read, capture), the intake webhook, and themes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from ninja import Query, Router, Schema
from ninja.responses import Status

from dayone.customers import IntakeError, parse_record
from dayone.server.core.pagination import Page, PageIn, page_of
from dayone.server.customers import selectors, services
from dayone.server.customers.enums import Source

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dayone.server.core.models import User
    from dayone.server.customers.models import Anecdote, Theme

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
    theme: int | None = None
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
def theme_list(request: HttpRequest, last: date | None = None) -> list[dict[str, Any]]:
    trends = selectors.theme_trend_list(viewer=request.user, last=last or selectors.last_week())
    return [_theme_out(t, trends) for t in selectors.theme_list(viewer=request.user)]


@router.get("/themes/{theme_id}", response=ThemeOut, summary="One theme")
def theme_get(request: HttpRequest, theme_id: int, last: date | None = None) -> dict[str, Any]:
    trends = selectors.theme_trend_list(viewer=request.user, last=last or selectors.last_week())
    return _theme_out(selectors.theme_get(viewer=request.user, pk=theme_id), trends)
