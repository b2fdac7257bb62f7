from __future__ import annotations

import math
import warnings
from datetime import timedelta

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dayone.experiments import (
    AnalysisSpec,
    EventSource,
    ExposureSource,
    Metric,
    analyze,
)
from dayone.server.weblab import selectors
from dayone.server.weblab.analysis import analysis_result, power_plan
from dayone.server.weblab.services import MetricInput
from dayone.server.weblab.store import open_store
from dayone.stats import minimum_detectable_effect, sample_size
from tests.server.weblab.conftest import START, make_experiment, run, write_data

pytestmark = pytest.mark.django_db


def results(viewer, experiment, **kwargs):
    experiment = selectors.experiment_get_for_user(viewer=viewer, experiment_id=experiment.pk)
    return selectors.experiment_results(viewer=viewer, experiment=experiment, **kwargs)


def finite_everywhere(analysis):
    for metric in analysis.metrics:
        for v in (metric.control, *metric.variants):
            for value in (v.mean, v.effect, v.ci_low, v.ci_high, v.p_value, v.chance_to_win):
                assert value is None or math.isfinite(value)


def test_results_equal_the_engines_for_the_same_data(member, warehouse):
    experiment = run(member, make_experiment(member, correction="none"))
    units, variant = write_data(warehouse, experiment.key, n=(3000, 3100))
    analysis = results(member, experiment)
    spec = AnalysisSpec(
        exposures=ExposureSource("weblab_exposures", experiment=experiment.key),
        events=EventSource("weblab_events"),
        metrics=(
            Metric.binomial("purchase", where={"event": "purchase"}),
            Metric.mean("revenue", column="amount", where={"event": "purchase"}),
            Metric.count("page_views", where={"event": "page_view"}),
        ),
        variants=(0, 1),
        weights=(0.5, 0.5),
        start=START,
        end=START + timedelta(days=7),
    )
    with open_store() as store, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        engine = analyze(store, spec, guardrails={"page_views": 0.01})
    assert analysis.ok
    assert [u.units for u in analysis.units] == [3000, 3100]
    assert analysis.srm_p_value == pytest.approx(engine.srm.p_value, rel=1e-12)
    for key in ("purchase", "revenue", "page_views"):
        ours = next(m for m in analysis.metrics if m.key == key).variants[0]
        theirs = engine.metric(key).variants[1]
        assert ours.effect == pytest.approx(theirs.effect, rel=1e-12)
        assert (ours.ci_low, ours.ci_high) == pytest.approx((theirs.ci_low, theirs.ci_high))
        assert ours.p_value == pytest.approx(theirs.p_value, rel=1e-12)
        control = engine.metric(key).variants[0]
        assert ours.difference == pytest.approx(theirs.mean - control.mean, rel=1e-12)
    # and the conversion rates are what the raw events say
    events = pq.read_table(warehouse / "parquet" / "weblab_events.parquet").to_pandas()
    buyers = set(events.loc[events.event == "purchase", "unit_id"])
    control_rate = np.mean([u in buyers for u in units[variant == 0]])
    purchase = analysis.metrics[0]
    assert purchase.control.mean == pytest.approx(control_rate)
    assert purchase.variants[0].verdict == "better"
    assert analysis_result(analysis) == "won"


def test_a_variant_with_no_units_is_not_enough_data_never_nan(member, warehouse):
    experiment = run(member, make_experiment(member))
    write_data(warehouse, experiment.key, n=(500, 0))
    analysis = results(member, experiment)
    row = analysis.metrics[0].variants[0]
    assert row.status == "no_units"
    assert row.not_enough_data == "Not enough data: a variant has no units yet."
    assert not row.significant
    finite_everywhere(analysis)
    assert analysis_result(analysis) == "flat"


def test_a_metric_that_does_not_vary_is_not_enough_data(member, warehouse):
    experiment = run(member, make_experiment(member))
    write_data(warehouse, experiment.key, rates=(0.0, 0.0))
    analysis = results(member, experiment)
    purchase = analysis.metrics[0]
    assert purchase.variants[0].status in {"zero_variance", "baseline_zero"}
    assert purchase.variants[0].not_enough_data.startswith("Not enough data")
    finite_everywhere(analysis)


def test_no_exposures_and_no_event_table_give_a_message(member, warehouse):
    experiment = run(member, make_experiment(member))
    analysis = results(member, experiment)
    assert not analysis.ok
    assert "weblab_events" in analysis.message
    draft = make_experiment(member, key="later")
    assert results(member, draft).message.startswith("Not started yet")


def test_a_sample_ratio_mismatch_is_flagged(member, warehouse):
    experiment = run(member, make_experiment(member))
    write_data(warehouse, experiment.key, n=(2000, 1700))
    analysis = results(member, experiment)
    assert analysis.srm_mismatch
    assert analysis.srm_p_value < 0.001


