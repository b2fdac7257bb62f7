"""A decision's goal, for the decision's page: the goal it is about, where the goal stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from dayone.server.decisions.enums import SourceKind
from dayone.server.decisions.linked import Finder, LinkedRecord, linked_register
from dayone.server.goals import selectors
from dayone.server.goals.enums import Outcome, ReviewStatus

if TYPE_CHECKING:
    from datetime import date

    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.server.decisions.models import Decision
    from dayone.server.goals.models import Goal


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def goal_record(goal: Goal) -> LinkedRecord:
    """A goal as a decision's page lists it: its outcome once closed, else its latest review
    (``goal_list``'s ``latest_status`` and ``latest_reviewed_on``)."""
    latest = getattr(goal, "latest_status", None)
    parts = [f"owned by {goal.owner}", f"due {_day(goal.due_on)}"]
    if goal.outcome != Outcome.OPEN:
        status, badge = goal.get_outcome_display(), f"badge badge-{goal.outcome}"
    elif latest:
        status, badge = ReviewStatus(latest).label, f"badge badge-{latest}"
        reviewed = getattr(goal, "latest_reviewed_on", None)
        if reviewed is not None:
            parts.append(f"reviewed {_day(reviewed)}")
    else:
        status, badge = "Not reviewed yet", "badge"
    if goal.is_past_due:
        parts.append("past due")
    return LinkedRecord(
        title=str(goal),
        url=reverse("goals:detail", args=[goal.pk]),
        status=status,
        badge=badge,
        detail=" · ".join(parts),
        team_id=goal.team_id,
        ref=str(goal.pk),
    )


def _find(viewer: User | AnonymousUser, decision: Decision) -> list[LinkedRecord]:
    return [
        goal_record(goal)
        for goal in selectors.goal_list_for_decision(viewer=viewer, decision=decision)
    ]


def register_linked() -> None:
    """The decision's page shows the goal it is about."""
    linked_register(
        Finder(
            slot="goal",
            label="Goal",
            empty="No goal: this decision is not about a goal.",
            find=_find,
            kinds=(SourceKind.GOAL,),
            order=10,
        )
    )
