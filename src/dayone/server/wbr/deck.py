"""The catalogue as a WBR engine config, and the deck computed by the engine for a week.

Weeks end on Saturday. The deck shows every metric that has a section, sections in their order
and metrics in theirs, so the deck reads the same every week. Decks are cached per catalogue
version and week: any change to a metric, a section or a data source makes a new version.

Every page of the WBR (and the home page) needs the plan; a process keeps the last one it made
and makes it again only when the catalogue's rows, read plainly, are not what it was made from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import models

from dayone.server.wbr.enums import Aggregation, SourceKind
from dayone.server.wbr.models import DataSource, Metric, Section
from dayone.server.wbr.store import SourceRead, daily_view, open_readonly
from dayone.wbr import (
    ChartBlock,
    ChartLine,
    SectionBlock,
    WarehouseTable,
    WbrConfig,
    build_deck,
)
from dayone.wbr import Metric as EngineMetric

if TYPE_CHECKING:
    from dayone.wbr import Block, Deck

WEEK_ENDS_ON = 5  # Saturday
CACHE_SECONDS = 24 * 3600
TARGET_SUFFIX = "__target"


@dataclass(frozen=True, slots=True)
class DeckPlan:
    """What a deck is computed from: the engine config, the sources it reads, its version."""

    config: WbrConfig
    reads: tuple[SourceRead, ...]
    version: str
    metrics: tuple[Metric, ...]
    latest_week: dt.date | None


def week_ending_on_or_before(day: dt.date) -> dt.date:
    """The last Saturday on or before ``day``."""
    return day - dt.timedelta(days=(day.weekday() - WEEK_ENDS_ON) % 7)


def _needed(deck_metrics: list[Metric], by_id: dict[int, Metric]) -> list[Metric]:
    """The deck's metrics and, transitively, the numerators and denominators they divide."""
    seen: dict[int, Metric] = {}
    todo = list(deck_metrics)
    while todo:
        metric = todo.pop()
        if metric.pk in seen:
            continue
        seen[metric.pk] = metric
        refs = (metric.numerator_id, metric.denominator_id)
        todo.extend(by_id[ref] for ref in refs if ref is not None and ref in by_id)
    return sorted(seen.values(), key=lambda m: m.key)


_last_plan: dict[str, tuple[object, DeckPlan]] = {}


def _catalogue_rows(title: str) -> object:
    """Everything a plan is made from, as plain rows (four queries, no model built). Only the
    sources that metrics read count: a source added or uploaded for no metric keeps the plan."""
    owner_names = ("owner__first_name", "owner__last_name", "owner__username")
    read = DataSource.objects.filter(pk__in=Metric.objects.values("source_id"))
    return (
        title,
        list(Metric.objects.order_by("pk").values_list(*_columns(Metric), *owner_names)),
        list(Metric.drives.through.objects.order_by("pk").values_list()),
        list(Section.objects.order_by("pk").values_list(*_columns(Section))),
        list(read.order_by("pk").values_list(*_columns(DataSource))),
    )


