"""From config and daily data to a deck, phase by phase, set-based for all metrics at once.

1. prepare (:mod:`._prepare`): open the source, check the config against it, fix the week
   ending, and read the daily table as a day-by-metric matrix;
2. aggregate (:mod:`._aggregate`): weeks, months and the box ranges as reductions over row
   ranges of that matrix;
3. derive and find gaps (:mod:`._derive`): derived metrics on the aggregated values, and
   warnings for the days without data;
4. signals (:mod:`._expected`) and forecasts (:mod:`._forecast`) on arrays;
5. shape (:mod:`._shape`): the arrays into the deck's dataclasses.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from dayone.wbr import _calendar as cal
from dayone.wbr._aggregate import aggregate, periods
from dayone.wbr._derive import derive, find_gaps
from dayone.wbr._expected import expected_signals
from dayone.wbr._prepare import open_source, period_totals, prepare, read_days
from dayone.wbr._shape import shape

if TYPE_CHECKING:
    from dayone.warehouse import Warehouse
    from dayone.wbr._aggregate import Grains
    from dayone.wbr._deck import Deck
    from dayone.wbr._forecast_history import Forecasts
    from dayone.wbr._model import WbrConfig
    from dayone.wbr._prepare import Context, Days, Input, Source


def build_deck(
    config: WbrConfig,
    source: Input,
    *,
    week_ending: dt.date | None = None,
    warehouse: Warehouse | None = None,
    forecast: bool = True,
) -> Deck:
    """Compute a WBR deck from ``config`` and daily data.

    ``source`` is a CSV path, an Arrow table, a :class:`DailyTable`, or a
    :class:`WarehouseTable` read in place from ``warehouse``. ``week_ending`` overrides the
    config; without either, the deck is for the last complete week in the data. Raises
    :class:`ConfigError` or :class:`DataError` with the file, line, column or metric at fault.
    """
    from dayone.wbr._lazy import LazyWarehouse

    own = warehouse is None
    wh = LazyWarehouse() if warehouse is None else warehouse
    try:
        src = open_source(wh, source)
        try:
            return _build(config, src, wh, week_ending, forecast=forecast)
        finally:
            for statement in reversed(src.cleanup):
                wh.execute(statement)
    finally:
        if own:
            wh.close()


def _build(
    config: WbrConfig,
    src: Source,
    wh: Warehouse,
    week_ending: dt.date | None,
    *,
    forecast: bool,
) -> Deck:
    ctx = prepare(config, src, wh, week_ending)
    p = periods(ctx.we, config.fiscal_year_end_month)
    days = read_days(ctx, p.start)
    grains = aggregate(ctx, days, p)
    derive(ctx, grains)
    find_gaps(ctx, days, grains, p)
    shown = tuple(dt.date.fromordinal(e) for e in p.week_ends[-6:])
    # an incomplete week is shown over the days present but never judged as a signal
    whole_weeks = np.where(grains.weeks.gaps, np.nan, grains.weeks.values)
    limits, signals = expected_signals(whole_weeks, week_ends=shown)
    forecasts = _forecasts(ctx, days, grains) if forecast else {}
    return shape(ctx, days, grains, p, limits=limits, signals=signals, forecasts=forecasts)


def _forecasts(ctx: Context, days: Days, grains: Grains) -> Forecasts:
    """Month- and quarter-end forecasts of the base metrics whose target is a base metric, and
    how their past forecasts did."""
    from dayone.wbr._forecast import FORECASTABLE, TARGETS, forecast_period
    from dayone.wbr._forecast_history import forecast_history, quarter_bounds

    we = ctx.we
    pairs: dict[int, int] = {}
    for metric in ctx.base:
        if metric.target is None or metric.aggregation not in FORECASTABLE:
            continue
        target = ctx.metrics[ctx.index[metric.target]]
        if target.is_derived or target.aggregation not in TARGETS:
            continue
        pairs[ctx.base_index[metric.name]] = ctx.base_index[target.name]
    if not pairs:
        return {}
    columns = sorted(set(pairs.values()))
    base_cols = [ctx.index[m.name] for m in ctx.base]
    aggregations = [m.aggregation for m in ctx.base]
    found = []
    q_start, q_end = quarter_bounds(we, ctx.config.fiscal_year_end_month)
    for period, row, (start, end) in (
        ("month", 0, (cal.month_start(we), cal.month_end(we))),
        ("quarter", 2, (q_start, q_end)),
    ):
        totals = dict(zip(columns, period_totals(ctx, columns, start, end), strict=True))
        period_days = (end - start).days + 1
        found.append(
            forecast_period(
                period=period,  # type: ignore[arg-type]
                start=start,
                end=end,
                week_ending=we,
                aggregations=aggregations,
                daily=days.values,
                present=days.present,
                # a period to date missing a day is not forecast
                to_date=np.where(
                    grains.box.gaps[row, base_cols], np.nan, grains.box.values[row, base_cols]
                ).astype(np.float64),
                targets={i: totals[t].value for i, t in pairs.items()},
                # a plan that misses days of the period is not the period's target
                partial={
                    i: (totals[t].days, totals[t].last_day)
                    for i, t in pairs.items()
                    if totals[t].value is not None and totals[t].days < period_days
                },
            )
        )
    first_day = dt.date.fromordinal(days.start)
    out: Forecasts = {}
    for i in pairs:
        history = forecast_history(
            np.where(days.missing[:, i] | ~days.present[:, i], np.nan, days.values[:, i]),
            first_day=first_day,
            week_ending=we,
            aggregation=aggregations[i],
            fiscal_year_end_month=ctx.config.fiscal_year_end_month,
        )
        out[ctx.base[i].name] = (found[0].get(i), found[1].get(i), history)
    return out
