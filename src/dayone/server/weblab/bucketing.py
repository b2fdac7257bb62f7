"""An experiment as the assignment engine sees it (``dayone.assignment``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dayone.assignment import Experiment as AssignmentExperiment
from dayone.assignment import Namespace

if TYPE_CHECKING:
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
