"""From config and daily data to a deck: set-based, for all metrics at once.

The daily table (one row per date, one column per column or filtered metric) is the source
itself when it has one row per date and plain columns; otherwise one grouped statement builds
it in the warehouse. It is read once as Arrow and laid out day by metric over the days the deck
shows (about 26 months); weeks, months and the box ranges (MTD, QTD, YTD, this year and last)
are then reductions over row ranges of that matrix, every metric in the same numpy call.
Distinct counts are aggregated from the source rows in the warehouse. Derived metrics,
comparisons, signals and the shaping into dataclasses work on the small aggregated arrays.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dayone.wbr import _calendar as cal
from dayone.wbr._config import resolve_column
from dayone.wbr._deck import (
    Box,
    ChartLinePanel,
    ChartPanel,
    Deck,
    DeckWarning,
    MetricResult,
    Panel,
    SectionPanel,
    Series,
    TablePanel,
    TableRowPanel,
    Value,
)
from dayone.wbr._errors import ConfigError, DataError
from dayone.wbr._filter import parse_filter, quote_identifier, sql_literal
from dayone.wbr._model import ChartBlock, Metric, SectionBlock, Show, WbrConfig
from dayone.wbr._signals import xmr_signals
from dayone.wbr._source import ROW, DailyTable, WarehouseTable, from_arrow, read_csv

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from dayone.warehouse import Warehouse

Source: TypeAlias = "str | Path | pa.Table | DailyTable | WarehouseTable"

WEEKS = 6
MONTHS = 12
PY_DAYS = 364
NUMERIC = ("sum", "mean", "min", "max", "first", "last")
MAX_LISTED_DATES = 12
EPOCH = dt.date(1970, 1, 1).toordinal()


@dataclass(slots=True)
class _Src:
    """The source as the warehouse reads it; an Arrow table is registered on first use."""

    view: str
    name: str
    columns: dict[str, bool]  # column -> is numeric
    daily: DailyTable | None
    wh: Warehouse
    cleanup: list[str] = field(default_factory=list)

    @property
    def relation(self) -> str:
        """The name SQL reads the source by."""
        if self.daily is not None and not self.cleanup:
            self.wh.register(self.view, self.daily.table)
            self.cleanup.append(f"DROP VIEW IF EXISTS {self.view}")
        return self.view


@dataclass(slots=True)
class _Grain:
    """One grain's aggregated values: periods x metrics."""

    lo: NDArray[np.int64]
    hi: NDArray[np.int64]
    values: NDArray[np.float64]
    partial: NDArray[np.bool_]
    gaps: NDArray[np.bool_]


@dataclass(slots=True)
class _Days:
    """Daily values of the base metrics, one row per day from ``start`` to ``end`` (ordinals).

    ``values`` is NaN where ``present`` is false (no row, or a blank value); ``zeroed`` holds
    0 there, for sums. ``kinds`` groups the metrics by how a period aggregates their days.
    """

    start: int
    end: int
    values: NDArray[np.float64]
    present: NDArray[np.bool_]
    history: NDArray[np.int64]
    kinds: dict[str, tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.bool_]]]
    zeroed: NDArray[np.float64] = field(init=False)

    def __post_init__(self) -> None:
        self.zeroed = np.where(self.present, self.values, 0.0)

    def has(self, day: int, column: int) -> bool:
        """True when base metric ``column`` has data on ``day``."""
        return self.start <= day <= self.end and bool(self.present[day - self.start, column])


def _kinds(
    base: list[Metric], values: NDArray[np.float64], present: NDArray[np.bool_]
) -> dict[str, tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.bool_]]]:
    """Metrics grouped by aggregation beyond a sum, with the daily matrix each group reads."""
    groups: dict[str, list[int]] = {}
    for j, metric in enumerate(base):
        if metric.aggregation not in ("sum", "count"):
            groups.setdefault(metric.aggregation, []).append(j)
    out: dict[str, tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.bool_]]] = {}
    for kind, members in groups.items():
        cols = np.array(members, dtype=np.intp)
        mask = present[:, cols]
        if kind == "min":
            matrix = np.where(mask, values[:, cols], np.inf)
        elif kind == "max":
            matrix = np.where(mask, values[:, cols], -np.inf)
        else:
            matrix = values[:, cols]
        out[kind] = (cols, matrix, mask)
    return out


