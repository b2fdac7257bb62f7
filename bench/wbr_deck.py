"""WBR deck speed: 10 years of daily data, 200 and 1,000 metrics -> full deck data and JSON.

Targets (2-core machine): 200 metrics <= 0.3 s, 1,000 metrics <= 1 s, measured after one warm-up
build. The timed build is the deck data the targets name (series, boxes, tables, signals, JSON);
the month-end forecasts (statsmodels, one fit per metric with a target) are timed on a line of
their own. The anchor is the open-source WBR app;
it is not installed here, so its published timings for the same work (about 11 s and 45 s) are
used and the output says so. The HTML deck of 200 metrics must open and be interactive in a
browser in under 2 s (Playwright driving /usr/bin/chromium; skipped with a message without it).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from dayone.wbr import (
    ChartBlock,
    ChartLine,
    Metric,
    WbrConfig,
    build_deck,
    deck_to_json,
    render_html,
)

YEARS = 10
WBR_APP_SECONDS = {200: 11.0, 1000: 45.0}
TARGET_SECONDS = {200: 0.3, 1000: 1.0}
OPEN_TARGET = 2.0
CHROMIUM = Path("/usr/bin/chromium")


def synthetic(n_metrics: int) -> tuple[WbrConfig, pa.Table]:
    """A wide daily table and a config: sums, means, ratios, and a target for one in twenty."""
    rng = np.random.default_rng(7)
    end = dt.date(2025, 6, 28)
    days = YEARS * 365 + 3
    dates = [end - dt.timedelta(days=days - 1 - i) for i in range(days)]
    t = np.arange(days)
    columns: dict[str, object] = {"date": pa.array(dates, pa.date32())}
    metrics: list[Metric] = []
    blocks: list[ChartBlock] = []
    n_base = n_metrics - n_metrics // 10
    for i in range(n_base):
        level = rng.uniform(100, 10_000)
        series = level * (1 + 0.0002 * t) * (1 + 0.1 * np.sin(2 * np.pi * t / 7))
        series = series + rng.normal(0, level * 0.05, days)
        columns[f"c{i}"] = pa.array(series)
        has_target = i % 20 == 0
        if has_target:
            columns[f"c{i}__Target"] = pa.array(series.mean() * np.ones(days))
            metrics.append(Metric(name=f"t{i}", column=f"c{i}__Target", aggregation="sum"))
        metrics.append(
            Metric(
                name=f"m{i}",
                column=f"c{i}",
                aggregation="mean" if i % 3 == 0 else "sum",
                target=f"t{i}" if has_target else None,
            )
        )
    metrics.extend(
        Metric(name=f"r{j}", operation="ratio", operands=(f"m{2 * j + 1}", f"m{2 * j + 2}"))
        for j in range(n_metrics - n_base)
    )
    blocks.extend(_chart(metric) for metric in metrics if not metric.name.startswith("t"))
    config = WbrConfig(title=f"Bench {n_metrics}", metrics=tuple(metrics), blocks=tuple(blocks))
    return config, pa.table(columns)


def _chart(metric: Metric) -> ChartBlock:
    lines = [ChartLine(metric=metric.name, legend=metric.name)]
    if metric.target:
        lines.append(ChartLine(metric=metric.target, style="target", prior_year=False))
    return ChartBlock(title=metric.name, lines=tuple(lines))


def deck_seconds(config: WbrConfig, table: pa.Table, out: Path, runs: int = 3) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        deck = build_deck(config, table, forecast=False)
        out.write_text(deck_to_json(deck))
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def open_seconds(page_path: Path) -> float | None:
    if not CHROMIUM.exists():
        print("chromium not found at /usr/bin/chromium: the browser check is skipped")
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        start = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_function(
            "document.body.dataset.ready === '1' && document.querySelector('.chart[data-drawn=\"1\"]')"
        )
        page.mouse.wheel(0, 400)
        page.evaluate("1")
        elapsed = time.perf_counter() - start
        browser.close()
    return elapsed


def main() -> int:
    failures = 0
    print(
        "WBR deck data: build + JSON written, 10 years of daily data (median of 3, after warm-up)"
    )
    print("anchor: the WBR app is not installed here; its published timings are used")
    print(f"{'metrics':>8} {'dayone s':>10} {'target s':>10} {'WBR app s':>10} {'speed-up':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warm_config, warm_table = synthetic(200)
        build_deck(warm_config, warm_table)
        page_config: WbrConfig | None = None
        page_table: pa.Table | None = None
        for n in (200, 1000):
            config, table = synthetic(n)
            seconds = deck_seconds(config, table, folder / f"deck{n}.json")
            ok = seconds <= TARGET_SECONDS[n]
            failures += not ok
            print(
                f"{n:>8} {seconds:>10.3f} {TARGET_SECONDS[n]:>10.2f} {WBR_APP_SECONDS[n]:>10.1f} "
                f"{WBR_APP_SECONDS[n] / seconds:>9.0f}x {'ok' if ok else 'MISSED'}"
            )
            start = time.perf_counter()
            build_deck(config, table, forecast=True)
            with_fc = time.perf_counter() - start
            print(
                f"{'':>8} with month-end forecasts for the {n // 20} metrics that have a target: {with_fc:.3f} s"
            )
            if n == 200:
                page_config, page_table = config, table
        assert page_config is not None and page_table is not None
        page = folder / "deck200.html"
        page.write_text(render_html(build_deck(page_config, page_table)))
        opened = open_seconds(page)
        if opened is not None:
            ok = opened <= OPEN_TARGET
            failures += not ok
            size = page.stat().st_size / 1e6
            print(
                f"HTML deck, 200 metrics ({size:.1f} MB): open to interactive {opened:.2f} s "
                f"(target {OPEN_TARGET:.1f} s) {'ok' if ok else 'MISSED'}"
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
