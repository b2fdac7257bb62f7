"""Daily data for a WBR: a CSV file, an Arrow table, or a table in the warehouse.

CSV files are parsed by pyarrow's CSV reader, column by column in C (never row by row in
Python), in time linear in the file's size. The first column is the date and accepts the usual
formats (``2021-09-25``, ``Sat, 25-Sep-2021``, ``9/25/2021``, ``9/25/21``); numbers may carry
thousands separators, a ``$`` or a trailing ``%``. Columns whose every value is a number become
numbers; other columns stay text (dimensions used by filters). A metric that reads a text column
gets an error naming the file, line and value that are not numbers.

Refused with a message naming the file, and the line and column where there is one: a row with
more or fewer values than the header, a header with an empty or repeated name, a first column
that is not the date, a date that cannot be read, a number that is not finite (``nan``, ``inf``,
``1e400``), and files over the limits (:data:`CSV_MAX_BYTES`, :data:`CSV_MAX_COLUMNS`,
:data:`CSV_MAX_ROWS`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from dayone.wbr._errors import DataError
from dayone.wbr._filter import sql_literal

if TYPE_CHECKING:
    from pyarrow.csv import InvalidRow

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
DATE_NAMES = ("date", "day", "ds")
ROW = "__wbr_row"
CSV_MAX_BYTES = 200 * 1024 * 1024
CSV_MAX_COLUMNS = 2_000
CSV_MAX_ROWS = 1_000_000
_NUMBER = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"


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


def read_csv(path: str | Path) -> DailyTable:
    """Read and validate a daily CSV file.

    Raises :class:`DataError` naming the file, line and column of the first problem.
    """
    file = Path(path)
    name = str(file)
    if not file.is_file():
        raise DataError("no such file", file=name)
    size = file.stat().st_size
    if size > CSV_MAX_BYTES:
        raise DataError(
            f"the file has {size:,} bytes; the limit is {CSV_MAX_BYTES:,} "
            "(split it by year, or load it into the warehouse and add a SQL source)",
            file=name,
        )
    names = _header(file, name)
    # Threads and Arrow's own number parsing first; a row number for a ragged row and the text
    # of columns that are not plain numbers need a second, plain-text reading.
    try:
        raw, ragged = _parse(file, name, names, typed=True)
    except pa.ArrowInvalid:  # a column's numbers change type after the first block
        raw, ragged = None, []
    if raw is None or ragged:
        raw, ragged = _parse(file, name, names, typed=False)
    if ragged:
        row = ragged[0]
        raise DataError(
            f"this row has {row.actual_columns} values where the header names "
            f"{row.expected_columns} columns",
            file=name,
            line=row.number,
        )
    text = [c for c in names[1:] if not _is_number_type(raw.schema.field(c).type)]
    if text:
        strings, _ = _parse(file, name, names, typed=False, only=text)
        for column in text:
            raw = raw.set_column(raw.schema.get_field_index(column), column, strings[column])

    def text_of(column: str) -> pa.ChunkedArray:
        if _is_number_type(raw.schema.field(column).type):
            return _parse(file, name, names, typed=False, only=[column])[0].column(column)
        return raw.column(column)

    return _validate(raw, name, text_of)


def _parse(
    file: Path, name: str, names: list[str], *, typed: bool, only: list[str] | None = None
) -> tuple[pa.Table, list[InvalidRow]]:
    """The CSV's columns: the date always as text; the others as text, or (``typed``) as the
    numbers Arrow finds in them. Rows with too many or too few values are left out and returned,
    with their line numbers when read as text (in one thread). A typed reading raises Arrow's
    error, for a reading as text to follow."""
    ragged: list[InvalidRow] = []

    def note_ragged(row: InvalidRow) -> str:
        ragged.append(row)
        return "skip"

    types = {names[0]: pa.string()} if typed else dict.fromkeys(names, pa.string())
    try:
        raw = pa_csv.read_csv(
            file,
            read_options=pa_csv.ReadOptions(
                use_threads=typed or only is not None,
                block_size=1 << 24,
                column_names=names,
                skip_rows=1,
            ),
            parse_options=pa_csv.ParseOptions(invalid_row_handler=note_ragged),
            convert_options=pa_csv.ConvertOptions(
                column_types=types,
                include_columns=only,
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
                true_values=[],
                false_values=[],
                timestamp_parsers=[],
            ),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        if typed and isinstance(exc, pa.ArrowInvalid):
            raise
        raise DataError(f"cannot read the CSV: {_first_line(str(exc))}", file=name) from exc
    return raw, ragged


def _is_number_type(type_: pa.DataType) -> bool:
    return bool(
        pa.types.is_integer(type_) or pa.types.is_floating(type_) or pa.types.is_null(type_)
    )


def _header(file: Path, name: str) -> list[str]:
    """The header line's column names: none empty, repeated ones made unique."""
    with file.open(encoding="utf-8-sig", newline="") as handle:
        try:
            names = next(csv.reader(io.StringIO(handle.readline())), [])
        except (csv.Error, UnicodeDecodeError) as exc:
            raise DataError(f"cannot read the header line: {exc}", file=name, line=1) from exc
    if not names:
        raise DataError("the file is empty", file=name, line=1)
    if len(names) > CSV_MAX_COLUMNS:
        raise DataError(
            f"the header names {len(names):,} columns; the limit is {CSV_MAX_COLUMNS:,}",
            file=name,
            line=1,
        )
    for position, column in enumerate(names, start=1):
        if not column.strip():
            raise DataError(f"column {position} has no name in the header line", file=name, line=1)
    return _unique(names)


