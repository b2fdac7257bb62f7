"""Analysis specs read from YAML: the spec they describe, and errors at the file, line and field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dayone import experiments as ex

GOOD = """\
variants: [control, treatment]
experiment: checkout
start: 2024-03-01
end: 2024-03-20T00:00:00+01:00
pre_period_days: 14
dimension: platform
exposures: {unit: user, timestamp: at}
metrics:
  - {key: purchased, kind: binomial, where: {event: purchase}}
  - {key: revenue, kind: mean, column: amount, where: {event: [purchase, refund]}, cuped: true}
  - key: clicks_per_view
    kind: ratio
    numerator: {aggregate: count, where: {event: click}}
    denominator: {where: {event: view}}
"""


def _read(tmp_path, text: str, name: str = "spec.yaml") -> ex.SpecFile:
    path = tmp_path / name
    path.write_text(text)
    return ex.read_spec_file(path)


def _error(tmp_path, text: str) -> str:
    with pytest.raises(ex.InvalidSpecError) as caught:
        _read(tmp_path, text)
    return str(caught.value)


def test_a_spec_file_describes_the_library_spec(tmp_path):
    spec = _read(tmp_path, GOOD).spec
    assert spec.variants == ("control", "treatment")
    assert spec.exposures.table == "exposures" and spec.exposures.unit == "user"
    assert spec.exposures.timestamp == "at" and spec.exposures.experiment == "checkout"
    assert spec.events.table == "events" and spec.events.timestamp == "ts"
    assert spec.start == datetime(2024, 3, 1, tzinfo=UTC)
    assert spec.end == datetime(2024, 3, 19, 23, tzinfo=UTC)
    assert spec.pre_period == timedelta(days=14) and spec.dimension == "platform"
    purchased, revenue, ratio = spec.metrics
    assert purchased == ex.Metric.binomial("purchased", where={"event": "purchase"})
    assert revenue == ex.Metric.mean(
        "revenue", column="amount", where={"event": ["purchase", "refund"]}, cuped=True
    )
    assert ratio.denominator == ex.Measure("count", None, {"event": "view"})
    assert ex.load_spec(tmp_path / "spec.yaml") == spec


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("metrics:\n  - {key: x, kind: median}\n", ":2: metrics[0].kind: 'median' is not one of"),
        ("metrics:\n  - key: r\n    kind: mean\n    column: 'a b'\n", ":4: metrics[0].column:"),
        ("exposure: {}\nmetrics: [{key: x, kind: count}]\n", ":1: exposure: unknown field"),
        ("exposures:\n  unit: 1x\nmetrics: [{key: x, kind: count}]\n", ":2: exposures.unit:"),
        ("events:\n  unit: u\n  when: t\nmetrics: [{key: x, kind: count}]\n", ":3: events.when:"),
        ("variants: [a]\nmetrics: [{key: x, kind: count}]\n", ":1: variants: "),
        ("metrics:\n- {key: x, kind: count}\n- {key: x, kind: count}\n", ":1: metrics: "),
        ("pre_period_days: -1\nmetrics: [{key: x, kind: count}]\n", ":1: pre_period_days: "),
        ("weights: [a, b]\nmetrics: [{key: x, kind: count}]\n", ":1: weights: must be numbers"),
        ("start: 2024-03-02\nend: 2024-03-01\nmetrics: [{key: x, kind: count}]\n", ":1: start:"),
        ("end: someday\nmetrics: [{key: x, kind: count}]\n", ":1: end: 'someday' is not a date"),
        ("metrics:\n  - {key: x, kind: count, where: {event: []}}\n", ":2: metrics[0].where:"),
        (
            "metrics:\n  - key: r\n    kind: ratio\n    numerator: {aggregate: sum}\n",
            ":2: metrics[0].denominator: a ratio needs",
        ),
        ("metrics:\n  - key: r\n    kind: mean\n", ":2: metrics[0].column: a mean metric sums"),
        ("metrics: []\n", ":1: metrics: must list at least one metric"),
        ("metrics: [\n  - {key: x\n", ":2: not valid YAML"),
    ],
)
def test_errors_name_the_file_the_line_and_the_field(tmp_path, text, expected):
    message = _error(tmp_path, text)
    assert message.startswith(str(tmp_path / "spec.yaml"))
    assert expected in message, message
    assert "\n" not in message


def test_a_ratio_measure_error_points_into_the_measure(tmp_path):
    text = "metrics:\n  - key: r\n    kind: ratio\n    numerator:\n      aggregate: sum\n"
    text += "    denominator: {aggregate: median}\n"
    message = _error(tmp_path, text)
    assert ":4: metrics[0].numerator.column: Measure.column is required to sum" in message


def test_columns_the_tables_lack_are_named_with_the_spec_line(tmp_path):
    spec = _read(tmp_path, GOOD)
    exposures = ("x.parquet", ["user", "variant", "at", "experiment", "platform"])
    events = ("e.csv", ["unit_id", "ts", "event", "amount"])
    spec.check_columns(exposures, events)  # everything is there

    with pytest.raises(ex.SpecFieldError) as caught:
        spec.check_columns(exposures, ("e.csv", ["unit_id", "ts", "event"]))
    assert str(caught.value) == (
        f"{tmp_path / 'spec.yaml'}:10: metrics[1].column: e.csv has no column 'amount' "
        "(its columns: unit_id, ts, event)"
    )
    with pytest.raises(ex.SpecFieldError, match=r":6: dimension: x.parquet has no column"):
        spec.check_columns(("x.parquet", ["user", "variant", "at", "experiment"]), events)
    # A default column (events.timestamp is not written): the line of its parent, if any.
    with pytest.raises(ex.SpecFieldError, match=r"spec.yaml: events.timestamp: e.csv has no "):
        spec.check_columns(exposures, ("e.csv", ["unit_id", "time", "event", "amount"]))
    with pytest.raises(ex.SpecFieldError, match=r":9: metrics\[0\].where.event: e.csv has no"):
        spec.check_columns(exposures, ("e.csv", ["unit_id", "ts", "amount"]))
    ratio = _read(tmp_path, GOOD.replace("{where: {event: view}}", "{where: {page: home}}"))
    with pytest.raises(ex.SpecFieldError, match=r":14: metrics\[2\].denominator.where.page: "):
        ratio.check_columns(exposures, events)


def test_a_date_column_for_partitioned_events_is_read_and_checked(tmp_path):
    text = GOOD.replace(
        "exposures: {unit: user, timestamp: at}\n",
        "exposures: {unit: user, timestamp: at}\nevents: {date: day}\n",
    )
    spec = _read(tmp_path, text)
    assert spec.spec.events.date == "day" and spec.spec.events.timestamp == "ts"
    exposures = ("x.parquet", ["user", "variant", "at", "experiment", "platform"])
    spec.check_columns(exposures, ("e", ["unit_id", "ts", "day", "event", "amount"]))
    with pytest.raises(ex.SpecFieldError, match=r":8: events.date: e has no column 'day'"):
        spec.check_columns(exposures, ("e", ["unit_id", "ts", "event", "amount"]))
    assert "events.date" in _error(tmp_path, text.replace("{date: day}", "{date: 'a b'}"))
