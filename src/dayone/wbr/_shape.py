"""Shape: the aggregated arrays into the deck's dataclasses, column by column.

Comparisons (WoW, YoY, MoM; percent or basis points) are computed for all metrics at once on
the small arrays; each metric's series, box, limits and forecast then become one
:class:`MetricResult`, and the config's blocks become panels in order.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

import numpy as np

from dayone.wbr import _calendar as cal
from dayone.wbr._aggregate import MONTHS, PY_DAYS, WEEKS
from dayone.wbr._deck import (
    Box,
    ChartLinePanel,
    ChartPanel,
    Days,
    Deck,
    DeckWarning,
    MetricResult,
    Panel,
    SectionPanel,
    Series,
    TablePanel,
    TableRowPanel,
    Value,
    change_tones,
)
from dayone.wbr._derive import base_columns
from dayone.wbr._model import ChartBlock, SectionBlock, Show

ZERO_BASED = frozenset({"sum", "count", "count_distinct"})
"""Aggregations that count things: their charts start at zero, so a bar's size means something."""

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from dayone.wbr._aggregate import Grain, Grains, Periods
    from dayone.wbr._deck import Limits, Signal
    from dayone.wbr._forecast_history import Forecasts
    from dayone.wbr._prepare import Context
    from dayone.wbr._prepare import Days as DayMatrix


def _compare(
    current: NDArray[np.float64], prior: NDArray[np.float64], bps: NDArray[np.bool_], scale: bool
) -> NDArray[np.float64]:
    """Percent change (or basis-point difference) from ``prior`` to ``current``; NaN if undefined."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(prior != 0, current / prior - 1.0, np.nan)
        diff = current - prior
    if scale:
        ratio = ratio * 100.0
        diff = diff * 10_000.0
    out = np.where(bps, diff, ratio)
    return np.where(np.isfinite(out), out, np.nan)


def _by_column(matrix: NDArray[np.float64]) -> list[tuple[Value, ...]]:
    """Each column of ``matrix`` as a tuple of floats, NaN as ``None``."""
    cells = matrix.astype(object)
    cells[np.isnan(matrix)] = None
    return [tuple(column) for column in cells.T.tolist()]


def _union(*parts: Days) -> Days:
    if not any(parts):
        return ()
    return tuple(sorted(set().union(*parts)))


class _Gaps:
    """The days each period's value is computed without, per metric, from the days' matrix."""

    def __init__(self, ctx: Context, days: DayMatrix, grains: Grains) -> None:
        self.days = days
        self.we = ctx.we.toordinal()
        self.deps = base_columns(ctx)
        self.any: NDArray[np.bool_] = np.asarray(
            grains.weeks.gaps.any(axis=0)
            | grains.months.gaps.any(axis=0)
            | grains.box.gaps.any(axis=0)
        )

    def of(self, grain: Grain, rows: list[int], col: int) -> tuple[Days, ...]:
        """Per row of ``grain``, the days metric ``col`` lacks (``()`` when complete)."""
        if not self.any[col]:
            return ((),) * len(rows)
        out: list[Days] = []
        for r in rows:
            if 0 <= r < grain.gaps.shape[0] and grain.gaps[r, col]:
                hi = min(int(grain.hi[r]), self.we)
                out.append(self.days.missing_days(int(grain.lo[r]), hi, self.deps[col]))
            else:
                out.append(())
        return tuple(out)

    def box(self, w: Grain, b: Grain, weeks: tuple[int, int, int], col: int) -> tuple[Days, ...]:
        """The nine box cells' missing days: a change lacks what either side lacks."""
        if not self.any[col]:
            return ((),) * 9
        week = self.of(w, list(weeks), col)  # last week, the week before, last year's
        r = self.of(b, list(range(6)), col)
        return (
            week[0],
            _union(week[0], week[1]),
            _union(week[0], week[2]),
            r[0],
            _union(r[0], r[1]),
            r[2],
            _union(r[2], r[3]),
            r[4],
            _union(r[4], r[5]),
        )


def _pairwise(a: tuple[Days, ...], b: tuple[Days, ...]) -> tuple[Days, ...]:
    return tuple(_union(x, y) for x, y in zip(a, b, strict=True))


