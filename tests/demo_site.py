"""The demo company served as a user meets it: ``dayone demo`` as a real process (gunicorn and
its forked workers) in a fresh data folder on a free port, and a visitor who signs in through
the login form and follows the links. Shared by the tests that need the served demo."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from typing import TYPE_CHECKING
from urllib.error import HTTPError
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

START_SECONDS = 420.0
DEMO_PASSWORD = "riverbend"
# The pages of one thing each: a goal, a team, a metric, an experiment.
DETAIL = re.compile(
    r"^/(goals/\d+|teams/(?!new/|settings/|initiatives/|principles/)[\w-]+|wbr/metrics/(?!new/)[\w-]+"
    r"|weblab/experiments/\d+)/$"
)
NOT_A_PAGE = re.compile(r"/(logout|admin|api)/|/(edit|new|pdf|export|download)/|\.(pdf|ics|csv)$")


class Links(HTMLParser):
    """The links of a page: every ``href``, the navigation's and a section's tabs (``subnav``)
    apart, and htmx ``hx-get`` loads."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.nav: list[str] = []
        self.subnav: list[str] = []
        self._in_subnav = False
        self.loads: list[str] = []
        self._nav_depth = 0
        self.csrf = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "nav" and "sidebar" in values.get("class", ""):
            self._nav_depth = 1
        elif tag == "nav" and self._nav_depth:
            self._nav_depth += 1
        elif tag == "nav" and "subnav" in values.get("class", "").split():
            self._in_subnav = True
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
            if self._nav_depth:
                self.nav.append(values["href"])
            if self._in_subnav:
                self.subnav.append(values["href"])
        if values.get("hx-get") and "hx-trigger" in values:
            self.loads.append(values["hx-get"])
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken":
            self.csrf = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
        elif tag == "nav":
            self._in_subnav = False


def parse(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Site:
    """A signed-in visitor of the served demo."""

    def __init__(self, base: str, timeout: float = 30.0) -> None:
        self.base = base
        self.timeout = timeout
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> tuple[int, str, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(urljoin(self.base, path), timeout=self.timeout) as response:
                body = response.read().decode("utf-8", "replace")
                status = response.status
        except HTTPError as exc:
            body, status = exc.read().decode("utf-8", "replace"), exc.code
        return status, body, time.perf_counter() - started

    def sign_in(self, username: str, password: str) -> None:
        status, body, _ = self.get("/login/")
        assert status == 200, body[:500]
        form = urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": parse(body).csrf}
        ).encode()
        request = Request(urljoin(self.base, "/login/"), data=form, method="POST")  # noqa: S310 - our own server
        with self.opener.open(request, timeout=self.timeout) as response:
            assert urlsplit(response.url).path == "/", "signing in should land on the home page"


def wait_until_serving(
    server: subprocess.Popen[str], port: int, log: Path, seconds: float = START_SECONDS
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"dayone demo exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"dayone demo was not serving after {seconds:.0f} s:\n{log.read_text()[-3000:]}")


@contextmanager
def demo_server(
    home: Path, settings: dict[str, str] | None = None, start_seconds: float = START_SECONDS
) -> Iterator[tuple[subprocess.Popen[str], str, Path, dict[str, str]]]:
    """``dayone demo`` serving a fresh data folder ``home``, with ``settings`` added to its
    environment, within ``start_seconds``: the process, its base URL, its log and its
    environment; killed on exit if it still runs."""
    log = home / "server.log"
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DAYONE_HOME"}
    }
    environment["DAYONE_HOME"] = str(home)
    environment.update(settings or {})
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "dayone.cli", "demo", "--port", str(port), "--workers", "2"],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        wait_until_serving(server, port, log, start_seconds)
        yield server, f"http://127.0.0.1:{port}", log, environment
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)


def crawl(site: Site) -> dict[str, tuple[int, float]]:
    """Every page of the navigation, the htmx parts they load, and every goal, team, metric and
    experiment page reachable from them through such pages, each fetched once."""
    seen: dict[str, tuple[int, float]] = {}

    def visit(path: str) -> Links | None:
        if path in seen:
            return None
        status, body, seconds = site.get(path)
        seen[path] = (status, seconds)
        return parse(body) if status == 200 else None

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
