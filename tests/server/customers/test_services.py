"""Intake and themes, through the services, on the real database."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dayone.customers import AnecdoteRecord
from dayone.server.core.models import AuditEntry
from dayone.server.customers import selectors, services
from dayone.server.customers.enums import Source
from dayone.server.customers.models import Anecdote, Theme
from tests.server.customers.conftest import START, records

pytestmark = pytest.mark.django_db


def test_import_stores_each_anecdote_once_redacted_and_grouped(member):
    batch = services.anecdotes_import(
        actor=member, records=records(), source=Source.CSV, name="calls.csv"
    )
    assert (batch.received, batch.created) == (120, 120)
    assert Theme.objects.count() >= 6
    assert Anecdote.objects.filter(theme__isnull=True).count() == 0
    again = services.anecdotes_import(
        actor=member, records=records(10), source=Source.CSV, name="calls.csv"
    )
    assert (again.received, again.created) == (10, 0)
    assert Anecdote.objects.count() == 120
    assert AuditEntry.objects.filter(action="anecdote.import").count() == 2

    new = services.anecdote_capture(
        actor=member,
        record=AnecdoteRecord(
            external_id="",
            date=START,
            channel="call",
            text="I phoned your help line five times, ring me back on 07700 900123",
        ),
    )
    assert new.text == "I phoned your help line five times, ring me back on [phone]"
    reach = Anecdote.objects.get(external_id="P-0").theme
    assert new.theme == reach


def test_the_same_text_without_an_id_is_one_anecdote(member):
    record = AnecdoteRecord(external_id="", date=START, channel="email", text="Box  was torn")
    first = services.anecdote_capture(actor=member, record=record)
    second = services.anecdote_capture(
        actor=member,
        record=AnecdoteRecord(external_id="", date=START, channel="email", text="box was torn"),
    )
    assert first.pk == second.pk


def test_a_text_repeated_under_several_ids_is_embedded_once(member, monkeypatch):
    from dayone.server.customers.services import themes

    embedded: list[str] = []
    real = themes.embed

    def counting(texts, **kwargs):
        embedded.extend(texts)
        return real(texts, **kwargs)

    monkeypatch.setattr(themes, "embed", counting)
    said = ["Where is my order?", "The box was torn", "Where is my order?"]
    rows = [
        AnecdoteRecord(external_id=f"T-{i}", date=START, channel="email", text=text)
        for i, text in enumerate(said * 4)
    ]
    batch = services.anecdotes_import(actor=member, records=rows, source=Source.CSV, name="t")
    assert batch.created == 12
    assert sorted(embedded) == ["The box was torn", "Where is my order?"]
    vectors = {a.text: a.vector for a in Anecdote.objects.all()}
    assert len(vectors) == 2 and all(vectors.values())
    same = Anecdote.objects.filter(text="Where is my order?")
    assert same.count() == 8 and len({a.vector for a in same}) == 1


def test_redaction_can_be_turned_off_by_an_admin(admin, member):
    with pytest.raises(PermissionDenied):
        services.intake_settings_set(actor=member, redact_text=False)
    services.intake_settings_set(actor=admin, redact_text=False)
    kept = services.anecdote_capture(
        actor=member,
        record=AnecdoteRecord(external_id="", date=START, channel="email", text="ann@example.com"),
    )
    assert kept.text == "ann@example.com"


def test_viewers_cannot_import_and_unknown_metrics_store_nothing(viewer, member):
    with pytest.raises(PermissionDenied):
        services.anecdotes_import(actor=viewer, records=records(2), source=Source.CSV, name="x")
    bad = AnecdoteRecord(external_id="1", date=START, channel="call", text="x", metrics=("nps",))
    with pytest.raises(ValidationError, match="Unknown metric 'nps'"):
        services.anecdotes_import(actor=member, records=[bad], source=Source.CSV, name="x")
    assert Anecdote.objects.count() == 0


def test_people_choices_survive_regrouping(member):
    services.anecdotes_import(actor=member, records=records(), source=Source.CSV, name="a.csv")
    reach = Anecdote.objects.get(external_id="P-0").theme
    renamed = services.theme_rename(
        actor=member, theme=reach, label_text="Could not reach a person"
    )
    late = Anecdote.objects.get(external_id="P-10").theme
    assert late != reach
    moved = Anecdote.objects.get(external_id="P-11")
    services.anecdote_move(actor=member, anecdote=moved, theme=renamed)
    members_before = set(renamed.anecdotes.values_list("pk", flat=True))

    other = Anecdote.objects.get(external_id="P-20").theme
    split_ids = list(other.anecdotes.values_list("pk", flat=True)[:2])
    split = services.theme_split(
        actor=member, theme=other, anecdote_ids=split_ids, label_text="Torn covers"
    )

    services.themes_regroup(actor=member)
    renamed.refresh_from_db()
    assert renamed.label == "Could not reach a person"
    assert set(renamed.anecdotes.values_list("pk", flat=True)) == members_before
    assert set(split.anecdotes.values_list("pk", flat=True)) == set(split_ids)
    assert Anecdote.objects.get(pk=moved.pk).theme_id == renamed.pk

    merged = services.theme_merge(actor=member, theme=split, into=renamed)
    assert not Theme.objects.filter(pk=split.pk).exists()
    assert set(split_ids) <= set(merged.anecdotes.values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        services.theme_merge(actor=member, theme=merged, into=merged)
    with pytest.raises(ValidationError):
        services.theme_rename(actor=member, theme=merged, label_text=" ")


def test_theme_metrics_and_trends(member, metric):
    services.anecdotes_import(actor=member, records=records(), source=Source.CSV, name="a.csv")
    theme = Anecdote.objects.get(external_id="P-0").theme
    services.theme_metrics_set(actor=member, theme=theme, metric_keys=["contacts_per_order"])
    assert list(theme.metrics.values_list("key", flat=True)) == ["contacts_per_order"]
    with pytest.raises(ValidationError, match="Unknown metric"):
        services.theme_metrics_set(actor=member, theme=theme, metric_keys=["nope"])
    trends = selectors.theme_trend_list(viewer=member, last=START.replace(month=3, day=7))
    total = sum(sum(t.counts) for t in trends.by_theme.values())
    assert total == 120
    assert set(trends.by_theme) == set(Theme.objects.values_list("pk", flat=True))


def test_reads_need_a_signed_in_person(member):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        selectors.theme_list(viewer=AnonymousUser())
    with pytest.raises(PermissionDenied):
        selectors.anecdote_list(viewer=AnonymousUser())
