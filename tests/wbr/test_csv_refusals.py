"""A daily CSV that would be stored as garbage is refused, with the file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from dayone.wbr import DataError, read_csv

GOOD = "Date,Orders,Revenue\n2026-11-01,3,10.5\n2026-11-02,4,11\n"


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "daily.csv"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Date,Orders\n2026-11-01,3\n2026-11-02,4,9\n",
            "daily.csv:3: this row has 3 values where the header names 2",
        ),
        (
            "Date,Orders,Revenue\n2026-11-01,3\n",
            "daily.csv:2: this row has 2 values where the header names 3",
        ),
        ("Date,,Revenue\n2026-11-01,3,4\n", "daily.csv:1: column 2 has no name"),
        (
            "Date,Orders\n2026-11-01,nan\n",
            "daily.csv:2: 'nan' is not a finite number",
        ),
        (
            "Date,Orders\n2026-11-01,1\n2026-11-02,inf\n",
            "daily.csv:3: 'inf' is not a finite number",
        ),
        (
            "Date,Orders\n2026-11-01,1e400\n",
            "daily.csv:2: '1e400' is not a finite number",
        ),
        (
            "Orders,Date\n3,2026-11-01\n",
            "daily.csv:1: the first column must be the date, but it is 'Orders'",
        ),
        (
            "Date,Orders\n2026-11-31,3\n",
            "daily.csv:2: cannot read the date '2026-11-31'",
        ),
        ("Date,Orders\n", "the CSV has no data rows"),
    ],
)
def test_garbage_is_refused_naming_the_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataError) as caught:
        read_csv(_csv(tmp_path, text))
    assert message in str(caught.value)
    if "finite" in message:
        assert caught.value.column == "Orders"


def test_a_header_wider_than_the_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    from dayone.wbr import _source

    monkeypatch.setattr(_source, "CSV_MAX_COLUMNS", 3)
    with pytest.raises(DataError, match=r"the header names 4 columns; the limit is 3"):
        read_csv(_csv(tmp_path, "Date,a,b,c\n2026-11-01,1,2,3\n"))


def test_a_thousand_columns_are_read_as_numbers(tmp_path: Path) -> None:
    header = ",".join(["Date", *(f"m{i}" for i in range(1000))])
    row = ",".join(["2026-11-01", *(str(i) for i in range(1000))])
    daily = read_csv(_csv(tmp_path, f"{header}\n{row}\n"))
    assert daily.table.num_rows == 1
    assert daily.table.column("m999").to_pylist() == [999.0]


def test_separators_currency_and_percent_are_numbers(tmp_path: Path) -> None:
    text = 'Date,Orders,Rate,Revenue\n2026-11-01,"1,234",12.5%,$3.50\n2026-11-02,7,,"$1,000"\n'
    daily = read_csv(_csv(tmp_path, text))
    assert daily.table.column("Orders").to_pylist() == [1234.0, 7.0]
    assert daily.table.column("Rate").to_pylist() == [0.125, None]
    assert daily.table.column("Revenue").to_pylist() == [3.5, 1000.0]


def test_a_text_column_stays_text_and_records_its_first_non_number(tmp_path: Path) -> None:
    daily = read_csv(_csv(tmp_path, "Date,Region,Orders\n2026-11-01,North,3\n2026-11-02,South,4\n"))
    assert daily.table.column("Region").to_pylist() == ["North", "South"]
    assert daily.bad_values["Region"] == (2, "North")


def test_repeated_header_names_are_kept_apart(tmp_path: Path) -> None:
    daily = read_csv(_csv(tmp_path, "Date,Pct,Pct\n2026-11-01,1,2\n"))
    assert daily.columns == ["Pct", "Pct_1"]
    assert read_csv(_csv(tmp_path, GOOD)).columns == ["Orders", "Revenue"]


def test_words_that_look_like_yes_or_no_stay_text_and_whole_numbers_are_numbers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "daily.csv"
    path.write_text("Date,Orders,Open\n2026-11-01,3,true\n2026-11-02,4,False\n")
    table = read_csv(path).table
    assert table.column("Orders").to_pylist() == [3.0, 4.0]
    assert table.column("Open").to_pylist() == ["true", "False"]
