"""The served demo under load: 20 signed-in clients while a CSV upload runs.

``dayone demo`` runs as a real process (gunicorn, two workers of four threads) on a fresh data
folder. Twenty clients, each with its own session, request the home page, the weekly deck's
body and an API list (``/api/people``) in turn, pausing 0.1-0.5 s between requests as a reader
would, for ``SECONDS`` seconds; meanwhile an admin uploads a 3-year x 60-column CSV data source
again and again through the API.

Target: every route's 95th percentile under 300 ms, and no error. The anchor, in the same run,
is the same routes requested by one client with nothing else running: the ratio says what the
load costs. Beside each route's percentiles, the 95th percentile of the time the server says it
worked on the request (``Server-Timing``): the rest is waiting for a worker and for the CPU.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

CLIENTS = 20
SECONDS = float(os.environ.get("BENCH_SECONDS", "40"))
TARGET_P95 = 0.300
ROUTES = ("/", "/wbr/deck/body/", "/api/people")
READERS = ("priya.raman", "hana.novak", "eleanor.voss")
PASSWORD = "riverbend"  # noqa: S105 - the demo company's published password


class Visitor:
    """One signed-in browser session."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.cookies = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies))
        page = self._read("/login/")
        token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        self._read("/login/", data=urlencode(form).encode())

    def _read(
        self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> str:
        request = Request(self.base + path, data=data, headers=headers or {})  # noqa: S310 - our server
        with self.opener.open(request, timeout=60) as response:
            return str(response.read().decode("utf-8", "replace"))

    def timed(self, path: str) -> tuple[float, int, float]:
        """Seconds the request took, its status, and the seconds the server says it worked on it
        (its ``Server-Timing``; the rest is waiting for a worker and the network)."""
        started = time.perf_counter()
        worked = 0.0
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                response.read()
                status = response.status
                worked = server_seconds(response.headers.get("Server-Timing", ""))
        except HTTPError as exc:
            status = exc.code
        except (URLError, OSError):
            status = 0
        return time.perf_counter() - started, status, worked

    def csrf(self) -> str:
        return next(cookie.value or "" for cookie in self.cookies if cookie.name == "csrftoken")

    def upload(self, slug: str, csv: bytes) -> tuple[int, str]:
        boundary = "dayone-bench-boundary"
        parts = []
        for name, value in (("name", f"Bench {slug}"), ("slug", slug)):
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="daily.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n".encode()
            + csv
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-CSRFToken": self.csrf(),
            "Referer": self.base + "/",
        }
        request = Request(self.base + "/api/wbr/sources/csv", data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=120) as response:
                return int(response.status), ""
        except HTTPError as exc:
            return int(exc.code), exc.read().decode("utf-8", "replace")[:300]


def a_csv(rows_days: int = 3 * 365, columns: int = 60) -> bytes:
    rng = random.Random(5)
    start = dt.date(2023, 1, 1)
    lines = [",".join(["Date", *(f"m{i}" for i in range(columns))])]
    for day in range(rows_days):
        date = (start + dt.timedelta(days=day)).isoformat()
        lines.append(date + "," + ",".join(f"{rng.uniform(10, 1000):.2f}" for _ in range(columns)))
    return ("\n".join(lines) + "\n").encode()


