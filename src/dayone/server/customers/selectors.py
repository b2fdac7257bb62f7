"""Every read of customers, permission-checked: anecdotes, themes with their weekly trend, and
the themes whose anecdotes disagree with a metric."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from dayone.customers import ThemeTrend, theme_trends, week_ends, weekly_counts
from dayone.server.core.access import ensure_can_read
from dayone.server.customers.models import Anecdote, Theme

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


@dataclass(frozen=True, slots=True)
class Trends:
    """Every theme's weekly counts and signals, over weeks ending on ``ends``."""

    ends: tuple[dt.date, ...]
    by_theme: dict[int, ThemeTrend]


def theme_trend_list(
    *, viewer: User | AnonymousUser, last: dt.date, weeks: int = TREND_WEEKS
) -> Trends:
    """Weekly counts of every theme up to the week ending ``last``, read as XmR charts."""
    ensure_can_read(viewer)
    ends = week_ends(last, weeks)
    first = ends[0] - dt.timedelta(days=6)
    rows = list(
        Anecdote.objects.filter(
            theme__isnull=False, said_on__gte=first, said_on__lte=last
        ).values_list("said_on", "theme_id")
    )
    keys, matrix = weekly_counts(
        [d for d, _ in rows],
        [t for _, t in rows],
        ends=ends,
        keys=list(Theme.objects.values_list("pk", flat=True)),
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
