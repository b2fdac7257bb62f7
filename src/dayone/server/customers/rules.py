"""The policy of customers, in one place: who may act on a "?" escalation (and, later, on an
idea), the limits, and the messages. Services, selectors, forms and the API all read it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dayone.server.core.models import User
    from dayone.server.customers.models import Escalation

MIN_HOURS = 1
MAX_HOURS = 24 * 14
"""A "?" is answered within hours or days, not weeks: two weeks at most."""
DEFAULT_HOURS = 48
MAX_QUESTION = 2000

HOURS_OUT_OF_RANGE = f"Give the owner between {MIN_HOURS} and {MAX_HOURS} hours."
NO_OWNER = "Name the person who owns the answer."
OWNER_INACTIVE = "{name} cannot sign in any more; name someone who can."
QUESTION_TOO_LONG = f"Keep the question under {MAX_QUESTION} characters."
ALREADY_CLOSED = "This escalation is already closed."
NOT_YOURS = "Only its owner, the person who raised it or an admin closes an escalation."
ROOT_CAUSE_MISSING = "Write the root cause: why it happened, not only what happened."
FIX_MISSING = "Write the fix: what was done for this customer and others like them."
PREVENTION_MISSING = "Write the prevention: what stops it happening again."


def escalation_can_close(user: User, escalation: Escalation) -> bool:
    """The owner answers; the person who raised it, or an admin, may close it too."""
    return user.can_write and (
        user.pk in {escalation.owner_id, escalation.raised_by_id} or user.is_admin
    )


def escalation_overdue(escalation: Escalation, now: dt.datetime) -> bool:
    """Open past its deadline."""
    return escalation.closed_at is None and escalation.due_at < now


ANSWER_NOT_OWNER = "Only the metric's owner ({owner}) or an admin answers for the metric."
ANSWER_TWICE = "This disagreement is already answered for that week."
NEW_DEFINITION_MISSING = "Write the metric's new definition: what it counts from now on."
SAME_DEFINITION = "The new definition is the same as the current one."


def disagreement_can_answer(user: User, owner_id: int | None) -> bool:
    """The metric's owner answers for it; an admin may too."""
    return user.can_write and (user.pk == owner_id or user.is_admin)
