"""S-Team-style goals and their reviews.

A goal is specific, measurable, owned by one person and dated; it is met or not met. Reviews are
append-only: a wrong review is corrected by a later one, never edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from typing_extensions import override

from dayone.server.core.models import Versioned
from dayone.server.goals.enums import Direction, GoalKind, Outcome, OutcomeSource, ReviewStatus

REVIEW_INTERVAL_DAYS = 31
"""Goals are reviewed monthly; a goal whose last review is older than this is due."""


class Goal(Versioned):
    """A goal: text, owner, team, due date, the metric and target it is measured by.

    ``version`` grows with every edit, so a stale edit is refused."""

    text = models.TextField(help_text="What will be true by the due date, with a number.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="goals_owned"
    )
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="goals")
    starts_on = models.DateField(help_text="Where measurement starts (sums count from here).")
    due_on = models.DateField()
    metric_key = models.CharField(
        max_length=80, blank=True, help_text="The metric the goal is measured by."
    )
    target = models.FloatField(null=True, blank=True)
    judged_by = models.TextField(
        blank=True,
        help_text="Without a metric: how the goal is judged met or not met at the due date.",
    )
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    kind = models.CharField(max_length=8, choices=GoalKind.choices, default=GoalKind.INPUT)
    elevated = models.BooleanField(
        default=False, help_text="On the leadership team's list (a small share of all goals)."
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    outcome_source = models.CharField(max_length=8, choices=OutcomeSource.choices, blank=True)
    outcome_value = models.FloatField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["outcome", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("starts_on")),
                name="goals_goal_due_after_start",
            )
        ]

    @override
    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"

    @property
    def is_past_due(self) -> bool:
        """Open after its due date: nobody has closed it as met or not met."""
        return self.outcome == Outcome.OPEN and self.due_on < timezone.localdate()


class GoalReview(models.Model):
    """One scheduled review: green, yellow or red, with a note; append-only."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField(max_length=6, choices=ReviewStatus.choices)
    reviewed_on = models.DateField()
    note = models.TextField(help_text="Where the goal stands, with numbers.")
    plan = models.TextField(
        blank=True, help_text="Yellow: the mitigation. Red: the plan. Required for both."
    )
    jump_explanation = models.TextField(
        blank=True, help_text="Required when the goal goes from green straight to red."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["goal", "reviewed_on", "pk"]
        indexes = [models.Index(fields=["goal", "reviewed_on"])]

    @override
    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.reviewed_on:%d %b %Y}"
