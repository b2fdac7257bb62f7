"""Choices of goals: kind, direction, review status and outcome."""

from django.db import models


class GoalKind(models.TextChoices):
    """Input goals name what the team controls; output goals name results it influences."""

    INPUT = "input", "Input"
    OUTPUT = "output", "Output"


class Direction(models.TextChoices):
    """Which side of the target counts as met."""

    AT_LEAST = "at_least", "At least the target"
    AT_MOST = "at_most", "At most the target"


class ReviewStatus(models.TextChoices):
    """A review's verdict: on track, at risk (with a mitigation), or will miss (with a plan)."""

    GREEN = "green", "Green"
    YELLOW = "yellow", "Yellow"
    RED = "red", "Red"


class Outcome(models.TextChoices):
    """Where a goal stands: open until its due date, then met or not met."""

    OPEN = "open", "Open"
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
    WITHDRAWN = "withdrawn", "Withdrawn"


class OutcomeSource(models.TextChoices):
    """How the outcome was decided."""

    METRIC = "metric", "Computed from the metric"
    MANUAL = "manual", "Recorded by hand"
