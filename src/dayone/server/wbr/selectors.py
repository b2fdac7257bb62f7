"""Every read of the WBR, permission-checked: the catalogue, definition history, data sources,
commentary, and the deck for a week (computed by the WBR engine, cached per catalogue version)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import astuple, dataclass
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, F, Prefetch, QuerySet

from dayone.server.core.access import ensure_can_read
from dayone.server.core.selectors import first_admin, organization_name
from dayone.server.wbr.catalogue import MetricInfo
from dayone.server.wbr.deck import (
    DeckPlan,
    cache_key,
    deck_cached,
    deck_compute,
    deck_plan,
)
from dayone.server.wbr.extras import deck_extras, deck_notes
from dayone.server.wbr.models import Commentary, DataSource, Metric, MetricVersion, Section
from dayone.server.wbr.printing import printed_get, printed_prepare
from dayone.wbr import RenderError, render_pdf

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.wbr import Deck

WEEKS_TO_PICK = 13


def metric_catalogue() -> dict[str, MetricInfo]:
    """Every metric of the catalogue by key, sorted: what teams, goals and Weblab can name."""
    metrics = Metric.objects.select_related("numerator", "denominator").order_by("key")
    return {metric.key: MetricInfo.of(metric) for metric in metrics}


def metric_info(key: str) -> MetricInfo | None:
    """The catalogue entry for ``key``, or ``None`` when no metric has that key."""
    if not key:
        return None
    metric = Metric.objects.select_related("numerator", "denominator").filter(key=key).first()
    return MetricInfo.of(metric) if metric is not None else None


def metric_list(*, viewer: User | AnonymousUser) -> QuerySet[Metric]:
    """The catalogue in deck order (sections, then position), with owners, sources and drives."""
    ensure_can_read(viewer)
    return (
        Metric.objects.select_related("owner", "section", "source", "numerator", "denominator")
        .prefetch_related(Prefetch("drives", queryset=Metric.objects.order_by("key")))
        .order_by(F("section__position").asc(nulls_last=True), "section_id", "position", "key")
    )


def metric_get(*, viewer: User | AnonymousUser, key: str) -> Metric:
    """One metric by key (raises ``Metric.DoesNotExist``)."""
    return metric_list(viewer=viewer).prefetch_related("driven_by").get(key=key)


def metric_versions(*, viewer: User | AnonymousUser, metric: Metric) -> QuerySet[MetricVersion]:
    """The definition's history, newest first."""
    ensure_can_read(viewer)
    return metric.versions.select_related("changed_by").order_by("-number")


def metric_commentary(
    *, viewer: User | AnonymousUser, metric: Metric, limit: int = 12
) -> QuerySet[Commentary]:
    """The why, week by week, newest first."""
    ensure_can_read(viewer)
    return metric.commentary.select_related("author").order_by("-week_ending")[:limit]


def section_list(*, viewer: User | AnonymousUser) -> QuerySet[Section]:
    """Sections of the deck in order, with how many metrics each holds."""
    ensure_can_read(viewer)
    return Section.objects.annotate(metric_count=Count("metrics")).order_by("position", "pk")


def source_list(*, viewer: User | AnonymousUser) -> QuerySet[DataSource]:
    """Data sources with how many metrics read each."""
    ensure_can_read(viewer)
    return (
        DataSource.objects.select_related("created_by")
        .annotate(metric_count=Count("metrics"))
        .order_by("name")
    )


def source_get(*, viewer: User | AnonymousUser, slug: str) -> DataSource:
    """One data source (raises ``DataSource.DoesNotExist``)."""
    return source_list(viewer=viewer).get(slug=slug)


def commentary_for_week(
    *, viewer: User | AnonymousUser, week_ending: dt.date
) -> dict[str, Commentary]:
    """The why of every metric for one week, by metric key (one query)."""
    ensure_can_read(viewer)
    notes = Commentary.objects.filter(week_ending=week_ending).select_related("metric", "author")
    return {note.metric.key: note for note in notes}


@dataclass(frozen=True, slots=True)
class DeckWeek:
    """The deck's plan and the week asked for, with the weeks a reader can pick."""

    plan: DeckPlan
    week: dt.date | None
    weeks: tuple[dt.date, ...]

    @property
    def is_latest(self) -> bool:
        """The week is the latest complete week of data."""
        return self.week is not None and self.week == self.plan.latest_week


