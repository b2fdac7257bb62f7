"""Experiments (Weblab): what is tested, on whom, measured how, and what was learned.

An experiment goes draft -> running -> stopped -> concluded. Its definition (variants, weights,
coverage, targeting, layer, metrics) is fixed once it starts, so every unit keeps its variant.
Exposures and events live in the analytical store, not here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from typing_extensions import override

from dayone.server.core.links import check_link
from dayone.server.core.models import Versioned
from dayone.server.weblab.enums import (
    Aggregate,
    Conclusion,
    Correction,
    Engine,
    ExperimentMetricRole,
    ExperimentStatus,
    MetricKind,
    Result,
    SourceKind,
)

DEFAULT_EVENTS_TABLE = "weblab_events"


class Experiment(Versioned):
    """One experiment: its hypothesis, variants, audience, metrics, lifecycle and learning.

    ``version`` grows with every edit of a draft, so a stale edit is refused."""

    key = models.SlugField(
        max_length=80, unique=True, help_text="The id clients assign with; the hash seed."
    )
    name = models.CharField(max_length=200)
    hypothesis = models.TextField(help_text="What we believe, and what result would show it.")
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices, blank=True)
    source_ref = models.CharField(max_length=200, blank=True)
    source_title = models.CharField(max_length=200, blank=True)
    source_url = models.CharField(max_length=500, blank=True)
    variants = models.JSONField(default=list, help_text="Variant names, the control first.")
    weights = models.JSONField(default=list, help_text="One weight per variant, summing to 1.")
    coverage = models.FloatField(
        default=1.0, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    targeting = models.JSONField(default=dict, blank=True)
    layer = models.CharField(max_length=80, blank=True)
    layer_start = models.FloatField(default=0.0)
    layer_end = models.FloatField(default=1.0)
    events_table = models.CharField(max_length=120, default=DEFAULT_EVENTS_TABLE)
    pre_period_days = models.PositiveSmallIntegerField(default=0)
    dimension = models.CharField(max_length=63, blank=True)
    engine = models.CharField(max_length=12, choices=Engine.choices, default=Engine.FREQUENTIST)
    correction = models.CharField(max_length=5, choices=Correction.choices, default=Correction.HOLM)
    alpha = models.FloatField(default=0.05)
    planned_units = models.PositiveIntegerField(
        null=True, blank=True, help_text="Units (all variants) the test is read at, once."
    )
    planned_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Days the test runs before it is read, once."
    )
    planned_lift = models.FloatField(
        null=True, blank=True, help_text="The relative lift the plan detects 80% of the time."
    )
    team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="experiments"
    )
    wbr_metric_key = models.CharField(max_length=80, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experiments_owned",
    )
    status = models.CharField(
        max_length=10, choices=ExperimentStatus.choices, default=ExperimentStatus.DRAFT
    )
    started_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    conclusion = models.CharField(max_length=8, choices=Conclusion.choices, blank=True)
    result = models.CharField(max_length=5, choices=Result.choices, blank=True)
    learning = models.TextField(blank=True)
    ship_override = models.TextField(
        blank=True,
        help_text="Why it shipped despite what stood in the way (kept with the learning).",
    )
    ship_blockers = models.JSONField(
        default=list, blank=True, help_text="What stood in the way of shipping when it shipped."
    )
    decision = models.ForeignKey(
        "decisions.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experiments",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "started_at"]),
            models.Index(fields=["layer"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(coverage__gte=0.0, coverage__lte=1.0),
                name="weblab_experiment_coverage_range",
            )
        ]

    @override
    def __str__(self) -> str:
        return self.name

    @override
    def clean(self) -> None:
        check_link(self.source_url, field="source_url")


class ExperimentMetric(models.Model):
    """A metric over the experiment's event table, computed per unit after first exposure."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="metrics")
    role = models.CharField(max_length=10, choices=ExperimentMetricRole.choices)
    key = models.SlugField(max_length=63)
    kind = models.CharField(max_length=8, choices=MetricKind.choices)
    column = models.CharField(max_length=63, blank=True, help_text="Summed for mean metrics.")
    where = models.JSONField(
        default=dict, blank=True, help_text="Keep events whose columns equal these values."
    )
    denominator_aggregate = models.CharField(max_length=5, choices=Aggregate.choices, blank=True)
    denominator_column = models.CharField(max_length=63, blank=True)
    denominator_where = models.JSONField(default=dict, blank=True)
    cuped = models.BooleanField(default=False, help_text="Adjust by the pre-period (CUPED).")
    inverse = models.BooleanField(default=False, help_text="Lower is better.")
    guardrail_margin = models.FloatField(
        default=0.0, help_text="Tolerated harm on a guardrail, as a relative change (0.01 = 1%)."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["experiment", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "key"], name="weblab_metric_unique_key")
        ]

    @override
    def __str__(self) -> str:
        return f"{self.key} ({self.get_role_display().lower()})"
