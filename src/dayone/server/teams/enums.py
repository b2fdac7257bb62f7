"""Choices of the organisation: initiative states and the kinds of warning the org view raises."""

from django.db import models


class InitiativeStatus(models.TextChoices):
    """Where an initiative stands. Only active initiatives need a single-threaded leader."""

    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    DONE = "done", "Done"


class WarningKind(models.TextChoices):
    """What the org view flags."""

    TOO_LARGE = "too_large", "Past two pizzas"
    NO_METRIC = "no_metric", "No metric"
    NO_LEADER = "no_leader", "No leader"
    TOO_MANY_DEPENDENCIES = "too_many_dependencies", "Too many dependencies"
    NO_STL = "no_stl", "No single-threaded leader"
    STL_SPREAD = "stl_spread", "Leader spread thin"
