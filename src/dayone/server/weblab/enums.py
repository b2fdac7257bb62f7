"""Choices of experiments: lifecycle, metric roles and kinds, engines, corrections, outcomes."""

from django.db import models


class ExperimentStatus(models.TextChoices):
    """Where an experiment is: draft, then running, stopped and concluded, in that order."""

    DRAFT = "draft", "Draft"
    RUNNING = "running", "Running"
    STOPPED = "stopped", "Stopped"
    CONCLUDED = "concluded", "Concluded"


class ExperimentMetricRole(models.TextChoices):
    """What a metric is for: the one the decision rests on, others to learn from, or guards."""

    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    GUARDRAIL = "guardrail", "Guardrail"


class MetricKind(models.TextChoices):
    """How a metric is computed per unit from the events after its first exposure."""

    BINOMIAL = "binomial", "Share of units with an event (conversion)"
    COUNT = "count", "Events per unit"
    MEAN = "mean", "Sum of a column per unit"
    RATIO = "ratio", "Ratio of two sums (delta method)"


class Aggregate(models.TextChoices):
    """A ratio's denominator: a sum of a column, a count of events, or any event."""

    SUM = "sum", "Sum of a column"
    COUNT = "count", "Count of events"
    ANY = "any", "Any event (0 or 1)"


class Engine(models.TextChoices):
    """How results are read."""

    FREQUENTIST = "frequentist", "Frequentist (fixed horizon)"
    SEQUENTIAL = "sequential", "Sequential (always-valid intervals)"
    BAYESIAN = "bayesian", "Bayesian (chance to beat control, risk)"


class Correction(models.TextChoices):
    """How p-values are corrected for many metrics and variants."""

    NONE = "none", "None"
    HOLM = "holm", "Holm (family-wise error)"
    BH = "bh", "Benjamini-Hochberg (false discovery rate)"


class Conclusion(models.TextChoices):
    """What was decided at the end of an experiment."""

    SHIP = "ship", "Ship"
    ITERATE = "iterate", "Iterate"
    STOP = "stop", "Stop"


class Result(models.TextChoices):
    """How the primary metric came out: won, lost or flat."""

    WON = "won", "Won"
    LOST = "lost", "Lost"
    FLAT = "flat", "Flat"


class SourceKind(models.TextChoices):
    """Where the hypothesis comes from."""

    PRFAQ = "prfaq", "PR/FAQ"
    IDEA = "idea", "Idea"
    OTHER = "other", "Other"