def build_deck(
    config: WbrConfig,
    source: Source,
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
        src = _prepare_source(wh, source)
        try:
            return _Builder(config, src, wh, week_ending, forecast).build()
        finally:
            for statement in reversed(src.cleanup):
                wh.execute(statement)
    finally:
        if own:
            wh.close()


def _tmp(prefix: str) -> str:
    return f"__wbr_{prefix}_{uuid.uuid4().hex[:10]}"


def _is_numeric(type_: pa.DataType) -> bool:
    return bool(
        pa.types.is_integer(type_)
        or pa.types.is_floating(type_)
        or pa.types.is_decimal(type_)
        or pa.types.is_boolean(type_)
    )


def _prepare_source(wh: Warehouse, source: Source) -> _Src:
    if isinstance(source, str | Path):
        source = read_csv(source)
    elif isinstance(source, pa.Table):
        source = from_arrow(source)
    if isinstance(source, DailyTable):
        columns = {
            f.name: _is_numeric(f.type)
            for f in source.table.schema
            if f.name not in (source.date_column, ROW)
        }
        return _Src(_tmp("src"), source.name, columns, source, wh)
    described = wh.query(f"SELECT * FROM {quote_identifier(source.name)} LIMIT 0")  # noqa: S608 - quoted identifier
    names = described.column_names
    date_col = source.date_column or next(
        (c for c in names if c.lower() in ("date", "day", "ds")), None
    )
    if date_col is None or date_col not in names:
        raise DataError(f"table {source.name!r} has no date column", file=source.name)
    view = _tmp("src")
    others = [c for c in names if c != date_col]
    select = ", ".join(
        [
            f"CAST({quote_identifier(date_col)} AS DATE) AS date",
            *(quote_identifier(c) for c in others),
            f"row_number() OVER () AS {ROW}",
        ]
    )
    wh.execute(f"CREATE TEMP VIEW {view} AS SELECT {select} FROM {quote_identifier(source.name)}")  # noqa: S608 - quoted identifiers
    columns = {f.name: _is_numeric(f.type) for f in described.schema if f.name != date_col}
    return _Src(view, source.name, columns, None, wh, [f"DROP VIEW IF EXISTS {view}"])


def _ordinal(day: dt.date) -> int:
    return day.toordinal()


def _values(column: pa.ChunkedArray | pa.Array) -> NDArray[np.float64]:
    return np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.float64)


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


