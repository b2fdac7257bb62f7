"""API of the WBR: the metric catalogue and its definition history, data sources with CSV ingest,
"the why", and the deck data for a week."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, UploadedFile
from ninja.responses import Status
from pydantic import StrictBool

from dayone.server.core import selectors as core_selectors
from dayone.server.core.api_types import IsoDate
from dayone.server.core.utils import current_user
from dayone.server.core.versions import VERSION_FIELD, version_sent
from dayone.server.wbr import selectors, services
from dayone.server.wbr.enums import Aggregation, Comparison, MetricRole
from dayone.server.wbr.models import DataSource, Metric
from dayone.server.wbr.store import SourceError
from dayone.wbr import WbrError, deck_to_dict

if TYPE_CHECKING:
    from django.http import HttpRequest


router = Router(tags=["wbr"])


class MetricVersionOut(Schema):
    number: int
    changed_at: dt.datetime
    changed_by: str | None
    note: str
    changes: dict[str, list[Any]]
    definition: dict[str, Any]


class WbrMetricOut(Schema):
    key: str
    name: str
    definition: str
    unit: str
    owner: str
    role: str
    controllable: bool
    drives: list[str]
    section: str | None
    position: int
    source: str | None
    column: str
    aggregation: str
    numerator: str | None
    denominator: str | None
    target_column: str
    comparison: str
    better: str = Field(description="higher, lower, or empty when neither way is better")
    version: int


class MetricDetailOut(WbrMetricOut):
    versions: list[MetricVersionOut]


class WbrMetricIn(Schema):
    key: str
    name: str
    definition: str
    owner: str
    unit: str = "count"
    role: MetricRole = MetricRole.OUTPUT
    controllable: StrictBool = False
    drives: list[str] = []
    section: str | None = None
    position: int = 0
    source: str | None = None
    column: str = ""
    aggregation: Aggregation = Aggregation.SUM
    numerator: str | None = None
    denominator: str | None = None
    target_column: str = ""
    comparison: Comparison = Comparison.PERCENT
    better: Literal["higher", "lower", ""] = ""
    note: str = ""


class MetricPatch(Schema):
    name: str | None = None
    definition: str | None = None
    owner: str | None = None
    unit: str | None = None
    role: MetricRole | None = None
    controllable: StrictBool | None = None
    drives: list[str] | None = None
    section: str | None = None
    position: int | None = None
    source: str | None = None
    column: str | None = None
    aggregation: Aggregation | None = None
    numerator: str | None = None
    denominator: str | None = None
    target_column: str | None = None
    comparison: Comparison | None = None
    better: Literal["higher", "lower", ""] | None = None
    note: str = ""
    version: int | None = Field(None, ge=1, description=VERSION_FIELD)


class CommentaryOut(Schema):
    metric: str
    week_ending: dt.date
    text: str
    author: str | None
    updated_at: dt.datetime


class CommentaryIn(Schema):
    text: str


class SourceOut(Schema):
    slug: str
    name: str
    kind: str
    query: str
    file_name: str
    columns: list[str]
    row_count: int
    first_date: dt.date | None
    last_date: dt.date | None
    data_version: int


class SqlSourceIn(Schema):
    name: str
    slug: str
    query: str


class DeckOut(Schema):
    week_ending: dt.date
    latest_week: dt.date | None
    version: str
    deck: dict[str, Any]
    commentary: dict[str, str]


def _metric_out(metric: Metric) -> dict[str, Any]:
    return {
        "key": metric.key,
        "name": metric.name,
        "definition": metric.definition,
        "unit": metric.unit,
        "owner": metric.owner.username,
        "role": metric.role,
        "controllable": metric.controllable,
        "drives": [m.key for m in metric.drives.all()],
        "section": metric.section.name if metric.section else None,
        "position": metric.position,
        "source": metric.source.slug if metric.source else None,
        "column": metric.column,
        "aggregation": metric.aggregation,
        "numerator": metric.numerator.key if metric.numerator else None,
        "denominator": metric.denominator.key if metric.denominator else None,
        "target_column": metric.target_column,
        "comparison": metric.comparison,
        "better": metric.better,
        "version": metric.version,
    }


def _detail(request: HttpRequest, key: str) -> dict[str, Any]:
    metric = get_object_or_404(selectors.metric_list(viewer=request.user), key=key)
    versions = selectors.metric_versions(viewer=request.user, metric=metric)
    return {
        **_metric_out(metric),
        "versions": [
            {
                "number": v.number,
                "changed_at": v.changed_at,
                "changed_by": v.changed_by.username if v.changed_by else None,
                "note": v.note,
                "changes": v.changes,
                "definition": v.definition,
            }
            for v in versions
        ],
    }


def _source_out(source: DataSource) -> dict[str, Any]:
    return {
        "slug": source.slug,
        "name": source.name,
        "kind": source.kind,
        "query": source.query,
        "file_name": source.file_name,
        "columns": source.columns,
        "row_count": source.row_count,
        "first_date": source.first_date,
        "last_date": source.last_date,
        "data_version": source.data_version,
    }


def _refs(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    """Usernames, section names and keys in the payload as the records they name."""
    out = dict(data)
    if out.get("owner") is not None:
        out["owner"] = core_selectors.user_get_by_username(
            viewer=request.user, username=out["owner"], field="owner"
        )
    if "section" in out:
        name = out["section"]
        section = (
            selectors.section_list(viewer=request.user).filter(name=name).first() if name else None
        )
        if name and section is None:
            raise ValidationError({"section": f"No section '{name}'."})
        out["section"] = section
    if "source" in out:
        slug = out["source"]
        source = (
            selectors.source_list(viewer=request.user).filter(slug=slug).first() if slug else None
        )
        if slug and source is None:
            raise ValidationError({"source": f"No data source '{slug}'."})
        out["source"] = source
    for field in ("numerator", "denominator"):
        if field in out:
            key = out[field]
            metric = (
                selectors.metric_list(viewer=request.user).filter(key=key).first() if key else None
            )
            if key and metric is None:
                raise ValidationError({field: f"No metric '{key}'."})
            out[field] = metric
    if out.get("drives") is not None:
        keys = list(out["drives"])
        found = {m.key: m for m in selectors.metric_list(viewer=request.user).filter(key__in=keys)}
        missing = [k for k in keys if k not in found]
        if missing:
            raise ValidationError({"drives": f"No metric '{missing[0]}'."})
        out["drives"] = [found[k] for k in keys]
    return out


@router.get("/metrics", response=list[WbrMetricOut], summary="The metric catalogue in deck order")
def metric_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_metric_out(m) for m in selectors.metric_list(viewer=request.user)]


@router.get("/metrics/{key}", response=MetricDetailOut, summary="A metric and its history")
def metric_detail(request: HttpRequest, key: str) -> dict[str, Any]:
    return _detail(request, key)


@router.post("/metrics", response={201: MetricDetailOut}, summary="Add a metric")
def metric_create(request: HttpRequest, payload: WbrMetricIn) -> Status[dict[str, Any]]:
    data = _refs(request, payload.model_dump())
    metric = services.metric_create(actor=current_user(request), **data)
    return Status(201, _detail(request, metric.key))


@router.patch(
    "/metrics/{key}",
    response=MetricDetailOut,
    summary="Change a metric (a new version)",
    description="Send the definition version you edited (`version` or If-Match): when someone "
    "saved a newer one, nothing changes and the answer is 409 with the current version.",
)
def metric_update(request: HttpRequest, key: str, payload: MetricPatch) -> dict[str, Any]:
    metric = get_object_or_404(selectors.metric_list(viewer=request.user), key=key)
    version = version_sent(request, payload.version)
    data = _refs(request, payload.model_dump(exclude_unset=True, exclude={"version"}))
    services.metric_update(actor=current_user(request), metric=metric, version=version, **data)
    return _detail(request, key)


@router.get(
    "/metrics/{key}/versions", response=list[MetricVersionOut], summary="The definition's history"
)
def metric_versions(request: HttpRequest, key: str) -> list[dict[str, Any]]:
    return list(_detail(request, key)["versions"])


def _commentary_out(note: Any) -> dict[str, Any]:
    return {
        "metric": note.metric.key,
        "week_ending": note.week_ending,
        "text": note.text,
        "author": note.author.username if note.author else None,
        "updated_at": note.updated_at,
    }


@router.get("/commentary", response=list[CommentaryOut], summary="The why for a week")
def commentary_list(request: HttpRequest, week: IsoDate) -> list[dict[str, Any]]:
    notes = selectors.commentary_for_week(viewer=request.user, week_ending=week)
    return [_commentary_out(note) for note in notes.values()]


@router.put(
    "/metrics/{key}/commentary/{week}",
    response=CommentaryOut,
    summary="Write the why for a metric and a week (owner or admin)",
)
def commentary_set(
    request: HttpRequest, key: str, week: IsoDate, payload: CommentaryIn
) -> dict[str, Any]:
    metric = get_object_or_404(selectors.metric_list(viewer=request.user), key=key)
    user = current_user(request)
    note = services.commentary_set(actor=user, metric=metric, week_ending=week, text=payload.text)
    return _commentary_out(note)


@router.get("/deck", response=DeckOut, summary="The deck data for a week (default: the latest)")
def deck(request: HttpRequest, week: IsoDate | None = None) -> dict[str, Any]:
    when = selectors.deck_week(viewer=request.user, week=week)
    try:
        found = selectors.deck_get(viewer=request.user, when=when)
    except (WbrError, SourceError) as exc:
        raise ValidationError({"deck": str(exc)}) from exc
    if found is None or when.week is None:
        raise ValidationError({"deck": "There is no deck yet: add metrics in a section with data."})
    notes = selectors.commentary_for_week(viewer=request.user, week_ending=when.week)
    return {
        "week_ending": when.week,
        "latest_week": when.plan.latest_week,
        "version": when.plan.version,
        "deck": deck_to_dict(found),
        "commentary": {key: note.text for key, note in notes.items()},
    }


@router.get("/sources", response=list[SourceOut], summary="Data sources")
def source_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_source_out(s) for s in selectors.source_list(viewer=request.user)]


@router.post("/sources/sql", response={201: SourceOut}, summary="Add a SQL data source")
def source_create_sql(request: HttpRequest, payload: SqlSourceIn) -> Status[dict[str, Any]]:
    source = services.source_create_sql(
        actor=current_user(request),
        name=payload.name,
        slug=payload.slug,
        query=payload.query,
    )
    return Status(201, _source_out(source))


def _upload(file: UploadedFile, folder: str) -> Path:
    path = Path(folder) / "upload.csv"
    with path.open("wb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    return path


@router.post("/sources/csv", response={201: SourceOut}, summary="Add a data source from a CSV")
def source_create_csv(
    request: HttpRequest, name: Form[str], slug: Form[str], file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="dayone-upload-") as folder:
        source = services.source_create_csv(
            actor=current_user(request),
            name=name,
            slug=slug,
            path=_upload(file, folder),
            file_name=Path(file.name or "upload.csv").name,
        )
    return Status(201, _source_out(source))


@router.post(
    "/sources/{slug}/csv", response=SourceOut, summary="Upload new data for a CSV data source"
)
def source_upload(request: HttpRequest, slug: str, file: File[UploadedFile]) -> dict[str, Any]:
    source = get_object_or_404(selectors.source_list(viewer=request.user), slug=slug)
    with tempfile.TemporaryDirectory(prefix="dayone-upload-") as folder:
        services.source_replace_csv(
            actor=current_user(request),
            source=source,
            path=_upload(file, folder),
            file_name=Path(file.name or "upload.csv").name,
        )
    return _source_out(source)