def _columns(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def deck_plan(title: str) -> DeckPlan:
    """The engine config for the catalogue as it stands: the process's last plan while the
    catalogue's rows are the same, else made again."""
    rows = _catalogue_rows(title)
    found = _last_plan.get(title)
    if found is not None and found[0] == rows:
        return found[1]
    plan = _deck_plan_made(title)
    _last_plan.clear()
    _last_plan[title] = (rows, plan)
    return plan


def _deck_plan_made(title: str) -> DeckPlan:
    """The engine config for the catalogue as it stands (three queries)."""
    metrics = list(
        Metric.objects.select_related("owner", "section", "numerator", "denominator")
        .prefetch_related("drives")
        .order_by("pk")
    )
    sections = list(Section.objects.order_by("position", "pk"))
    sources = {s.pk: s for s in DataSource.objects.order_by("pk")}
    by_id = {m.pk: m for m in metrics}
    in_deck = [m for m in metrics if m.section_id is not None]
    needed = _needed(in_deck, by_id)

    used: dict[int, list[str]] = {}
    for metric in needed:
        if metric.source_id is None:
            continue
        columns = used.setdefault(metric.source_id, [])
        for column in (metric.column, metric.target_column):
            if column and column not in columns:
                columns.append(column)
    counts: dict[str, int] = {}
    for columns in used.values():
        for column in columns:
            counts[column] = counts.get(column, 0) + 1

    def alias(source_id: int, column: str) -> str:
        return column if counts[column] == 1 else f"{sources[source_id].slug}.{column}"

    reads = tuple(
        SourceRead(
            slug=sources[sid].slug,
            kind=sources[sid].kind,
            query=sources[sid].query.strip().rstrip(";")
            if sources[sid].kind == SourceKind.SQL
            else "",
            columns=tuple((c, alias(sid, c)) for c in columns),
        )
        for sid, columns in sorted(used.items())
    )
    engine_metrics: list[EngineMetric] = []
    for metric in needed:
        target = None
        if metric.target_column and metric.source_id is not None:
            target = metric.key + TARGET_SUFFIX
            mean = metric.aggregation in (Aggregation.RATIO, Aggregation.MEAN)
            engine_metrics.append(
                EngineMetric(
                    name=target,
                    label=f"{metric.name} target",
                    column=alias(metric.source_id, metric.target_column),
                    aggregation="mean" if mean else metric.aggregation,  # type: ignore[arg-type]
                )
            )
        common = {
            "name": metric.key,
            "label": metric.name,
            "comparison": metric.comparison,
            "target": target,
            "description": metric.definition,
            "definition": metric.definition,
            "unit": metric.unit,
            "owner": metric.owner.get_full_name() or metric.owner.username,
            "role": metric.role,
            "controllable": metric.controllable,
            "drives": tuple(sorted(d.key for d in metric.drives.all())),
            "better": metric.better or None,
        }
        if metric.is_ratio:
            assert metric.numerator_id is not None and metric.denominator_id is not None  # noqa: S101 - validated by the services
            engine_metrics.append(
                EngineMetric(
                    operation="ratio",
                    operands=(by_id[metric.numerator_id].key, by_id[metric.denominator_id].key),
                    **common,  # type: ignore[arg-type]
                )
            )
        else:
            assert metric.source_id is not None  # noqa: S101 - validated by the services
            engine_metrics.append(
                EngineMetric(
                    column=alias(metric.source_id, metric.column),
                    aggregation=metric.aggregation,  # type: ignore[arg-type]
                    **common,  # type: ignore[arg-type]
                )
            )
    blocks: list[Block] = []
    ordered = sorted(in_deck, key=lambda m: (m.position, m.key))
    for section in sections:
        members = [m for m in ordered if m.section_id == section.pk]
        if not members:
            continue
        blocks.append(SectionBlock(title=section.name))
        blocks.extend(
            ChartBlock(
                title=m.name,
                lines=(ChartLine(metric=m.key, legend=m.name),),
            )
            for m in members
        )
    config = WbrConfig(
        title=title,
        metrics=tuple(engine_metrics),
        blocks=tuple(blocks),
        week_ends_on=WEEK_ENDS_ON,
    )
    fingerprint = repr(
        (
            [(m.pk, m.version, m.updated_at.isoformat(), m.owner_id) for m in metrics],
            [(s.pk, s.name, s.position) for s in sections],
            # only the sources the deck reads: uploading another source keeps every cache
            reads,
            [(sid, sources[sid].data_version) for sid in sorted(used)],
            title,
        )
    )
    version = hashlib.sha1(fingerprint.encode(), usedforsecurity=False).hexdigest()[:16]
    last_dates = [day for sid in used if (day := sources[sid].last_date) is not None]
    latest = week_ending_on_or_before(min(last_dates)) if last_dates else None
    return DeckPlan(config, reads, version, tuple(in_deck), latest)


def cache_key(plan: DeckPlan, week: dt.date) -> str:
    """Where the deck of ``plan`` for ``week`` is cached."""
    return f"wbr:deck:{plan.version}:{week.isoformat()}"


_last_decks: dict[str, Deck] = {}
_last_decks_lock = threading.Lock()  # a worker's threads share them
KEPT_DECKS = 4


def deck_cached(plan: DeckPlan, week: dt.date) -> Deck | None:
    """The deck if it was computed already for this catalogue version and week.

    A deck is large: the process keeps the last few it read from the cache, and reads one again
    only when it is not one of those (asking the cache whether it still has it is cheap).
    """
    key = cache_key(plan, week)
    kept = _last_decks.get(key)
    if kept is not None and cache.has_key(key):
        return kept
    found: Deck | None = cache.get(key)
    if found is not None:
        _keep(key, found)
    return found


def _keep(key: str, deck: Deck) -> None:
    with _last_decks_lock:
        while len(_last_decks) >= KEPT_DECKS:
            _last_decks.pop(next(iter(_last_decks)))
        _last_decks[key] = deck


def deck_build(plan: DeckPlan, week: dt.date) -> Deck:
    """Compute the deck with the engine (in the read-only store), leaving the cache alone."""
    with open_readonly() as warehouse:
        view = daily_view(warehouse, list(plan.reads))
        return build_deck(
            plan.config,
            WarehouseTable(view, date_column="date"),
            warehouse=warehouse,
            week_ending=week,
        )


def deck_compute(plan: DeckPlan, week: dt.date) -> Deck:
    """Compute the deck and cache it for this catalogue version and week."""
    deck = deck_build(plan, week)
    cache.set(cache_key(plan, week), deck, CACHE_SECONDS)
    _keep(cache_key(plan, week), deck)
    return deck
