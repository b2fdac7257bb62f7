"""Pages of the WBR: the home (catalogue, latest deck, data sources), a metric with its
definition history, the deck for a week (web and PDF), the why, and data sources."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from dataclasses import astuple
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dayone.server.core.access import writers_only
from dayone.server.core.panels import panels_drawn
from dayone.server.core.selectors import first_admin
from dayone.server.core.utils import current_user, form_errors_from, form_post
from dayone.server.wbr import selectors, services
from dayone.server.wbr.deck import CACHE_SECONDS
from dayone.server.wbr.enums import SourceKind
from dayone.server.wbr.extras import deck_extras, deck_notes
from dayone.server.wbr.forms import (
    CommentaryForm,
    MetricEditForm,
    MetricForm,
    SectionForm,
    SourceForm,
    SourceQueryForm,
    SourceUploadForm,
)
from dayone.server.wbr.models import DataSource, Metric
from dayone.server.wbr.present import (
    MetricPanel,
    SectionHeader,
    deck_panels,
    target_text,
    week_summary,
)
from dayone.server.wbr.store import SourceError, store_tables
from dayone.wbr import RenderError, WbrError

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _week(request: HttpRequest) -> dt.date | None:
    raw = request.GET.get("week", "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        messages.warning(
            request, f"'{raw}' is not a date (write 2026-11-28): showing the latest week."
        )
        return None


def _metric(request: HttpRequest, key: str) -> Metric:
    try:
        return selectors.metric_get(viewer=request.user, key=key)
    except Metric.DoesNotExist as exc:
        raise Http404("No such metric.") from exc


def _source(request: HttpRequest, slug: str) -> DataSource:
    try:
        return selectors.source_get(viewer=request.user, slug=slug)
    except DataSource.DoesNotExist as exc:
        raise Http404("No such data source.") from exc


def index(request: HttpRequest) -> HttpResponse:
    """The WBR home: the latest deck, the catalogue by section, the data sources."""
    metrics = list(selectors.metric_list(viewer=request.user))
    sources = list(selectors.source_list(viewer=request.user))
    when = selectors.deck_week(viewer=request.user) if metrics else None
    # last week's targets when the deck is drawn already; the plan in words until then
    cached = (
        selectors.deck_get(viewer=request.user, when=when, compute=False)
        if when is not None
        else None
    )
    groups: list[dict[str, Any]] = []
    for metric in metrics:
        section = metric.section
        if not groups or groups[-1]["section"] != section:
            groups.append({"section": section, "metrics": []})
        groups[-1]["metrics"].append((metric, target_text(metric, cached)))
    groups.sort(key=lambda g: g["section"] is None)
    explained = (
        len(selectors.commentary_for_week(viewer=request.user, week_ending=when.week))
        if when is not None and when.week is not None
        else 0
    )
    return render(
        request,
        "wbr/index.html",
        {
            "metrics": metrics,
            "groups": groups,
            "sources": sources,
            "sections": selectors.section_list(viewer=request.user),
            "when": when,
            "in_deck": sum(1 for m in metrics if m.section_id is not None),
            "explained": explained,
            "inputs": sum(1 for m in metrics if m.role == "input"),
            "section_form": SectionForm(),
        },
    )


@require_POST
def section_create(request: HttpRequest) -> HttpResponse:
    """Add a section of the deck, after the last one."""
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            section = services.section_create(actor=current_user(request), **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Section {section.name} added at the end of the deck.")
    else:
        messages.error(request, "Name the section.")
    return redirect("wbr:index")


def _deck_context(request: HttpRequest, when: selectors.DeckWeek, deck: Any) -> dict[str, Any]:
    assert when.week is not None  # noqa: S101 - a deck has a week
    commentary = selectors.commentary_for_week(viewer=request.user, week_ending=when.week)
    metrics = {m.key: m for m in when.plan.metrics}
    user = current_user(request)
    signal_weeks = {
        key: [s.week_ending for s in result.signals] for key, result in deck.metrics.items()
    }
    notes = deck_notes(viewer=request.user, week=when.week, signal_weeks=signal_weeks)
    panels = deck_panels(deck, metrics, commentary, notes)
    editable = {key for key, m in metrics.items() if services.can_edit_metric(user, m)}
    return {
        "deck": deck,
        "when": when,
        "panels": panels,
        "editable": editable,
        "week_iso": when.week.isoformat(),
        "deck_key": selectors.deck_key(when),
        "extras": deck_extras(viewer=request.user, week=when.week),
        "unexplained": [
            p for p in panels if isinstance(p, MetricPanel) and p.signal_this_week and p.why is None
        ],
    }


def deck_page_warm() -> None:
    """Draw the latest deck's panels once before the workers fork, so that each worker's first
    reader gets them from the cache (the why is read fresh for every reader anyway)."""
    reader = first_admin()
    if reader is None:
        return
    request = HttpRequest()
    request.user = reader
    when = selectors.deck_week(viewer=reader)
    found = selectors.deck_get(viewer=reader, when=when, compute=False)
    if found is not None:
        _deck_body_html(request, when, found)


def _drawn_from(panel: MetricPanel | SectionHeader) -> list[object]:
    """What of a panel is read for each reader: a section's text, a metric's why and notes."""
    if isinstance(panel, SectionHeader):
        return [panel.title, panel.description]
    why = panel.why
    return [
        panel.metric.key,
        [why.text, str(why.author), why.updated_at.isoformat()] if why else None,
        [list(astuple(note)) for note in panel.notes],
    ]


def _deck_body_html(request: HttpRequest, when: selectors.DeckWeek, deck: Any) -> str:
    """The deck's body as drawn for this reader. Readers who may do the same and read the same
    sections, why and notes get the same body: it is cached under the deck's key and a digest
    of those."""
    context = _deck_context(request, when, deck)
    drawn_from: list[object] = [
        current_user(request).can_write,
        sorted(context["editable"]),
        [_drawn_from(panel) for panel in context["panels"]],
        [[s.title, s.intro, [list(astuple(i)) for i in s.items]] for s in context["extras"]],
    ]
    digest = hashlib.sha1(
        json.dumps(drawn_from, sort_keys=True).encode(), usedforsecurity=False
    ).hexdigest()[:16]
    key = f"{context['deck_key']}:body:{digest}"
    html: str | None = cache.get(key)
    if html is None:
        html = render_to_string("wbr/partials/_deck_body.html", context, request=request)
        cache.set(key, html, CACHE_SECONDS)
    return html


@require_GET
def deck(request: HttpRequest) -> HttpResponse:
    """The deck for a week; while it is computed the page shows a running state (htmx)."""
    when = selectors.deck_week(viewer=request.user, week=_week(request))
    context: dict[str, Any] = {"when": when, "deck": None, "error": ""}
    if when.week is not None:
        found = selectors.deck_get(viewer=request.user, when=when, compute=False)
        if found is not None:
            context.update(_deck_context(request, when, found))
            selectors.deck_pdf_prepare(viewer=request.user, when=when, deck=found)
    return render(request, "wbr/deck.html", context)


@require_GET
def deck_body(request: HttpRequest) -> HttpResponse:
    """The deck itself, computed by the engine (the page asks for it with htmx)."""
    when = selectors.deck_week(viewer=request.user, week=_week(request))
    try:
        found = selectors.deck_get(viewer=request.user, when=when)
    except (WbrError, SourceError) as exc:
        return render(request, "wbr/partials/_deck_error.html", {"error": str(exc)})
    if found is None:
        return render(request, "wbr/partials/_deck_error.html", {"error": ""})
    selectors.deck_pdf_prepare(viewer=request.user, when=when, deck=found)  # asked for next
    return HttpResponse(_deck_body_html(request, when, found))


@require_GET
def deck_summary(request: HttpRequest) -> HttpResponse:
    """Last week's deck in a glance, for the home page (asked for with htmx)."""
    when = selectors.deck_week(viewer=request.user)
    template = "wbr/partials/_home_wbr_summary.html"
    try:
        found = selectors.deck_get(viewer=request.user, when=when)
    except (WbrError, SourceError) as exc:
        return render(request, template, {"when": when, "error": str(exc)})
    if found is None:
        return render(request, template, {"when": when, "error": "The deck has no metrics yet."})
    context = _deck_context(request, when, found)
    return render(request, template, {"when": when, "summary": week_summary(context["panels"])})


