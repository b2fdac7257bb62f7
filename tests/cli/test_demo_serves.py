"""The README's first command, as a new user meets it: ``dayone demo`` in a fresh data folder
serves every page, quickly, and stops when asked.

The server is a real process (gunicorn with its forked workers) on a free port; the pages are
fetched over HTTP after signing in through the login form.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

pytestmark = pytest.mark.slow

PAGE_SECONDS = 2.0
STOP_SECONDS = 10.0
START_SECONDS = 420.0
# The pages of one thing each: a goal, a team, a metric, an experiment.
DETAIL = re.compile(
    r"^/(goals/\d+|teams/(?!new/|settings/|initiatives/|principles/)[\w-]+|wbr/metrics/(?!new/)[\w-]+"
    r"|weblab/experiments/\d+)/$"
)
NOT_A_PAGE = re.compile(r"/(logout|admin|api)/|/(edit|new|pdf|export|download)/|\.(pdf|ics|csv)$")


class _Links(HTMLParser):
    """The links of a page: every ``href``, the navigation's apart, and htmx ``hx-get`` loads."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.nav: list[str] = []
        self.loads: list[str] = []
        self._nav_depth = 0
        self.csrf = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "nav" and "sidebar" in values.get("class", ""):
            self._nav_depth = 1
        elif tag == "nav" and self._nav_depth:
            self._nav_depth += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
            if self._nav_depth:
                self.nav.append(values["href"])
        if values.get("hx-get") and "hx-trigger" in values:
            self.loads.append(values["hx-get"])
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken":
            self.csrf = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Site:
    """A signed-in visitor of the served demo."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> tuple[int, str, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(urljoin(self.base, path), timeout=30) as response:
                body = response.read().decode("utf-8", "replace")
                status = response.status
        except HTTPError as exc:
            body, status = exc.read().decode("utf-8", "replace"), exc.code
        return status, body, time.perf_counter() - started

    def sign_in(self, username: str, password: str) -> None:
        status, body, _ = self.get("/login/")
        assert status == 200, body[:500]
        form = urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": _parse(body).csrf}
        ).encode()
        request = Request(urljoin(self.base, "/login/"), data=form, method="POST")  # noqa: S310 - our own server
        with self.opener.open(request, timeout=30) as response:
            assert urlsplit(response.url).path == "/", "signing in should land on the home page"


def _wait_until_serving(server: subprocess.Popen[str], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"dayone demo exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(
        f"dayone demo was not serving after {START_SECONDS:.0f} s:\n{log.read_text()[-3000:]}"
    )


@pytest.fixture(scope="module")
def served_demo(tmp_path_factory):
    home = tmp_path_factory.mktemp("demo-home")
    log = home / "server.log"
    port = _free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DAYONE_HOME"}
    }
    environment["DAYONE_HOME"] = str(home)
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "dayone.cli", "demo", "--port", str(port), "--workers", "2"],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        _wait_until_serving(server, port, log)
        yield server, f"http://127.0.0.1:{port}", log, environment
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)


def _crawl(site: Site) -> dict[str, tuple[int, float]]:
    """Every page of the navigation, the htmx parts they load, and every goal, team, metric and
    experiment page reachable from them through such pages, each fetched once."""
    seen: dict[str, tuple[int, float]] = {}

    def visit(path: str) -> _Links | None:
        if path in seen:
            return None
        status, body, seconds = site.get(path)
        seen[path] = (status, seconds)
        return _parse(body) if status == 200 else None

    home = visit("/")
    assert home is not None, "the home page must answer"
    sections = [link for link in dict.fromkeys(home.nav) if link.startswith("/")]
    assert len(sections) >= 8, f"the navigation should link every part, found {sections}"
    queue: list[str] = []
    for section in sections:
        if NOT_A_PAGE.search(section):
            continue
        page = visit(section)
        if page is None:
            continue
        for load in page.loads:
            visit(load)
        queue += [link for link in page.links if DETAIL.match(link)]
    while queue:
        page = visit(queue.pop(0))
        if page is None:
            continue
        for load in page.loads:
            visit(load)
        queue += [link for link in page.links if DETAIL.match(link) and link not in seen]
    return seen


def _api_token(environment: dict[str, str]) -> str:
    script = (
        "import django; django.setup()\n"
        "from dayone.server.core.models import User\n"
        "from dayone.server.core.services import api_token_create\n"
        "user = User.objects.get(username='eleanor.voss')\n"
        "print(api_token_create(actor=user, name='reporting')[1])\n"
    )
    created = subprocess.run(
        [sys.executable, "-c", script],
        env={**environment, "DJANGO_SETTINGS_MODULE": "dayone.server.config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return created.stdout.strip().splitlines()[-1]


def _api_status(base: str, path: str, token: str) -> int:
    request = Request(urljoin(base, path), headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    try:
        with build_opener().open(request, timeout=30) as response:
            return int(response.status)
    except HTTPError as exc:
        return exc.code


def test_demo_serves_every_page_quickly_and_stops_on_sigterm(served_demo):
    server, base, log, environment = served_demo
    site = Site(base)
    site.sign_in("eleanor.voss", "riverbend")

    seen = _crawl(site)

    for kind in ("/goals/", "/teams/", "/wbr/metrics/", "/weblab/experiments/"):
        pages = [path for path in seen if DETAIL.match(path) and path.startswith(kind)]
        assert len(pages) >= 3, f"expected the demo's {kind} pages to be linked, found {pages}"
    failures = {path: result for path, result in seen.items() if result[0] != 200}
    assert not failures, f"pages that did not answer 200: {failures}\n{log.read_text()[-3000:]}"
    slow = {
        path: round(seconds, 2) for path, (_, seconds) in seen.items() if seconds > PAGE_SECONDS
    }
    assert not slow, f"pages slower than {PAGE_SECONDS} s: {slow}"

    # Several goal pages at once, from two clients, must not take a worker down.
    goals = [p for p in seen if DETAIL.match(p) and p.startswith("/goals/")]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda path: site.get(path)[0], goals * 2))
    assert results == [200] * len(results)
    assert "SIGSEGV" not in log.read_text()
    assert "WORKER TIMEOUT" not in log.read_text()

    # A writer holding the database lock (an upload, a long save) does not fail token reads.
    token = _api_token(environment)
    with sqlite3.connect(Path(environment["DAYONE_HOME"]) / "dayone.sqlite3") as writer:
        writer.execute("BEGIN IMMEDIATE")
        statuses = [_api_status(base, "/api/people", token) for _ in range(3)]
        writer.rollback()
    assert statuses == [200, 200, 200]

    started = time.monotonic()
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=STOP_SECONDS + 20)
    assert time.monotonic() - started < STOP_SECONDS, "SIGTERM should stop the server promptly"
    with pytest.raises(URLError):
        site.get("/")
