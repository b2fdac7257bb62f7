"""The weekly deck as a reader opens it: the demo company served by ``dayone serve``, the deck
page and the deck PDF timed by the server itself (its ``Server-Timing`` header).

Targets (2-core machine): the deck page under 1 s the first time a freshly started server shows
it (cold) and under 0.3 s after (warm, the median of five); the PDF under 2 s. The demo is loaded
into a fresh data folder first (about two minutes, not timed).
"""

from __future__ import annotations

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
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

COLD_SECONDS = 1.0
WARM_SECONDS = 0.3
PDF_SECONDS = 2.0
WARM_RUNS = 5
START_SECONDS = 600.0
READER = ("eleanor.voss", "riverbend")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _dayone(*args: str) -> list[str]:
    return [sys.executable, "-m", "dayone.cli", *args]


def _environment(home: Path) -> dict[str, str]:
    skip = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    return {**{k: v for k, v in os.environ.items() if k not in skip}, "DAYONE_HOME": str(home)}


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


def _server_seconds(opener: object, url: str) -> float:
    with opener.open(url, timeout=120) as response:  # type: ignore[attr-defined]
        response.read()
        timing = response.headers.get("Server-Timing", "")
    found = re.search(r"dur=([\d.]+)", timing)
    if found is None:
        raise SystemExit(f"{url} has no Server-Timing header")
    return float(found.group(1)) / 1000


def _sign_in(base: str) -> object:
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    with opener.open(f"{base}/login/", timeout=60) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit("the login page has no CSRF token")
    form = {"username": READER[0], "password": READER[1], "csrfmiddlewaretoken": token.group(1)}
    request = Request(f"{base}/login/", data=urlencode(form).encode(), method="POST")  # noqa: S310 - our own server
    with opener.open(request, timeout=60) as response:
        response.read()
    return opener


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
            base = f"http://127.0.0.1:{port}"
            opener = _sign_in(base)
            cold = _server_seconds(opener, f"{base}/wbr/deck/")
            warm = statistics.median(
                _server_seconds(opener, f"{base}/wbr/deck/") for _ in range(WARM_RUNS)
            )
            pdf = _server_seconds(opener, f"{base}/wbr/deck/pdf/")
        finally:
            server.terminate()
            server.wait(timeout=60)
    rows = [
        ("deck page, cold", cold, COLD_SECONDS),
        (f"deck page, warm (median of {WARM_RUNS})", warm, WARM_SECONDS),
        ("deck PDF", pdf, PDF_SECONDS),
    ]
    print(f"{'what':<34} {'server s':>9} {'target s':>9}")
    for name, seconds, target in rows:
        mark = "ok" if seconds <= target else "MISSED"
        print(f"{name:<34} {seconds:>9.3f} {target:>9.1f}  {mark}")
    return 0 if all(seconds <= target for _, seconds, target in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
