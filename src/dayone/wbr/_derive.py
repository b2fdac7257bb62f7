"""Derive and find gaps: derived metrics from the aggregated values, and the days missing.

Derived metrics (sum, difference, product, ratio; chained) are computed on the aggregated
values, so a ratio is a ratio of sums; a derived value is partial or has a gap when one of
its operands has.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from dayone.wbr._aggregate import MONTHS, PY_DAYS, WEEKS
from dayone.wbr._deck import DeckWarning

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from dayone.wbr._aggregate import Grain, Grains, Periods
    from dayone.wbr._model import Metric
    from dayone.wbr._prepare import Context, Days

MAX_LISTED_DATES = 12


def derive(ctx: Context, grains: Grains) -> None:
    """Fill in the derived metrics of every grain, in dependency order."""
    for grain in (grains.weeks, grains.months, grains.box):
        _derive_grain(ctx, grain)


def _derive_grain(ctx: Context, grain: Grain) -> None:
    done: set[str] = {m.name for m in ctx.base}

    def visit(metric: Metric) -> None:
        if metric.name in done:
            return
        for ref in metric.operands:
            visit(ctx.metrics[ctx.index[ref]])
        cols = [grain.values[:, ctx.index[ref]] for ref in metric.operands]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if metric.operation == "sum":
                out = np.sum(cols, axis=0)
            elif metric.operation == "difference":
                out = cols[0] - cols[1]
            elif metric.operation == "product":
                out = np.prod(cols, axis=0)
            else:
                out = np.where(cols[1] != 0, cols[0] / cols[1], np.nan)
        col = ctx.index[metric.name]
        grain.values[:, col] = np.where(np.isfinite(out), out, np.nan)
        grain.partial[:, col] = np.any(
            [grain.partial[:, ctx.index[r]] for r in metric.operands], axis=0
        )
        grain.gaps[:, col] = np.any([grain.gaps[:, ctx.index[r]] for r in metric.operands], axis=0)
        done.add(metric.name)

    for metric in ctx.metrics:
        visit(metric)


def base_columns(ctx: Context) -> list[list[int]]:
    """For each metric (in ``ctx.metrics`` order), the base metrics (columns of the days) it
    is computed from: itself for a base metric, its operands' for a derived one."""
    out: dict[str, list[int]] = {m.name: [j] for j, m in enumerate(ctx.base)}

    def visit(metric: Metric) -> list[int]:
        if metric.name not in out:
            found: set[int] = set()
            for ref in metric.operands:
                found.update(visit(ctx.metrics[ctx.index[ref]]))
            out[metric.name] = sorted(found)
        return out[metric.name]

    return [visit(m) for m in ctx.metrics]


def find_gaps(ctx: Context, days: Days, grains: Grains, p: Periods) -> None:
    """Warn, per base metric, of the days without data in the periods the deck shows."""
    w, m, b = grains.weeks, grains.months, grains.box
    we = ctx.we.toordinal()
    n_w = len(p.week_ends)
    shown_weeks = [n_w - 1 - i for i in range(WEEKS + 1)] + [
        n_w - 1 - PY_DAYS // 7 - i for i in range(WEEKS)
    ]
    last_month = p.last_full_month(ctx.we)
    shown_months = [last_month - i for i in range(MONTHS + 12)]
    hit: NDArray[np.bool_] = np.asarray(
        w.gaps[shown_weeks].any(axis=0) | m.gaps[shown_months].any(axis=0) | b.gaps.any(axis=0)
    )
    for j, metric in enumerate(ctx.base):
        col = ctx.index[metric.name]
        if not hit[col]:
            continue
        spans = [(int(w.lo[i]), min(int(w.hi[i]), we)) for i in shown_weeks if w.gaps[i, col]]
        spans += [(int(m.lo[i]), min(int(m.hi[i]), we)) for i in shown_months if m.gaps[i, col]]
        spans += [(int(b.lo[i]), int(b.hi[i])) for i in range(len(b.lo)) if b.gaps[i, col]]
        missing = sorted({d for lo, hi in spans for d in days.missing_days(lo, hi, [j])})
        if not missing:
            continue
        blank = [d for d in missing if days.has(d.toordinal(), j)]
        ctx.warnings.append(
            DeckWarning(
                f"{metric.name}: {_listing(missing, blank)}; the periods that hold "
                f"{'it' if len(missing) == 1 else 'them'} are computed over the days present "
                "and marked incomplete",
                metric=metric.name,
                dates=tuple(missing),
            )
        )


def _listing(missing: list[dt.date], blank: list[dt.date]) -> str:
    def dates(days: list[dt.date]) -> str:
        listed = ", ".join(d.isoformat() for d in days[:MAX_LISTED_DATES])
        more = f" and {len(days) - MAX_LISTED_DATES} more" if len(days) > MAX_LISTED_DATES else ""
        return f"{len(days)} day{'s' if len(days) > 1 else ''} ({listed}{more})"

    without = [d for d in missing if d not in set(blank)]
    parts = []
    if without:
        parts.append(f"no data on {dates(without)}")
    if blank:
        parts.append(f"a blank value in one of the rows of {dates(blank)}")
    return "; ".join(parts)