def test_cuped_narrows_the_interval(member, warehouse):
    cuped_metrics = [
        MetricInput(
            key="revenue",
            role="primary",
            kind="mean",
            column="amount",
            where={"event": "purchase"},
            cuped=True,
        )
    ]
    with_cuped = run(
        member, make_experiment(member, key="cuped", pre_period_days=14, metrics=cuped_metrics)
    )
    without = run(member, make_experiment(member, key="plain", metrics=cuped_metrics))
    write_data(warehouse, "cuped", pre=True, seed=4)
    write_data(warehouse, "plain", pre=True, seed=4)
    adjusted = results(member, with_cuped).metrics[0]
    plain = results(member, without).metrics[0]
    assert adjusted.cuped and adjusted.cuped_theta is not None and adjusted.cuped_theta > 0
    assert not plain.cuped
    width = lambda m: m.variants[0].ci_high - m.variants[0].ci_low  # noqa: E731
    assert width(adjusted) < width(plain)


def test_ratio_sequential_and_bayesian_metrics(member, warehouse):
    ratio = [
        MetricInput(
            key="purchases_per_view",
            role="primary",
            kind="ratio",
            where={"event": "purchase"},
            denominator_aggregate="count",
            denominator_where={"event": "page_view"},
        )
    ]
    fixed = run(member, make_experiment(member, key="fixed", metrics=ratio))
    seq = run(member, make_experiment(member, key="seq", metrics=ratio, engine="sequential"))
    bayes = run(member, make_experiment(member, key="bayes", metrics=ratio, engine="bayesian"))
    for key in ("fixed", "seq", "bayes"):
        write_data(warehouse, key, seed=9)
    f = results(member, fixed).metrics[0].variants[0]
    s = results(member, seq).metrics[0].variants[0]
    b_analysis = results(member, bayes)
    b = b_analysis.metrics[0].variants[0]
    assert f.effect == pytest.approx(s.effect)
    assert s.ci_high - s.ci_low > f.ci_high - f.ci_low  # always valid costs width
    assert b_analysis.engine == "bayesian"
    assert b.p_value is None
    assert 0 < b.chance_to_win < 1
    assert b.risk is not None and b.risk >= 0


def test_corrections_and_guardrails(member, warehouse):
    experiment = run(member, make_experiment(member))
    write_data(warehouse, experiment.key, rates=(0.10, 0.12), views=(3.0, 2.4))
    holm = results(member, experiment, correction="holm")
    bh = results(member, experiment, correction="bh")
    none = results(member, experiment, correction="none")
    for analysis in (holm, bh):
        for m in analysis.metrics:
            assert m.variants[0].adjusted_p_value >= m.variants[0].p_value
    assert all(m.variants[0].adjusted_p_value is None for m in none.metrics)
    assert holm.correction == "holm" and bh.correction == "bh"
    assert holm.breaches == [("page_views", "Treatment")]
    assert results(member, experiment, correction="nonsense").correction == "holm"


def test_breakdown_by_a_unit_attribute(member, warehouse):
    experiment = run(member, make_experiment(member))
    units, _ = write_data(warehouse, experiment.key)
    platform = np.where(np.arange(len(units)) % 3 == 0, "ios", "web")
    pq.write_table(
        pa.table({"unit_id": pa.array(units), "platform": pa.array(platform)}),
        warehouse / "parquet" / "weblab_units.parquet",
    )
    assert selectors.breakdown_dimensions(viewer=member) == ["platform"]
    analysis = results(member, experiment, dimension="platform")
    values = dict(analysis.breakdown)
    assert set(values) == {"ios", "web"}
    by_slice = sum(rows[0].control.units + rows[0].variants[0].units for rows in values.values())
    assert by_slice == analysis.total_units
    assert results(member, experiment, dimension="no_such_column").dimension == ""


def test_power_plan_is_the_engines_mde_and_sample_size():
    plan = power_plan(baseline=0.1, std_dev=None, units_per_week=10_000, weeks=2, lift=0.05)
    assert plan.units_per_variant == 10_000
    assert plan.mde == pytest.approx(
        float(minimum_detectable_effect(n=10_000, variance=0.09, baseline_mean=0.1)[0])
    )
    assert plan.units_needed == int(sample_size(effect=0.05, variance=0.09, baseline_mean=0.1)[0])
    assert plan.weeks_needed == math.ceil(plan.units_needed * 2 / 10_000)
    assert power_plan(baseline=1.5, std_dev=None, units_per_week=10, weeks=1).mde is None
    assert power_plan(baseline=0, std_dev=2.0, units_per_week=10, weeks=1).message
