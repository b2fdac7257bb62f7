"""The metric catalogue, its data sources, the history of every definition, and "the why".

A metric's definition is versioned: every change appends a :class:`MetricVersion` with who
changed what and when; versions are never edited. Commentary is written against a metric and a
week by the metric's owner (or an admin).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from typing_extensions import override

from dayone.server.core.models import Versioned
from dayone.server.wbr.enums import Aggregation, Better, Comparison, MetricRole, SourceKind

RATE_UNIT = "rate"


class Section(models.Model):
    """A group of metrics in the deck; sections follow the customer journey, in ``position``."""

    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveIntegerField(default=0)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]

    @override
    def __str__(self) -> str:
        return self.name


class DataSource(models.Model):
    """Daily data for metrics: an uploaded CSV kept in the analytical store, or a SQL query.

    ``columns`` lists the data columns (without the date); ``data_version`` grows with every
    upload or query change so cached decks are recomputed.
    """

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        help_text="The table name in SQL: lower case letters, digits and underscores.",
    )
    kind = models.CharField(max_length=3, choices=SourceKind.choices)
    query = models.TextField(blank=True, help_text="SQL sources: one SELECT with a date column.")
    file_name = models.CharField(max_length=255, blank=True)
    columns = models.JSONField(default=list)
    row_count = models.PositiveIntegerField(default=0)
    first_date = models.DateField(null=True, blank=True)
    last_date = models.DateField(null=True, blank=True)
    data_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    @override
    def __str__(self) -> str:
        return self.name


class Metric(Versioned):
    """One metric of the catalogue: what it means, who owns it, how it is computed.

    A metric in a section is shown in the deck; one without a section is in the catalogue only
    (a numerator or denominator, for example).
    """

    key = models.SlugField(
        max_length=80, unique=True, help_text="Lower case, as teams and goals name it."
    )
    name = models.CharField(max_length=120)
    definition = models.TextField(help_text="Exactly what is counted, and how.")
    unit = models.CharField(
        max_length=20,
        default="count",
        help_text="What it counts (orders, USD, hours); rate for a share between 0 and 1.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="metrics_owned"
    )
    role = models.CharField(max_length=6, choices=MetricRole.choices, default=MetricRole.OUTPUT)
    controllable = models.BooleanField(default=False)
    drives = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="driven_by",
        help_text="For an input: the outputs it moves.",
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="metrics"
    )
    position = models.PositiveIntegerField(default=0)
    source = models.ForeignKey(
        DataSource, null=True, blank=True, on_delete=models.PROTECT, related_name="metrics"
    )
    column = models.CharField(max_length=120, blank=True)
    aggregation = models.CharField(
        max_length=6, choices=Aggregation.choices, default=Aggregation.SUM
    )
    numerator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_column = models.CharField(
        max_length=120, blank=True, help_text="A plan column of the same data source."
    )
    comparison = models.CharField(
        max_length=7, choices=Comparison.choices, default=Comparison.PERCENT
    )
    better = models.CharField(
        max_length=6,
        choices=Better.choices,
        blank=True,
        help_text="Which way is good: the deck colours a change green or red by it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["section__position", "position", "key"]

    @override
    def __str__(self) -> str:
        return self.name

    @property
    def is_rate(self) -> bool:
        """A share between 0 and 1, shown as a percentage."""
        return self.unit == RATE_UNIT

    @property
    def is_ratio(self) -> bool:
        """Computed from two other metrics."""
        return self.aggregation == Aggregation.RATIO


class MetricVersion(models.Model):
    """One version of a metric's definition: the whole definition, what changed, who, when."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    definition = models.JSONField(help_text="Every definition field as it stood.")
    changes = models.JSONField(default=dict, help_text="field: [before, after]")
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["metric", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["metric", "number"], name="metrics_version_unique")
        ]

    @override
    def __str__(self) -> str:
        return f"{self.metric} v{self.number}"


class Commentary(models.Model):
    """ "The why" for a metric and a week, written by the metric's owner."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="commentary")
    week_ending = models.DateField()
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week_ending", "metric"]
        verbose_name_plural = "commentary"
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "week_ending"], name="metrics_commentary_unique"
            )
        ]

    @override
    def __str__(self) -> str:
        return f"{self.metric} · week ending {self.week_ending:%d %b %Y}"
