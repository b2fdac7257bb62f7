from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dayone.server.core.models import AuditEntry
from dayone.server.decisions.enums import SourceKind
from dayone.server.decisions.enums import Status as DecisionStatus
from dayone.server.decisions.models import Decision
from dayone.server.weblab import services
from dayone.server.weblab.enums import ExperimentStatus
from dayone.server.weblab.models import Experiment
from dayone.server.weblab.services import MetricInput
from tests.server.weblab.conftest import definition, make_experiment, metrics, run, write_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def test_define_start_stop_conclude_with_an_audit_record_at_each_step(member, warehouse):
    experiment = make_experiment(member, weights=[0.5, 0.5], targeting={"country": "US"})
    assert experiment.status == ExperimentStatus.DRAFT
    assert [m.key for m in experiment.metrics.order_by("position")] == [
        "purchase",
        "revenue",
        "page_views",
    ]
    write_data(warehouse, experiment.key)
    experiment = run(member, experiment)
    assert experiment.status == ExperimentStatus.STOPPED
    concluded = services.experiment_conclude(
        actor=member,
        experiment=experiment,
        conclusion="ship",
        learning="Visible buttons get pressed: ship it to everyone.",
    )
    assert concluded.status == ExperimentStatus.CONCLUDED
    assert concluded.result == "won"  # 10% -> 13% on 2,000 units each is significant
    actions = list(
        AuditEntry.objects.filter(target_type="weblab.experiment")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "experiment.create",
        "experiment.plan",
        "experiment.start",
        "experiment.stop",
        "experiment.conclude",
    ]
    conclude = AuditEntry.objects.get(action="experiment.conclude")
    assert conclude.before == {"status": "stopped"}
    assert conclude.after["conclusion"] == "ship"


def test_conclude_creates_a_decided_two_way_door_decision_linked_both_ways(member, warehouse):
    experiment = run(member, make_experiment(member))
    concluded = services.experiment_conclude(
        actor=member, experiment=experiment, conclusion="iterate", learning="Try a bolder colour."
    )
    decision = Decision.objects.get(pk=concluded.decision_id)
    assert decision.door == "two_way"
    assert decision.status == DecisionStatus.DECIDED
    assert decision.chosen_option.label == "Iterate"
    assert decision.rationale == "Try a bolder colour."
    link = decision.links.get()
    assert (link.kind, link.ref) == (SourceKind.EXPERIMENT, experiment.key)
    assert link.url == f"/weblab/experiments/{experiment.pk}/"


def test_conclude_reuses_a_decision_already_linked_to_the_experiment(member, warehouse):
    from dayone.server.decisions import services as decision_services

    experiment = run(member, make_experiment(member))
    existing = decision_services.decision_create_from_source(
        actor=member, kind=SourceKind.EXPERIMENT, ref=experiment.key, title=experiment.name
    )
    concluded = services.experiment_conclude(
        actor=member,
        experiment=experiment,
        conclusion="stop",
        learning="The button colour moved nothing we measure.",
    )
    assert concluded.decision_id == existing.pk
    assert Decision.objects.count() == 1


def test_a_running_experiment_stops_when_it_is_concluded(member, warehouse):
    experiment = services.experiment_start(actor=member, experiment=make_experiment(member))
    concluded = services.experiment_conclude(
        actor=member,
        experiment=experiment,
        conclusion="stop",
        learning="The button colour moved nothing we measure.",
    )
    assert concluded.stopped_at is not None
    assert concluded.result == "flat"  # no data at all: flat, not a crash


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"weights": [0.5, 0.4]}, "weights", "The weights must sum to 1; they sum to 0.9."),
        ({"weights": [0.5, 0.25, 0.25]}, "weights", "Give one weight per variant"),
        ({"weights": [1.0, 0.0]}, "weights", "above 0"),
        ({"variants": ["Control"]}, "variants", "at least two variants"),
        ({"variants": ["A", "A"]}, "variants", "distinct"),
        ({"key": "Bad Key!"}, "key", "lowercase letters"),
        ({"coverage": 0.0}, "coverage", "above 0"),
        ({"coverage": 1.5}, "coverage", "at most 1"),
        ({"targeting": {"country": {"$where": "x"}}}, "targeting", "not valid"),
        ({"layer": "checkout", "layer_start": 0.6, "layer_end": 0.4}, "layer_start", "start < end"),
        ({"events_table": "events; drop"}, "events_table", "Name a table"),
        ({"wbr_metric_key": "no_such_metric"}, "wbr_metric_key", "No WBR metric"),
        ({"alpha": 0.7}, "alpha", "below 0.5"),
        ({"name": " "}, "name", "Name the experiment"),
        ({"hypothesis": ""}, "hypothesis", "Write the hypothesis"),
        ({"metrics": []}, "metrics", "exactly one primary metric; it has 0"),
        (
            {"metrics": [MetricInput(key="x", role="primary", kind="mean")]},
            "metrics",
            "a mean metric sums a column",
        ),
        (
            {"metrics": [MetricInput(key="r", role="primary", kind="ratio")]},
            "metrics",
            "a ratio needs a denominator",
        ),
        (
            {"metrics": [MetricInput(key="p", role="primary", where={"bad col": 1})]},
            "metrics",
            "is not a column name",
        ),
    ],
)
def test_a_bad_definition_is_refused_naming_the_field_and_nothing_is_saved(
    member, overrides, field, message
):
    with pytest.raises(ValidationError) as caught:
        make_experiment(member, **overrides)
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])
    assert not Experiment.objects.exists()
    assert not AuditEntry.objects.filter(action="experiment.create").exists()


