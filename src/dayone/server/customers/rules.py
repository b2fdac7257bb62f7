"""The policy of customers, in one place: who may act on a "?" escalation and on an idea,
the limits, and the messages. Services, selectors, forms and the API all read it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dayone.server.core.models import User
    from dayone.server.customers.models import Escalation, Idea, IdeaAsk

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


MAX_IDEA_TITLE = 200
IDEA_TITLE_MISSING = "Give the idea a short title."
IDEA_CUSTOMER_MISSING = "Say who the customer is: one customer, precisely."
IDEA_PROBLEM_MISSING = "Write the customer's problem as they live it."
IDEA_EVIDENCE_MISSING = "Say how we know: data, research or anecdotes, and where they come from."
IDEA_CLOSED = "This idea was merged into another; act on that one."
NOT_A_LEADER = "{name} leads no team; ask someone who leads one."
ALREADY_ASKED = "{name} was already asked about this idea."
ASK_NOT_YOURS = "Only the proposer or an admin takes an idea to a leader."
ASK_SELF = "Ask someone other than yourself."
ANSWER_NOT_YOURS = "Only the leader asked ({name}) answers this."
ALREADY_ANSWERED = "This was already answered."
NO_REASON_MISSING = (
    "A no needs a written reason the proposer can read and act on: why not, and what would "
    "change your mind."
)
NO_LEVEL_UP = (
    "{name} reports to no one in the org chart, so there is no next level up; ask another "
    "leader instead."
)
NOTHING_TO_TAKE_UP = "Take an idea up a level after a no: no leader has said no yet."
MERGE_SAME = "Choose another idea to merge into."
MERGE_NOT_ALLOWED = "Only an admin, a leader or the proposer of both ideas merges them."
MERGE_INTO_MERGED = "That idea was itself merged; merge into the one it went to."
COMMENT_MISSING = "Write the comment."


def idea_can_ask(user: User, idea: Idea) -> bool:
    """The proposer takes their idea to leaders; an admin may too."""
    return user.can_write and (user.pk == idea.proposer_id or user.is_admin)


def idea_can_answer(user: User, ask: IdeaAsk) -> bool:
    """Only the leader asked answers."""
    return user.can_write and user.pk == ask.leader_id


def idea_can_merge(user: User, idea: Idea, into: Idea, *, is_leader: bool) -> bool:
    """An admin or a leader merges ideas, or the person who proposed both."""
    return user.can_write and (
        user.is_admin or is_leader or (user.pk == idea.proposer_id and user.pk == into.proposer_id)
    )
