"""Intake and themes: capture and import anecdotes, group them into themes, and the choices
people make about themes (rename, merge, split, move, link to metrics).

Intake redacts personal data (unless the company turned that off), stores the same anecdote once
(by its external id, else its content), embeds each new anecdote and puts it in the nearest
theme. A regrouping keeps what people decided.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction

from dayone.customers import (
    AnecdoteRecord,
    ModelMissingError,
    assign,
    centroids,
    embed,
    fingerprint,
    label,
    model_available,
    redact,
    regroup,
)
from dayone.server.core.access import ensure_can_write
from dayone.server.core.services import audit_record, model_snapshot, model_update
from dayone.server.customers.enums import Source
from dayone.server.customers.models import (
    Anecdote,
    AnecdoteImport,
    IntakeSettings,
    Theme,
    ThemeRegrouping,
    vector_bytes,
    vector_from,
)
from dayone.server.wbr.models import Metric

if TYPE_CHECKING:
    from dayone.server.core.models import User

BATCH = 2000
FIRST_THEMES_AT = 10
"""Themes are first grouped once this many anecdotes have vectors."""
NO_LABEL = "Give the theme a label."
SAME_THEME = "Choose another theme to merge into."
NOTHING_TO_SPLIT = "Choose the anecdotes that form the new theme, but not all of them."
UNKNOWN_METRIC = "Unknown metric {key!r}."

Progress = Callable[[str, int, int], None]


def intake_settings() -> IntakeSettings:
    """The company's intake settings (created with their defaults on first use)."""
    settings, _ = IntakeSettings.objects.get_or_create(pk=1)
    return settings


def intake_settings_set(*, actor: User, redact_text: bool) -> IntakeSettings:
    """Turn redaction of personal data on intake on or off (admins only)."""
    from dayone.server.core.access import ensure_admin

    ensure_admin(actor)
    settings, _ = model_update(
        instance=intake_settings(), fields=("redact",), data={"redact": redact_text}, actor=actor
    )
    return settings


def _metric_ids(keys: Collection[str], *, field: str = "metrics") -> dict[str, int]:
    found = dict(Metric.objects.filter(key__in=set(keys)).values_list("key", "pk"))
    for key in keys:
        if key not in found:
            raise ValidationError({field: UNKNOWN_METRIC.format(key=key)})
    return found


def _theme_centres() -> dict[int, np.ndarray]:
    return {
        pk: vector_from(raw)
        for pk, raw in Theme.objects.exclude(centroid=b"").values_list("pk", "centroid")
    }


@transaction.atomic
def anecdotes_import(
    *,
    actor: User | None,
    records: Sequence[AnecdoteRecord],
    source: str,
    name: str,
    progress: Progress | None = None,
) -> AnecdoteImport:
    """Store the new anecdotes among ``records``, each in its nearest theme; skip repeats.

    Validated first (metrics must exist), so a refusal stores nothing. The import is one audit
    entry. Without the embedding model the anecdotes are stored without a theme.
    """
    if actor is not None:
        ensure_can_write(actor)
    metric_ids = _metric_ids({key for r in records for key in r.metrics})
    scrub = intake_settings().redact
    fresh: dict[str, AnecdoteRecord] = {}
    for record in records:
        text = redact(record.text) if scrub else record.text
        key = fingerprint(external_id=record.external_id, text=text, source=source)
        fresh.setdefault(key, AnecdoteRecord(**{**_fields(record), "text": text}))
    keys = list(fresh)
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        for existing in Anecdote.objects.filter(fingerprint__in=chunk).values_list(
            "fingerprint", flat=True
        ):
            del fresh[existing]
    new = list(fresh.items())
    vectors: np.ndarray | None = None
    themes: list[int | None] = [None] * len(new)
    if new and model_available():
        vectors = _embed_each_text_once(
            [r.text for _, r in new],
            progress=(lambda d, t: progress("embedding", d, t)) if progress else None,
        )
        themes = assign(vectors, _theme_centres())
    rows = [
        Anecdote(
            text=record.text,
            channel=record.channel,
            said_on=record.date,
            customer_ref=record.customer,
            segment=record.segment,
            severity=record.severity,
            product_area=record.product_area,
            external_id=record.external_id,
            source=source,
            fingerprint=key,
            theme_id=themes[i],
            vector=vector_bytes(vectors[i]) if vectors is not None else None,
            captured_by=actor,
        )
        for i, (key, record) in enumerate(new)
    ]
    for row in rows[:1]:
        row.full_clean(exclude=["fingerprint", "vector"])
    for start in range(0, len(rows), BATCH):
        Anecdote.objects.bulk_create(rows[start : start + BATCH])
        if progress:
            progress("storing", min(start + BATCH, len(rows)), len(rows))
    links = [
        Anecdote.metrics.through(anecdote_id=row.pk, metric_id=metric_ids[key])
        for row, (_, record) in zip(rows, new, strict=True)
        for key in record.metrics
    ]
    Anecdote.metrics.through.objects.bulk_create(links, batch_size=BATCH)
    batch = AnecdoteImport.objects.create(
        source=source, name=name[:300], received=len(records), created=len(rows), imported_by=actor
    )
    audit_record(
        actor=actor,
        action="anecdote.import",
        target=batch,
        after=model_snapshot(batch, ("source", "name", "received", "created")),
    )
    if (
        rows
        and vectors is not None
        and not Theme.objects.exists()
        and Anecdote.objects.filter(vector__isnull=False).count() >= FIRST_THEMES_AT
    ):
        themes_regroup(actor=actor)
    return batch