def _unique(names: list[str]) -> list[str]:
    """A repeated name gets a suffix: ``Pct``, ``Pct`` -> ``Pct``, ``Pct_1``."""
    seen: set[str] = set()
    unique = []
    for column in names:
        candidate, number = column, 0
        while candidate in seen:
            number += 1
            candidate = f"{column}_{number}"
        seen.add(candidate)
        unique.append(candidate)
    return unique


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def _find_date_column(columns: list[str]) -> str | None:
    for candidate in columns:
        if candidate.strip().lower() in DATE_NAMES:
            return candidate
    return None


def _validate(
    raw: pa.Table, name: str, text_of: Callable[[str], pa.ChunkedArray] | None = None
) -> DailyTable:
    """The parsed columns checked and converted; ``text_of`` gives a column's text as written,
    for messages, when the parsed column holds numbers."""
    columns = raw.column_names
    if raw.num_rows == 0:
        raise DataError("the CSV has no data rows", file=name)
    if raw.num_rows > CSV_MAX_ROWS:
        raise DataError(
            f"the file has {raw.num_rows:,} rows; the limit is {CSV_MAX_ROWS:,}", file=name
        )
    date_col = columns[0]
    if date_col.strip().lower() not in DATE_NAMES:
        elsewhere = _find_date_column(columns)
        if elsewhere is None:
            raise DataError(
                "no date column: the header line must name a 'Date' column first "
                f"(found: {', '.join(columns)})",
                file=name,
                line=1,
            )
        raise DataError(
            f"the first column must be the date, but it is {date_col!r}: move the "
            f"{elsewhere!r} column to the front",
            file=name,
            line=1,
        )
    dates = parse_dates(raw.column(date_col))
    missing = pc.is_null(dates)
    if pc.any(missing).as_py():
        row = _first_true(missing)
        value = raw.column(date_col)[row].as_py()
        if value is None:
            raise DataError("the date is empty", file=name, line=row + 2, column=date_col)
        raise DataError(
            f"cannot read the date {value!r} (write dates like 2021-09-25)",
            file=name,
            line=row + 2,
            column=date_col,
        )
    arrays: list[pa.Array | pa.ChunkedArray] = [dates]
    out_names = ["date"]
    bad_values: dict[str, tuple[int | None, str]] = {}
    for column in columns[1:]:
        out = "date_" if column.lower() == "date" else column
        text = raw.column(column)
        if _is_number_type(text.type):
            numbers, bad_row = text.cast(pa.float64()), None
        else:
            numbers, bad_row = _numbers(text)
        if numbers is None:
            assert bad_row is not None  # noqa: S101 - _numbers returns one or the other
            arrays.append(text)
            bad_values[out] = (bad_row + 2, str(text[bad_row].as_py()))
        else:
            infinite = pc.and_kleene(pc.invert(pc.is_finite(numbers)), pc.is_valid(numbers))
            if pc.any(infinite).as_py():
                row = _first_true(infinite)
                written = (text_of or raw.column)(column)[row].as_py()
                raise DataError(
                    f"{written!r} is not a finite number",
                    file=name,
                    line=row + 2,
                    column=column,
                )
            arrays.append(numbers)
        out_names.append(out)
    arrays.append(row_numbers(raw.num_rows))
    out_names.append(ROW)
    table = pa.Table.from_arrays(arrays, names=out_names)
    return DailyTable(table=table, name=name, first_line=2, bad_values=bad_values)


