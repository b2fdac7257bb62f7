from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from dayone.customers import AnecdoteRecord
from dayone.server.wbr.models import Metric

FIXTURE = Path(__file__).parents[2] / "customers" / "fixtures" / "paraphrases.csv"
START = dt.date(2026, 1, 5)


def paraphrase_rows() -> list[dict[str, str]]:
    with FIXTURE.open(newline="") as handle:
        return list(csv.DictReader(handle))


def paraphrase_csv() -> str:
    lines = ["external_id,date,channel,text,metrics"]
    for i, row in enumerate(paraphrase_rows()):
        text = row["text"].replace('"', '""')
        metric = "contacts_per_order" if row["theme"] == "reach" else ""
        lines.append(f'P-{i},{START + dt.timedelta(days=i % 60)},support,"{text}",{metric}')
    return "\n".join(lines) + "\n"


def records(count: int | None = None) -> list[AnecdoteRecord]:
    rows = paraphrase_rows()[:count]
    return [
        AnecdoteRecord(
            external_id=f"P-{i}",
            date=START + dt.timedelta(days=i % 60),
            channel="support",
            text=row["text"],
        )
        for i, row in enumerate(rows)
    ]


@pytest.fixture
def metric(admin):
    # A catalogue entry is all an anecdote needs; how the deck computes it does not matter here.
    return Metric.objects.create(
        key="contacts_per_order",
        name="Contacts per order",
        definition="Customer contacts divided by orders.",
        owner=admin,
    )
