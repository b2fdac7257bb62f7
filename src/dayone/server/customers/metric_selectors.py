"""What customers say about one WBR metric: the themes linked to it, its recent anecdotes, and
where the anecdotes disagree with it (a linked theme rising while the metric shows no signal in
the deck), with the owner's written answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dayone.customers import disagreements
from dayone.server.core.access import ensure_can_read
from dayone.server.customers import selectors
from dayone.server.customers.models import DisagreementAnswer, Theme

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.server.customers.models import Anecdote
    from dayone.server.wbr.models import Metric

RECENT_ANECDOTES = 5


@dataclass(frozen=True, slots=True)
class MetricDisagreement:
    """Anecdotes of ``theme`` rose while ``metric`` looked fine; ``answer`` once its owner wrote one."""

    theme: Theme
    metric_key: str
    week_ending: dt.date
    recent: float
    baseline: float
    answer: DisagreementAnswer | None


@dataclass(frozen=True, slots=True)
class MetricCustomers:
    """The customers' side of a metric."""

    themes: list[tuple[Theme, bool]]
    anecdotes: list[Anecdote]
    anecdote_total: int
    disagreements: list[MetricDisagreement]
    judged: bool
    week: dt.date


def metric_signal_weeks(
    *, viewer: User | AnonymousUser
) -> tuple[dt.date, dict[str, list[dt.date]]] | None:
    """The deck's week and each metric's signal weeks in it, when the deck is computed."""
    from dayone.server.wbr import selectors as wbr_selectors

    when = wbr_selectors.deck_week(viewer=viewer)
    if when.week is None:
        return None
    deck = wbr_selectors.deck_get(viewer=viewer, when=when, compute=False)
    if deck is None:
        return None
    return when.week, {
        key: [s.week_ending for s in result.signals] for key, result in deck.metrics.items()
    }


def disagreement_list(
    *,
    viewer: User | AnonymousUser,
    last: dt.date,
    signal_weeks: dict[str, list[dt.date]],
    metric_key: str | None = None,
) -> list[MetricDisagreement]:
    """Each linked theme rising by the week ending ``last`` while its metric had no signal in
    the shown weeks (metrics missing from ``signal_weeks`` are not judged)."""
    ensure_can_read(viewer)
    trends = selectors.theme_trend_list(viewer=viewer, last=last)
    themes = {t.pk: t for t in Theme.objects.prefetch_related("metrics").defer("centroid")}
    links: dict[int, Sequence[str]] = {
        pk: [m.key for m in t.metrics.all() if metric_key in {None, m.key}]
        for pk, t in themes.items()
    }
    shown_from = trends.ends[-selectors.SHOWN_WEEKS]
    recent = {key: [w for w in weeks if w >= shown_from] for key, weeks in signal_weeks.items()}
    found = disagreements(list(trends.by_theme.values()), links, recent)
    answers = {
        (a.theme_id, a.metric.key, a.week_ending): a
        for a in DisagreementAnswer.objects.select_related("metric", "answered_by").filter(
            theme_id__in={d.theme for d in found}
        )
    }
    return [
        MetricDisagreement(
            theme=themes[d.theme],
            metric_key=d.metric,
            week_ending=d.week_ending,
            recent=d.recent,
            baseline=d.baseline,
            answer=answers.get((d.theme, d.metric, d.week_ending)),
        )
        for d in found
    ]


def metric_customers(*, viewer: User | AnonymousUser, metric: Metric) -> MetricCustomers:
    """The themes linked to ``metric`` (rising or not), its latest anecdotes, and disagreements."""
    ensure_can_read(viewer)
    judged = metric_signal_weeks(viewer=viewer)
    week = judged[0] if judged else selectors.last_week()
    trends = selectors.theme_trend_list(viewer=viewer, last=week)
    linked = list(selectors.theme_list(viewer=viewer).filter(metrics=metric))
    rows = selectors.anecdote_list(
        viewer=viewer, filters=selectors.AnecdoteFilters(metric=metric.key)
    )
    found = (
        disagreement_list(viewer=viewer, last=week, signal_weeks=judged[1], metric_key=metric.key)
        if judged
        else []
    )
    return MetricCustomers(
        themes=[(t, bool((trend := trends.by_theme.get(t.pk)) and trend.rising)) for t in linked],
        anecdotes=list(rows[:RECENT_ANECDOTES]),
        anecdote_total=rows.count(),
        disagreements=found,
        judged=judged is not None,
        week=week,
    )
