"""The weekly deck as a reader opens it: the demo company served by ``dayone serve``, the deck
page and the deck PDF timed by the server itself (its ``Server-Timing`` header).

Targets (2-core machine): the deck page under 1 s the first time a freshly started server shows
it (cold: the page, and the deck's body when the page first shows its running state) and under
0.3 s after (warm, the median of five); the PDF under 2 s: the latest week's (which the server
prints as it starts), the latest week's again after a new why was written for it by another
process, asked for after reading its deck for ten seconds (printed while it is read, as the
server does by default), and the week before's, whose deck was not read (computed and printed
when asked). The server runs with its default settings. The demo is loaded into a fresh data
folder first (about a minute, not timed).

The anchors, in the same run:

- for the page, a plain Django page of the same size: Django's template engine alone (no
  database, no middleware) rendering as many panels, each a nine-cell table beside a block of
  text, to as many bytes as the deck page, in a fresh interpreter (cold: its first render,
  template compiled; warm: the median of five). The open-source WBR app cannot be the anchor
  here: only its sample configurations and outputs are kept (``shared/anchors/wbr-app``), not
  the app. The ratio says how far the deck is above what any Django page that size costs.
- for the PDF, the same deck printed the way an HTML deck is printed without a PDF engine:
  Chromium (Playwright) opening the deck page, drawing every chart and printing it to PDF.

Then, as figures for people (no targets): the weight of the home page, the deck and a metric
page (the document and the scripts and styles it loads, as sent compressed and uncompressed),
and the browser console messages on each page of the navigation, the deck and a metric page.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.request import HTTPCookieProcessor, OpenerDirector, Request, build_opener

COLD_SECONDS = 1.0
WARM_SECONDS = 0.3
PDF_SECONDS = 2.0
READ_SECONDS = 10.0
"""How long a reader reads a week's deck before asking for its PDF (it is printed meanwhile)."""
WARM_RUNS = 5
START_SECONDS = 600.0
READER = ("eleanor.voss", "riverbend")
DECK = "/wbr/deck/"
PAGES = {"home": "/", "deck": DECK, "metric page (orders)": "/wbr/metrics/orders/"}
COMPRESSED = "br, gzip"
CHROMIUM = Path(os.environ.get("DAYONE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-sync"]
ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="(/[^"]+)"')
WEEK = re.compile(r'<option value="(\d{4}-\d{2}-\d{2})"')
RUNNING = re.compile(r'id="wbr-deck"[^>]*hx-get="([^"]+)"')

# A plain Django page of the same size, rendered by the template engine alone.
PLAIN_PAGE = """
import json, statistics, sys, time
import django
from django.conf import settings
settings.configure(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])
django.setup()
from django.template import engines
size, panels = int(sys.argv[1]), int(sys.argv[2])
source = '''<!doctype html><html><head><title>Deck</title></head><body><main>
{% for panel in panels %}<article class="panel" id="metric-{{ panel.key }}"><h3>{{ panel.name }}</h3>
<table><tr>{% for cell in panel.cells %}<td class="{{ cell.tone }}">{{ cell.text }}</td>{% endfor %}</tr></table>
<div class="body">{{ panel.text }}</div></article>
{% endfor %}</main></body></html>'''
cells = [{"tone": "good", "text": "+1.2%"}] * 9
def context(fill):
    return {"panels": [{"key": f"m{n}", "name": f"Metric {n}", "cells": cells, "text": fill}
                       for n in range(panels)]}
engine = engines["django"]
bare = len(engine.from_string(source).render(context("")))
fill = "x" * max(0, (size - bare) // max(1, panels))
started = time.perf_counter()
html = engine.from_string(source).render(context(fill))
cold = time.perf_counter() - started
template = engine.from_string(source)
warm = []
for _ in range(5):
    started = time.perf_counter()
    template.render(context(fill))
    warm.append(time.perf_counter() - started)
print(json.dumps({"cold": cold, "warm": statistics.median(warm), "bytes": len(html)}))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _dayone(*args: str) -> list[str]:
    return [sys.executable, "-m", "dayone.cli", *args]


def _environment(home: Path) -> dict[str, str]:
    skip = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DAYONE_PRINT_AHEAD"}
    kept = {k: v for k, v in os.environ.items() if k not in skip}
    return {**kept, "DAYONE_HOME": str(home)}


NEW_WHY = """
import datetime as dt, sys
import django
django.setup()
from dayone.server.wbr.models import Metric
from dayone.server.wbr.services import commentary_set
commentary_set(actor=None, metric=Metric.objects.get(key="orders"),
               week_ending=dt.date.fromisoformat(sys.argv[1]), text=sys.argv[2])
