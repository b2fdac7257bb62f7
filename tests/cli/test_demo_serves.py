"""The README's first command, as a new user meets it: ``dayone demo`` in a fresh data folder
serves every page, quickly, and stops when asked.

The server is a real process (gunicorn with its forked workers) on a free port; the pages are
fetched over HTTP after signing in through the login form.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urljoin
from urllib.request import Request, build_opener

import pytest

from tests.demo_site import DEMO_PASSWORD, DETAIL, Site, crawl, demo_server

pytestmark = [pytest.mark.slow, pytest.mark.own_data]

PAGE_SECONDS = 2.0
STOP_SECONDS = 10.0


@pytest.fixture(scope="module")
def served_demo(tmp_path_factory):
    with demo_server(tmp_path_factory.mktemp("demo-home")) as served:
        yield served


def _django(environment: dict[str, str], script: str) -> str:
    """Run ``script`` with Django set up on the demo's data folder, in a process of its own;
    the last line it prints."""
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script],
        env={**environment, "DJANGO_SETTINGS_MODULE": "dayone.server.config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _api_token(environment: dict[str, str]) -> str:
    return _django(
        environment,
        "from dayone.server.core.models import User\n"
        "from dayone.server.core.services import api_token_create\n"
        "user = User.objects.get(username='eleanor.voss')\n"
        "print(api_token_create(actor=user, name='reporting')[1])\n",
    )


QUESTION = "Do we open a second shop in Leeds?"
DECISION_FOR_PRIYA = f"""
import datetime as dt
from dayone.server.core.models import User
from dayone.server.decisions.enums import Door
from dayone.server.decisions.services import OptionInput, decision_create
people = User.objects.in_bulk(["eleanor.voss", "priya.raman"], field_name="username")
decision = decision_create(
    actor=people["eleanor.voss"], question={QUESTION!r}, door=Door.TWO_WAY, information_pct=70,
    decide_by=dt.date.today() + dt.timedelta(days=3), decider=people["priya.raman"],
    stakeholders=[], options=[OptionInput("Yes"), OptionInput("No")],
)
print(decision.pk)
"""


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
    site.sign_in("eleanor.voss", DEMO_PASSWORD)

    seen = crawl(site)

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

    # What each worker keeps of a reader's home page is drawn again as soon as another
    # process writes what it was drawn from: every request after the write shows it.
    reader = Site(base)
    reader.sign_in("priya.raman", DEMO_PASSWORD)
    assert not any(QUESTION in reader.get("/")[1] for _ in range(8))
    _django(environment, DECISION_FOR_PRIYA)
    assert all(QUESTION in reader.get("/")[1] for _ in range(8))

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