def _embed_each_text_once(
    texts: Sequence[str], *, progress: Callable[[int, int], None] | None
) -> np.ndarray:
    """The texts' vectors, each distinct text embedded once (support tools repeat messages)."""
    distinct = list(dict.fromkeys(texts))
    vectors = embed(distinct, progress=progress)
    row = {text: i for i, text in enumerate(distinct)}
    return vectors[[row[text] for text in texts]]


def _fields(record: AnecdoteRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in AnecdoteRecord.__slots__}


def anecdote_capture(*, actor: User, record: AnecdoteRecord) -> Anecdote:
    """Capture one anecdote by hand; the same one captured twice is stored once."""
    ensure_can_write(actor)
    anecdotes_import(actor=actor, records=[record], source=Source.CAPTURE, name="capture")
    scrub = intake_settings().redact
    text = redact(record.text) if scrub else record.text
    key = fingerprint(external_id=record.external_id, text=text, source=Source.CAPTURE)
    anecdote = Anecdote.objects.get(fingerprint=key)
    if record.metrics:
        anecdote.metrics.add(*_metric_ids(record.metrics).values())
    return anecdote


def _refresh_themes(theme_ids: Collection[int], *, relabel: bool) -> None:
    """Recompute the centre (and, when ``relabel``, the label of themes nobody named)."""
    rows = list(
        Anecdote.objects.filter(theme_id__in=theme_ids, vector__isnull=False).values_list(
            "theme_id", "vector", "text"
        )
    )
    if not rows:
        return
    vectors = np.stack([vector_from(v) for _, v, _ in rows])
    members = [t for t, _, _ in rows]
    centres = centroids(vectors, members)
    themes = {t.pk: t for t in Theme.objects.filter(pk__in=centres)}
    order = [pk for pk in centres if relabel and not themes[pk].kept]
    names = label([[text for t, _, text in rows if t == pk] for pk in order])
    for pk, centre in centres.items():
        themes[pk].centroid = vector_bytes(centre)
    for pk, name in zip(order, names, strict=True):
        themes[pk].label = name
    Theme.objects.bulk_update(list(themes.values()), ["centroid", "label"], batch_size=BATCH)


@transaction.atomic
def themes_regroup(*, actor: User | None, progress: Progress | None = None) -> ThemeRegrouping:
    """Group every anecdote again by meaning, keeping kept themes and pinned anecdotes."""
    if actor is not None:
        ensure_can_write(actor)
    rows = list(
        Anecdote.objects.filter(vector__isnull=False)
        .order_by("pk")
        .values_list("pk", "theme_id", "pinned", "vector")
    )
    if not rows:
        raise ModelMissingError("no anecdote has a vector yet: import anecdotes with the model")
    if progress:
        progress("grouping", 0, len(rows))
    vectors = np.stack([vector_from(v) for _, _, _, v in rows])
    kept = set(Theme.objects.filter(kept=True).values_list("pk", flat=True))
    outcome = regroup(
        vectors,
        current=[t for _, t, _, _ in rows],
        kept=kept,
        pinned=[p for _, _, p, _ in rows],
    )
    target: list[int | None] = list(outcome.assignments)
    for members in outcome.new_themes:
        theme = Theme.objects.create(label="new theme", centroid=b"")
        for i in members:
            target[i] = theme.pk
    changed = [
        Anecdote(pk=pk, theme_id=target[i])
        for i, (pk, old, _, _) in enumerate(rows)
        if target[i] != old
    ]
    Anecdote.objects.bulk_update(changed, ["theme"], batch_size=BATCH)
    Theme.objects.filter(pk__in=outcome.emptied, kept=False).delete()
    _refresh_themes({t for t in target if t is not None}, relabel=True)
    record = ThemeRegrouping.objects.create(
        started_by=actor,
        anecdotes=len(rows),
        moved=len(changed),
        themes=Theme.objects.count(),
    )
    audit_record(
        actor=actor,
        action="theme.regroup",
        target=record,
        after=model_snapshot(record, ("anecdotes", "moved", "themes")),
    )
    if progress:
        progress("grouping", len(rows), len(rows))
    return record


