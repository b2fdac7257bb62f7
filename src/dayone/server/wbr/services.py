"""Every write of the WBR: sections, data sources, metrics with their definition history, and
"the why".

Who may write what:

- viewers write nothing;
- members and admins add sections, data sources and metrics;
- a metric's definition is changed by its owner or an admin; every change appends a version;
- commentary on a metric is written by the metric's owner or an admin.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dayone.server.core.access import ensure_can_write
from dayone.server.core.services import audit_record, audited_save, model_snapshot
from dayone.server.core.versions import version_lock
from dayone.server.wbr.deck import TARGET_SUFFIX, WEEK_ENDS_ON
from dayone.server.wbr.enums import Aggregation, Comparison, MetricRole, SourceKind
from dayone.server.wbr.models import Commentary, DataSource, Metric, MetricVersion, Section
from dayone.server.wbr.store import (
    SLUG,
    SourceError,
    SourceProfile,
    csv_validate,
    sql_check_statement,
    sql_profile,
    store_tables,
    table_remove,
    table_write,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    import pyarrow as pa

    from dayone.server.core.models import User

OWNER_OR_ADMIN = "Only the metric's owner ({owner}) or an admin can change this metric."
COMMENT_OWNER_OR_ADMIN = (
    "Only the metric's owner ({owner}) or an admin writes the why for this metric."
)
SLUG_INVALID = "Use lower case letters, digits and underscores, starting with a letter."
SLUG_TAKEN = "The analytical store already has a table called {slug}."
KEY_TAKEN = "A metric with the key {key} already exists."
KEY_SUFFIX = f"A metric key cannot end in {TARGET_SUFFIX}."
NAME_NEEDED = "Give the metric a name people read."
DEFINITION_NEEDED = "Write the definition: exactly what is counted, and how."
OWNER_NEEDED = "A metric has one owner: choose who owns it."
SOURCE_NEEDED = "Choose the data source the column is read from."
COLUMN_NEEDED = "Choose the column of the data source."
COLUMN_UNKNOWN = "The data source {source} has no column {column!r} (it has: {columns})."
RATIO_NEEDS = "A ratio divides two other metrics: choose the numerator and the denominator."
RATIO_SELF = "A ratio cannot divide by itself or use itself."
RATIO_CYCLE = "This ratio would use itself through {path}."
RATIO_COLUMN = "A ratio has no column of its own: leave the column empty."
TARGET_SOURCE = "A target column is read from a data source: choose the data source."
DRIVES_INPUT = "Only an input metric drives outputs."
DRIVES_OUTPUT = "An input drives output metrics; {names} is not an output."
WEEK_NOT_END = "A WBR week ends on a Saturday; {day:%a %d %b %Y} is not one."
WEEK_FUTURE = "The week ending {day:%d %b %Y} has not ended yet."
WHY_NEEDED = "Write the why: what moved the metric this week, with numbers."
COLUMN_STILL_USED = "The new data has no column {column!r}, which metric {metric} reads."
SOURCE_NAME_TAKEN = "A data source with this name already exists."

DEFINITION_FIELDS = (
    "name",
    "definition",
    "unit",
    "owner",
    "role",
    "controllable",
    "source",
    "column",
    "aggregation",
    "numerator",
    "denominator",
    "target_column",
    "comparison",
    "better",
)
LAYOUT_FIELDS = ("section", "position")
SOURCE_FIELDS = (
    "name",
    "slug",
    "kind",
    "query",
    "file_name",
    "columns",
    "row_count",
    "first_date",
    "last_date",
    "data_version",
)


def can_edit_metric(user: User, metric: Metric) -> bool:
    """Owners and admins change a metric and write its commentary; templates mirror this."""
    return bool(user.can_write and (user.is_admin or metric.owner_id == user.pk))


# Sections ------------------------------------------------------------------------------------


@transaction.atomic
def section_create(
    *, actor: User | None, name: str, position: int | None = None, description: str = ""
) -> Section:
    """Add a section of the deck; by default after the last one."""
    if actor is not None:
        ensure_can_write(actor)
    if position is None:
        last = Section.objects.order_by("-position").first()
        position = (last.position + 10) if last else 10
    section = Section(name=name.strip(), position=position, description=description.strip())
    section.full_clean()
    section.save()
    audit_record(
        actor=actor,
        action="section.create",
        target=section,
        after=model_snapshot(section, ("name", "position", "description")),
    )
    return section


# Data sources ---------------------------------------------------------------------------------


def _check_new_source(name: str, slug: str) -> None:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Name the data source."
    elif DataSource.objects.filter(name__iexact=name).exists():
        errors["name"] = SOURCE_NAME_TAKEN
    if not SLUG.match(slug):
        errors["slug"] = SLUG_INVALID
    elif DataSource.objects.filter(slug=slug).exists() or slug in store_tables():
        errors["slug"] = SLUG_TAKEN.format(slug=slug)
    if errors:
        raise ValidationError(errors)


def _apply_profile(source: DataSource, profile: SourceProfile) -> None:
    source.columns = list(profile.columns)
    source.row_count = profile.row_count
    source.first_date = profile.first_date
    source.last_date = profile.last_date


def _check_columns_still_there(source: DataSource, columns: Iterable[str]) -> None:
    available = set(columns)
    for metric in source.metrics.order_by("key"):
        for column in (metric.column, metric.target_column):
            if column and column not in available:
                raise ValidationError(
                    {"file": COLUMN_STILL_USED.format(column=column, metric=metric.key)}
                )


def _csv_table(path: Path, file_name: str) -> pa.Table:
    try:
        return csv_validate(path, display_name=file_name)
    except SourceError as exc:
        raise ValidationError({"file": str(exc)}) from exc


def source_create_csv(
    *, actor: User | None, name: str, slug: str, path: Path, file_name: str
) -> DataSource:
    """Add a data source from a CSV file, validated first; a bad file changes nothing.

    The file is read and checked before the database is written to, so that other writers do
    not wait for it."""
    if actor is not None:
        ensure_can_write(actor)
    name, slug = name.strip(), slug.strip()
    _check_new_source(name, slug)
    table = _csv_table(path, file_name)
    with transaction.atomic():
        _check_new_source(name, slug)  # again, now that other writers wait for this one
        source = DataSource(name=name, slug=slug, kind=SourceKind.CSV, file_name=file_name)
        source.created_by = actor
        profile = table_write(slug, table)
        try:
            _apply_profile(source, profile)
            source.full_clean()
            source.save()
            audit_record(
                actor=actor,
                action="data_source.create",
                target=source,
                after=model_snapshot(source, SOURCE_FIELDS),
            )
        except BaseException:
            table_remove(slug)
            raise
    return source


def source_replace_csv(
    *, actor: User | None, source: DataSource, path: Path, file_name: str
) -> DataSource:
    """Upload new data for a CSV source. Columns that metrics read must still be there.

    The file is read and checked before the database is written to, as when a source is added."""
    if actor is not None:
        ensure_can_write(actor)
    if source.kind != SourceKind.CSV:
        raise ValidationError({"file": f"{source.name} is a SQL query: change its query instead."})
    table = _csv_table(path, file_name)
    with transaction.atomic():
        _check_columns_still_there(source, table.column_names)
        before = model_snapshot(source, SOURCE_FIELDS)
        profile = table_write(source.slug, table)
        _apply_profile(source, profile)
        source.file_name = file_name
        source.data_version += 1
        source.full_clean()
        source.save()
        audit_record(
            actor=actor,
            action="data_source.upload",
            target=source,
            before=before,
            after=model_snapshot(source, SOURCE_FIELDS),
        )
    return source


def _sql_profile(query: str) -> tuple[str, SourceProfile]:
    try:
        return sql_check_statement(query), sql_profile(query)
    except SourceError as exc:
        raise ValidationError({"query": str(exc)}) from exc


@transaction.atomic
def source_create_sql(*, actor: User | None, name: str, slug: str, query: str) -> DataSource:
    """Add a data source defined by one read-only SELECT over the analytical store."""
    if actor is not None:
        ensure_can_write(actor)
    name, slug = name.strip(), slug.strip()
    _check_new_source(name, slug)
    text, profile = _sql_profile(query)
    source = DataSource(name=name, slug=slug, kind=SourceKind.SQL, query=text, created_by=actor)
    _apply_profile(source, profile)
    source.full_clean()
    source.save()
    audit_record(
        actor=actor,
        action="data_source.create",
        target=source,
        after=model_snapshot(source, SOURCE_FIELDS),
    )
    return source


@transaction.atomic
def source_update_sql(*, actor: User | None, source: DataSource, query: str) -> DataSource:
    """Change the query of a SQL source (checked the same way as a new one)."""
    if actor is not None:
        ensure_can_write(actor)
    if source.kind != SourceKind.SQL:
        raise ValidationError({"query": f"{source.name} is a CSV upload: upload a new file."})
    text, profile = _sql_profile(query)
    _check_columns_still_there(source, profile.columns)
    before = model_snapshot(source, SOURCE_FIELDS)
    source.query = text
    _apply_profile(source, profile)
    source.data_version += 1
    source.full_clean()
    source.save()
    audit_record(
        actor=actor,
        action="data_source.update",
        target=source,
        before=before,
        after=model_snapshot(source, SOURCE_FIELDS),
    )
    return source


# Metrics --------------------------------------------------------------------------------------


def _ratio_path(metric: Metric | None, numerator: Metric, denominator: Metric) -> str | None:
    """The chain of keys by which a ratio would reach itself, or ``None``."""
    if metric is None or metric.pk is None:
        return None
    todo: list[tuple[Metric, list[str]]] = [
        (numerator, [numerator.key]),
        (denominator, [denominator.key]),
    ]
    seen: set[int] = set()
    while todo:
        current, path = todo.pop()
        if current.pk == metric.pk:
            return " -> ".join(path)
        if current.pk in seen:
            continue
        seen.add(current.pk)
        refs = (current.numerator, current.denominator)
        todo.extend((ref, [*path, ref.key]) for ref in refs if ref is not None)
    return None


def _validate_definition(metric: Metric | None, data: dict[str, Any]) -> None:  # noqa: PLR0912 - one message per rule
    errors: dict[str, str] = {}
    if not data["name"]:
        errors["name"] = NAME_NEEDED
    if not data["definition"]:
        errors["definition"] = DEFINITION_NEEDED
    if data["owner"] is None:
        errors["owner"] = OWNER_NEEDED
    source: DataSource | None = data["source"]
    if data["aggregation"] == Aggregation.RATIO:
        numerator, denominator = data["numerator"], data["denominator"]
        if numerator is None or denominator is None:
            errors["numerator"] = RATIO_NEEDS
        elif metric is not None and metric.pk in (numerator.pk, denominator.pk):
            errors["numerator"] = RATIO_SELF
        else:
            path = _ratio_path(metric, numerator, denominator)
            if path:
                errors["numerator"] = RATIO_CYCLE.format(path=path)
        if data["column"]:
            errors["column"] = RATIO_COLUMN
    else:
        if source is None:
            errors["source"] = SOURCE_NEEDED
        if not data["column"]:
            errors["column"] = COLUMN_NEEDED
        elif source is not None and data["column"] not in source.columns:
            errors["column"] = COLUMN_UNKNOWN.format(
                source=source.name, column=data["column"], columns=", ".join(source.columns)
            )
    if data["target_column"]:
        if source is None:
            errors.setdefault("source", TARGET_SOURCE)
        elif data["target_column"] not in source.columns:
            errors["target_column"] = COLUMN_UNKNOWN.format(
                source=source.name, column=data["target_column"], columns=", ".join(source.columns)
            )
    drives: list[Metric] = data["drives"]
    if drives:
        if data["role"] != MetricRole.INPUT:
            errors["drives"] = DRIVES_INPUT
        else:
            wrong = [m.name for m in drives if m.role != MetricRole.OUTPUT]
            if wrong:
                errors["drives"] = DRIVES_OUTPUT.format(names=", ".join(wrong))
    if errors:
        raise ValidationError(errors)


def _definition(metric: Metric, drives: Iterable[Metric]) -> dict[str, Any]:
    snapshot = model_snapshot(metric, DEFINITION_FIELDS)
    for name in ("owner", "source", "numerator", "denominator"):
        snapshot[name] = _describe(getattr(metric, name))
    snapshot["drives"] = sorted(m.key for m in drives)
    return snapshot


def _describe(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Metric):
        return value.key
    if isinstance(value, DataSource):
        return value.slug
    full_name = getattr(value, "get_full_name", None)
    if full_name is not None:
        return full_name() or value.username
    return value


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    clean = dict(data)
    for name in ("name", "definition", "column", "target_column"):
        clean[name] = (clean.get(name) or "").strip()
    clean["drives"] = list(clean.get("drives") or [])
    return clean


@transaction.atomic
def metric_create(
    *,
    actor: User | None,
    key: str,
    name: str,
    definition: str,
    owner: User | None,
    unit: str = "count",
    role: str = MetricRole.OUTPUT,
    controllable: bool = False,
    drives: Iterable[Metric] = (),
    section: Section | None = None,
    position: int = 0,
    source: DataSource | None = None,
    column: str = "",
    aggregation: str = Aggregation.SUM,
    numerator: Metric | None = None,
    denominator: Metric | None = None,
    target_column: str = "",
    comparison: str = Comparison.PERCENT,
    better: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Metric:
    """Add a metric to the catalogue; its first version records the definition.

    ``at`` dates the first version (imports of an existing catalogue); now by default.
    """
    if actor is not None:
        ensure_can_write(actor)
    key = key.strip()
    if Metric.objects.filter(key=key).exists():
        raise ValidationError({"key": KEY_TAKEN.format(key=key)})
    if key.endswith(TARGET_SUFFIX):
        raise ValidationError({"key": KEY_SUFFIX})
    data = _clean(
        {
            "name": name,
            "definition": definition,
            "owner": owner,
            "unit": unit,
            "role": role,
            "controllable": controllable,
            "drives": drives,
            "source": source,
            "column": column,
            "aggregation": aggregation,
            "numerator": numerator,
            "denominator": denominator,
            "target_column": target_column,
            "comparison": comparison,
            "better": better,
        }
    )
    _validate_definition(None, data)
    drive_list = data.pop("drives")
    metric = Metric(key=key, section=section, position=position, **data)
    metric.full_clean()
    metric.save()
    metric.drives.set(drive_list)
    snapshot = _definition(metric, drive_list)
    MetricVersion.objects.create(
        metric=metric,
        number=1,
        definition=snapshot,
        changes={},
        note=note.strip() or "First version.",
        changed_by=actor,
        changed_at=at or timezone.now(),
    )
    audit_record(actor=actor, action="metric.create", target=metric, after=snapshot)
    return metric


@transaction.atomic
def metric_update(
    *,
    actor: User | None,
    metric: Metric,
    note: str = "",
    at: dt.datetime | None = None,
    version: int | None = None,
    **changes: Any,
) -> Metric:
    """Change a metric. A change to its definition appends a version (who, what, when, why);
    a change of section or position only moves it in the deck. Owners and admins only.

    ``version`` is the definition version the edit was made from: when someone saved a newer
    one, the edit is refused (``EditConflictError``) and nothing changes."""
    metric = version_lock(instance=metric, expected=version)
    if actor is not None:
        ensure_can_write(actor)
        if not can_edit_metric(actor, metric):
            raise PermissionDenied(OWNER_OR_ADMIN.format(owner=metric.owner))
    unknown = set(changes) - {*DEFINITION_FIELDS, *LAYOUT_FIELDS, "drives"}
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This cannot be changed."))
    current_drives = list(metric.drives.all())
    data = {name: getattr(metric, name) for name in DEFINITION_FIELDS}
    data["drives"] = current_drives
    data.update({k: v for k, v in changes.items() if k in (*DEFINITION_FIELDS, "drives")})
    data = _clean(data)
    _validate_definition(metric, data)
    before = _definition(metric, current_drives)
    layout_before = model_snapshot(metric, LAYOUT_FIELDS)
    drive_list = data.pop("drives")
    for name, value in data.items():
        setattr(metric, name, value)
    for name in LAYOUT_FIELDS:
        if name in changes:
            setattr(metric, name, changes[name])
    after = _definition(metric, drive_list)
    diff = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    layout_after = model_snapshot(metric, LAYOUT_FIELDS)
    if not diff and layout_after == layout_before:
        return metric
    if diff:
        metric.version += 1
    metric.full_clean()
    metric.save()
    if "drives" in diff:
        metric.drives.set(drive_list)
    if diff:
        MetricVersion.objects.create(
            metric=metric,
            number=metric.version,
            definition=after,
            changes=diff,
            note=note.strip(),
            changed_by=actor,
            changed_at=at or timezone.now(),
        )
    audit_record(
        actor=actor,
        action="metric.update",
        target=metric,
        before={**{k: v[0] for k, v in diff.items()}, **layout_before},
        after={**{k: v[1] for k, v in diff.items()}, **layout_after},
    )
    return metric


# Commentary -----------------------------------------------------------------------------------


def check_week(week_ending: dt.date, *, today: dt.date | None = None) -> None:
    """A WBR week ends on a Saturday that has passed."""
    if week_ending.weekday() != WEEK_ENDS_ON:
        raise ValidationError({"week_ending": WEEK_NOT_END.format(day=week_ending)})
    if week_ending > (today or timezone.localdate()):
        raise ValidationError({"week_ending": WEEK_FUTURE.format(day=week_ending)})


@transaction.atomic
def commentary_set(
    *, actor: User | None, metric: Metric, week_ending: dt.date, text: str
) -> Commentary:
    """Write or rewrite the why for a metric and a week. The metric's owner or an admin only."""
    if actor is not None:
        ensure_can_write(actor)
        if not can_edit_metric(actor, metric):
            raise PermissionDenied(COMMENT_OWNER_OR_ADMIN.format(owner=metric.owner))
    text = text.strip()
    if not text:
        raise ValidationError({"text": WHY_NEEDED})
    check_week(week_ending)
    existing = Commentary.objects.filter(metric=metric, week_ending=week_ending).first()
    if existing is None:
        note = Commentary(metric=metric, week_ending=week_ending, text=text, author=actor)
        note.full_clean()
        note.save()
        audit_record(
            actor=actor,
            action="commentary.create",
            target=note,
            after=model_snapshot(note, ("metric", "week_ending", "text")),
        )
        return note
    if existing.text == text:
        return existing
    return audited_save(
        actor=actor,
        instance=existing,
        action="commentary.update",
        changes={"text": text, "author": actor},
        also_save=["updated_at"],
    )
