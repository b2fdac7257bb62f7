"""Pages of customers: themes and anecdotes, quick capture, file import, and theme choices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dayone.customers import CustomerError, IntakeError, model_available, parse_record, read_file
from dayone.server.core.access import writers_only
from dayone.server.core.utils import action_post, current_user, form_errors_from
from dayone.server.customers import selectors, services
from dayone.server.customers.charts import theme_week_spec
from dayone.server.customers.enums import Channel, Source
from dayone.server.customers.forms import (
    CaptureForm,
    EscalateForm,
    ImportForm,
    MetricsForm,
    RenameForm,
)

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


PAGE_SIZE = 50


def _keys(raw: str) -> list[str]:
    return [k.strip() for k in raw.replace(";", ",").split(",") if k.strip()]


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Themes, largest first, each with its last weeks and whether it is rising."""
    themes = list(selectors.theme_list(viewer=request.user))
    trends = selectors.theme_trend_list(viewer=request.user, last=selectors.last_week())
    rows = [{"theme": t, "trend": trends.by_theme.get(t.pk)} for t in themes]
    recent = selectors.anecdote_list(viewer=request.user)[:10]
    return render(
        request,
        "customers/index.html",
        {
            "rows": rows,
            "recent": recent,
            "capture": CaptureForm(),
            "import_form": ImportForm(),
            "model_ready": model_available(),
            "unsorted": selectors.anecdote_list(
                viewer=request.user, filters=selectors.AnecdoteFilters(unsorted=True)
            ).count(),
        },
    )


@require_GET
def anecdote_list(request: HttpRequest) -> HttpResponse:
    """Every anecdote, filtered by theme, metric, channel or words."""
    theme = request.GET.get("theme", "")
    filters = selectors.AnecdoteFilters(
        theme=int(theme) if theme.isdigit() else None,
        metric=request.GET.get("metric", ""),
        channel=request.GET.get("channel", ""),
        q=request.GET.get("q", "").strip(),
        unsorted=request.GET.get("unsorted") == "1",
    )
    rows = selectors.anecdote_list(viewer=request.user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "customers/anecdote_list.html",
        {"page": page, "filters": filters, "channels": Channel.choices},
    )


@require_GET
def anecdote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One anecdote with its theme, and where to move it."""
    anecdote = selectors.anecdote_get(viewer=request.user, pk=pk)
    return render(
        request,
        "customers/anecdote_detail.html",
        {
            "anecdote": anecdote,
            "themes": selectors.theme_list(viewer=request.user),
            "escalations": selectors.escalation_list_for_anecdote(
                viewer=request.user, anecdote=anecdote
            ),
            "escalate": EscalateForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@writers_only
def capture(request: HttpRequest) -> HttpResponse:
    """Quick capture from any page (the deck links here beside each metric, with the metric
    filled in): store the anecdote and show it."""
    back = _page_to_return_to(request)
    if request.method == "GET":
        initial = {"metrics": request.GET.get("metric", "")}
        context = {"form": CaptureForm(initial=initial), "next": back}
        return render(request, "customers/capture.html", context)
    form = CaptureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record = parse_record(
                {
                    "date": (data["said_on"] or timezone.localdate()).isoformat(),
                    "channel": data["channel"],
                    "text": data["text"],
                    "customer": data["customer"],
                    "segment": data["segment"],
                    "severity": data["severity"],
                    "product_area": data["product_area"],
                    "metrics": _keys(data["metrics"]),
                }
            )
            anecdote = services.anecdote_capture(actor=current_user(request), record=record)
        except IntakeError as exc:
            form.add_error(exc.column if exc.column in form.fields else None, exc.reason)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Anecdote captured.")
            if back:
                return redirect(back)
            return redirect("customers:anecdote", pk=anecdote.pk)
    return render(request, "customers/capture.html", {"form": form, "next": back}, status=422)


def _page_to_return_to(request: HttpRequest) -> str:
    """The page quick capture was opened from, when it is one of ours."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return back if safe else ""


@require_POST
def import_file(request: HttpRequest) -> HttpResponse:
    """Import a CSV, mbox or .eml file; a refusal names the line and column and stores nothing."""
    import tempfile
    from pathlib import Path

    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name).name
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                records = read_file(path, metrics=selectors.metric_keys(viewer=request.user))
                source = Source.CSV if path.suffix.lower() == ".csv" else Source.EMAIL
                batch = services.anecdotes_import(
                    actor=current_user(request), records=records, source=source, name=name
                )
            except IntakeError as exc:
                form.add_error("file", str(exc).replace(str(path), name))
            except (ValidationError, CustomerError) as exc:
                form.add_error("file", f"{name}: {exc}")
            else:
                messages.success(
                    request, f"{name}: {batch.received} anecdotes read, {batch.created} new."
                )
                return redirect("customers:index")
    return render(request, "customers/import.html", {"form": form}, status=422)


