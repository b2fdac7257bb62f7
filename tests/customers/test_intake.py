"""Reading anecdotes from CSV, e-mail files and mappings."""

from __future__ import annotations

import datetime as dt
import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest

from dayone.customers import IntakeError, parse_csv, parse_record, read_file

HEADER = "external_id,date,channel,text"


def test_required_and_optional_columns_are_read() -> None:
    rows = parse_csv(
        "external_id,date,channel,text,customer,segment,severity,product_area,metrics\n"
        'T-1,2026-03-02,CALL,"On hold, then cut off",C-88,Prime,High,Support,contacts_per_order;wait\n'
        "T-2,2026-03-03T10:00:00,review,Great picks,,,,,\n"
    )
    assert [r.external_id for r in rows] == ["T-1", "T-2"]
    first = rows[0]
    assert first.channel == "call"
    assert first.text == "On hold, then cut off"
    assert first.severity == "high"
    assert first.metrics == ("contacts_per_order", "wait")
    assert rows[1].date == dt.date(2026, 3, 3)
    assert rows[1].metrics == ()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("T-1,2026-13-02,call,x\n", "calls.csv:2: column date: '2026-13-02' is not a date"),
        ("T-1,2026-03-02,fax,x\n", "calls.csv:2: column channel: unknown channel 'fax'"),
        ("T-1,2026-03-02,call,\n", "calls.csv:2: column text: is empty"),
        ("T-1,2026-03-02,call\n", "calls.csv:2: 3 values where the header has 4 columns"),
        ('T-1,2026-03-02,call,ok\nT-2,2026-03-02,call,"open\n', "calls.csv:3: not valid CSV"),
    ],
)
def test_a_bad_line_is_named_by_file_line_and_column(body: str, expected: str) -> None:
    with pytest.raises(IntakeError) as caught:
        parse_csv(f"{HEADER}\n{body}", file="calls.csv")
    assert str(caught.value).startswith(expected)


def test_the_error_names_the_line_after_good_lines() -> None:
    good = "".join(f"T-{i},2026-03-02,call,fine\n" for i in range(5))
    with pytest.raises(IntakeError) as caught:
        parse_csv(f"{HEADER}\n{good}T-9,2026-03-02,pigeon,x\n", file="a.csv")
    assert caught.value.line == 7
    assert caught.value.column == "channel"


def test_header_faults() -> None:
    with pytest.raises(IntakeError, match=r"a.csv:1: missing column text"):
        parse_csv("external_id,date,channel\n", file="a.csv")
    with pytest.raises(IntakeError, match=r"a.csv:1: unknown column mood"):
        parse_csv(f"{HEADER},mood\n", file="a.csv")
    with pytest.raises(IntakeError, match="the file is empty"):
        parse_csv("", file="a.csv")


def test_unknown_metric_and_text_over_the_limit() -> None:
    with pytest.raises(IntakeError, match=r"column metrics: unknown metric 'nps'"):
        parse_csv(f"{HEADER},metrics\nT,2026-01-01,call,x,nps\n", metrics={"orders"})
    with pytest.raises(
        IntakeError, match=r"column text: is 5001 characters long; the limit is 5000"
    ):
        parse_csv(f"{HEADER}\nT,2026-01-01,call,{'a' * 5001}\n")


def test_a_mapping_is_validated_field_by_field() -> None:
    with pytest.raises(IntakeError, match="column text: must be text"):
        parse_record({"external_id": "1", "date": "2026-01-01", "channel": "email", "text": 4})
    with pytest.raises(IntakeError, match="column metrics: must be metric names"):
        parse_record({"date": "2026-01-01", "channel": "email", "text": "x", "metrics": {"a": 1}})
    record = parse_record(
        {"date": "2026-01-01", "channel": "email", "text": "x", "metrics": ["orders"]},
        metrics={"orders"},
    )
    assert record.metrics == ("orders",)


def _message(number: int, body: str = "The line just rings out.") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "reader@example.com"
    message["Subject"] = f"Order {number}"
    message["Date"] = "Mon, 02 Mar 2026 09:30:00 +0000"
    message["Message-ID"] = f"<m{number}@example.com>"
    message.set_content(body)
    return message


def test_eml_and_mbox_files(tmp_path: Path) -> None:
    eml = tmp_path / "one.eml"
    eml.write_bytes(_message(1).as_bytes())
    [record] = read_file(eml)
    assert record.channel == "email"
    assert record.external_id == "<m1@example.com>"
    assert record.date == dt.date(2026, 3, 2)
    assert record.text == "Order 1\n\nThe line just rings out."

    path = tmp_path / "box.mbox"
    box = mailbox.mbox(path)
    for i in range(3):
        box.add(_message(i))
    box.close()
    assert [r.external_id for r in read_file(path)] == [f"<m{i}@example.com>" for i in range(3)]


def test_a_bad_message_in_a_mailbox_is_named_by_position(tmp_path: Path) -> None:
    path = tmp_path / "box.mbox"
    box = mailbox.mbox(path)
    box.add(_message(1))
    broken = _message(2)
    del broken["Date"]
    box.add(broken)
    box.close()
    with pytest.raises(
        IntakeError, match=r"box.mbox:2: column Date: the message has no valid Date"
    ):
        read_file(path)


def test_file_faults(tmp_path: Path) -> None:
    with pytest.raises(IntakeError, match="unknown file type"):
        read_file(tmp_path / "notes.txt")
    with pytest.raises(IntakeError, match="no such file"):
        read_file(tmp_path / "gone.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"{HEADER}\nT,2026-01-01,call,caf\xe9\n".encode("latin-1"))
    with pytest.raises(IntakeError, match="not UTF-8"):
        read_file(latin)
    empty = tmp_path / "empty.mbox"
    empty.write_bytes(b"")
    with pytest.raises(IntakeError, match="holds no message"):
        read_file(empty)