class _Builder:
    def __init__(
        self,
        config: WbrConfig,
        src: _Src,
        wh: Warehouse,
        week_ending: dt.date | None,
        forecast: bool,
    ) -> None:
        self.config = config
        self.src = src
        self.wh = wh
        self.requested_week_ending = week_ending
        self.forecast = forecast
        self.warnings: list[DeckWarning] = []
        self.metrics = list(config.metrics)
        self.index = {m.name: i for i, m in enumerate(self.metrics)}
        self.base = [m for m in self.metrics if not m.is_derived]
        self.base_index = {m.name: i for i, m in enumerate(self.base)}
        self.column_of: dict[str, str] = {}

    # -- validation and setup ---------------------------------------------------------------

    def _fail_config(self, message: str, metric: Metric) -> ConfigError:
        return ConfigError(message, file=self.config.file, line=metric.line)

    def _resolve(self) -> None:
        available = set(self.src.columns)
        listing = ", ".join(sorted(available))
        for metric in self.base:
            column = resolve_column(metric.column or "", available)
            if column is None:
                raise self._fail_config(
                    f"metric {metric.name!r}: unknown column {metric.column!r} "
                    f"(columns in {self.src.name}: {listing})",
                    metric,
                )
            numeric = self.src.columns[column]
            if metric.aggregation in NUMERIC and not numeric:
                bad = self.src.daily.bad_values.get(column) if self.src.daily else None
                if bad is not None:
                    raise DataError(
                        f"value {bad[1]!r} in column {column!r} is not a number "
                        f"(metric {metric.name!r} takes its {metric.aggregation})",
                        file=self.src.name,
                        line=bad[0],
                        column=column,
                    )
                raise DataError(
                    f"column {column!r} is not numeric (metric {metric.name!r})",
                    file=self.src.name,
                    column=column,
                )
            self.column_of[metric.name] = column
            if metric.where is not None:
                for name in parse_filter(metric.where).columns:
                    if resolve_column(name, available) is None:
                        raise self._fail_config(
                            f"metric {metric.name!r}: the filter uses unknown column {name!r} "
                            f"(columns in {self.src.name}: {listing})",
                            metric,
                        )

    def _check_rows(self) -> tuple[dt.date, dt.date]:
        if self.src.daily is not None:
            dates = self.src.daily.table.column(self.src.daily.date_column)
            bounds = pc.min_max(dates)
            first, last = bounds["min"].as_py(), bounds["max"].as_py()
            rows = len(dates)
            distinct_dates = pc.count_distinct(dates).as_py()
            non_null = rows - dates.null_count
        else:
            stats = self.wh.query(
                "SELECT min(date), max(date), count(*), count(DISTINCT date), count(date) "  # noqa: S608 - generated name
                f"FROM {self.src.relation}"
            )
            first, last, rows, distinct_dates, non_null = (
                stats.column(i)[0].as_py() for i in range(5)
            )
        if rows == 0 or first is None:
            raise DataError("the data has no rows", file=self.src.name)
        if non_null != rows:
            raise DataError("some rows have no date", file=self.src.name)
        long_format = any(m.where is not None for m in self.base)
        self.one_row_per_date = distinct_dates == rows
        if distinct_dates != rows and not long_format:
            dup = self.wh.query(
                f"SELECT date, list({ROW} ORDER BY {ROW}) FROM {self.src.relation} GROUP BY date "  # noqa: S608 - generated name
                f"HAVING count(*) > 1 ORDER BY min({ROW}) LIMIT 1"
            )
            day = dup.column(0)[0].as_py()
            rows_at = dup.column(1)[0].as_py()
            line = None
            where = ""
            if self.src.daily is not None and self.src.daily.first_line is not None:
                lines = [self.src.daily.line_of(r) for r in rows_at]
                line = lines[1]
                where = f" (lines {', '.join(str(n) for n in lines)})"
            raise DataError(
                f"duplicate date {day.isoformat()}{where}: give one row per date, "
                "or use filtered metrics for data with several rows per date",
                file=self.src.name,
                line=line,
                column="date",
            )
        return first, last

    def _week_ending(self, first: dt.date, last: dt.date) -> dt.date:
        weekday = self.config.week_ends_on
        if self.requested_week_ending is not None:
            we = self.requested_week_ending
            if self.config.week_ending is None and we.weekday() != weekday:
                raise ConfigError(
                    f"invalid week ending {we.isoformat()}: it is a {we.strftime('%A')}, but "
                    f"weeks end on {cal.WEEKDAY_NAMES[weekday]}",
                    file=self.config.file,
                )
        elif self.config.week_ending is not None:
            we = self.config.week_ending
        else:
            we = cal.latest_week_ending(last, weekday)
        if we < first:
            raise ConfigError(
                f"invalid week ending {we.isoformat()}: the data starts on {first.isoformat()}",
                file=self.config.file,
            )
        if last > we:
            self.warnings.append(
                DeckWarning(
                    f"rows after the week ending ({last.isoformat()} is the last date) are not used"
                )
            )
        elif last < we:
            self.warnings.append(
                DeckWarning(
                    f"the data ends on {last.isoformat()}, before the week ending {we.isoformat()}"
                )
            )
        return we

    # -- SQL ---------------------------------------------------------------------------------

    def _daily_exprs(self) -> list[str]:
        exprs: list[str] = []
        available = set(self.src.columns)
        for i, metric in enumerate(self.base):
            col = quote_identifier(self.column_of[metric.name])
            pred = None
            if metric.where is not None:
                parsed = parse_filter(metric.where)
                mapping = {c: resolve_column(c, available) or c for c in parsed.columns}
                pred = parsed.to_sql(mapping)
            x = f"(CASE WHEN {pred} THEN {col} END)" if pred else col
            agg = metric.aggregation
            if agg == "sum":
                expr = f"sum({x})"
                if pred:
                    expr = f"CASE WHEN count(*) FILTER (WHERE {pred}) = 0 THEN 0 ELSE sum({x}) END"
            elif agg == "count":
                expr = f"count({x})"
            elif agg == "count_distinct":
                expr = f"count(DISTINCT {x})"
            elif agg == "mean":
                expr = f"avg({x})"
            elif agg in ("min", "max"):
                expr = f"{agg}({x})"
            else:
                fn = "arg_min" if agg == "first" else "arg_max"
                expr = f"{fn}({x}, {ROW}) FILTER (WHERE {x} IS NOT NULL)"
            exprs.append(f"CAST({expr} AS DOUBLE) AS m{i}")
        return exprs

    def _distinct_sql(self, key: str, join: str) -> str | None:
        distinct = [(i, m) for i, m in enumerate(self.base) if m.aggregation == "count_distinct"]
        if not distinct:
            return None
        relation = self.src.relation
        available = set(self.src.columns)
        parts: list[str] = []
        for i, metric in distinct:
            col = quote_identifier(self.column_of[metric.name])
            if metric.where is not None:
                parsed = parse_filter(metric.where)
                mapping = {c: resolve_column(c, available) or c for c in parsed.columns}
                col = f"(CASE WHEN {parsed.to_sql(mapping)} THEN {col} END)"
            parts.append(f"CAST(count(DISTINCT {col}) AS DOUBLE) AS v{i}")
        return (
            f"SELECT {key} AS k, {', '.join(parts)} FROM {relation} {join} "  # noqa: S608 - generated names
            f"WHERE date <= $we GROUP BY k ORDER BY k"
        )

    def build(self) -> Deck:
        self._resolve()
        first, last = self._check_rows()
        we = self._week_ending(first, last)
        self.we = we
        fy_end = self.config.fiscal_year_end_month
        week_key = (
            f"CAST(date + CAST((7 + {we.weekday()} - (isodow(date) - 1)) % 7 AS INTEGER) AS DATE)"
        )
        month_key = "CAST(date_trunc('month', date) AS DATE)"
        py_day = cal.one_year_back(we)
        ranges = [
            (cal.month_start(we), we),
            (cal.month_start(py_day), py_day),
            (cal.fiscal_quarter_start(we, fy_end), we),
            (cal.fiscal_quarter_start(py_day, fy_end), py_day),
            (cal.fiscal_year_start(we, fy_end), we),
            (cal.fiscal_year_start(py_day, fy_end), py_day),
        ]
        values_sql = ", ".join(
            f"({k}, DATE {sql_literal(lo.isoformat())}, DATE {sql_literal(hi.isoformat())})"
            for k, (lo, hi) in enumerate(ranges)
        )
        range_join = f"JOIN (VALUES {values_sql}) AS r(rk, lo, hi) ON date BETWEEN r.lo AND r.hi"
        range_key = "CAST(DATE '1970-01-01' + CAST(r.rk AS INTEGER) AS DATE)"
        week_grid = self._week_grid(we)
        month_grid = self._month_grid(we)
        week_lo = [e - 6 for e in week_grid]
        month_lo = [_ordinal(dt.date.fromordinal(e).replace(day=1)) for e in month_grid]
        range_lo = [_ordinal(lo) for lo, _ in ranges]
        range_hi = [_ordinal(hi) for _, hi in ranges]
        start = min(week_lo[0], month_lo[0], *range_lo)
        days = self._daily_days(start)
        self.days = days
        history = days.history
        distinct: dict[str, pa.Table] = {}
        for grain, key, join in (
            ("weekly", week_key, ""),
            ("monthly", month_key, ""),
            ("boxed", range_key, range_join),
        ):
            sql = self._distinct_sql(key, join)
            if sql is not None:
                distinct[grain] = self.wh.query(sql.replace("$we", "?"), [we])
        w = self._grain(days, distinct.get("weekly"), week_grid, week_lo, history)
        m = self._grain(
            days, distinct.get("monthly"), month_grid, month_lo, history, key_is_start=True
        )
        epoch = _ordinal(dt.date(1970, 1, 1))
        b = self._grain(
            days,
            distinct.get("boxed"),
            [epoch + k for k in range(len(ranges))],
            range_lo,
            history,
            explicit_hi=range_hi,
        )
        self._derive(w)
        self._derive(m)
        self._derive(b)
        self._warn_gaps(w, m, b, week_grid, month_grid, history)
        return self._shape(w, m, b, week_grid, month_grid, first, last)

    def _daily_table(self) -> tuple[pa.Table, str, list[str]]:
        """The daily table up to the week ending, as Arrow, and its column per base metric.

        With one row per date and plain columns (sum, mean, min, max) the source already is
        the daily table. Otherwise the warehouse builds it (filters, several rows per date,
        first and last, counts) in one grouped statement.
        """
        we = self.we
        simple = self.one_row_per_date and all(
            m.where is None and m.aggregation in ("sum", "mean", "min", "max") for m in self.base
        )
        if simple and self.src.daily is not None:
            table = self.src.daily.table
            return table, self.src.daily.date_column, [self.column_of[m.name] for m in self.base]
        if simple:
            columns = ", ".join(
                [
                    "date",
                    *(
                        f"CAST({quote_identifier(self.column_of[m.name])} AS DOUBLE) AS m{i}"
                        for i, m in enumerate(self.base)
                    ),
                ]
            )
            sql = (
                f"SELECT {columns} FROM {self.src.relation} "  # noqa: S608 - generated names
                "WHERE date <= ?"
            )
        else:
            select = ", ".join(["date", *self._daily_exprs()])
            sql = (
                f"SELECT {select} FROM {self.src.relation} "  # noqa: S608 - generated names
                "WHERE date <= ? GROUP BY date"
            )
        return self.wh.query(sql, [we]), "date", [f"m{i}" for i in range(len(self.base))]

    def _daily_days(self, start: int) -> _Days:
        """The daily values of every base metric, day by day from ``start`` to the week ending.

        ``history`` (the first day with data of each metric) is read from all days up to the
        week ending.
        """
        table, date_column, names = self._daily_table()
        we = _ordinal(self.we)
        n_days = we - start + 1
        n = len(self.base)
        never = np.iinfo(np.int64).max // 2
        history = np.full(n, never, dtype=np.int64)
        values = np.full((n_days, n), np.nan)
        present = np.zeros((n_days, n), dtype=bool)
        if table.num_rows and n:
            dates = table.column(date_column).combine_chunks().view(pa.int32())
            ordinals = np.asarray(dates.to_numpy(zero_copy_only=False), dtype=np.int64) + EPOCH
            used = ordinals <= we
            inside = used & (ordinals >= start)
            rows = np.flatnonzero(inside)
            position = ordinals[rows] - start
            first_used = int(ordinals[used].min()) if used.any() else never
            converted: dict[str, tuple[NDArray[np.float64], NDArray[np.bool_] | None]] = {}
            for name in names:
                if name not in converted:
                    column = table.column(name).combine_chunks()
                    if column.type != pa.float64():
                        column = column.cast(pa.float64())
                    valid = (
                        np.asarray(column.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
                        if column.null_count
                        else None
                    )
                    converted[name] = (_values(column)[rows], valid)
            values[position] = np.stack([converted[name][0] for name in names], axis=1)
            present[position] = True
            history[:] = first_used
            for j, name in enumerate(names):
                valid = converted[name][1]
                if valid is not None:
                    present[position, j] = valid[rows]
                    have = valid & used
                    history[j] = int(ordinals[have].min()) if have.any() else never
        return _Days(start, we, values, present, history, _kinds(self.base, values, present))

    def _aggregate(
        self, days: _Days, lo: list[int], hi: list[int]
    ) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        """Each base metric's value and count of days with data over the periods ``lo``-``hi``.

        Sums and counts add the daily values, means divide the sum by the days with data, min
        and max take the extremes, first and last the value of the first and last day with
        data; a period without data is missing (NaN).
        """
        n = len(self.base)
        values = np.full((len(lo), n), np.nan)
        counts = np.zeros((len(lo), n), dtype=np.int64)
        for p, (a, b) in enumerate(zip(lo, hi, strict=True)):
            s = max(a, days.start) - days.start
            e = min(b, days.end) - days.start + 1
            if e <= s:
                continue
            count = days.present[s:e].sum(axis=0)
            counts[p] = count
            row = days.zeroed[s:e].sum(axis=0)
            for kind, (cols, matrix, mask) in days.kinds.items():
                if kind == "mean":
                    with np.errstate(invalid="ignore", divide="ignore"):
                        row[cols] = row[cols] / count[cols]
                elif kind == "min":
                    row[cols] = matrix[s:e].min(axis=0)
                elif kind == "max":
                    row[cols] = matrix[s:e].max(axis=0)
                elif kind == "first":
                    at = np.argmax(mask[s:e], axis=0)
                    row[cols] = matrix[s + at, np.arange(len(cols))]
                elif kind == "last":
                    at = e - 1 - np.argmax(mask[s:e][::-1], axis=0)
                    row[cols] = matrix[at, np.arange(len(cols))]
                else:  # count_distinct: from the source rows, not the days
                    row[cols] = np.nan
            row[count == 0] = np.nan
            values[p] = row
        return values, counts

    def _week_grid(self, we: dt.date) -> list[int]:
        """Week ends (ordinals): the weeks shown, last year's, and the signals' baseline."""
        count = (PY_DAYS + 7 * (WEEKS + 1)) // 7 + 1
        end = _ordinal(we)
        return [end - 7 * (count - 1 - i) for i in range(count)]

    def _month_grid(self, we: dt.date) -> list[int]:
        """Month ends (ordinals) from two years and a month back to ``we``'s month."""
        current = cal.add_months(cal.month_start(we), -(MONTHS * 2 + 1))
        ends: list[int] = []
        while current <= we:
            ends.append(_ordinal(cal.month_end(current)))
            current = cal.add_months(current, 1)
        return ends

    def _grain(
        self,
        days: _Days,
        distinct: pa.Table | None,
        keys: list[int],
        lo: list[int],
        history: NDArray[np.int64],
        *,
        key_is_start: bool = False,
        explicit_hi: list[int] | None = None,
    ) -> _Grain:
        """Aggregate the days over a grain's periods; blank out periods with gaps."""
        n_periods = len(keys)
        k = len(self.metrics)
        hi_list = explicit_hi if explicit_hi is not None else keys
        base_values, counts = self._aggregate(days, lo, hi_list)
        values = np.full((n_periods, k), np.nan)
        base_cols = [self.index[m.name] for m in self.base]
        values[:, base_cols] = base_values
        if distinct is not None:
            position = {x: i for i, x in enumerate(lo if key_is_start else keys)}
            d_keys = distinct.column(0).to_pylist()
            d_rows = np.array(
                [
                    position.get(_ordinal(x) if isinstance(x, dt.date) else int(x), -1)
                    for x in d_keys
                ],
                dtype=np.int64,
            )
            d_keep = d_rows >= 0
            for name in distinct.column_names[1:]:
                j = int(name[1:])
                values[d_rows[d_keep], self.index[self.base[j].name]] = _values(
                    distinct.column(name)
                )[d_keep]
        hi = np.array(hi_list, dtype=np.int64)
        lo_arr = np.array(lo, dtype=np.int64)
        we = _ordinal(self.we)
        hi_c = np.minimum(hi, we)[:, None]
        start = np.maximum(lo_arr[:, None], history[None, :])
        expected = np.clip(hi_c - start + 1, 0, None)
        gaps_base = counts < expected
        partial_base = (lo_arr[:, None] < history[None, :]) & (hi_c >= history[None, :])
        gaps = np.zeros((n_periods, k), dtype=bool)
        partial = np.zeros((n_periods, k), dtype=bool)
        gaps[:, base_cols] = gaps_base
        partial[:, base_cols] = partial_base
        values[gaps] = np.nan
        return _Grain(lo=lo_arr, hi=hi, values=values, partial=partial, gaps=gaps)

    def _derive(self, grain: _Grain) -> None:
        done: set[str] = {m.name for m in self.base}

        def visit(metric: Metric) -> None:
            if metric.name in done:
                return
            for ref in metric.operands:
                visit(self.metrics[self.index[ref]])
            cols = [grain.values[:, self.index[ref]] for ref in metric.operands]
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                if metric.operation == "sum":
                    out = np.sum(cols, axis=0)
                elif metric.operation == "difference":
                    out = cols[0] - cols[1]
                elif metric.operation == "product":
                    out = np.prod(cols, axis=0)
                else:
                    out = np.where(cols[1] != 0, cols[0] / cols[1], np.nan)
            col = self.index[metric.name]
            grain.values[:, col] = np.where(np.isfinite(out), out, np.nan)
            grain.partial[:, col] = np.any(
                [grain.partial[:, self.index[r]] for r in metric.operands], axis=0
            )
            grain.gaps[:, col] = np.any(
                [grain.gaps[:, self.index[r]] for r in metric.operands], axis=0
            )
            done.add(metric.name)

        for metric in self.metrics:
            visit(metric)

    # -- warnings ----------------------------------------------------------------------------

    def _warn_gaps(  # noqa: PLR0917 - internal helper
        self,
        w: _Grain,
        m: _Grain,
        b: _Grain,
        week_grid: list[int],
        month_grid: list[int],
        history: NDArray[np.int64],
    ) -> None:
        we = _ordinal(self.we)
        n_w = len(week_grid)
        shown_weeks = [n_w - 1 - i for i in range(WEEKS + 1)] + [
            n_w - 1 - PY_DAYS // 7 - i for i in range(WEEKS)
        ]
        last_month = self._last_full_month_index(month_grid)
        shown_months = [last_month - i for i in range(MONTHS + 12)]
        flagged: dict[int, list[tuple[int, int]]] = {}
        hit: NDArray[np.bool_] = np.asarray(
            w.gaps[shown_weeks].any(axis=0) | m.gaps[shown_months].any(axis=0) | b.gaps.any(axis=0)
        )
        for j, metric in enumerate(self.base):
            col = self.index[metric.name]
            if not hit[col]:
                continue
            spans = [(int(w.lo[i]), min(int(w.hi[i]), we)) for i in shown_weeks if w.gaps[i, col]]
            spans += [(int(m.lo[i]), min(int(m.hi[i]), we)) for i in shown_months if m.gaps[i, col]]
            spans += [(int(b.lo[i]), int(b.hi[i])) for i in range(len(b.lo)) if b.gaps[i, col]]
            if spans:
                flagged[j] = spans
        if not flagged:
            return
        daily = self.days
        for j, spans in flagged.items():
            first = int(history[j])
            missing = sorted(
                {
                    day
                    for lo, hi in spans
                    for day in range(max(lo, first), hi + 1)
                    if not daily.has(day, j)
                }
            )
            if not missing:
                continue
            days = tuple(dt.date.fromordinal(d) for d in missing)
            listed = ", ".join(d.isoformat() for d in days[:MAX_LISTED_DATES])
            more = (
                f" and {len(days) - MAX_LISTED_DATES} more" if len(days) > MAX_LISTED_DATES else ""
            )
            name = self.base[j].name
            self.warnings.append(
                DeckWarning(
                    f"{name}: no data on {len(days)} day{'s' if len(days) > 1 else ''} "
                    f"({listed}{more}); the periods that hold them are shown as missing",
                    metric=name,
                    dates=days,
                )
            )

    def _last_full_month_index(self, month_grid: list[int]) -> int:
        we = self.we
        end = we if cal.month_end(we) == we else cal.month_start(we) - dt.timedelta(days=1)
        return month_grid.index(_ordinal(end))

    # -- shaping -----------------------------------------------------------------------------

    def _shape(  # noqa: PLR0915, PLR0917 - one pass that shapes every result
        self,
        w: _Grain,
        m: _Grain,
        b: _Grain,
        week_grid: list[int],
        month_grid: list[int],
        first: dt.date,
        last: dt.date,
    ) -> Deck:
        cfg = self.config
        we = self.we
        fy_end = cfg.fiscal_year_end_month
        n_w = len(week_grid)
        cy_w = list(range(n_w - WEEKS, n_w))
        py_w = [i - PY_DAYS // 7 for i in cy_w]
        week_labels = cal.week_labels(
            we, WEEKS, fiscal_year_end_month=fy_end, declared_number=cfg.week_number
        )
        week_ends = tuple(dt.date.fromordinal(week_grid[i]) for i in cy_w)
        last_m = self._last_full_month_index(month_grid)
        cy_m = list(range(last_m - MONTHS + 1, last_m + 1))
        py_m = [i - 12 for i in cy_m]
        month_ends = tuple(dt.date.fromordinal(month_grid[i]) for i in cy_m)
        month_labels = tuple(d.strftime("%b") for d in month_ends)
        fy_start = cal.fiscal_year_start(we, fy_end)
        fy_first = month_grid.index(_ordinal(cal.month_end(fy_start)))
        fy_months = list(range(fy_first, fy_first + 12))
        fy_ends = tuple(
            dt.date.fromordinal(month_grid[i])
            if i < len(month_grid)
            else cal.month_end(cal.add_months(fy_start, i - fy_first))
            for i in fy_months
        )
        fy_labels = tuple(d.strftime("%b") for d in fy_ends)

        def take(grain: _Grain, rows: list[int]) -> NDArray[np.float64]:
            out = np.full((len(rows), grain.values.shape[1]), np.nan)
            valid = [(n, r) for n, r in enumerate(rows) if 0 <= r < grain.values.shape[0]]
            if valid:
                idx_out, idx_in = zip(*valid, strict=True)
                out[list(idx_out), :] = grain.values[list(idx_in), :]
            return out

        def take_flag(grain: _Grain, rows: list[int]) -> NDArray[np.bool_]:
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
        complete = np.array([e <= we for e in fy_ends])
        fy_cy[~complete, :] = np.nan
        fy_py = take(m, [i - 12 for i in fy_months])
        wk_cy_partial = take_flag(w, cy_w)
        mo_cy_partial = take_flag(m, cy_m)
        bps = np.array([x.comparison == "bps" for x in self.metrics])
        self.box_values = b.values
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
        xmr_window = take(w, list(range(n_w - 26, n_w)))
        limits, signals = xmr_signals(xmr_window, week_ends=week_ends)

        wanted: dict[str, tuple[str, Show]] = {}
        for metric in self.metrics:
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
        yoy_f = _compare(fy_cy, fy_py, bps, scale=False)
        wow_w = _compare(wk_cy, np.vstack([wk_prev, wk_cy[:-1]]), bps, scale=False)
        mom_m = _compare(mo_cy, np.vstack([mo_prev, mo_cy[:-1]]), bps, scale=False)
        yoy_box = np.vstack(
            [
                _compare(last_wk, wk_py[-1], bps, scale=False),
                _compare(yoy_w[-1], yoy_w[-2], bps, scale=True),
                np.full(len(self.metrics), np.nan),
                _compare(box_vals[0], box_vals[1], bps, scale=False),
                np.full(len(self.metrics), np.nan),
                _compare(box_vals[2], box_vals[3], bps, scale=False),
                np.full(len(self.metrics), np.nan),
                _compare(box_vals[4], box_vals[5], bps, scale=False),
                np.full(len(self.metrics), np.nan),
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
        results: dict[str, MetricResult] = {}
        forecasts = self._forecasts() if self.forecast else {}
        for key, (name, show) in wanted.items():
            col = self.index[name]
            metric = self.metrics[col]
            target_col = self.index[metric.target] if metric.target else None
            comparison = metric.comparison
            if show == "value":
                weekly = Series(
                    labels=week_label_tuple,
                    ends=week_ends,
                    current=col_of("wk_cy", col),
                    prior=col_of("wk_py", col),
                    target=col_of("wk_cy", target_col) if target_col is not None else None,
                    partial=wk_partial[col],
                )
                monthly = Series(
                    labels=month_labels,
                    ends=month_ends,
                    current=col_of("mo_cy", col),
                    prior=col_of("mo_py", col),
                    target=col_of("mo_cy", target_col) if target_col is not None else None,
                    partial=mo_partial[col],
                )
                fiscal = Series(
                    labels=fy_labels,
                    ends=fy_ends,
                    current=col_of("fy_cy", col),
                    prior=col_of("fy_py", col),
                    target=col_of("fy_target", target_col) if target_col is not None else None,
                )
                box_values = col_of("boxes", col)
            elif show == "yoy":
                weekly = Series(week_label_tuple, week_ends, col_of("yoy_w", col), empty6)
                monthly = Series(month_labels, month_ends, col_of("yoy_m", col), empty12)
                fiscal = Series(fy_labels, fy_ends, col_of("yoy_f", col), empty12)
                box_values = col_of("yoy_box", col)
            elif show == "wow":
                weekly = Series(week_label_tuple, week_ends, col_of("wow_w", col), empty6)
                monthly = Series(month_labels, month_ends, empty12, empty12)
                fiscal = Series(fy_labels, fy_ends, empty12, empty12)
                box_values = (None,) * 9
            else:
                weekly = Series(week_label_tuple, week_ends, empty6, empty6)
                monthly = Series(month_labels, month_ends, col_of("mom_m", col), empty12)
                fiscal = Series(fy_labels, fy_ends, empty12, empty12)
                box_values = (None,) * 9
            suffix = {"value": "", "yoy": " YoY", "wow": " WoW", "mom": " MoM"}[show]
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
                ),
                limits=limits[col] if show == "value" else None,
                signals=signals[col] if show == "value" else (),
                forecast=forecasts.get(name) if show == "value" else None,
                unit=metric.unit,
                description=metric.description or metric.definition,
                owner=metric.owner,
                role=metric.role,
                controllable=metric.controllable,
                drives=metric.drives,
                target_metric=metric.target,
            )
        panels = self._panels(results, week_label_tuple, month_labels)
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
            warnings=(*notes, *self.warnings),
            source=self.src.name,
            source_first_date=first,
            source_last_date=last,
        )

    def _panels(
        self,
        results: dict[str, MetricResult],
        week_labels: tuple[str, ...],
        month_labels: tuple[str, ...],
    ) -> tuple[Panel, ...]:
        cfg = self.config
        panels: list[Panel] = []
        for number, block in zip(
            itertools.count(cfg.block_starting_number), cfg.blocks, strict=False
        ):
            if isinstance(block, SectionBlock):
                panels.append(SectionPanel(number=number, title=block.title))
            elif isinstance(block, ChartBlock):
                lines = tuple(
                    ChartLinePanel(
                        key=ln.metric if ln.show == "value" else f"{ln.metric}:{ln.show}",
                        legend=ln.legend
                        or results[
                            ln.metric if ln.show == "value" else f"{ln.metric}:{ln.show}"
                        ].title,
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
                    else:
                        values = result.monthly.current
                    rows.append(
                        TableRowPanel(
                            header=row.header,
                            key=key,
                            values=values,
                            y_format=row.y_format,
                            style=row.style,
                        )
                    )
                headers = (*week_labels, "QTD", "YTD") if block.period == "weeks" else month_labels
                panels.append(
                    TablePanel(
                        number=number,
                        title=block.title,
                        period=block.period,
                        headers=headers,
                        rows=tuple(rows),
                    )
                )
        return tuple(panels)

    def _forecasts(self) -> dict[str, Any]:
        from dayone.wbr._forecast import forecast_month

        return cast("dict[str, Any]", forecast_month(self))
