"""Anecdotes that disagree with a metric: a linked theme rises while the metric shows no signal
in the deck; the metric's page says so and its owner answers in writing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from dayone.server.customers import metric_selectors, services
from dayone.server.customers.models import Anecdote, DisagreementAnswer, Theme
from dayone.server.wbr import selectors as wbr_selectors
from dayone.server.wbr.models import Metric
from tests.server.wbr.conftest import END, daily, riverbend, warehouse  # noqa: F401

pytestmark = pytest.mark.django_db

WHY = "Contacts per order counts only the calls that reach a person, so unanswered calls vanish."


def _quiet_metric(people) -> Metric:
    """A metric of the deck with no signal over the last six weeks."""
    when = wbr_selectors.deck_week(viewer=people["olivia.bennett"])
    deck = wbr_selectors.deck_get(viewer=people["olivia.bennett"], when=when)
    shown_from = END - dt.timedelta(weeks=5)
    quiet = [
        key
        for key, result in deck.metrics.items()
        if not [s for s in result.signals if s.week_ending >= shown_from]
    ]
    key = "contacts_per_order" if "contacts_per_order" in quiet else quiet[0]
    return Metric.objects.get(key=key)


def _rising_theme(metric: Metric) -> Theme:
    theme = Theme.objects.create(label="could not reach a person", centroid=b"")
    theme.metrics.add(metric)
    rows = []
    for week in range(26):
        day = END - dt.timedelta(weeks=25 - week)
        count = 2 + week % 2 if week < 23 else 9
        rows += [
            Anecdote(
                text=f"Nobody picked up, week {week} call {i}.",
                channel="call",
                said_on=day,
                fingerprint=f"reach-{week}-{i}",
                theme=theme,
            )
            for i in range(count)
        ]
    Anecdote.objects.bulk_create(rows)
    rows[0].metrics.add(metric)
    return theme


def test_a_rising_theme_disagrees_with_a_quiet_metric_and_the_owner_answers(riverbend, client):  # noqa: F811
    metric = _quiet_metric(riverbend)
    theme = _rising_theme(metric)
    owner = metric.owner
    voice = metric_selectors.metric_customers(viewer=owner, metric=metric)
    assert voice.judged
    [found] = voice.disagreements
    assert (found.theme, found.metric_key, found.answer) == (theme, metric.key, None)
    assert found.recent > found.baseline

    client.force_login(owner)
    page = client.get(f"/wbr/metrics/{metric.key}/")
    assert f"Anecdotes disagree with {metric.name}".encode() in page.content
    assert b"could not reach a person" in page.content

    others = [p for p in riverbend.values() if p.pk != owner.pk and not p.is_admin]
    with pytest.raises(PermissionDenied):
        services.disagreement_answer(
            actor=others[0],
            theme=theme,
            metric=metric,
            week_ending=found.week_ending,
            kind="misses",
            text=WHY,
        )
    with pytest.raises(ValidationError):
        services.disagreement_answer(
            actor=owner,
            theme=theme,
            metric=metric,
            week_ending=found.week_ending,
            kind="misses",
            text="fine",
        )
    done = client.post(
        "/customers/disagreements/answer",
        {
            "theme": theme.pk,
            "metric": metric.key,
            "week_ending": found.week_ending.isoformat(),
            "kind": "redefined",
            "text": WHY,
            "definition": "Customer contacts, answered or not, divided by orders.",
        },
    )
    assert done.status_code == 302
    answer = DisagreementAnswer.objects.get()
    metric.refresh_from_db()
    assert metric.definition == "Customer contacts, answered or not, divided by orders."
    assert answer.metric_version == metric.version
    assert metric.versions.filter(number=metric.version, note=WHY).exists()
    again = client.get(f"/wbr/metrics/{metric.key}/")
    assert WHY.encode() in again.content
    assert b"Answer</button>" not in again.content


def test_the_deck_pdf_prints_the_disagreement_beside_the_metric(riverbend, client):  # noqa: F811
    metric = _quiet_metric(riverbend)
    _rising_theme(metric)
    client.force_login(riverbend["eleanor.voss"])

    response = client.get(reverse("wbr:deck_pdf"), {"week": END.isoformat()})

    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    note = f"Anecdotes disagree with {metric.name}"
    assert note in text
    assert '"could not reach a person" rose to' in text
    # beside its metric: after the metric's own panel title, before the next panels' notes end
    assert text.index(metric.name) < text.index(note)
