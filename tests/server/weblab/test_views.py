from __future__ import annotations

import pytest
from django.urls import reverse

from dayone.server.weblab import selectors, services
from dayone.server.weblab.enums import ExperimentStatus
from dayone.server.weblab.models import Experiment
from tests.server.weblab.conftest import make_experiment, run, write_data

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "Bigger cover images",
        "key": "bigger-covers",
        "hypothesis": "Readers judge books by their covers: bigger covers sell more.",
        "variants": "Control, Big",
        "weights": "0.5, 0.5",
        "coverage": "1",
        "events_table": "weblab_events",
        "pre_period_days": "0",
        "engine": "frequentist",
        "correction": "holm",
        "alpha": "0.05",
        "metrics-TOTAL_FORMS": "2",
        "metrics-INITIAL_FORMS": "0",
        "metrics-0-key": "purchase",
        "metrics-0-role": "primary",
        "metrics-0-kind": "binomial",
        "metrics-0-where": "event=purchase",
        "metrics-1-key": "",
        "metrics-1-role": "secondary",
        "metrics-1-kind": "binomial",
    }
    data.update(overrides)
    return data


def test_the_empty_home_says_what_weblab_is_for(member_client):
    response = member_client.get(reverse("weblab:index"))
    assert response.status_code == 200
    assert b"No experiments yet" in response.content
    assert b"Define the first experiment" in response.content


def test_define_start_and_conclude_through_the_pages(member_client, member, warehouse):
    response = member_client.post(reverse("weblab:create"), form_data())
    experiment = Experiment.objects.get(key="bigger-covers")
    assert response.status_code == 302
    assert response["Location"] == reverse("weblab:detail", args=[experiment.pk])
    assert experiment.weights == [0.5, 0.5]
    assert experiment.metrics.get().where == {"event": "purchase"}
    page = member_client.get(response["Location"])
    assert b"Not started yet" in page.content
    assert b"Plan before starting" in page.content
    refused = member_client.post(reverse("weblab:start", args=[experiment.pk]), follow=True)
    assert b"Plan before starting: set the sample size or the duration" in refused.content
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.DRAFT
    planned = member_client.post(reverse("weblab:plan", args=[experiment.pk]), {"planned_days": 14})
    assert planned.status_code == 302
    member_client.post(reverse("weblab:start", args=[experiment.pk]))
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.RUNNING
    missing = member_client.post(
        reverse("weblab:conclude", args=[experiment.pk]), {"conclusion": "ship", "learning": ""}
    )
    assert missing.status_code == 422
    assert b"Write the learning" in missing.content
    done = member_client.post(
        reverse("weblab:conclude", args=[experiment.pk]),
        {"conclusion": "ship", "learning": "Covers sell: ship the big ones."},
    )
    assert done.status_code == 302
    page = member_client.get(done["Location"])
    experiment.refresh_from_db()
    assert reverse("decisions:detail", args=[experiment.decision_id]).encode() in page.content
    archive = member_client.get(reverse("weblab:archive"), {"q": "covers sell"})
    assert b"Bigger cover images" in archive.content
    assert (
        b"No learning matches" in member_client.get(reverse("weblab:archive"), {"q": "zzz"}).content
    )
    portfolio = member_client.get(reverse("weblab:portfolio")).content.decode()
    assert "Days to decision" in portfolio and "Bigger cover images" in portfolio


def test_weights_that_do_not_sum_to_one_are_shown_on_the_field(member_client):
    response = member_client.post(reverse("weblab:create"), form_data(weights="0.6, 0.6"))
    assert response.status_code == 422
    assert b"The weights must sum to 1; they sum to 1.2." in response.content
    assert not Experiment.objects.exists()
    bad = member_client.post(reverse("weblab:create"), form_data(targeting="{not json"))
    assert b"The targeting is not valid JSON" in bad.content
    no_primary = member_client.post(reverse("weblab:create"), form_data(**{"metrics-0-key": ""}))
    assert b"exactly one primary metric" in no_primary.content