def shape(  # noqa: PLR0912, PLR0915 - one pass that shapes every result
    ctx: Context,
    days: DayMatrix,
    grains: Grains,
    p: Periods,
    *,
    limits: list[Limits | None],
    signals: list[tuple[Signal, ...]],
    forecasts: Forecasts,
) -> Deck:
    """The deck: every metric's series, box, limits and forecast, and the panels in order."""
    w, m, b = grains.weeks, grains.months, grains.box
    week_grid, month_grid = p.week_ends, p.month_ends
    cfg = ctx.config
    we = ctx.we
    fy_end = cfg.fiscal_year_end_month
    n_w = len(week_grid)
    cy_w = list(range(n_w - WEEKS, n_w))
    py_w = [i - PY_DAYS // 7 for i in cy_w]
    week_labels = cal.week_labels(
        we, WEEKS, fiscal_year_end_month=fy_end, declared_number=cfg.week_number
    )
    week_ends = tuple(dt.date.fromordinal(week_grid[i]) for i in cy_w)
    last_m = p.last_full_month(we)
    cy_m = list(range(last_m - MONTHS + 1, last_m + 1))
    py_m = [i - 12 for i in cy_m]
    month_ends = tuple(dt.date.fromordinal(month_grid[i]) for i in cy_m)
    month_labels = tuple(d.strftime("%b") for d in month_ends)
    fy_start = cal.fiscal_year_start(we, fy_end)
    fy_first = month_grid.index(cal.month_end(fy_start).toordinal())
    fy_months = list(range(fy_first, fy_first + 12))
    fy_ends = tuple(
        dt.date.fromordinal(month_grid[i])
        if i < len(month_grid)
        else cal.month_end(cal.add_months(fy_start, i - fy_first))
        for i in fy_months
    )
    fy_labels = tuple(d.strftime("%b") for d in fy_ends)

    def take(grain: Grain, rows: list[int]) -> NDArray[np.float64]:
        out = np.full((len(rows), grain.values.shape[1]), np.nan)
        valid = [(n, r) for n, r in enumerate(rows) if 0 <= r < grain.values.shape[0]]
        if valid:
            idx_out, idx_in = zip(*valid, strict=True)
            out[list(idx_out), :] = grain.values[list(idx_in), :]
        return out

    def take_flag(grain: Grain, rows: list[int]) -> NDArray[np.bool_]:
        out = np.zeros((len(rows), grain.values.shape[1]), dtype=bool)
        valid = [(n, r) for n, r in enumerate(rows) if 0 <= r < grain.values.shape[0]]
        if valid:
            idx_out, idx_in = zip(*valid, strict=True)
            out[list(idx_out), :] = grain.partial[list(idx_in), :]
        return out

    wk_cy = take(w, cy_w)
    wk_py = take(w, py_w)
    wk_prev = take(w, [cy_w[0] - 1])[0]
    mo_cy = take(m, cy_m)
    mo_py = take(m, py_m)
    mo_prev = take(m, [cy_m[0] - 1])[0]
    fy_cy = take(m, fy_months)
    # months not yet begun are missing; the current month shows month to date
    begun = np.array([cal.month_start(e) <= we for e in fy_ends])
    fy_cy[~begun, :] = np.nan
    current_month = [i for i, e in enumerate(fy_ends) if cal.month_start(e) <= we < e]
    fy_to_date = we if current_month else None
    fy_py = take(m, [i - 12 for i in fy_months])
    wk_cy_partial = take_flag(w, cy_w)
    mo_cy_partial = take_flag(m, cy_m)
    bps = np.array([x.comparison == "bps" for x in ctx.metrics])
    box_vals = b.values  # rows: cy_mtd, py_mtd, cy_qtd, py_qtd, cy_ytd, py_ytd
    last_wk = wk_cy[-1]
    wow = _compare(last_wk, wk_cy[-2], bps, scale=True)
    yoy = _compare(last_wk, wk_py[-1], bps, scale=True)
    mtd_yoy = _compare(box_vals[0], box_vals[1], bps, scale=True)
    qtd_yoy = _compare(box_vals[2], box_vals[3], bps, scale=True)
    ytd_yoy = _compare(box_vals[4], box_vals[5], bps, scale=True)
    boxes = np.vstack(
        [last_wk, wow, yoy, box_vals[0], mtd_yoy, box_vals[2], qtd_yoy, box_vals[4], ytd_yoy]
    )

    wanted: dict[str, tuple[str, Show]] = {}
    for metric in ctx.metrics:
        wanted[metric.name] = (metric.name, "value")
    for block in cfg.blocks:
        refs: list[tuple[str, Show]] = []
        if isinstance(block, ChartBlock):
            refs = [(ln.metric, ln.show) for ln in block.lines]
        elif not isinstance(block, SectionBlock):
            refs = [(r.metric, r.show) for r in block.rows if r.metric is not None]
        for name, show in refs:
            if show != "value":
                wanted[f"{name}:{show}"] = (name, show)

    yoy_w = _compare(wk_cy, wk_py, bps, scale=False)
    yoy_m = _compare(mo_cy, mo_py, bps, scale=False)
    fy_py_same_days = fy_py.copy()
    for i in current_month:  # month to date against last year's same days
        fy_py_same_days[i] = box_vals[1]
    yoy_f = _compare(fy_cy, fy_py_same_days, bps, scale=False)
    wow_w = _compare(wk_cy, np.vstack([wk_prev, wk_cy[:-1]]), bps, scale=False)
    mom_m = _compare(mo_cy, np.vstack([mo_prev, mo_cy[:-1]]), bps, scale=False)
    mom_f = _compare(fy_cy, take(m, [i - 1 for i in fy_months]), bps, scale=False)
    mom_f[current_month] = np.nan  # a month to date against a whole month is not a change
    yoy_box = np.vstack(
        [
            _compare(last_wk, wk_py[-1], bps, scale=False),
            _compare(yoy_w[-1], yoy_w[-2], bps, scale=True),
            np.full(len(ctx.metrics), np.nan),
            _compare(box_vals[0], box_vals[1], bps, scale=False),
            np.full(len(ctx.metrics), np.nan),
            _compare(box_vals[2], box_vals[3], bps, scale=False),
            np.full(len(ctx.metrics), np.nan),
            _compare(box_vals[4], box_vals[5], bps, scale=False),
            np.full(len(ctx.metrics), np.nan),
        ]
    )
    fy_target = take(m, fy_months)
    cache: dict[str, list[tuple[Value, ...]]] = {}
    grids = {
        "wk_cy": wk_cy,
        "wk_py": wk_py,
        "mo_cy": mo_cy,
        "mo_py": mo_py,
        "fy_cy": fy_cy,
        "fy_py": fy_py,
        "fy_target": fy_target,
        "boxes": boxes,
        "yoy_w": yoy_w,
        "yoy_m": yoy_m,
        "yoy_f": yoy_f,
        "yoy_box": yoy_box,
        "wow_w": wow_w,
        "mom_m": mom_m,
        "mom_f": mom_f,
    }

    def col_of(grid: str, col: int) -> tuple[Value, ...]:
        if grid not in cache:
            cache[grid] = _by_column(grids[grid])
        return cache[grid][col]

    wk_partial = [tuple(c) for c in wk_cy_partial.T.tolist()]
    mo_partial = [tuple(c) for c in mo_cy_partial.T.tolist()]
    week_label_tuple = tuple(week_labels)
    empty6 = (None,) * WEEKS
    empty12 = (None,) * MONTHS
    gaps = _Gaps(ctx, days, grains)
    fy_begun = [i for i, ok in zip(fy_months, begun, strict=True) if ok]
    fy_rows = fy_begun + [-1] * (len(fy_months) - len(fy_begun))
    results: dict[str, MetricResult] = {}
    for key, (name, show) in wanted.items():
        col = ctx.index[name]
        metric = ctx.metrics[col]
        target_col = ctx.index[metric.target] if metric.target else None
        comparison = metric.comparison
        wk_gap = gaps.of(w, cy_w, col)
        wk_py_gap = gaps.of(w, py_w, col)
        mo_gap = gaps.of(m, cy_m, col)
        mo_py_gap = gaps.of(m, py_m, col)
        fy_gap = gaps.of(m, fy_rows, col)
        fy_py_gap = gaps.of(m, [i - 12 for i in fy_months], col)
        box_gap = gaps.box(w, b, (cy_w[-1], cy_w[-2], py_w[-1]), col)
        if show == "value":
            weekly = Series(
                labels=week_label_tuple,
                ends=week_ends,
                current=col_of("wk_cy", col),
                prior=col_of("wk_py", col),
                target=col_of("wk_cy", target_col) if target_col is not None else None,
                partial=wk_partial[col],
                missing=wk_gap,
                prior_missing=wk_py_gap,
            )
            monthly = Series(
                labels=month_labels,
                ends=month_ends,
                current=col_of("mo_cy", col),
                prior=col_of("mo_py", col),
                target=col_of("mo_cy", target_col) if target_col is not None else None,
                partial=mo_partial[col],
                missing=mo_gap,
                prior_missing=mo_py_gap,
            )
            fiscal = Series(
                labels=fy_labels,
                ends=fy_ends,
                current=col_of("fy_cy", col),
                prior=col_of("fy_py", col),
                target=col_of("fy_target", target_col) if target_col is not None else None,
                to_date=fy_to_date,
                missing=fy_gap,
                prior_missing=fy_py_gap,
            )
            box_values = col_of("boxes", col)
        elif show == "yoy":
            weekly = Series(
                week_label_tuple,
                week_ends,
                col_of("yoy_w", col),
                empty6,
                missing=_pairwise(wk_gap, wk_py_gap),
            )
            monthly = Series(
                month_labels,
                month_ends,
                col_of("yoy_m", col),
                empty12,
                missing=_pairwise(mo_gap, mo_py_gap),
            )
            fiscal = Series(
                fy_labels,
                fy_ends,
                col_of("yoy_f", col),
                empty12,
                to_date=fy_to_date,
                missing=_pairwise(fy_gap, fy_py_gap),
            )
            box_values = col_of("yoy_box", col)
            box_gap = (
                box_gap[2],
                _union(box_gap[2], *gaps.of(w, [cy_w[-2], py_w[-2]], col)),
                (),
                box_gap[4],
                (),
                box_gap[6],
                (),
                box_gap[8],
                (),
            )
        elif show == "wow":
            before = gaps.of(w, [cy_w[0] - 1, *cy_w[:-1]], col)
            weekly = Series(
                week_label_tuple,
                week_ends,
                col_of("wow_w", col),
                empty6,
                missing=_pairwise(wk_gap, before),
            )
            monthly = Series(month_labels, month_ends, empty12, empty12)
            fiscal = Series(fy_labels, fy_ends, empty12, empty12)
            box_values = (None,) * 9
            box_gap = ((),) * 9
        else:
            weekly = Series(week_label_tuple, week_ends, empty6, empty6)
            before = gaps.of(m, [cy_m[0] - 1, *cy_m[:-1]], col)
            monthly = Series(
                month_labels,
                month_ends,
                col_of("mom_m", col),
                empty12,
                missing=_pairwise(mo_gap, before),
            )
            fy_before = gaps.of(m, [i - 1 if i >= 0 else -1 for i in fy_rows], col)
            fiscal = Series(
                fy_labels,
                fy_ends,
                col_of("mom_f", col),
                empty12,
                missing=_pairwise(fy_gap, fy_before),
            )
            box_values = (None,) * 9
            box_gap = ((),) * 9
        suffix = {"value": "", "yoy": " YoY", "wow": " WoW", "mom": " MoM"}[show]
        month_fc, quarter_fc, history = forecasts.get(name, (None, None, ()))
        results[key] = MetricResult(
            key=key,
            name=name,
            title=metric.title + suffix,
            show=show,
            comparison=comparison,
            weekly=weekly,
            monthly=monthly,
            fiscal=fiscal,
            box=Box(
                last_week=box_values[0],
                wow=box_values[1],
                yoy=box_values[2],
                mtd=box_values[3],
                mtd_yoy=box_values[4],
                qtd=box_values[5],
                qtd_yoy=box_values[6],
                ytd=box_values[7],
                ytd_yoy=box_values[8],
                comparison=comparison,
                tones=change_tones(tuple(box_values), metric.better),
                missing=box_gap if any(box_gap) else (),
            ),
            limits=limits[col] if show == "value" else None,
            signals=signals[col] if show == "value" else (),
            forecast=month_fc if show == "value" else None,
            quarter_forecast=quarter_fc if show == "value" else None,
            forecast_history=history if show == "value" else (),
            unit=metric.unit,
            zero_based=show == "value"
            and metric.operation is None
            and metric.aggregation in ZERO_BASED,
            description=metric.description or metric.definition,
            owner=metric.owner,
            role=metric.role,
            controllable=metric.controllable,
            drives=metric.drives,
            target_metric=metric.target,
            better=metric.better,
        )
    fiscal_axis = Series(fy_labels, fy_ends, empty12, empty12, to_date=fy_to_date)
    panels = _panels(ctx, results, week_label_tuple, month_labels, fiscal_axis)
    number = cal.week_number(we, fiscal_year_end_month=fy_end)
    if cfg.week_number is not None:
        number = cfg.week_number
    notes = tuple(DeckWarning(n) for n in cfg.notes)
    return Deck(
        title=cfg.title,
        week_ending=we,
        week_number=number,
        fiscal_year_end_month=fy_end,
        panels=panels,
        metrics=results,
        warnings=(*notes, *ctx.warnings),
        source=ctx.src.name,
        source_first_date=ctx.first,
        source_last_date=ctx.last,
    )


def _panels(
    ctx: Context,
    results: dict[str, MetricResult],
    week_labels: tuple[str, ...],
    month_labels: tuple[str, ...],
    fiscal: Series,
) -> tuple[Panel, ...]:
    cfg = ctx.config
    fiscal_headers = tuple(
        f"{label} MTD" if to_date is not None and e > to_date >= cal.month_start(e) else label
        for label, e, to_date in zip(
            fiscal.labels, fiscal.ends, itertools.repeat(fiscal.to_date), strict=False
        )
    )
    panels: list[Panel] = []
    for number, block in zip(itertools.count(cfg.block_starting_number), cfg.blocks, strict=False):
        if isinstance(block, SectionBlock):
            panels.append(SectionPanel(number=number, title=block.title))
        elif isinstance(block, ChartBlock):
            lines = tuple(
                ChartLinePanel(
                    key=ln.metric if ln.show == "value" else f"{ln.metric}:{ln.show}",
                    legend=ln.legend
                    or results[ln.metric if ln.show == "value" else f"{ln.metric}:{ln.show}"].title,
                    style=ln.style,
                    prior_year=ln.prior_year,
                )
                for ln in block.lines
            )
            panels.append(
                ChartPanel(
                    number=number,
                    title=block.title,
                    monthly_axis=block.monthly_axis or cfg.monthly_axis,
                    lines=lines,
                    y_format=block.y_format,
                )
            )
        else:
            axis = block.monthly_axis or cfg.monthly_axis
            rows: list[TableRowPanel] = []
            for row in block.rows:
                if row.metric is None:
                    rows.append(
                        TableRowPanel(header=row.header, key=None, values=(), style=row.style)
                    )
                    continue
                key = row.metric if row.show == "value" else f"{row.metric}:{row.show}"
                result = results[key]
                if block.period == "weeks":
                    values: tuple[Value, ...] = (
                        *result.weekly.current,
                        result.box.qtd,
                        result.box.ytd,
                    )
                    box_gap = result.box.missing or ((),) * 9
                    missing = (*result.weekly.missing, box_gap[5], box_gap[7])
                elif axis == "fiscal_year":
                    values = result.fiscal.current
                    missing = result.fiscal.missing
                else:
                    values = result.monthly.current
                    missing = result.monthly.missing
                rows.append(
                    TableRowPanel(
                        header=row.header,
                        key=key,
                        values=values,
                        y_format=row.y_format,
                        style=row.style,
                        missing=missing if any(missing) else (),
                    )
                )
            if block.period == "weeks":
                headers = (*week_labels, "QTD", "YTD")
            elif axis == "fiscal_year":
                headers = fiscal_headers
            else:
                headers = month_labels
            panels.append(
                TablePanel(
                    number=number,
                    title=block.title,
                    period=block.period,
                    headers=headers,
                    rows=tuple(rows),
                    monthly_axis=axis if block.period == "months" else "trailing_twelve_months",
                )
            )
    return tuple(panels)