@require_GET
def deck_pdf(request: HttpRequest) -> HttpResponse:
    """The deck for a week as PDF, with the why, printed by the engine."""
    when = selectors.deck_week(viewer=request.user, week=_week(request))
    try:
        found = selectors.deck_get(viewer=request.user, when=when)
    except (WbrError, SourceError) as exc:
        return HttpResponse(
            f"The deck cannot be computed: {exc}", status=422, content_type="text/plain"
        )
    if found is None or when.week is None:
        raise Http404("There is no deck yet: add metrics with data.")
    try:
        pdf = selectors.deck_pdf(viewer=request.user, when=when, deck=found)
    except RenderError as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="wbr-{when.week.isoformat()}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def commentary_edit(request: HttpRequest, key: str, week: str) -> HttpResponse:
    """Write the why for a metric and a week (the owner or an admin); htmx swaps it in place."""
    metric = _metric(request, key)
    try:
        week_ending = dt.date.fromisoformat(week)
    except ValueError as exc:
        raise Http404("No such week.") from exc
    user = current_user(request)
    notes = selectors.commentary_for_week(viewer=user, week_ending=week_ending)
    current = notes.get(metric.key)
    context: dict[str, Any] = {
        "metric": metric,
        "week_iso": week,
        "why": current,
        "editable": set(),
    }
    if request.method == "GET":
        if not services.can_edit_metric(user, metric):
            raise PermissionDenied(services.COMMENT_OWNER_OR_ADMIN.format(owner=metric.owner))
        context["form"] = CommentaryForm(initial={"text": current.text if current else ""})
        return render(request, "wbr/partials/_why_form.html", context)
    form = CommentaryForm(request.POST)
    if form.is_valid():
        try:
            note = services.commentary_set(
                actor=user, metric=metric, week_ending=week_ending, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            if not _is_htmx(request):
                messages.success(request, f"The why for {metric.name} is saved.")
                url = reverse("wbr:deck") + f"?week={week}#metric-{metric.key}"
                return redirect(url)
            context.update({"why": note, "editable": {metric.key}})
            return render(request, "wbr/partials/_why.html", context)
    context["form"] = form
    return render(request, "wbr/partials/_why_form.html", context, status=422)


def _metric_panel_context(
    request: HttpRequest, metric: Metric, *, compute: bool
) -> dict[str, Any] | None:
    """The metric's panel in the latest deck, or ``None`` when the deck is not ready."""
    when = selectors.deck_week(viewer=request.user)
    found = selectors.deck_get(viewer=request.user, when=when, compute=compute)
    if found is None:
        return None
    context = _deck_context(request, when, found)
    item = next(
        (p for p in context["panels"] if isinstance(p, MetricPanel) and p.metric.pk == metric.pk),
        None,
    )
    return {**context, "item": item, "show_accuracy": True}


def metric_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A metric: what it means, who owns it, what it drives, its definition's history, the why,
    and its panel in the latest deck."""
    metric = _metric(request, key)
    panel = None
    if metric.section_id is not None:
        try:
            panel = _metric_panel_context(request, metric, compute=False)
        except (WbrError, SourceError):
            panel = None
    return render(
        request,
        "wbr/metric_detail.html",
        {
            "metric": metric,
            "versions": selectors.metric_versions(viewer=request.user, metric=metric),
            "commentary": selectors.metric_commentary(viewer=request.user, metric=metric),
            "can_edit": services.can_edit_metric(current_user(request), metric),
            "panel": panel,
            "target": target_text(metric, panel["deck"] if panel is not None else None),
            "panels": panels_drawn(request, "metric", metric),
        },
    )


@require_GET
def metric_panel(request: HttpRequest, key: str) -> HttpResponse:
    """The metric's panel in the latest deck, computed when needed (the metric page asks), and
    the page's Target row with the deck's figure in place of where the target comes from, and
    its panels that wait on the deck, drawn again."""
    metric = _metric(request, key)
    try:
        context = _metric_panel_context(request, metric, compute=True)
    except (WbrError, SourceError) as exc:
        return render(request, "wbr/partials/_deck_error.html", {"error": str(exc)})
    if context is None or context["item"] is None:
        return HttpResponse('<p class="muted">Not in the latest deck.</p>')
    target = target_text(metric, context["deck"])
    again = panels_drawn(request, "metric", metric, after_deck=True)
    return render(
        request,
        "wbr/partials/_metric_panel_latest.html",
        {**context, "metric": metric, "target": target, "redrawn": again},
    )


def _metric_initial(metric: Metric) -> dict[str, Any]:
    return {
        "key": metric.key,
        "name": metric.name,
        "definition": metric.definition,
        "owner": metric.owner,
        "role": metric.role,
        "controllable": metric.controllable,
        "unit": metric.unit,
        "section": metric.section,
        "position": metric.position,
        "aggregation": metric.aggregation,
        "source": metric.source,
        "column": metric.column,
        "numerator": metric.numerator,
        "denominator": metric.denominator,
        "target_column": metric.target_column,
        "comparison": metric.comparison,
        "better": metric.better,
        "drives": list(metric.drives.all()),
    }


@require_http_methods(["GET", "POST"])
@writers_only
def metric_create(request: HttpRequest) -> HttpResponse:
    """Add a metric to the catalogue."""
    user = current_user(request)
    form = MetricForm(request.POST or None, initial={"owner": user})
    done = form_post(
        request,
        form,
        lambda data: services.metric_create(actor=user, **data),
        message=lambda metric: f"{metric.name} is in the catalogue.",
        then=lambda metric: redirect("wbr:metric", key=metric.key),
    )
    return done or render(
        request,
        "wbr/metric_form.html",
        {"form": form, "metric": None},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@writers_only
def metric_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Change a metric; a change to its definition is kept as a new version."""
    user = current_user(request)
    metric = _metric(request, key)
    if not services.can_edit_metric(user, metric):
        raise PermissionDenied(services.OWNER_OR_ADMIN.format(owner=metric.owner))
    form = MetricEditForm(
        request.POST or None, initial={**_metric_initial(metric), "version": metric.version}
    )
    form.fields["key"].disabled = True
    done = form_post(
        request,
        form,
        lambda data: services.metric_update(
            actor=user, metric=metric, **{k: v for k, v in data.items() if k != "key"}
        ),
        message=lambda saved: f"{saved.name} saved (version {saved.version}).",
        then=redirect("wbr:metric", key=metric.key),
    )
    return done or render(
        request,
        "wbr/metric_form.html",
        {"form": form, "metric": metric},
        status=422 if form.errors else 200,
    )


def _saved_upload(upload: UploadedFile, folder: str) -> Path:
    path = Path(folder) / "upload.csv"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


@require_http_methods(["GET", "POST"])
@writers_only
def source_create(request: HttpRequest) -> HttpResponse:
    """Add a data source: upload a CSV (validated on arrival) or write a SQL query."""
    user = current_user(request)
    form = SourceForm(request.POST or None, request.FILES or None)

    def create(data: dict[str, Any]) -> DataSource:
        if data["file"] is None:
            return services.source_create_sql(
                actor=user, name=data["name"], slug=data["slug"], query=data["query"]
            )
        with tempfile.TemporaryDirectory(prefix="dayone-upload-") as folder:
            return services.source_create_csv(
                actor=user,
                name=data["name"],
                slug=data["slug"],
                path=_saved_upload(data["file"], folder),
                file_name=Path(data["file"].name or "upload.csv").name,
            )

    done = form_post(
        request,
        form,
        create,
        message=lambda source: (
            f"{source.name}: {source.row_count} days, {len(source.columns)} columns."
        ),
        then=lambda source: redirect("wbr:source", slug=source.slug),
    )
    return done or render(
        request,
        "wbr/source_form.html",
        {"form": form, "tables": store_tables()},
        status=422 if form.errors else 200,
    )


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A data source: what it holds, which metrics read it, new data or a new query."""
    source = _source(request, slug)
    return _source_page(request, source)


def _source_page(
    request: HttpRequest,
    source: DataSource,
    upload_form: SourceUploadForm | None = None,
    query_form: SourceQueryForm | None = None,
) -> HttpResponse:
    bound = upload_form is not None or query_form is not None
    return render(
        request,
        "wbr/source_detail.html",
        {
            "source": source,
            "metrics": source.metrics.select_related("owner").order_by("key"),
            "upload_form": upload_form or SourceUploadForm(),
            "query_form": query_form or SourceQueryForm(initial={"query": source.query}),
            "is_csv": source.kind == SourceKind.CSV,
        },
        status=422 if bound else 200,
    )


@require_POST
def source_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """New data for a CSV source; a bad file changes nothing."""
    source = _source(request, slug)
    form = SourceUploadForm(request.POST, request.FILES)

    def replace(data: dict[str, Any]) -> DataSource:
        upload = data["file"]
        with tempfile.TemporaryDirectory(prefix="dayone-upload-") as folder:
            return services.source_replace_csv(
                actor=current_user(request),
                source=source,
                path=_saved_upload(upload, folder),
                file_name=Path(upload.name or "upload.csv").name,
            )

    done = form_post(
        request,
        form,
        replace,
        message=lambda _: f"{source.name}: new data, {source.row_count} days.",
        then=redirect("wbr:source", slug=source.slug),
    )
    return done or _source_page(request, source, upload_form=form)


@require_POST
def source_query(request: HttpRequest, slug: str) -> HttpResponse:
    """A new query for a SQL source, checked before it is saved."""
    source = _source(request, slug)
    form = SourceQueryForm(request.POST)
    done = form_post(
        request,
        form,
        lambda data: services.source_update_sql(
            actor=current_user(request), source=source, query=data["query"]
        ),
        message=lambda _: f"{source.name}: query saved, {source.row_count} days.",
        then=redirect("wbr:source", slug=source.slug),
    )
    return done or _source_page(request, source, query_form=form)
