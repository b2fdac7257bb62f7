"""``dayone demo`` on Apache Spark, as a user runs it: ``DAYONE_WAREHOUSE=spark://local[1]``,
a real process whose gunicorn workers fork after the demo is loaded, each opening its own
Spark application. Every page of the navigation answers, and experiment results are computed
on Spark from the exposures the demo logged there."""

from __future__ import annotations

import re

import pytest

from tests.demo_site import DEMO_PASSWORD, Site, demo_server, parse

pytest.importorskip(
    "pyspark", reason="the spark extra is not installed (pip install -e '.[spark]')"
)

pytestmark = [pytest.mark.slow, pytest.mark.own_data, pytest.mark.spark]

# Loading the demo runs its queries on Spark, and a worker's first Spark query starts its JVM:
# minutes here, not seconds.
START_SECONDS = 1500.0
PAGE_SECONDS = 300.0
EXPERIMENT = re.compile(r"^/weblab/experiments/\d+/$")
COUNTED = re.compile(r"([\d,]+) units from ([\d,]+) exposure event")


def test_the_demo_serves_on_spark_with_forked_workers(tmp_path):
    settings = {"DAYONE_WAREHOUSE": "spark://local[1]"}  # the session's own partitions
    home = tmp_path / "home"
    home.mkdir()
    with demo_server(home, settings, START_SECONDS) as (server, base, log, _):
        site = Site(base, timeout=PAGE_SECONDS)
        site.sign_in("eleanor.voss", DEMO_PASSWORD)
        status, home, _ = site.get("/")
        assert status == 200
        sections = [link for link in dict.fromkeys(parse(home).nav) if link.startswith("/")]
        answers = {path: site.get(path)[0] for path in sections}
        assert answers == dict.fromkeys(sections, 200), log.read_text()[-3000:]

        _, listing, _ = site.get("/weblab/experiments/")
        details = [p for p in dict.fromkeys(parse(listing).links) if EXPERIMENT.match(p)]
        results = [
            load
            for path in details
            for load in parse(site.get(path)[1]).loads
            if load.endswith("/results/")
        ]
        assert results, f"the demo's experiments {details} link to no results"
        # Each page twice, so that both forked workers are likely to serve one.
        for path in results[:2] * 2:
            status, body, _ = site.get(path)
            assert status == 200, f"{path}: {status}\n{log.read_text()[-3000:]}"
            counted = COUNTED.search(body)
            assert counted, f"{path}: no results computed on Spark"
            assert int(counted[1].replace(",", "")) > 0 < int(counted[2].replace(",", ""))
        assert "Traceback" not in log.read_text()
        assert server.poll() is None, "the server should still be running"
