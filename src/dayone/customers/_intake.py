"""Reading anecdotes: CSV files, e-mail files (mbox and .eml) and mappings from a webhook.

Every reader validates all of its input before returning anything, and raises one
:class:`IntakeError` naming the file, line and column of the first fault.

>>> rows = parse_csv("external_id,date,channel,text\\nT-1,2026-03-02,call,On hold for an hour\\n")
>>> rows[0].channel, rows[0].date.isoformat()
('call', '2026-03-02')
"""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.policy
import email.utils
import io
import mailbox
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Final

from dayone.customers._errors import IntakeError
from dayone.customers._model import CHANNELS, MAX_TEXT, SEVERITIES, AnecdoteRecord

if TYPE_CHECKING:
    from email.message import EmailMessage

REQUIRED: Final[tuple[str, ...]] = ("external_id", "date", "channel", "text")
OPTIONAL: Final[tuple[str, ...]] = ("customer", "segment", "severity", "product_area", "metrics")
SHORT_LIMIT: Final[int] = 200


def parse_record(
    fields: Mapping[str, object],
    *,
    metrics: Collection[str] | None = None,
    file: str | None = None,
    line: int | None = None,
) -> AnecdoteRecord:
    """One anecdote from a mapping of its fields (a CSV row or a JSON object), validated.

    ``metrics`` are the metric names that exist; ``None`` accepts any. The error names the field.
    """

    def fail(column: str, message: str) -> IntakeError:
        return IntakeError(message, file=file, line=line, column=column)

    def text_of(name: str, *, limit: int = SHORT_LIMIT) -> str:
        value = fields.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise fail(name, "must be text")
        value = value.strip()
        if len(value) > limit:
            raise fail(name, f"is {len(value)} characters long; the limit is {limit}")
        return value

    text = text_of("text", limit=MAX_TEXT)
    if not text:
        raise fail("text", "is empty: an anecdote needs what the customer said or did")
    raw_date = text_of("date")
    try:
        date = dt.date.fromisoformat(raw_date[:10])
    except ValueError:
        raise fail("date", f"{raw_date!r} is not a date (YYYY-MM-DD)") from None
    channel = text_of("channel").lower()
    if channel not in CHANNELS:
        raise fail("channel", f"unknown channel {channel!r}; use one of {', '.join(CHANNELS)}")
    severity = text_of("severity").lower()
    if severity and severity not in SEVERITIES:
        raise fail("severity", f"unknown severity {severity!r}; use one of {', '.join(SEVERITIES)}")
    raw_metrics = fields.get("metrics") or ()
    if isinstance(raw_metrics, str):
        names = tuple(m.strip() for m in raw_metrics.replace("|", ";").split(";") if m.strip())
    elif isinstance(raw_metrics, list | tuple) and all(isinstance(m, str) for m in raw_metrics):
        names = tuple(str(m).strip() for m in raw_metrics if str(m).strip())
    else:
        raise fail("metrics", "must be metric names separated by ';' or a list of names")
    if metrics is not None:
        unknown = [m for m in names if m not in metrics]
        if unknown:
            raise fail("metrics", f"unknown metric {unknown[0]!r}")
    return AnecdoteRecord(
        external_id=text_of("external_id"),
        date=date,
        channel=channel,
        text=text,
        customer=text_of("customer"),
        segment=text_of("segment"),
        severity=severity,
        product_area=text_of("product_area"),
        metrics=names,
    )


def parse_csv(
    text: str, *, file: str = "<csv>", metrics: Collection[str] | None = None
) -> list[AnecdoteRecord]:
    """Anecdotes from CSV text with a header row: ``external_id,date,channel,text`` and optional
    ``customer,segment,severity,product_area,metrics``. Line numbers count the header as 1."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise IntakeError(
            "the file is empty; the first line names the columns", file=file
        ) from None
    except csv.Error as exc:
        raise IntakeError(f"not valid CSV: {exc}", file=file, line=1) from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise IntakeError(
            f"missing column {missing[0]}; the columns needed are {', '.join(REQUIRED)}",
            file=file,
            line=1,
        )
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise IntakeError(
            f"unknown column {unknown[0]}; optional columns are {', '.join(OPTIONAL)}",
            file=file,
            line=1,
        )
    records: list[AnecdoteRecord] = []
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise IntakeError(
                    f"{len(row)} values where the header has {len(header)} columns",
                    file=file,
                    line=line,
                )
            fields = dict(zip(header, row, strict=True))
            records.append(parse_record(fields, metrics=metrics, file=file, line=line))
    except csv.Error as exc:
        raise IntakeError(f"not valid CSV: {exc}", file=file, line=reader.line_num) from None
    return records


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    content = part.get_content()
    return content if isinstance(content, str) else ""


def parse_email(raw: bytes, *, file: str = "<email>", line: int | None = None) -> AnecdoteRecord:
    """One anecdote from one e-mail message: its plain-text body, date and Message-ID."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not isinstance(message, email.message.EmailMessage):  # pragma: no cover - policy gives it
        raise IntakeError("not an e-mail message", file=file, line=line)
    text = _body(message).strip()
    if not text:
        raise IntakeError("the message has no plain-text body", file=file, line=line, column="body")
    raw_date = message.get("Date")
    try:
        date = email.utils.parsedate_to_datetime(str(raw_date)).date() if raw_date else None
    except (TypeError, ValueError):
        date = None
    if date is None:
        raise IntakeError(
            "the message has no valid Date header", file=file, line=line, column="Date"
        )
    subject = str(message.get("Subject") or "").strip()
    if subject:
        text = f"{subject}\n\n{text}"
    fields = {
        "external_id": str(message.get("Message-ID") or "").strip(),
        "date": date.isoformat(),
        "channel": "email",
        "text": text,
    }
    return parse_record(fields, file=file, line=line)


def _mbox_messages(path: Path) -> Iterator[tuple[int, bytes]]:
    box = mailbox.mbox(path, create=False)
    try:
        for index, key in enumerate(box.iterkeys(), start=1):
            yield index, box.get_bytes(key)
    finally:
        box.close()


def read_file(path: Path, *, metrics: Collection[str] | None = None) -> list[AnecdoteRecord]:
    """Anecdotes from a ``.csv``, ``.mbox`` or ``.eml`` file, chosen by its suffix.

    For an mbox file the error's ``line`` is the message's position in the file (1 for the first).
    """
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".mbox", ".eml"}:
        raise IntakeError("unknown file type; use a .csv, .mbox or .eml file", file=name)
    if not path.is_file():
        raise IntakeError("no such file", file=name)
    if suffix == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise IntakeError(f"not UTF-8 text (byte {exc.start})", file=name) from None
        return parse_csv(text, file=name, metrics=metrics)
    if suffix == ".eml":
        return [parse_email(path.read_bytes(), file=name)]
    records = [parse_email(raw, file=name, line=index) for index, raw in _mbox_messages(path)]
    if not records:
        raise IntakeError("the mailbox holds no message", file=name)
    return records
