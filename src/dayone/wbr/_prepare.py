"""Prepare: open the source, check the config against it, fix the week, read the daily table.

The daily table (one row per date, one column per base metric) is the source itself when it has
one row per date and plain columns; otherwise one grouped statement builds it in the warehouse.
It is read once as Arrow and laid out day by metric (:class:`Days`) for the later phases.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dayone.warehouse import Sql, compose, quote_name
from dayone.wbr import _calendar as cal
from dayone.wbr._config_validate import resolve_column
from dayone.wbr._daily import daily_expr, plain_expr, totals_expr
from dayone.wbr._deck import DeckWarning
from dayone.wbr._errors import ConfigError, DataError
from dayone.wbr._filter import parse_filter
from dayone.wbr._model import Metric, WbrConfig
from dayone.wbr._source import ROW, DailyTable, WarehouseTable, from_arrow, read_csv

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from numpy.typing import NDArray

    from dayone.warehouse import Warehouse

Input: TypeAlias = "str | Path | pa.Table | DailyTable | WarehouseTable"

NUMERIC = ("sum", "mean", "min", "max", "first", "last")
EPOCH = dt.date(1970, 1, 1).toordinal()


@dataclass(slots=True)
class Source:
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
class Context:
    """What every phase reads: the config, the source, the metrics in order, the week."""

    config: WbrConfig
    src: Source
    wh: Warehouse
    we: dt.date
    first: dt.date
    last: dt.date
    metrics: list[Metric]
    index: dict[str, int]
    base: list[Metric]
    base_index: dict[str, int]
    column_of: dict[str, str] = field(default_factory=dict)
    one_row_per_date: bool = True
    warnings: list[DeckWarning] = field(default_factory=list)


def prepare(config: WbrConfig, src: Source, wh: Warehouse, requested: dt.date | None) -> Context:
    """Check the config's columns against the source, check the rows, and fix the week ending.

    Raises :class:`ConfigError` or :class:`DataError` naming the file, line, column or metric.
    """
    metrics = list(config.metrics)
    base = [m for m in metrics if not m.is_derived]
    unset = dt.date.min
    ctx = Context(
        config=config,
        src=src,
        wh=wh,
        we=unset,
        first=unset,
        last=unset,
        metrics=metrics,
        index={m.name: i for i, m in enumerate(metrics)},
        base=base,
        base_index={m.name: i for i, m in enumerate(base)},
    )
    _resolve(ctx)
    ctx.first, ctx.last = _check_rows(ctx)
    ctx.we = _week_ending(ctx, requested, ctx.first, ctx.last)
    return ctx


@dataclass(slots=True)
class Days:
    """Daily values of the base metrics, one row per day from ``start`` to ``end`` (ordinals).

    ``values`` is NaN where ``present`` is false (no row, or a blank value); ``zeroed`` holds
    0 there, for sums. ``blank`` marks days with a value and a blank cell in another of their
    rows. ``missing`` marks the days, from each metric's first day of data, that a period's
    value is computed without: no row, a blank value, or a blank cell in one row. ``kinds``
    groups the metrics by how a period aggregates their days.
    """

    start: int
    end: int
    values: NDArray[np.float64]
    present: NDArray[np.bool_]
    history: NDArray[np.int64]
    kinds: dict[str, tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.bool_]]]
    blank: NDArray[np.bool_] | None = None
    zeroed: NDArray[np.float64] = field(init=False)
    missing: NDArray[np.bool_] = field(init=False)

    def __post_init__(self) -> None:
        self.zeroed = np.where(self.present, self.values, 0.0)
        day = np.arange(self.start, self.end + 1, dtype=np.int64)[:, None]
        lacking = ~self.present if self.blank is None else ~self.present | self.blank
        self.missing = lacking & (day >= self.history[None, :])

    def missing_days(self, lo: int, hi: int, columns: list[int]) -> tuple[dt.date, ...]:
        """The days from ``lo`` to ``hi`` (ordinals) that any of base ``columns`` is missing."""
        a, b = max(lo, self.start), min(hi, self.end)
        if b < a or not columns:
            return ()
        hit = self.missing[a - self.start : b - self.start + 1, columns].any(axis=1)
        return tuple(dt.date.fromordinal(a + int(k)) for k in np.flatnonzero(hit))

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


def _tmp(prefix: str) -> str:
    return f"__wbr_{prefix}_{uuid.uuid4().hex[:10]}"


def _is_numeric(type_: pa.DataType) -> bool:
    return bool(
        pa.types.is_integer(type_)
        or pa.types.is_floating(type_)
        or pa.types.is_decimal(type_)
        or pa.types.is_boolean(type_)
    )


def open_source(wh: Warehouse, source: Input) -> Source:
    """The source as SQL reads it: a CSV is parsed, an Arrow table wrapped, a table viewed."""
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
        return Source(_tmp("src"), source.name, columns, source, wh)
    described = wh.query(wh.transpile(compose("SELECT * FROM {table} LIMIT 0", table=source.name)))
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
            compose("CAST({day} AS DATE) AS date", day=date_col),
            *(quote_name(c) for c in others),
            compose(f"row_number() OVER ({_read_order(wh)}) AS {{row}}", row=ROW),
        ]
    )
    wh.execute(
        wh.transpile(
            compose(
                "CREATE TEMP VIEW {view} AS SELECT {select} FROM {table}",
                view=Sql(view),
                select=Sql(select),
                table=source.name,
            )
        )
    )
    columns = {f.name: _is_numeric(f.type) for f in described.schema if f.name != date_col}
    return Source(view, source.name, columns, None, wh, [f"DROP VIEW IF EXISTS {view}"])


def fixed_width(column: pa.ChunkedArray | pa.Array, dtype: type[np.generic]) -> NDArray[Any]:
    """An Arrow column of fixed-width values without nulls as numpy, read from its buffer.

    Arrow's own ``to_numpy`` imports pandas (0.3 s of a command's start) on its first call.
    """
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    width = np.dtype(dtype).itemsize
    return np.frombuffer(
        array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * width
    )


def _read_order(wh: Warehouse) -> str:
    """The window order that numbers rows as they were read: DuckDB keeps the order of an
    unordered window; Spark needs one, and its row ids grow in the order of the files."""
    return "" if wh.dialect == "duckdb" else "ORDER BY monotonically_increasing_id()"


def floats(column: pa.ChunkedArray | pa.Array) -> NDArray[np.float64]:
    """An Arrow column as float64, nulls as NaN."""
    if column.type != pa.float64():
        column = column.cast(pa.float64())
    if column.null_count:
        column = pc.fill_null(column, np.nan)
    return fixed_width(column, np.float64)


def _fail_config(ctx: Context, message: str, metric: Metric) -> ConfigError:
    return ConfigError(message, file=ctx.config.file, line=metric.line)


def _resolve(ctx: Context) -> None:
    available = set(ctx.src.columns)
    listing = ", ".join(sorted(available))
    for metric in ctx.base:
        column = resolve_column(metric.column or "", available)
        if column is None:
            raise _fail_config(
                ctx,
                f"metric {metric.name!r}: unknown column {metric.column!r} "
                f"(columns in {ctx.src.name}: {listing})",
                metric,
            )
        numeric = ctx.src.columns[column]
        if metric.aggregation in NUMERIC and not numeric:
            bad = ctx.src.daily.bad_values.get(column) if ctx.src.daily else None
            if bad is not None:
                raise DataError(
                    f"value {bad[1]!r} in column {column!r} is not a number "
                    f"(metric {metric.name!r} takes its {metric.aggregation})",
                    file=ctx.src.name,
                    line=bad[0],
                    column=column,
                )
            raise DataError(
                f"column {column!r} is not numeric (metric {metric.name!r})",
                file=ctx.src.name,
                column=column,
            )
        ctx.column_of[metric.name] = column
        if metric.where is not None:
            for name in parse_filter(metric.where).columns:
                if resolve_column(name, available) is None:
                    raise _fail_config(
                        ctx,
                        f"metric {metric.name!r}: the filter uses unknown column {name!r} "
                        f"(columns in {ctx.src.name}: {listing})",
                        metric,
                    )


def _check_rows(ctx: Context) -> tuple[dt.date, dt.date]:
    if ctx.src.daily is not None:
        dates = ctx.src.daily.table.column(ctx.src.daily.date_column)
        bounds = pc.min_max(dates)
        first, last = bounds["min"].as_py(), bounds["max"].as_py()
        rows = len(dates)
        distinct_dates = pc.count_distinct(dates).as_py()
        non_null = rows - dates.null_count
    else:
        stats = ctx.wh.query(
            ctx.wh.transpile(
                compose(
                    "SELECT min(date), max(date), count(*), count(DISTINCT date), count(date) "
                    "FROM {relation}",
                    relation=Sql(ctx.src.relation),
                )
            )
        )
        first, last, rows, distinct_dates, non_null = (stats.column(i)[0].as_py() for i in range(5))
    if rows == 0 or first is None:
        raise DataError("the data has no rows", file=ctx.src.name)
    if non_null != rows:
        raise DataError("some rows have no date", file=ctx.src.name)
    long_format = any(m.where is not None for m in ctx.base)
    ctx.one_row_per_date = distinct_dates == rows
    if distinct_dates != rows and not long_format:
        dup = ctx.wh.query(
            ctx.wh.transpile(
                compose(
                    "SELECT date, list({row} ORDER BY {row}) FROM {relation} GROUP BY date "
                    "HAVING count(*) > 1 ORDER BY min({row}) LIMIT 1",
                    row=ROW,
                    relation=Sql(ctx.src.relation),
                )
            )
        )
        day = dup.column(0)[0].as_py()
        rows_at = dup.column(1)[0].as_py()
        line = None
        where = ""
        if ctx.src.daily is not None and ctx.src.daily.first_line is not None:
            lines = [ctx.src.daily.line_of(r) for r in rows_at]
            line = lines[1]
            where = f" (lines {', '.join(str(n) for n in lines)})"
        raise DataError(
            f"duplicate date {day.isoformat()}{where}: give one row per date, "
            "or use filtered metrics for data with several rows per date",
            file=ctx.src.name,
            line=line,
            column="date",
        )
    return first, last


def _week_ending(ctx: Context, requested: dt.date | None, first: dt.date, last: dt.date) -> dt.date:
    weekday = ctx.config.week_ends_on
    if requested is not None:
        we = requested
        if ctx.config.week_ending is None and we.weekday() != weekday:
            raise ConfigError(
                f"invalid week ending {we.isoformat()}: it is a {we.strftime('%A')}, but "
                f"weeks end on {cal.WEEKDAY_NAMES[weekday]}",
                file=ctx.config.file,
            )
    elif ctx.config.week_ending is not None:
        we = ctx.config.week_ending
    else:
        we = cal.latest_week_ending(last, weekday)
    if we < first:
        raise ConfigError(
            f"invalid week ending {we.isoformat()}: the data starts on {first.isoformat()}",
            file=ctx.config.file,
        )
    if last > we:
        ctx.warnings.append(
            DeckWarning(
                f"rows after the week ending ({last.isoformat()} is the last date) are not used"
            )
        )
    elif last < we:
        ctx.warnings.append(
            DeckWarning(
                f"the data ends on {last.isoformat()}, before the week ending {we.isoformat()}"
            )
        )
    return we


def _source_table(ctx: Context) -> ir.Table:
    """The source rows as an Ibis table, for the portable queries of :mod:`._daily`."""
    return ctx.wh.table(ctx.src.relation)


def _daily_table(ctx: Context) -> tuple[pa.Table, str, list[str]]:
    """The daily table up to the week ending, as Arrow, and its column per base metric.

    With one row per date and plain columns (sum, mean, min, max) the source already is
    the daily table. Otherwise the warehouse builds it (filters, several rows per date,
    first and last, counts) in one grouped query.
    """
    simple = ctx.one_row_per_date and all(
        m.where is None and m.aggregation in ("sum", "mean", "min", "max") for m in ctx.base
    )
    if simple and ctx.src.daily is not None:
        table = ctx.src.daily.table
        return table, ctx.src.daily.date_column, [ctx.column_of[m.name] for m in ctx.base]
    columns = [ctx.column_of[m.name] for m in ctx.base]
    t = _source_table(ctx)
    if simple:
        expr = plain_expr(t, columns, hi=ctx.we)
    else:
        expr = daily_expr(t, ctx.base, columns, set(ctx.src.columns), hi=ctx.we)
    return ctx.wh.run(expr), "date", [f"m{i}" for i in range(len(ctx.base))]


def read_days(ctx: Context, start: int) -> Days:
    """The daily values of every base metric, day by day from ``start`` to the week ending.

    ``history`` (the first day with data of each metric) is read from all days up to the
    week ending.
    """
    table, date_column, names = _daily_table(ctx)
    we = ctx.we.toordinal()
    n_days = we - start + 1
    n = len(ctx.base)
    never = np.iinfo(np.int64).max // 2
    history = np.full(n, never, dtype=np.int64)
    values = np.full((n_days, n), np.nan)
    present = np.zeros((n_days, n), dtype=bool)
    blank: NDArray[np.bool_] | None = None
    if table.num_rows and n:
        dates = table.column(date_column).combine_chunks().view(pa.int32())
        ordinals = fixed_width(dates, np.int32).astype(np.int64) + EPOCH
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
                    fixed_width(column.is_valid().cast(pa.uint8()), np.uint8).astype(bool)
                    if column.null_count
                    else None
                )
                converted[name] = (floats(column)[rows], valid)
        values[position] = np.stack([converted[name][0] for name in names], axis=1)
        present[position] = True
        history[:] = first_used
        for j, name in enumerate(names):
            valid = converted[name][1]
            if valid is not None:
                present[position, j] = valid[rows]
                have = valid & used
                history[j] = int(ordinals[have].min()) if have.any() else never
        blanks = [f"b{j}" for j in range(n)]
        if all(b in table.column_names for b in blanks):
            blank = np.zeros((n_days, n), dtype=bool)
            blank[position] = np.stack(
                [floats(table.column(b).combine_chunks())[rows] > 0 for b in blanks], axis=1
            )
    return Days(start, we, values, present, history, _kinds(ctx.base, values, present), blank)


@dataclass(frozen=True, slots=True)
class PeriodTotal:
    """A base metric over a period: its value, how many of the period's days have a value, and
    the last of them (``None`` when none has)."""

    value: float | None
    days: int
    last_day: dt.date | None


def period_totals(ctx: Context, columns: list[int], lo: dt.date, hi: dt.date) -> list[PeriodTotal]:
    """Base metrics ``columns`` aggregated over ``lo``-``hi`` from the source rows.

    Unlike the daily table, this reads rows after the week ending: a month's target is set for
    the whole month.
    """
    if not columns:
        return []
    metrics = [ctx.base[c] for c in columns]
    names = [ctx.column_of[m.name] for m in metrics]
    daily = daily_expr(_source_table(ctx), metrics, names, set(ctx.src.columns), lo=lo, hi=hi)
    table = ctx.wh.run(totals_expr(daily, [m.aggregation for m in metrics]))
    return [
        PeriodTotal(
            table.column(f"t{n}")[0].as_py(),
            table.column(f"d{n}")[0].as_py() or 0,
            _as_date(table.column(f"z{n}")[0].as_py()),
        )
        for n in range(len(columns))
    ]


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None
