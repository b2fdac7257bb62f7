"""Plan before starting (prefilled from the primary metric's pre-period), and the warning a
fixed-horizon experiment gets when it is read before its planned end."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pyarrow.parquet as pq
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dayone import stats
from dayone.server.weblab import selectors, services
from tests.server.weblab.conftest import bearer, make_experiment, write_data

pytestmark = pytest.mark.django_db


def recent_events(warehouse, key="history"):
    """Two weeks of events ending now, for units of an earlier experiment."""
    write_data(
        warehouse,
        key,
        n=(3000, 3000),
        rates=(0.1, 0.1),
        start=datetime.now(UTC) - timedelta(days=14),
    )
    table = pq.read_table(warehouse / "parquet" / "weblab_events.parquet").to_pandas()
    since = (datetime.now(UTC) - timedelta(days=28)).replace(tzinfo=None)
    return table[table.ts >= since]


def test_the_plan_is_prefilled_from_the_primary_metrics_pre_period(member, warehouse):
    events = recent_events(warehouse)
    experiment = make_experiment(member, planned_days=None, weights=[0.5, 0.5], coverage=0.5)
    suggestion = selectors.experiment_plan_suggestion(
        viewer=member, experiment=experiment, lift=0.1
    )
    bought = events.groupby("unit_id").event.apply(lambda e: float((e == "purchase").any()))
    assert suggestion.metric == "purchase"
    assert suggestion.units_seen == len(bought)
    assert suggestion.baseline == pytest.approx(bought.mean())
    assert suggestion.std_dev == pytest.approx(bought.std(ddof=1))
    per_variant = stats.sample_size(
        effect=0.1, variance=bought.var(ddof=1), baseline_mean=bought.mean()
    )[0]
    assert suggestion.units == math.ceil(per_variant / 0.5)
    weekly = len(bought) / 4 * 0.5  # 28 days seen, half the units enter
    assert suggestion.units_per_week == pytest.approx(weekly)
    assert suggestion.days == math.ceil(suggestion.units / (weekly / 7))


def test_the_draft_page_prefills_the_plan_and_start_needs_it(member_client, member, warehouse):
    recent_events(warehouse)
    experiment = make_experiment(member, planned_days=None)
    suggestion = selectors.experiment_plan_suggestion(viewer=member, experiment=experiment)
    page = member_client.get(reverse("weblab:detail", args=[experiment.pk])).content.decode()
    assert f'name="planned_units" value="{suggestion.units}"' in page
    assert f'name="planned_days" value="{suggestion.days}"' in page
    assert "standard deviation" in page
    with pytest.raises(ValidationError) as refused:
        services.experiment_start(actor=member, experiment=experiment)
    assert "Plan before starting" in refused.value.message_dict["planned_units"][0]


def test_a_plan_without_a_size_or_a_duration_is_refused(member):
    experiment = make_experiment(member, planned_days=None)
    with pytest.raises(ValidationError) as empty:
        services.experiment_plan(
            actor=member, experiment=experiment, planned_units=None, planned_days=None
        )
    assert "planned_units" in empty.value.message_dict
    with pytest.raises(ValidationError) as bad:
        services.experiment_plan(
            actor=member,
            experiment=experiment,
            planned_units=0,
            planned_days=400,
            planned_lift=-1.0,
        )
    assert set(bad.value.message_dict) == {"planned_units", "planned_days", "planned_lift"}
    started = services.experiment_start(
        actor=member,
        experiment=services.experiment_plan(
            actor=member, experiment=experiment, planned_units=5000, planned_days=None
        ),
    )
    with pytest.raises(ValidationError, match="fixed"):
        services.experiment_plan(
            actor=member, experiment=started, planned_units=10, planned_days=None
        )


def test_no_pre_period_says_so(member, warehouse):
    experiment = make_experiment(member, planned_days=None)
    suggestion = selectors.experiment_plan_suggestion(viewer=member, experiment=experiment)
    assert suggestion.units is None
    assert "No pre-period" in suggestion.message


def running(member, warehouse, *, days_in=3, planned_days=14, engine="frequentist"):
    now = datetime.now(UTC)
    experiment = make_experiment(member, planned_days=planned_days, engine=engine)
    experiment = services.experiment_start(
        actor=member, experiment=experiment, at=now - timedelta(days=days_in, hours=1)
    )
    write_data(warehouse, experiment.key, start=now - timedelta(days=days_in))
    return experiment


def test_reading_early_warns_offers_sequential_and_says_the_error_rate(
    member_client, member, warehouse
):
    experiment = running(member, warehouse, days_in=4)
    rate = stats.peeking_false_positive_rate(looks=5)
    url = reverse("weblab:results", args=[experiment.pk])
    page = member_client.get(url).content.decode()
    assert "Peeking." in page
    assert "day 5 of 14" in page
    assert f"{rate:.0%} of the time" in page
    assert "Read with the sequential method" in page
    sequential = member_client.get(url, {"engine": "sequential"}).content.decode()
    assert "Peeking." not in sequential
    assert "Always-valid interval" in sequential
    detail = member_client.get(reverse("weblab:detail", args=[experiment.pk])).content.decode()
    assert "Stopping early." in detail
    headers = bearer(member)
    body = member_client.get(
        f"/api/weblab/experiments/{experiment.key}/results", headers=headers
    ).json()
    assert body["peeking"]["day"] == 5
    assert body["peeking"]["false_positive_rate"] == pytest.approx(rate)
    again = member_client.get(
        f"/api/weblab/experiments/{experiment.key}/results?engine=sequential",
        headers=headers,
    ).json()
    assert again["engine"] == "sequential"


def test_no_warning_after_the_planned_end_or_for_sequential(member_client, member, warehouse):
    done = running(member, warehouse, days_in=15, planned_days=14)
    assert selectors.experiment_peeking(viewer=member, experiment=done) is None
    services.experiment_stop(actor=member, experiment=done)
    seq = make_experiment(member, key="seq-one", engine="sequential")
    seq = services.experiment_start(actor=member, experiment=seq)
    assert selectors.experiment_peeking(viewer=member, experiment=seq) is None


def test_a_plan_by_units_warns_until_the_units_are_in(member, warehouse):
    experiment = make_experiment(member, planned_days=None)
    experiment = services.experiment_plan(
        actor=member, experiment=experiment, planned_units=10_000, planned_days=None
    )
    experiment = services.experiment_start(actor=member, experiment=experiment)
    early = selectors.experiment_peeking(viewer=member, experiment=experiment, units=4000)
    assert early is not None
    assert "4,000 of 10,000 units" in early.message
    assert selectors.experiment_peeking(viewer=member, experiment=experiment, units=10_000) is None
    assert np.isclose(early.false_positive_rate, 0.05)  # one day in: one look
