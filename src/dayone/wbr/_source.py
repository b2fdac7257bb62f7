"""Daily data for a WBR: a CSV file, an Arrow table, or a table in the warehouse.

CSV files are parsed in DuckDB (never row by row in Python): the date column accepts the usual
formats (``2021-09-25``, ``Sat, 25-Sep-2021``, ``9/25/2021``, ``9/25/21``), numbers may carry
thousands separators or a trailing ``%``. Columns whose every value is a number become numbers;
other columns stay text (dimensions used by filters). A metric that reads a text column gets an
error naming the file, line and value that are not numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from dayone.wbr._errors import DataError
from dayone.wbr._filter import quote_identifier, sql_literal

if TYPE_CHECKING:
    from dayone.warehouse import Warehouse

DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%a, %d-%b-%Y",
    "%d-%b-%Y",
    "%m/%d/%y",
    "%m/%d/%Y",
    "%Y/%m/%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d %b %Y",
)
ROW = "__wbr_row"


@dataclass(frozen=True, slots=True)
class DailyTable:
    """Validated daily data: a ``date`` column (Arrow ``date32``), numbers and text columns.

    ``name`` is used in messages (the file name). ``first_line`` is the file line of the first
    row (2 for a CSV with a header) when rows come from a file. ``bad_values`` records, per text
    column, the first value that is not a number and its line.
    """

    table: pa.Table
    name: str
    date_column: str = "date"
    first_line: int | None = None
    bad_values: dict[str, tuple[int | None, str]] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        """The data columns (without the date)."""
        return [c for c in self.table.column_names if c not in (self.date_column, ROW)]

    def line_of(self, row: int) -> int | None:
        """The file line of row ``row`` (0-based), when the rows came from a file."""
        return None if self.first_line is None else self.first_line + row


@dataclass(frozen=True, slots=True)
class WarehouseTable:
    """A wide daily table already in the warehouse: one row per date (or per date and dimension).

    ``date_column`` names the date column (case-insensitive lookup when ``None``).
    """

    name: str
    date_column: str | None = None


def _date_expr(column: str) -> str:
    formats = ", ".join(sql_literal(f) for f in DATE_FORMATS)
    col = quote_identifier(column)
    parsed = f"CAST(try_strptime(trim({col}), [{formats}]) AS DATE)"
    return f"(CASE WHEN year({parsed}) >= 1900 THEN {parsed} END)"


def _number_expr(column: str) -> str:
    col = quote_identifier(column)
    cleaned = f"replace(replace(trim({col}), ',', ''), '$', '')"
    return (
        f"CASE WHEN {cleaned} LIKE '%\\%' ESCAPE '\\' "
        f"THEN try_cast(rtrim({cleaned}, '%') AS DOUBLE) / 100 "
        f"ELSE try_cast({cleaned} AS DOUBLE) END"
    )


def read_csv(path: str | Path, *, warehouse: Warehouse | None = None) -> DailyTable:
    """Read and validate a daily CSV file.

    Raises :class:`DataError` naming the file and line: no date column, a date that cannot be
    read, an empty file.
    """
    from dayone.warehouse import WarehouseError, connect

    file = Path(path)
    name = str(file)
    if not file.is_file():
        raise DataError("no such file", file=name)
    own = warehouse is None
    wh = connect() if warehouse is None else warehouse
    try:
        try:
            raw = wh.query(
                "SELECT * FROM read_csv(?, all_varchar = true, header = true, "
                "auto_detect = true, null_padding = true)",
                [str(file)],
            )
        except WarehouseError as exc:
            raise DataError(f"cannot read the CSV: {_first_line(str(exc))}", file=name) from exc
        return _validate_raw(raw, name, wh)
    finally:
        if own:
            wh.close()


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def _find_date_column(columns: list[str]) -> str | None:
    for candidate in columns:
        if candidate.strip().lower() in ("date", "day", "ds"):
            return candidate
    return None


def _validate_raw(raw: pa.Table, name: str, wh: Warehouse) -> DailyTable:
    columns = raw.column_names
    if raw.num_rows == 0:
        raise DataError("the CSV has no data rows", file=name)
    date_col = _find_date_column(columns)
    if date_col is None:
        raise DataError(
            f"no date column: the header line must name a 'Date' column (found: {', '.join(columns)})",
            file=name,
            line=1,
        )
    raw = raw.append_column(ROW, pa.array(range(raw.num_rows), pa.int64()))
    view = "__wbr_raw"
    wh.register(view, raw)
    try:
        bad_date = wh.query(
            f"SELECT {ROW}, {quote_identifier(date_col)} FROM {view} "  # noqa: S608 - quoted identifiers
            f"WHERE {_date_expr(date_col)} IS NULL ORDER BY {ROW} LIMIT 1"
        )
        if bad_date.num_rows:
            row = bad_date.column(0)[0].as_py()
            value = bad_date.column(1)[0].as_py()
            if value is None:
                raise DataError("the date is empty", file=name, line=row + 2, column=date_col)
            raise DataError(
                f"cannot read the date {value!r} (write dates like 2021-09-25)",
                file=name,
                line=row + 2,
                column=date_col,
            )
        value_cols = [c for c in columns if c != date_col]
        checks = ", ".join(
            f"min(CASE WHEN {quote_identifier(c)} IS NOT NULL AND {_number_expr(c)} IS NULL "
            f"THEN {ROW} END)"
            for c in value_cols
        )
        first_bad: list[int | None] = []
        if value_cols:
            result = wh.query(f"SELECT {checks} FROM {view}")  # noqa: S608 - quoted identifiers
            first_bad = [result.column(i)[0].as_py() for i in range(len(value_cols))]
        bad_values: dict[str, tuple[int | None, str]] = {}
        selects = [f"{_date_expr(date_col)} AS date"]
        for column, bad_row in zip(value_cols, first_bad, strict=True):
            out = "date_" if column.lower() == "date" else column
            if bad_row is None:
                selects.append(f"{_number_expr(column)} AS {quote_identifier(out)}")
            else:
                selects.append(f"{quote_identifier(column)} AS {quote_identifier(out)}")
                bad = wh.query(
                    f"SELECT {quote_identifier(column)} FROM {view} WHERE {ROW} = ?",  # noqa: S608 - quoted identifiers
                    [bad_row],
                )
                bad_values[out] = (bad_row + 2, str(bad.column(0)[0].as_py()))
        selects.append(ROW)
        typed = wh.query(f"SELECT {', '.join(selects)} FROM {view} ORDER BY {ROW}")  # noqa: S608 - quoted identifiers
    finally:
        _unregister(wh, view)
    return DailyTable(table=typed, name=name, first_line=2, bad_values=bad_values)


def _unregister(wh: Warehouse, view: str) -> None:
    from dayone.warehouse import WarehouseError

    try:
        wh.execute(f"DROP VIEW IF EXISTS {view}")
    except WarehouseError:  # pragma: no cover - the view was already gone
        return


def from_arrow(
    table: pa.Table, *, name: str = "table", date_column: str | None = None
) -> DailyTable:
    """Wrap an Arrow table (one row per date, or per date and dimension) as daily data.

    The date column may be a date, a timestamp or text in one of the accepted formats.
    """
    date_col = date_column or _find_date_column(table.column_names)
    if date_col is None or date_col not in table.column_names:
        raise DataError(
            f"no date column in {name} (columns: {', '.join(table.column_names)})", file=name
        )
    dates = table.column(date_col)
    if pa.types.is_date32(dates.type):
        converted = dates
    elif pa.types.is_timestamp(dates.type) or pa.types.is_date64(dates.type):
        converted = dates.cast(pa.date32())
    else:
        from dayone.warehouse import connect

        with connect() as wh:
            raw = table.select([date_col])
            wh.register("__wbr_dates", raw)
            converted = wh.query(f"SELECT {_date_expr(date_col)} AS d FROM __wbr_dates").column(0)  # noqa: S608 - quoted identifiers
        if converted.null_count:
            raise DataError(f"column {date_col!r} holds values that are not dates", file=name)
    index = table.column_names.index(date_col)
    out = table.set_column(index, "date", converted)
    if ROW not in out.column_names:
        out = out.append_column(ROW, pa.array(range(out.num_rows), pa.int64()))
    return DailyTable(table=out, name=name)
