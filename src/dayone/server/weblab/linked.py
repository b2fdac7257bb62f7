"""A decision's experiment, for the decision's page: the experiment it concludes or is about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from dayone.server.decisions.enums import SourceKind as DecisionSourceKind
from dayone.server.decisions.linked import Finder, LinkedRecord, linked_register
from dayone.server.weblab import selectors
from dayone.server.weblab.enums import ExperimentStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.server.decisions.models import Decision
    from dayone.server.weblab.models import Experiment


def experiment_record(experiment: Experiment) -> LinkedRecord:
    """An experiment as a decision's page lists it: its state, and how it ended or since when
    it runs."""
    parts = [f"owned by {experiment.owner}" if experiment.owner else ""]
    moment = experiment.started_at
    if experiment.status == ExperimentStatus.CONCLUDED and experiment.conclusion:
        result = f", {experiment.get_result_display().lower()}" if experiment.result else ""
        parts.append(f"concluded: {experiment.get_conclusion_display().lower()}{result}")
    elif experiment.status == ExperimentStatus.RUNNING and moment is not None:
        parts.append(f"running since {moment.day} {moment:%b %Y}")
    return LinkedRecord(
        title=experiment.name,
        url=reverse("weblab:detail", args=[experiment.pk]),
        status=experiment.get_status_display(),
        badge=f"badge wl-status-{experiment.status}",
        detail=" · ".join(part for part in parts if part),
        team_id=experiment.team_id,
        ref=experiment.key,
    )


def _find(viewer: User | AnonymousUser, decision: Decision) -> list[LinkedRecord]:
    experiments = selectors.experiment_list_for_decision(viewer=viewer, decision=decision)
    return [experiment_record(e) for e in experiments]


def register_linked() -> None:
    """The decision's page shows the experiment it concludes or is about."""
    linked_register(
        Finder(
            slot="experiment",
            label="Experiment",
            empty="No experiment: no experiment's result is decided here.",
            find=_find,
            kinds=(DecisionSourceKind.EXPERIMENT,),
            order=30,
        )
    )
