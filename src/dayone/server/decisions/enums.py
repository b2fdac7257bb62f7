"""Choices of decisions: doors, states, stances, outcomes, links."""

from django.db import models


class Door(models.TextChoices):
    """How reversible a decision is; it routes the decision to the light or the careful path."""

    TWO_WAY = "two_way", "Two-way door"
    ONE_WAY = "one_way", "One-way door"


class Status(models.TextChoices):
    """Where a decision is. Decided and withdrawn records are final: only superseded."""

    OPEN = "open", "Open"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


class StanceKind(models.TextChoices):
    """What a stakeholder says about a decision."""

    AGREE = "agree", "Agree"
    DISAGREE_COMMIT = "disagree_commit", "Disagree and commit"
    ESCALATE = "escalate", "Misaligned: escalate"


class SupersedeKind(models.TextChoices):
    """Why a new decision replaces a decided one."""

    REVERSAL = "reversal", "Reversal"
    CORRECTION = "correction", "Course correction"


class Outcome(models.TextChoices):
    """The answer to "was it right?" at a review."""

    RIGHT = "right", "Right call"
    PARTLY = "partly", "Partly right"
    WRONG = "wrong", "Wrong call"
    TOO_EARLY = "too_early", "Too early to tell"


class SourceKind(models.TextChoices):
    """Where a decision came from: another part of dayone, or anywhere else."""

    PRFAQ = "prfaq", "PR/FAQ review"
    EXPERIMENT = "experiment", "Experiment"
    GOAL = "goal", "Goal"
    OTHER = "other", "Other"


class EventKind(models.TextChoices):
    """One line of a decision's history."""

    PROPOSED = "proposed", "Proposed"
    EDITED = "edited", "Edited"
    OPTION_ADDED = "option_added", "Option added"
    POSTPONED = "postponed", "Decide-by date moved"
    STANCE = "stance", "Stance recorded"
    ESCALATED = "escalated", "Escalated"
    ESCALATION_RESOLVED = "escalation_resolved", "Escalation resolved"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REVIEWED = "reviewed", "Outcome reviewed"
    SUPERSEDED = "superseded", "Superseded"
    LINKED = "linked", "Linked"
