"""Choices of the metric catalogue: role, how a metric adds up, comparisons, which way is good,
data source kinds."""

from django.db import models


class MetricRole(models.TextChoices):
    """Inputs are the controllable actions that move outputs; outputs are the results."""

    INPUT = "input", "Input"
    OUTPUT = "output", "Output"


class Aggregation(models.TextChoices):
    """How daily values add up to a week, a month or a year; a ratio divides period sums."""

    SUM = "sum", "Sum"
    MEAN = "mean", "Mean"
    MIN = "min", "Minimum"
    MAX = "max", "Maximum"
    FIRST = "first", "First value"
    LAST = "last", "Last value (a level)"
    COUNT = "count", "Count of days"
    RATIO = "ratio", "Ratio of two metrics"


class Comparison(models.TextChoices):
    """Week over week and year over year in percent, or in basis points for rates."""

    PERCENT = "percent", "Percent"
    BPS = "bps", "Basis points"


class Better(models.TextChoices):
    """Which way a metric should move; blank when neither way is better."""

    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class SourceKind(models.TextChoices):
    """A CSV file uploaded and stored in the analytical store, or a SQL query over it."""

    CSV = "csv", "CSV upload"
    SQL = "sql", "SQL query"
