"""Every read of customers, permission-checked: anecdotes, themes with their weekly trend,
the themes whose anecdotes disagree with a metric, and "?" escalations with their time to close."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Now
from django.http import Http404

from dayone.customers import ThemeTrend, theme_trends, week_ends, weekly_counts
from dayone.server.core.access import ensure_can_read
from dayone.server.customers.models import Anecdote, Escalation, Theme

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User

TREND_WEEKS = 26
SHOWN_WEEKS = 6


@dataclass(frozen=True, slots=True)
class AnecdoteFilters:
    """What the anecdote list can be narrowed by (the page and the API share it)."""

    theme: int | None = None
    metric: str = ""
    channel: str = ""
    q: str = ""
    unsorted: bool = False


def anecdote_list(
    *, viewer: User | AnonymousUser, filters: AnecdoteFilters | None = None
) -> QuerySet[Anecdote]:
    """Anecdotes, newest first, with their theme and who captured them."""
    ensure_can_read(viewer)
    filters = filters or AnecdoteFilters()
    rows = Anecdote.objects.select_related("theme", "captured_by").defer("vector")
    if filters.theme is not None:
        rows = rows.filter(theme_id=filters.theme)
    if filters.unsorted:
        rows = rows.filter(theme__isnull=True)
    if filters.metric:
        rows = rows.filter(metrics__key=filters.metric)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.q:
        rows = rows.filter(Q(text__icontains=filters.q) | Q(customer_ref=filters.q))
    return rows.order_by("-said_on", "-pk")


def anecdote_get(*, viewer: User | AnonymousUser, pk: int) -> Anecdote:
    """One anecdote, or 404."""
    try:
        return anecdote_list(viewer=viewer).prefetch_related("metrics").get(pk=pk)
    except Anecdote.DoesNotExist:
        raise Http404("No such anecdote.") from None


def theme_list(*, viewer: User | AnonymousUser) -> QuerySet[Theme]:
    """Themes with their number of anecdotes (``size``), largest first."""
    ensure_can_read(viewer)
    return (
        Theme.objects.select_related("team")
        .defer("centroid")
        .annotate(size=Count("anecdotes"))
        .prefetch_related("metrics")
        .order_by("-size", "label", "pk")
    )


def theme_get(*, viewer: User | AnonymousUser, pk: int) -> Theme:
    """One theme with its size, or 404."""
    try:
        return theme_list(viewer=viewer).get(pk=pk)
    except Theme.DoesNotExist:
        raise Http404("No such theme.") from None


def theme_list_for_team(*, viewer: User | AnonymousUser, team_id: int) -> QuerySet[Theme]:
    """The themes a team owns, or that move with a metric the team is measured by now, largest
    first (one query: no metrics prefetched)."""
    from dayone.server.teams.models import TeamMetric

    keys = TeamMetric.objects.filter(team_id=team_id, removed_at__isnull=True).values("metric_key")
    linked = Theme.objects.filter(Q(team_id=team_id) | Q(metrics__key__in=keys))
    return theme_list(viewer=viewer).prefetch_related(None).filter(pk__in=linked.values("pk"))


@dataclass(frozen=True, slots=True)
class Trends:
    """Every theme's weekly counts and signals, over weeks ending on ``ends``."""

    ends: tuple[dt.date, ...]
    by_theme: dict[int, ThemeTrend]


def theme_trend_list(
    *,
    viewer: User | AnonymousUser,
    last: dt.date,
    weeks: int = TREND_WEEKS,
    themes: list[int] | None = None,
) -> Trends:
    """Weekly counts of every theme (or of ``themes``) up to the week ending ``last``, read as
    XmR charts."""
    ensure_can_read(viewer)
    ends = week_ends(last, weeks)
    first = ends[0] - dt.timedelta(days=6)
    rows = Anecdote.objects.filter(theme__isnull=False, said_on__gte=first, said_on__lte=last)
    if themes is not None:
        rows = rows.filter(theme_id__in=themes)
    pairs = list(rows.values_list("said_on", "theme_id"))
    keys, matrix = weekly_counts(
        [d for d, _ in pairs],
        [t for _, t in pairs],
        ends=ends,
        keys=themes if themes is not None else list(Theme.objects.values_list("pk", flat=True)),
    )
    trends = theme_trends(keys, matrix, ends=ends, shown=SHOWN_WEEKS)
    return Trends(ends=ends, by_theme={t.theme: t for t in trends})