def deck_week(*, viewer: User | AnonymousUser, week: dt.date | None = None) -> DeckWeek:
    """Which week the deck is for: ``week`` when it is one of the weeks with data, else the
    latest complete week."""
    ensure_can_read(viewer)
    plan = deck_plan(f"{organization_name()} WBR")
    latest = plan.latest_week
    if latest is None:
        return DeckWeek(plan, None, ())
    weeks = tuple(latest - dt.timedelta(weeks=i) for i in range(WEEKS_TO_PICK))
    chosen = (
        week
        if week is not None and week <= latest and week.weekday() == latest.weekday()
        else latest
    )
    if chosen not in weeks:
        weeks = (*weeks, chosen)
    return DeckWeek(plan, chosen, weeks)


def deck_warm() -> None:
    """Compute the latest week's deck ahead of its first reader (a server warming up)."""
    plan = deck_plan(f"{organization_name()} WBR")
    week = plan.latest_week
    if week is None or not plan.config.blocks:
        return
    deck = deck_cached(plan, week) or deck_compute(plan, week)
    reader = first_admin()
    if reader is None:
        return
    try:  # the printed deck too: printing takes seconds, every reader gets the same PDF
        deck_pdf(viewer=reader, when=DeckWeek(plan, week, (week,)), deck=deck)
    except RenderError:
        return  # no Chromium here: the PDF link says so when followed


def deck_get(*, viewer: User | AnonymousUser, when: DeckWeek, compute: bool = True) -> Deck | None:
    """The deck for the week: from the cache, or computed by the engine when ``compute``.

    ``None`` when there is nothing to show yet, or when it is not cached and ``compute`` is off
    (the page then shows a running state and asks again).
    """
    ensure_can_read(viewer)
    if when.week is None or not when.plan.config.blocks:
        return None
    found = deck_cached(when.plan, when.week)
    if found is not None or not compute:
        return found
    return deck_compute(when.plan, when.week)


def deck_key(when: DeckWeek) -> str:
    """What the week's deck is cached under: pages cache what they draw from it under the same."""
    assert when.week is not None  # noqa: S101 - a deck has a week
    return cache_key(when.plan, when.week)


def _deck_print(
    *, viewer: User | AnonymousUser, when: DeckWeek, deck: Deck, background: bool = False
) -> tuple[str, Callable[[], bytes]]:
    """What the reader's PDF is kept under (the catalogue version, the week and the exact text
    printed: the week's why, the notes beside its metrics and the extra sections), and how to
    print it (without the database: it may run on another thread)."""
    ensure_can_read(viewer)
    assert when.week is not None  # noqa: S101 - a deck has a week
    notes = {
        key: note.text
        for key, note in commentary_for_week(viewer=viewer, week_ending=when.week).items()
    }
    extra = deck_extras(viewer=viewer, week=when.week)
    signal_weeks = {
        key: [s.week_ending for s in result.signals] for key, result in deck.metrics.items()
    }
    beside = deck_notes(viewer=viewer, week=when.week, signal_weeks=signal_weeks)
    printed = [
        notes,
        [[s.title, s.intro, [list(astuple(i)) for i in s.items]] for s in extra],
        {key: [list(astuple(i)) for i in items] for key, items in beside.items()},
    ]
    digest = hashlib.sha1(
        json.dumps(printed, sort_keys=True).encode(), usedforsecurity=False
    ).hexdigest()[:16]
    key = f"{cache_key(when.plan, when.week)}:pdf:{digest}"
    printer = partial(render_pdf, deck, commentary=notes, extra=extra, beside=beside)
    return key, partial(printer, background=True) if background else printer


def deck_pdf(*, viewer: User | AnonymousUser, when: DeckWeek, deck: Deck) -> bytes:
    """The deck printed to PDF for this reader: kept once printed, waited for while printing."""
    key, print_pdf = _deck_print(viewer=viewer, when=when, deck=deck)
    return printed_get(key, print_pdf)


def deck_pdf_prepare(*, viewer: User | AnonymousUser, when: DeckWeek, deck: Deck) -> None:
    """Start printing the reader's PDF of the deck in the background, unless it is printed:
    a reader of the deck may ask for it next. The ``DAYONE_PRINT_AHEAD`` setting says for which
    weeks: the latest (``latest``), every week (``all``) or none (``off``)."""
    ahead = settings.DAYONE_PRINT_AHEAD
    if ahead == "off" or (ahead == "latest" and not when.is_latest):
        return
    key, print_ahead = _deck_print(viewer=viewer, when=when, deck=deck, background=True)
    printed_prepare(key, print_ahead)