@require_GET
def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A theme: its weekly chart, its metrics, its anecdotes, and what people can change."""
    theme = selectors.theme_get(viewer=request.user, pk=pk)
    trends = selectors.theme_trend_list(viewer=request.user, last=selectors.last_week())
    trend = trends.by_theme.get(theme.pk)
    rows = selectors.anecdote_list(
        viewer=request.user, filters=selectors.AnecdoteFilters(theme=theme.pk)
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "customers/theme_detail.html",
        {
            "theme": theme,
            "trend": trend,
            "spec": theme_week_spec(trend, trends.ends) if trend else None,
            "page": page,
            "others": [t for t in selectors.theme_list(viewer=request.user) if t.pk != theme.pk],
            "metric_keys": ", ".join(m.key for m in theme.metrics.all()),
        },
    )


def _back_to_theme(pk: int) -> HttpResponse:
    return redirect("customers:theme", pk=pk)


@require_POST
def theme_rename(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a theme a label people chose."""
    theme = selectors.theme_get(viewer=request.user, pk=pk)
    form = RenameForm(request.POST)
    return action_post(
        request,
        lambda: services.theme_rename(
            actor=current_user(request), theme=theme, label_text=form.data.get("label", "")
        ),
        then=_back_to_theme(pk),
    )


@require_POST
def theme_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge this theme into another."""
    theme = selectors.theme_get(viewer=request.user, pk=pk)
    raw = request.POST.get("into", "")
    if not raw.isdigit():
        messages.error(request, services.SAME_THEME)
        return _back_to_theme(pk)
    into = selectors.theme_get(viewer=request.user, pk=int(raw))
    try:
        into = services.theme_merge(actor=current_user(request), theme=theme, into=into)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back_to_theme(pk)
    messages.success(request, f"Merged into {into.label}.")
    return _back_to_theme(into.pk)


@require_POST
def theme_split(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the ticked anecdotes to a new theme."""
    theme = selectors.theme_get(viewer=request.user, pk=pk)
    ids = [int(v) for v in request.POST.getlist("anecdote") if v.isdigit()]
    try:
        new = services.theme_split(
            actor=current_user(request),
            theme=theme,
            anecdote_ids=ids,
            label_text=request.POST.get("label", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back_to_theme(pk)
    return _back_to_theme(new.pk)


@require_POST
def theme_metrics(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the theme to the metrics that should move with it."""
    theme = selectors.theme_get(viewer=request.user, pk=pk)
    form = MetricsForm(request.POST)
    return action_post(
        request,
        lambda: services.theme_metrics_set(
            actor=current_user(request),
            theme=theme,
            metric_keys=_keys(form.data.get("metrics", "")),
        ),
        then=_back_to_theme(pk),
    )


@require_POST
def anecdote_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an anecdote to another theme; regrouping leaves it there."""
    anecdote = selectors.anecdote_get(viewer=request.user, pk=pk)
    raw = request.POST.get("theme", "")
    theme = selectors.theme_get(viewer=request.user, pk=int(raw)) if raw.isdigit() else None
    services.anecdote_move(actor=current_user(request), anecdote=anecdote, theme=theme)
    messages.success(request, "Moved.")
    return redirect("customers:anecdote", pk=pk)


@require_POST
def regroup(request: HttpRequest) -> HttpResponse:
    """Group every anecdote again, keeping what people decided."""
    try:
        record = services.themes_regroup(actor=current_user(request))
    except CustomerError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, str(record))
    return redirect("customers:index")


@require_POST
def disagreement_answer(request: HttpRequest) -> HttpResponse:
    """The metric owner's written answer to anecdotes that disagree with the metric."""
    import datetime as dt

    from django.http import Http404

    from dayone.server.wbr.models import Metric
    from dayone.server.wbr.selectors import metric_get

    key = request.POST.get("metric", "")
    try:
        metric = metric_get(viewer=request.user, key=key)
    except Metric.DoesNotExist:
        raise Http404("No such metric.") from None
    raw_theme = request.POST.get("theme", "")
    theme = selectors.theme_get(
        viewer=request.user, pk=int(raw_theme) if raw_theme.isdigit() else 0
    )
    try:
        week = dt.date.fromisoformat(request.POST.get("week_ending", ""))
    except ValueError:
        messages.error(request, "Give the week as YYYY-MM-DD.")
        return redirect("wbr:metric", key=key)
    return action_post(
        request,
        lambda: services.disagreement_answer(
            actor=current_user(request),
            theme=theme,
            metric=metric,
            week_ending=week,
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
            definition=request.POST.get("definition", ""),
        ),
        message="Answered; the answer shows beside the metric.",
        then=redirect("wbr:metric", key=key),
    )