"""


def _write_why(env: dict[str, str], week: str) -> None:
    """A new why for Orders in ``week``, written by a process of its own (as by another worker)."""
    subprocess.run(
        [sys.executable, "-c", NEW_WHY, week, f"Rewritten at {time.time():.0f} for the bench."],
        env={**env, "DJANGO_SETTINGS_MODULE": "dayone.server.config.settings"},
        check=True,
        capture_output=True,
    )


def _wait(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"dayone serve exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"dayone serve was not serving after {START_SECONDS:.0f} s")


class Reader:
    """A signed-in reader; remembers whether the server timed its answers itself."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener: OpenerDirector = build_opener(HTTPCookieProcessor(self.jar))
        self.untimed = False

    def fetch(self, path: str, encoding: str = "identity") -> tuple[bytes, float]:
        """The body as sent and the server's seconds (the client's when it gives none)."""
        request = Request(urljoin(self.base, path), headers={"Accept-Encoding": encoding})  # noqa: S310 - our own server
        started = time.perf_counter()
        with self.opener.open(request, timeout=120) as response:
            body = response.read()
            timing = response.headers.get("Server-Timing", "")
        wall = time.perf_counter() - started
        found = re.search(r"dur=([\d.]+)", timing)
        if found is None:
            self.untimed = True
            return body, wall
        return body, float(found.group(1)) / 1000

    def sign_in(self) -> None:
        page = self.fetch("/login/")[0].decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise SystemExit("the login page has no CSRF token")
        form = {"username": READER[0], "password": READER[1], "csrfmiddlewaretoken": token.group(1)}
        request = Request(f"{self.base}/login/", data=urlencode(form).encode(), method="POST")  # noqa: S310 - our own server
        with self.opener.open(request, timeout=60) as response:
            response.read()


def _deck_times(
    reader: Reader, env: dict[str, str]
) -> tuple[float, float, float, float | None, float | None, bytes]:
    """Cold (the page, and its body when the page shows the running state), warm, the PDF of
    the latest week, the PDF of the week before (neither computed nor printed ahead: the deck
    and the print on request), the latest week's PDF after a new why, asked for after reading
    its deck for READ_SECONDS, and the deck page as a reader gets it once computed."""
    body, cold = reader.fetch(DECK)
    running = RUNNING.search(body.decode())
    if running is not None:
        cold += reader.fetch(running.group(1).replace("&amp;", "&"))[1]
    warm = statistics.median(reader.fetch(DECK)[1] for _ in range(WARM_RUNS))
    pdf = reader.fetch(f"{DECK}pdf/")[1]
    page = reader.fetch(DECK)[0]
    weeks = list(dict.fromkeys(WEEK.findall(page.decode())))
    earlier = reader.fetch(f"{DECK}pdf/?week={weeks[1]}")[1] if len(weeks) > 1 else None
    after_reading = None
    if weeks:
        printed = Path(env["DAYONE_HOME"], "cache", "printed")
        before = len(list(printed.glob("*.djcache")))
        _write_why(env, weeks[0])
        shown = reader.fetch(DECK)[0]
        running = RUNNING.search(shown.decode())
        if running is not None:
            reader.fetch(running.group(1).replace("&amp;", "&"))
        time.sleep(READ_SECONDS)
        after_reading = reader.fetch(f"{DECK}pdf/")[1]
        if len(list(printed.glob("*.djcache"))) <= before:
            raise SystemExit("the PDF after a new why is not a new print: the why is missing")
    return cold, warm, pdf, earlier, after_reading, page


def _plain_page(size: int, panels: int) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, "-c", PLAIN_PAGE, str(size), str(panels)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(proc.stdout.splitlines()[-1]))


def _browser(playwright: Any, reader: Reader) -> tuple[Any, Any]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    host = urlsplit(reader.base).hostname
    context.add_cookies(
        [
            {"name": c.name, "value": c.value or "", "domain": host, "path": c.path}
            for c in reader.jar
        ]
    )
    return browser, context


def _settle(page: Any) -> None:
    from playwright.sync_api import Error as PlaywrightError

    with contextlib.suppress(PlaywrightError):  # a page still polling is counted as it is
        page.wait_for_load_state("networkidle", timeout=30_000)


def _browser_print(playwright: Any, reader: Reader) -> float:
    """Chromium opening the deck, drawing every chart and printing it to PDF, in seconds."""
    browser, context = _browser(playwright, reader)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(urljoin(reader.base, DECK))
    page.wait_for_selector("article.wbr-metric", timeout=120_000)
    page.wait_for_function(
        "[...document.querySelectorAll('.chart-vega')].every(n => n.querySelector('svg'))",
        timeout=120_000,
    )
    page.pdf(format="A4", print_background=True)
    elapsed = time.perf_counter() - started
    browser.close()
    return elapsed