def row_numbers(count: int) -> pa.Array:
    """0, 1, ... ``count - 1`` as an Arrow int64 array.

    Built from a numpy buffer: ``pa.array`` on a range or a numpy array imports pandas (0.3 s)
    to check the value's type.
    """
    return pa.Array.from_buffers(
        pa.int64(), count, [None, pa.py_buffer(np.arange(count, dtype=np.int64))]
    )


def _first_true(mask: Any) -> int:
    return int(pc.index(mask, pa.scalar(True)).as_py())


def _numbers(text: pa.ChunkedArray) -> tuple[pa.ChunkedArray | None, int | None]:
    """The column as numbers, or ``None`` and the first row that is not a number."""
    trimmed = pc.utf8_trim_whitespace(text)
    try:
        return pc.cast(trimmed, pa.float64()), None
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    cleaned = pc.replace_substring(pc.replace_substring(trimmed, ",", ""), "$", "")
    percent = pc.ends_with(cleaned, "%")
    digits = pc.if_else(percent, pc.utf8_rtrim(cleaned, characters="%"), cleaned)
    valid = pc.or_kleene(pc.is_null(digits), pc.match_substring_regex(digits, _NUMBER))
    if not pc.all(valid).as_py():
        return None, _first_true(pc.invert(pc.fill_null(valid, True)))
    values = pc.cast(digits, pa.float64())
    return pc.if_else(percent, pc.divide(values, 100.0), values), None


def parse_dates(values: pa.Array | pa.ChunkedArray) -> pa.ChunkedArray:
    """Text in any of :data:`DATE_FORMATS` as ``date32``; null where no format reads it (an
    impossible date such as 2026-11-31 included) or the year is before 1900.

    One column through the warehouse's strict date parser: cheap, whatever the file's width.
    """
    from dayone.warehouse import Sql, compose, connect

    formats = Sql(", ".join(sql_literal(f) for f in DATE_FORMATS))
    parsed = Sql(compose("CAST(try_strptime(trim(d), [{formats}]) AS DATE)", formats=formats))
    with connect(":memory:") as warehouse:
        warehouse.register("__wbr_dates", pa.table({"d": values}))
        result = warehouse.query(
            compose(
                "SELECT CASE WHEN year({parsed}) >= 1900 THEN {parsed} END AS d FROM __wbr_dates",
                parsed=parsed,
            )
        )
    return result.column("d")


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
        converted = parse_dates(dates)
        if converted.null_count:
            raise DataError(f"column {date_col!r} holds values that are not dates", file=name)
    index = table.column_names.index(date_col)
    out = table.set_column(index, "date", converted)
    if ROW not in out.column_names:
        out = out.append_column(ROW, row_numbers(out.num_rows))
    return DailyTable(table=out, name=name)
