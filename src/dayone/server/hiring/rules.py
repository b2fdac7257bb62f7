"""The hiring policy: who may read what about a loop, and the messages of every refusal.

Independence is enforced where data is read: nobody in a loop reads anyone else's feedback,
notes or votes before submitting their own; the hiring manager and the recruiter, when they do
not interview, read it once every interviewer has submitted; the certified Bar Raiser named to
sign off a trainee's loop reads it once the debrief closes; people outside the loop read none;
admins see whether feedback is in, not what it says, until the debrief closes. The module is
pure: callers hand it the facts (``LoopAccess``), it makes no query.
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_IN_LOOP = "You are not in this loop: only its interviewers submit feedback for it."
NOT_HAPPENED = (
    "The interview starts at {start}: feedback is written after it has happened. Come back then."
)
LOOP_CLOSED = (
    "The debrief is closed and its outcome recorded: feedback can no longer change. Write to "
    "the Bar Raiser if something was missed."
)
RATING_MISSING = "Rate '{principle}': every principle you were assigned needs a rating."
EVIDENCE_MISSING = "Write the evidence for '{principle}': what the candidate did, with an example."
NOT_ASSIGNED = "'{principle}' is not one of the principles you were assigned; rate only yours."
ONLY_BAR_RAISER = "Only the loop's Bar Raiser, {name}, leads and closes the debrief."
OWN_FEEDBACK_FIRST = (
    "Submit your own feedback first: the Bar Raiser closes the debrief with their vote in."
)
WAITING_FOR = (
    "Feedback is still missing from {names}. Wait for it, or write why the debrief goes ahead "
    "without it."
)
VETO_IS_NO_HIRE = "A veto makes the outcome 'no hire'. Choose no hire, or remove the veto reason."
MAY_PLAN = "Only the hiring manager, the recruiter or an admin plans the loop for {role}."
MAY_MANAGE_ROLE = "Only the hiring manager, the recruiter or an admin changes {role}."
MAY_ESCALATE = (
    "Only the hiring manager, the recruiter or an admin escalates the Bar Raiser's veto on {role}."
)
NOT_VISIBLE = "No such candidate, or not one you may see."


@dataclass(frozen=True)
class LoopAccess:
    """What the policy needs about one loop and one viewer."""

    viewer_id: int
    viewer_is_admin: bool
    interviewer_ids: frozenset[int]
    submitted_ids: frozenset[int]
    hiring_manager_id: int
    recruiter_id: int | None
    closed: bool
    sign_off_id: int | None = None
    """The certified Bar Raiser named to sign off a trainee's loop."""

    @property
    def interviews(self) -> bool:
        """The viewer sits in the loop as an interviewer (the Bar Raiser included)."""
        return self.viewer_id in self.interviewer_ids

    @property
    def hiring_team(self) -> bool:
        """The viewer is the role's hiring manager or recruiter."""
        return self.viewer_id in {self.hiring_manager_id, self.recruiter_id}

    @property
    def signs_off(self) -> bool:
        """The viewer is named to sign off the trainee's loop."""
        return self.sign_off_id is not None and self.viewer_id == self.sign_off_id

    @property
    def all_in(self) -> bool:
        """Every interviewer has submitted."""
        return self.interviewer_ids <= self.submitted_ids


def may_see_loop(access: LoopAccess) -> bool:
    """Interviewers, the hiring manager, the recruiter, the sign-off of a trainee's loop and
    admins see a loop exists and who has submitted; nobody else does."""
    return access.interviews or access.hiring_team or access.signs_off or access.viewer_is_admin


def may_read_feedback(access: LoopAccess) -> bool:
    """Whether the viewer may read feedback other than their own in this loop."""
    if access.interviews:
        return access.viewer_id in access.submitted_ids
    if access.hiring_team:
        return access.all_in or access.closed
    if access.signs_off:
        return access.closed
    return access.viewer_is_admin and access.closed