def _console(playwright: Any, reader: Reader) -> dict[str, tuple[int, int]]:
    """For each page of the navigation, the deck and a metric page: the console's messages, and
    how many of them are errors or warnings (uncaught exceptions count as errors)."""
    browser, context = _browser(playwright, reader)
    page = context.new_page()
    page.goto(urljoin(reader.base, "/"))
    nav = page.eval_on_selector_all(
        "nav.sidebar a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
    )
    paths = list(dict.fromkeys([*nav, *PAGES.values()]))
    paths = [p for p in paths if not re.search(r"/(logout|admin|api)/", p)]
    found: dict[str, tuple[int, int]] = {}
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.type))
    page.on("pageerror", lambda _error: messages.append("error"))
    for path in paths:
        messages.clear()
        page.goto(urljoin(reader.base, path))
        _settle(page)
        found[path] = (len(messages), sum(kind in {"error", "warning"} for kind in messages))
    browser.close()
    return found


def _weight(reader: Reader, path: str) -> tuple[int, int, int, int]:
    """The document and its scripts and styles: bytes uncompressed and as sent compressed."""
    document = reader.fetch(path)[0]
    packed = reader.fetch(path, COMPRESSED)[0]
    assets = list(dict.fromkeys(ASSET.findall(document.decode())))
    plain = sum(len(reader.fetch(asset)[0]) for asset in assets)
    sent = sum(len(reader.fetch(asset, COMPRESSED)[0]) for asset in assets)
    return len(document), len(packed), plain, sent


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dayone-bench-") as folder:
        home = Path(folder)
        env = _environment(home)
        print("loading the demo company (not timed)…", flush=True)
        subprocess.run(_dayone("demo", "--no-serve"), env=env, check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen(
            _dayone("serve", "--port", str(port), "--workers", "2"),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait(port, server)
            reader = Reader(f"http://127.0.0.1:{port}")
            reader.sign_in()
            cold, warm, pdf, pdf_earlier, pdf_read, deck_html = _deck_times(reader, env)
            weights = {name: _weight(reader, path) for name, path in PAGES.items()}
            printed: float | None = None
            console: dict[str, tuple[int, int]] = {}
            if CHROMIUM.exists():
                from playwright.sync_api import sync_playwright

                with sync_playwright() as playwright:
                    printed = _browser_print(playwright, reader)
                    console = _console(playwright, reader)
        finally:
            server.terminate()
            server.wait(timeout=60)
    panels = deck_html.decode().count('<article class="wbr-metric')
    plain = _plain_page(len(deck_html), panels)
    clock = "client (the server sends no Server-Timing)" if reader.untimed else "server"
    print(f"deck page: {_kb(len(deck_html))}, {panels} metric panels; times are the {clock}'s")
    print(f"page anchor: a plain Django page of {_kb(int(plain['bytes']))} and {panels} panels")
    print(f"PDF anchor: {'Chromium printing the deck page' if printed else 'none (no Chromium)'}")
    rows = [
        ("deck page, cold", cold, COLD_SECONDS, plain["cold"]),
        (f"deck page, warm (median of {WARM_RUNS})", warm, WARM_SECONDS, plain["warm"]),
        ("deck PDF", pdf, PDF_SECONDS, printed),
    ]
    if pdf_earlier is not None:
        rows.append(("deck PDF, week before (on request)", pdf_earlier, PDF_SECONDS, printed))
    if pdf_read is not None:
        rows.append(
            (
                f"deck PDF, new why, {READ_SECONDS:.0f} s on its deck",
                pdf_read,
                PDF_SECONDS,
                printed,
            )
        )
    print(f"{'what':<34} {'seconds':>8} {'target':>7} {'anchor':>8} {'ratio':>7}")
    for name, seconds, target, anchor in rows:
        mark = "ok" if seconds <= target else "MISSED"
        against = f"{anchor:>8.3f} {seconds / anchor:>6.2f}x" if anchor else f"{'-':>8} {'-':>7}"
        print(f"{name:<34} {seconds:>8.3f} {target:>7.1f} {against}  {mark}")
    print(f"\n{'page weight':<24} {'document':>10} {'sent':>9} {'scripts+css':>12} {'sent':>9}")
    for name, (document, packed, assets, sent) in weights.items():
        print(f"{name:<24} {_kb(document):>10} {_kb(packed):>9} {_kb(assets):>12} {_kb(sent):>9}")
    if console:
        print(f"\n{'console, as ' + READER[0]:<34} {'messages':>8} {'errors+warnings':>16}")
        for path, (count, bad) in console.items():
            print(f"{path:<34} {count:>8} {bad:>16}")
        total = sum(count for count, _bad in console.values())
        print(f"{'all ' + str(len(console)) + ' pages':<34} {total:>8}")
    return 0 if all(seconds <= target for _, seconds, target, _anchor in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