def test_keys_are_unique(member):
    make_experiment(member)
    with pytest.raises(ValidationError, match="already uses the key"):
        make_experiment(member, name="Another")


def test_only_drafts_change_and_only_in_order(member):
    experiment = make_experiment(member)
    services.experiment_update(
        actor=member, experiment=experiment, data=definition(name="Renamed", metrics=metrics())
    )
    experiment.refresh_from_db()
    assert experiment.name == "Renamed"
    update = AuditEntry.objects.get(action="experiment.update")
    assert update.before["name"] == "Green checkout button"
    assert update.after["name"] == "Renamed"
    with pytest.raises(ValidationError, match="Only a running experiment stops"):
        services.experiment_stop(actor=member, experiment=experiment)
    with pytest.raises(ValidationError, match="Start the experiment before concluding"):
        services.experiment_conclude(
            actor=member,
            experiment=experiment,
            conclusion="ship",
            learning="The button colour moved nothing we measure.",
        )
    services.experiment_start(actor=member, experiment=experiment)
    with pytest.raises(ValidationError, match="Only a draft starts"):
        services.experiment_start(actor=member, experiment=experiment)
    experiment.refresh_from_db()
    with pytest.raises(ValidationError, match="definition is fixed"):
        services.experiment_update(actor=member, experiment=experiment, data=definition())


def test_a_learning_and_a_known_conclusion_are_required(member):
    experiment = services.experiment_start(actor=member, experiment=make_experiment(member))
    with pytest.raises(ValidationError) as caught:
        services.experiment_conclude(
            actor=member, experiment=experiment, conclusion="maybe", learning="  "
        )
    assert set(caught.value.message_dict) == {"conclusion", "learning"}
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.RUNNING
    assert not Decision.objects.exists()


def test_overlapping_slices_of_a_layer_cannot_run_together(member):
    first = make_experiment(member, key="first", layer="checkout", layer_end=0.6)
    second = make_experiment(member, key="second", layer="checkout", layer_start=0.5)
    third = make_experiment(member, key="third", layer="checkout", layer_start=0.6)
    services.experiment_start(actor=member, experiment=first)
    with pytest.raises(ValidationError) as caught:
        services.experiment_start(actor=member, experiment=second)
    assert "overlap in layer 'checkout'" in caught.value.message_dict["layer"][0]
    services.experiment_start(actor=member, experiment=third)  # disjoint: fine
    second.refresh_from_db()
    assert second.status == ExperimentStatus.DRAFT


def test_viewers_cannot_write(viewer, member):
    with pytest.raises(PermissionDenied):
        make_experiment(viewer)
    experiment = make_experiment(member)
    for call in (
        lambda: services.experiment_start(actor=viewer, experiment=experiment),
        lambda: services.experiment_update(actor=viewer, experiment=experiment, data=definition()),
        lambda: services.exposures_log(actor=viewer, events=[]),
    ):
        with pytest.raises(PermissionDenied):
            call()
    services.experiment_start(actor=member, experiment=experiment)
    with pytest.raises(PermissionDenied):
        services.experiment_conclude(
            actor=viewer, experiment=experiment, conclusion="ship", learning="x"
        )


def test_a_learning_of_a_word_says_what_is_missing(member):
    experiment = services.experiment_start(actor=member, experiment=make_experiment(member))
    with pytest.raises(ValidationError, match="at least one full sentence") as caught:
        services.experiment_conclude(
            actor=member,
            experiment=experiment,
            conclusion="stop",
            learning="Flat. Nothing. Moved. Anywhere.",
        )
    assert "learning" in caught.value.message_dict
