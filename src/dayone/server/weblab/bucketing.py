"""An experiment as the assignment engine sees it (``dayone.assignment``), and which logged
exposures contradict it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from dayone.assignment import AssignmentError, Namespace, assign
from dayone.assignment import Experiment as AssignmentExperiment

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from dayone.server.weblab.models import Experiment


def assignment_experiment(experiment: Experiment) -> AssignmentExperiment:
    """The stored experiment as ``dayone.assignment`` buckets it: the key is the hash seed."""
    namespace = (
        Namespace(experiment.layer, experiment.layer_start, experiment.layer_end)
        if experiment.layer
        else None
    )
    return AssignmentExperiment(
        key=experiment.key,
        variations=len(experiment.variants),
        weights=tuple(float(w) for w in experiment.weights),
        coverage=experiment.coverage,
        namespace=namespace,
        conditions=experiment.targeting or None,
    )


def contradicting(
    experiments: Mapping[str, Experiment], events: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Indexes of the events whose variant is not the one the assignment gives their unit.

    An exposure carries no attributes, so targeting is not judged here: only the hash (layer,
    coverage, weights). A unit the hash leaves out of the experiment contradicts it whatever
    variant it reports.
    """
    engines = {
        key: replace(assignment_experiment(e), conditions=None) for key, e in experiments.items()
    }
    out = []
    for index, event in enumerate(events):
        engine = engines.get(event.get("experiment"))  # type: ignore[arg-type]
        unit, variant = event.get("unit_id"), event.get("variant")
        if engine is None or not isinstance(unit, str) or not unit:
            continue  # the logger names the malformed field
        try:
            expected = assign(engine, unit)
        except AssignmentError:
            expected = None  # an id the assignment refuses is in no variant
        if expected != variant:
            out.append(index)
    return out