def metric_keys(*, viewer: User | AnonymousUser) -> set[str]:
    """The keys of every WBR metric, which anecdotes and themes may name."""
    from dayone.server.wbr.selectors import metric_list

    return set(metric_list(viewer=viewer).values_list("key", flat=True))


@dataclass(frozen=True, slots=True)
class ThemeExport:
    """A theme as the command line prints it."""

    label: str
    count: int
    anecdotes: tuple[str, ...]


def theme_export() -> list[ThemeExport]:
    """Every theme with the external ids of its anecdotes, for the command line.

    The command line runs as the owner of the data folder, so it reads without a viewer.
    """
    members: dict[int, list[str]] = {}
    for theme, external, pk in (
        Anecdote.objects.filter(theme__isnull=False)
        .order_by("theme_id", "said_on", "pk")
        .values_list("theme_id", "external_id", "pk")
    ):
        members.setdefault(theme, []).append(external or f"#{pk}")
    themes = Theme.objects.annotate(size=Count("anecdotes")).order_by("-size", "label", "pk")
    return [
        ThemeExport(label=t.label, count=t.size, anecdotes=tuple(members.get(t.pk, [])))
        for t in themes.defer("centroid")
    ]


def last_week() -> dt.date:
    """The end (Saturday) of the last full week, in the company's time zone."""
    from django.utils import timezone

    today = timezone.localdate()
    return today - dt.timedelta(days=(today.weekday() - 5) % 7 or 7)


@dataclass(frozen=True, slots=True)
class EscalationFilters:
    """What the escalation list can be narrowed by (the page and the API share it)."""

    open: bool | None = None
    owner: int | None = None


def escalation_list(
    *, viewer: User | AnonymousUser, filters: EscalationFilters | None = None
) -> QuerySet[Escalation]:
    """Escalations, open ones by deadline first, then closed ones, latest closed first."""
    ensure_can_read(viewer)
    filters = filters or EscalationFilters()
    rows = (
        Escalation.objects.select_related("anecdote", "owner", "raised_by", "closed_by")
        .defer("anecdote__vector")
        .annotate(
            overdue=ExpressionWrapper(
                Q(closed_at__isnull=True, due_at__lt=Now()), output_field=BooleanField()
            )
        )
    )
    if filters.open is not None:
        rows = rows.filter(closed_at__isnull=filters.open)
    if filters.owner is not None:
        rows = rows.filter(owner_id=filters.owner)
    return rows.order_by(F("closed_at").desc(nulls_first=True), "due_at", "pk")


def escalation_get(*, viewer: User | AnonymousUser, pk: int) -> Escalation:
    """One escalation, or 404."""
    try:
        return escalation_list(viewer=viewer).get(pk=pk)
    except Escalation.DoesNotExist:
        raise Http404("No such escalation.") from None


def escalation_list_for_anecdote(
    *, viewer: User | AnonymousUser, anecdote: Anecdote
) -> QuerySet[Escalation]:
    """The escalations raised on one anecdote."""
    return escalation_list(viewer=viewer).filter(anecdote=anecdote)


@dataclass(frozen=True, slots=True)
class EscalationStats:
    """How fast "?" escalations close: counts, and hours to close over the closed ones."""

    open: int
    overdue: int
    closed: int
    median_hours: float | None
    p90_hours: float | None
    on_time_share: float | None


def escalation_stats(
    *, viewer: User | AnonymousUser, now: dt.datetime | None = None
) -> EscalationStats:
    """Open and overdue counts, and the time to close (median, 90th percentile, share on time)."""
    from django.utils import timezone

    ensure_can_read(viewer)
    now = now or timezone.now()
    open_rows = Escalation.objects.filter(closed_at__isnull=True)
    closed = list(
        Escalation.objects.filter(closed_at__isnull=False).values_list(
            "created_at", "closed_at", "due_at"
        )
    )
    hours = sorted((c - o).total_seconds() / 3600 for o, c, _ in closed if c is not None)
    on_time = sum(1 for _, c, due in closed if c is not None and c <= due)

    def quantile(share: float) -> float | None:
        if not hours:
            return None
        return hours[min(len(hours) - 1, int(share * len(hours)))]

    median = None
    if hours:
        middle = len(hours) // 2
        median = hours[middle] if len(hours) % 2 else (hours[middle - 1] + hours[middle]) / 2
    return EscalationStats(
        open=open_rows.count(),
        overdue=open_rows.filter(due_at__lt=now).count(),
        closed=len(closed),
        median_hours=median,
        p90_hours=quantile(0.9),
        on_time_share=on_time / len(closed) if closed else None,
    )