def test_results_partial_shows_the_srm_warning_and_numbers_never_nan(
    member_client, member, warehouse
):
    experiment = run(member, make_experiment(member))
    write_data(warehouse, experiment.key, n=(2000, 1600))
    response = member_client.get(
        reverse("weblab:results", args=[experiment.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sample ratio mismatch" in html
    assert "3,600 units from 3,600 exposure events" in html
    assert "nan" not in html.lower().replace("nanc", "")
    assert "vega-spec" in html  # an interval chart per metric
    assert "<html" not in html  # a partial
    page = member_client.get(reverse("weblab:results", args=[experiment.pk]))
    assert b"<html" in page.content


def test_results_partial_with_zero_units_says_not_enough_data(member_client, member, warehouse):
    experiment = run(member, make_experiment(member))
    write_data(warehouse, experiment.key, n=(300, 0))
    html = member_client.get(
        reverse("weblab:results", args=[experiment.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Not enough data: a variant has no units yet." in html
    assert "nan" not in html.lower().replace("nanc", "")


def test_viewers_see_no_write_buttons_and_cannot_post(client, viewer, member):
    experiment = make_experiment(member)
    client.force_login(viewer)
    page = client.get(reverse("weblab:detail", args=[experiment.pk]))
    assert page.status_code == 200
    assert b">Start<" not in page.content
    assert client.post(reverse("weblab:start", args=[experiment.pk])).status_code == 403
    assert client.post(reverse("weblab:create"), form_data()).status_code == 403
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.DRAFT


def test_list_home_archive_and_portfolio_use_a_fixed_number_of_queries(
    member_client, member, django_assert_max_num_queries
):
    for i in range(8):
        experiment = make_experiment(member, key=f"exp-{i}", name=f"Experiment {i}")
        if i % 2:
            services.experiment_conclude(
                actor=member,
                experiment=services.experiment_start(actor=member, experiment=experiment),
                conclusion="stop",
                learning=f"Lesson {i}: the variant moved nothing we measure.",
                result="flat",
            )
    for name in ("weblab:index", "weblab:list", "weblab:archive", "weblab:portfolio"):
        with django_assert_max_num_queries(12):
            assert member_client.get(reverse(name)).status_code == 200
    experiment = Experiment.objects.get(key="exp-1")
    with django_assert_max_num_queries(10):
        assert member_client.get(reverse("weblab:detail", args=[experiment.pk])).status_code == 200


def test_portfolio_counts_wins_losses_and_time_to_decision(member):
    from datetime import timedelta

    from tests.server.weblab.conftest import START

    outcomes = ["won", "lost", "flat", "flat"]
    for i, result in enumerate(outcomes):
        experiment = services.experiment_start(
            actor=member, experiment=make_experiment(member, key=f"p-{i}"), at=START
        )
        services.experiment_conclude(
            actor=member,
            experiment=experiment,
            conclusion="stop",
            learning="The button colour moved nothing we measure.",
            result=result,
            at=START + timedelta(days=10 + 2 * i),
        )
    services.experiment_start(actor=member, experiment=make_experiment(member, key="live"))
    summary = selectors.portfolio_summary(viewer=member, today=START.date() + timedelta(days=30))
    assert (summary.started, summary.running, summary.concluded) == (5, 1, 4)
    assert (summary.won, summary.lost, summary.flat) == (1, 1, 2)
    assert summary.won_share == 0.25 and summary.flat_share == 0.5
    assert summary.median_days_to_decision == pytest.approx(13.0)
    week = dict(summary.weeks)
    assert week[START.date() - timedelta(days=START.weekday())] == 4


def test_power_partial(member_client):
    html = member_client.get(
        reverse("weblab:power"),
        {
            "baseline": "0.05",
            "units_per_week": "5000",
            "weeks": "2",
            "variants": "2",
            "lift": "0.1",
        },
    ).content.decode()
    assert "smallest lift" in html and "units per variant" in html
    bad = member_client.get(reverse("weblab:power"), {"baseline": "-1"}).content.decode()
    assert "form-errors" in bad


def test_editing_a_draft_keeps_what_the_form_does_not_change(member_client, member):
    experiment = make_experiment(member, dimension="platform", weights=[0.4, 0.6])
    page = member_client.get(reverse("weblab:edit", args=[experiment.pk]))
    assert b'value="0.4, 0.6"' in page.content
    data = form_data(key=experiment.key, name="Renamed", dimension="platform", weights="0.4, 0.6")
    data["version"] = "1"
    response = member_client.post(reverse("weblab:edit", args=[experiment.pk]), data)
    assert response.status_code == 302
    experiment.refresh_from_db()
    assert (experiment.name, experiment.dimension, experiment.weights) == (
        "Renamed",
        "platform",
        [0.4, 0.6],
    )
    services.experiment_start(actor=member, experiment=experiment)
    locked = member_client.get(reverse("weblab:edit", args=[experiment.pk]))
    assert locked.status_code == 302


def test_bayesian_results_show_chance_to_beat_control_and_risk(member_client, member, warehouse):
    experiment = run(member, make_experiment(member, engine="bayesian"))
    write_data(warehouse, experiment.key)
    html = member_client.get(
        reverse("weblab:results", args=[experiment.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Chance to beat control" in html and "Risk" in html and "Credible interval" in html
    assert "p-value" not in html and "Multiple-testing correction" not in html


def test_the_page_shows_targeting_as_json_and_the_layer(member_client, member):
    experiment = make_experiment(
        member, targeting={"country": {"$in": ["US", "CA"]}}, layer="checkout", layer_end=0.5
    )
    html = member_client.get(reverse("weblab:detail", args=[experiment.pk])).content.decode()
    assert "{&quot;country&quot;: {&quot;$in&quot;: [&quot;US&quot;, &quot;CA&quot;]}}" in html
    assert "checkout [0.0, 0.5)" in html
