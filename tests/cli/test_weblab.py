"""``dayone weblab analyze``: an experiment from Parquet or CSV files, on the configured engine."""

from __future__ import annotations

import json
import os
import pty
import subprocess

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from dayone import experiments as ex
from dayone import warehouse
from tests.cli.test_server_commands import DAYONE, one_clear_line, run
from tests.warehouse.conformance._data import REL, experiment_tables

pytestmark = pytest.mark.slow

SPEC = """\
variants: [0, 1, 2]
experiment: exp-a
end: 2024-03-20T00:00:00Z
pre_period_days: 5
dimension: platform
metrics:
  - {key: purchased, kind: binomial, where: {event: purchase}}
  - {key: revenue, kind: mean, column: amount, where: {event: purchase}, cuped: true}
  - key: clicks_per_view
    kind: ratio
    numerator: {aggregate: count, where: {event: click}}
    denominator: {aggregate: count, where: {event: view}}
"""


def _files(tmp_path):
    exposures, events = experiment_tables()
    pq.write_table(exposures, tmp_path / "exposures.parquet")
    pa_csv.write_csv(events, tmp_path / "events.csv")
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)
    return spec, tmp_path / "exposures.parquet", tmp_path / "events.csv"


def _analyze(spec, exposures, events, *more: str, home, env=None):
    args = ("weblab", "analyze", str(spec), "--exposures", str(exposures), "--events", str(events))
    return run(*args, *more, home=home, env=env)


def test_json_results_are_the_library_s(tmp_path):
    spec, exposures, events = _files(tmp_path)
    result = _analyze(spec, exposures, events, "--format", "json", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no terminal: no progress bar
    got = json.loads(result.stdout)
    with warehouse.connect(":memory:") as wh:
        wh.register_file("exposures", exposures)
        wh.register_file("events", events)
        expected = ex.analyze(wh, ex.load_spec(spec))
    assert got["units"] == list(expected.units)
    assert got["multiple_exposures"] == 1
    revenue = next(m for m in got["metrics"] if m["metric"] == "revenue")
    p_value = expected.metric("revenue").variants[1].p_value
    assert revenue["variants"][1]["p_value"] == pytest.approx(p_value, rel=REL)
    assert {m["dimension_value"] for m in got["breakdown"]} == {"ios", "web", "(none)"}

    text = _analyze(spec, exposures, events, home=tmp_path / "home")
    assert text.returncode == 0, text.stderr
    assert "clicks_per_view (ratio)" in text.stdout and "revenue [web] (mean)" in text.stdout


def test_a_terminal_sees_a_progress_bar_and_a_pipe_does_not(tmp_path):
    spec, exposures, events = _files(tmp_path)
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in {"DAYONE_WAREHOUSE"}}
    environment.update({"DAYONE_HOME": str(tmp_path / "home"), "COLUMNS": "100"})
    args = ["weblab", "analyze", str(spec), "--exposures", str(exposures), "--events", str(events)]
    process = subprocess.run(
        [*DAYONE, *args],
        stdout=subprocess.PIPE,
        stderr=follower,
        env=environment,
        timeout=120,
        check=False,
    )
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once everything is read
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    assert process.returncode == 0
    assert "sufficient statistics on DuckDB" in drawn.decode()
    assert "purchased (binomial)" in process.stdout.decode()


def test_bad_input_is_one_line_naming_the_place(tmp_path):
    spec, exposures, events = _files(tmp_path)
    home = tmp_path / "home"
    bad = tmp_path / "bad.yaml"
    bad.write_text("metrics:\n  - {key: x, kind: median}\n")
    line = one_clear_line(_analyze(bad, exposures, events, home=home))
    assert f"{bad}:2: metrics[0].kind: 'median' is not one of" in line

    missing = tmp_path / "nope.csv"
    line = one_clear_line(_analyze(spec, exposures, missing, home=home))
    assert f"{missing}: no such file" in line

    # A column the spec names that the file lacks: the file, the column and the spec's line.
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(events.read_text().replace('"amount"', '"value"', 1))
    line = one_clear_line(_analyze(spec, exposures, renamed, home=home))
    assert f"{spec}:8: metrics[1].column: renamed.csv has no column 'amount'" in line

    unreachable = {"DAYONE_WAREHOUSE": "sc://127.0.0.1:1"}
    line = one_clear_line(_analyze(spec, exposures, events, home=home, env=unreachable))
    assert "127.0.0.1:1" in line


def test_the_configured_engine_is_used(tmp_path):
    spec, exposures, events = _files(tmp_path)
    line = one_clear_line(
        _analyze(spec, exposures, events, home=tmp_path, env={"DAYONE_WAREHOUSE": "oracle://x"})
    )
    assert "DAYONE_WAREHOUSE='oracle://x': unknown engine 'oracle'" in line