@transaction.atomic
def theme_rename(*, actor: User, theme: Theme, label_text: str) -> Theme:
    """Give a theme a label people chose; regrouping keeps the theme from then on."""
    ensure_can_write(actor)
    label_text = label_text.strip()
    if not label_text:
        raise ValidationError({"label": NO_LABEL})
    theme, _ = model_update(
        instance=theme,
        fields=("label", "kept"),
        data={"label": label_text, "kept": True},
        actor=actor,
    )
    return theme


@transaction.atomic
def theme_merge(*, actor: User, theme: Theme, into: Theme) -> Theme:
    """Move every anecdote of ``theme`` into ``into`` and remove ``theme``; ``into`` is kept."""
    ensure_can_write(actor)
    if theme.pk == into.pk:
        raise ValidationError({"into": SAME_THEME})
    moved = Anecdote.objects.filter(theme=theme).update(theme=into)
    into.metrics.add(*theme.metrics.all())
    audit_record(
        actor=actor,
        action="theme.merge",
        target=into,
        before={"merged": theme.pk, "label": theme.label},
        after={"anecdotes_moved": moved},
    )
    theme.delete()
    into, _ = model_update(instance=into, fields=("kept",), data={"kept": True}, actor=actor)
    _refresh_themes([into.pk], relabel=False)
    into.refresh_from_db()
    return into


@transaction.atomic
def theme_split(
    *, actor: User, theme: Theme, anecdote_ids: Collection[int], label_text: str
) -> Theme:
    """Move the chosen anecdotes of ``theme`` to a new theme; both are kept from then on."""
    ensure_can_write(actor)
    label_text = label_text.strip()
    if not label_text:
        raise ValidationError({"label": NO_LABEL})
    chosen = Anecdote.objects.filter(theme=theme, pk__in=set(anecdote_ids))
    count, total = chosen.count(), theme.anecdotes.count()
    if count in {0, total}:
        raise ValidationError({"anecdotes": NOTHING_TO_SPLIT})
    new = Theme.objects.create(label=label_text, kept=True, centroid=b"", team=theme.team)
    chosen.update(theme=new)
    model_update(instance=theme, fields=("kept",), data={"kept": True}, actor=actor)
    audit_record(
        actor=actor,
        action="theme.split",
        target=new,
        before={"from": theme.pk},
        after={"label": label_text, "anecdotes": count},
    )
    _refresh_themes([theme.pk, new.pk], relabel=False)
    new.refresh_from_db()
    return new


@transaction.atomic
def anecdote_move(*, actor: User, anecdote: Anecdote, theme: Theme | None) -> Anecdote:
    """Put an anecdote in another theme (or none); regrouping leaves it there."""
    ensure_can_write(actor)
    old = anecdote.theme_id
    anecdote, _ = model_update(
        instance=anecdote,
        fields=("theme", "pinned"),
        data={"theme": theme, "pinned": True},
        actor=actor,
    )
    _refresh_themes([t for t in (old, anecdote.theme_id) if t is not None], relabel=False)
    return anecdote


@transaction.atomic
def theme_metrics_set(*, actor: User, theme: Theme, metric_keys: Collection[str]) -> Theme:
    """Link a theme to the WBR metrics that should move with it."""
    ensure_can_write(actor)
    ids = _metric_ids(metric_keys)
    before = sorted(theme.metrics.values_list("key", flat=True))
    theme.metrics.set(ids.values())
    audit_record(
        actor=actor,
        action="theme.metrics",
        target=theme,
        before={"metrics": before},
        after={"metrics": sorted(ids)},
    )
    return theme
