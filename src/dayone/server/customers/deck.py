"""The deck's "What customers told us" section: the themes whose count moved most in the
deck's week, with their counts, one verbatim quote each and the metrics linked to them; and
beside a metric, "anecdotes disagree with <metric>" when a linked theme rises while the metric
shows no signal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from django.urls import reverse

from dayone.customers import themes_moved
from dayone.server.customers import metric_selectors, selectors
from dayone.wbr import ExtraItem, ExtraSection

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User

TITLE = "What customers told us"
SHOWN = 5


def _count(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def customers_section(viewer: User | AnonymousUser, week: dt.date) -> ExtraSection | None:
    """The themes that moved most in the week ending ``week``; ``None`` when none moved."""
    trends = selectors.theme_trend_list(viewer=viewer, last=week, weeks=5)
    moved = themes_moved(list(trends.by_theme.values()), top=SHOWN)
    if not moved:
        return None
    shown = [m.theme for m in moved]
    themes = {
        t.pk: t
        for t in selectors.theme_list(viewer=viewer)
        .filter(pk__in=shown)
        .prefetch_related("metrics")
    }
    quotes: dict[int, str] = {}
    for theme_id, text in (
        selectors.anecdote_list(viewer=viewer, filters=selectors.AnecdoteFilters())
        .filter(theme_id__in=shown, said_on__gte=week - dt.timedelta(days=6), said_on__lte=week)
        .values_list("theme_id", "text")
    ):
        quotes.setdefault(theme_id, text)
    items = []
    for move in moved:
        theme = themes[move.theme]
        quote = quotes.get(theme.pk)
        metrics = ", ".join(m.name for m in theme.metrics.all())
        detail = (
            f"{move.count} this week, {_count(move.before)} a week in the four weeks before"
            + (f" · linked to {metrics}" if metrics else "")
        )
        items.append(
            ExtraItem(
                heading=theme.label,
                detail=detail,
                quote=quote or "",
                href=reverse("customers:theme", args=[theme.pk]),
            )
        )
    return ExtraSection(
        title=TITLE,
        intro="The themes whose anecdotes moved most this week against the four weeks before.",
        items=tuple(items),
    )


def disagreement_notes(
    viewer: User | AnonymousUser, week: dt.date, signal_weeks: Mapping[str, Sequence[dt.date]]
) -> dict[str, list[ExtraItem]]:
    """Beside each metric of the deck, the linked themes whose anecdotes rose by ``week`` while
    the metric showed no signal, and whether its owner has answered in writing."""
    found = metric_selectors.disagreement_list(
        viewer=viewer, last=week, signal_weeks={k: list(v) for k, v in signal_weeks.items()}
    )
    notes: dict[str, list[ExtraItem]] = {}
    for d in found:
        metric = next(m for m in d.theme.metrics.all() if m.key == d.metric_key)
        answer = (
            f"{d.answer.answered_by or 'The owner'} answered: {d.answer.text}"
            if d.answer
            else f"waiting for {metric.owner} to answer in writing"
        )
        notes.setdefault(d.metric_key, []).append(
            ExtraItem(
                heading=f"Anecdotes disagree with {metric.name}",
                detail=(
                    f'"{d.theme.label}" rose to {d.recent:.1f} a week (from {d.baseline:.1f}) '
                    f"by the week ending {d.week_ending.day} {d.week_ending:%b %Y} while {metric.name} showed no "
                    f"signal; {answer}."
                ),
                href=reverse("wbr:metric", args=[d.metric_key]) + f"#disagree-{d.theme.pk}",
            )
        )
    return notes
