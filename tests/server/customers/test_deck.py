"""The deck's "What customers told us" section: the themes that moved most in the week, their
counts, one verbatim quote each and the linked metric, on the web page and in the PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dayone.customers import ThemeTrend, themes_moved
from dayone.server.customers.models import Anecdote, Theme
from dayone.server.wbr.models import Metric
from tests.server.wbr.conftest import END, daily, riverbend, warehouse  # noqa: F401

pytestmark = pytest.mark.django_db


def test_themes_moved_ranks_by_the_size_of_the_move():
    def trend(theme, counts):
        return ThemeTrend(theme=theme, counts=counts, limits=None, signals=())

    moved = themes_moved(
        [
            trend(1, (2, 2, 2, 2, 3)),
            trend(2, (2, 2, 2, 2, 9)),
            trend(3, (5, 5, 5, 5, 5)),
            trend(4, (6, 6, 6, 6, 0)),
        ],
        top=2,
    )
    assert [(m.theme, m.count, m.before) for m in moved] == [(2, 9, 2.0), (4, 0, 6.0)]


def _themes() -> Metric:
    metric = Metric.objects.get(key="contacts_per_order")
    reach = Theme.objects.create(label="could not reach a person", centroid=b"")
    reach.metrics.add(metric)
    quiet = Theme.objects.create(label="gift wrapping", centroid=b"")
    rows = []
    for week in range(5):
        day = END - dt.timedelta(weeks=4 - week)
        rows += [
            Anecdote(
                text=f"<b>Nobody</b> picked up, week {week} call {i}.",
                channel="call",
                said_on=day,
                fingerprint=f"reach-{week}-{i}",
                theme=reach,
            )
            for i in range(2 if week < 4 else 9)
        ]
        rows.append(
            Anecdote(
                text=f"Lovely wrapping {week}.",
                channel="review",
                said_on=day,
                fingerprint=f"wrap-{week}",
                theme=quiet,
            )
        )
    Anecdote.objects.bulk_create(rows)
    return metric


def test_the_deck_says_what_customers_told_us_on_the_page_and_in_the_pdf(riverbend, client):  # noqa: F811
    metric = _themes()
    client.force_login(riverbend["eleanor.voss"])
    html = client.get(reverse("wbr:deck_body"), {"week": END.isoformat()}).content.decode()
    section = html[html.index("What customers told us") :]
    assert "could not reach a person" in section
    assert "9 this week, 2 a week in the four weeks before" in section
    assert f"linked to {metric.name}" in section
    assert "&lt;b&gt;Nobody&lt;/b&gt; picked up, week 4" in section  # markup shown as text
    assert "gift wrapping" not in section  # it did not move

    response = client.get(reverse("wbr:deck_pdf"), {"week": END.isoformat()})
    assert response.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "What customers told us" in flat
    assert "could not reach a person" in flat
    assert f"linked to {metric.name}" in flat
    assert "<b>Nobody</b> picked up, week 4" in flat


def test_a_week_without_anecdotes_has_no_customer_section(riverbend, client):  # noqa: F811
    client.force_login(riverbend["eleanor.voss"])
    html = client.get(reverse("wbr:deck_body"), {"week": END.isoformat()}).content.decode()
    assert "What customers told us" not in html