def server_seconds(header: str) -> float:
    """``app;dur=12.3`` as seconds (0 when absent)."""
    for part in header.split(";"):
        if part.strip().startswith("dur="):
            return float(part.strip()[4:]) / 1000
    return 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_demo(home: Path, port: int) -> subprocess.Popen[bytes]:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment["DAYONE_HOME"] = str(home)
    log = (home / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "dayone.cli", "demo", "--port", str(port), "--workers", "2"],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 600
    print("loading the demo company and starting the server ...", file=sys.stderr)
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"dayone demo exited: {(home / 'server.log').read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    sys.exit("dayone demo did not start within 600 s")


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its descendants (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(tree_cpu(int(child)) for child in children)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def unloaded(base: str) -> dict[str, float]:
    visitor = Visitor(base, READERS[0])
    for route in ROUTES:  # first hits warm the worker's caches
        visitor.timed(route)
    times: dict[str, list[float]] = {route: [] for route in ROUTES}
    for _ in range(20):
        for route in ROUTES:
            times[route].append(visitor.timed(route)[0])
    return {route: p95(values) for route, values in times.items()}


def loaded(
    base: str,
) -> tuple[dict[str, list[float]], dict[str, list[float]], int, int, int]:
    times: dict[str, list[float]] = {route: [] for route in ROUTES}
    worked: dict[str, list[float]] = {route: [] for route in ROUTES}
    errors = 0
    uploads = [0, 0]  # done, failed
    lock = threading.Lock()
    visitors = [Visitor(base, READERS[i % len(READERS)]) for i in range(CLIENTS)]
    uploader = Visitor(base, "eleanor.voss")
    csv = a_csv()
    stop = time.monotonic() + SECONDS

    def client(visitor: Visitor, seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        step = seed
        while time.monotonic() < stop:
            route = ROUTES[step % len(ROUTES)]
            step += 1
            seconds, status, server = visitor.timed(route)
            with lock:
                if status == 200:
                    times[route].append(seconds)
                    worked[route].append(server)
                else:
                    errors += 1
            time.sleep(rng.uniform(0.1, 0.5))

    def upload() -> None:
        number = 0
        while time.monotonic() < stop:
            number += 1
            status, body = uploader.upload(f"bench_load_{number}", csv)
            uploads[0 if status == 201 else 1] += 1
            if status != 201 and uploads[1] == 1:
                print(f"upload refused: {status} {body}", file=sys.stderr)

    threads = [threading.Thread(target=client, args=(v, i)) for i, v in enumerate(visitors)]
    threads.append(threading.Thread(target=upload))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, worked, errors, uploads[0], uploads[1]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dayone-bench-load-") as folder:
        home = Path(folder)
        port = free_port()
        server = serve_demo(home, port)
        base = f"http://127.0.0.1:{port}"
        try:
            alone = unloaded(base)
            server_cpu, started = tree_cpu(server.pid), time.perf_counter()
            times, worked, errors, uploads, failed_uploads = loaded(base)
            server_cpu = tree_cpu(server.pid) - server_cpu
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    report: dict[str, object] = {}
    met = errors == 0 and failed_uploads == 0
    print(
        f"{CLIENTS} clients for {SECONDS:.0f} s; {uploads} CSV uploads ({failed_uploads} failed); {errors} errors"
    )
    for route in ROUTES:
        loaded_p95 = p95(times[route])
        report[route] = {
            "requests": len(times[route]),
            "p50_s": statistics.median(times[route]),
            "p95_s": loaded_p95,
            "server_p95_s": p95(worked[route]),
            "alone_p95_s": alone[route],
        }
        met = met and loaded_p95 < TARGET_P95
        print(
            f"{route:18} {len(times[route]):5} requests  p50 {statistics.median(times[route]) * 1000:6.0f} ms"
            f"  p95 {loaded_p95 * 1000:6.0f} ms "
            f"(target {TARGET_P95 * 1000:.0f} ms, {loaded_p95 / TARGET_P95:.2f}x of it)  "
            f"alone {alone[route] * 1000:5.0f} ms: under load {loaded_p95 / alone[route]:.1f}x; "
            f"the server worked p95 {p95(worked[route]) * 1000:.0f} ms of it"
        )
    load = os.getloadavg()
    print(
        f"server CPU (workers, user + system) during the loaded phase: {server_cpu:.1f} s in "
        f"{wall:.1f} s of wall time on {os.cpu_count()} cores; load average {load[0]:.1f}"
    )
    report["server_cpu_s"] = server_cpu
    print(json.dumps(report))
    print("target met" if met else "TARGET MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
