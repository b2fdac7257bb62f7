"""Decisions: doors, options, stances, escalations, reviews, links, history, notifications.

Records are append-only where the mechanism says so: a stance is never changed, a newer stance
replaces it in the ledger; a decided decision is never edited, a new decision supersedes it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from typing_extensions import override

from dayone.server.core.links import check_link
from dayone.server.core.models import Versioned
from dayone.server.decisions.enums import (
    Door,
    EventKind,
    Outcome,
    SourceKind,
    StanceKind,
    Status,
    SupersedeKind,
)

INFORMATION_TARGET_PCT = 70
"""Decide with about 70% of the information you wish you had (2016 letter)."""


class DecisionSettings(models.Model):
    """How the company runs decisions. There is one row; admins edit it."""

    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="People who must weigh in on every one-way door before it is decided.",
    )
    information_target_pct = models.PositiveSmallIntegerField(
        default=INFORMATION_TARGET_PCT,
        validators=[MinValueValidator(10), MaxValueValidator(100)],
        help_text="Deciding with more information than this is flagged as slow.",
    )
    escalation_hours = models.PositiveSmallIntegerField(
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        help_text="Hours the leader has to resolve an escalation before it is overdue.",
    )
    exhaustion_rounds = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=(
            "Rounds (postponements and changed stances) after which an undecided decision is "
            "flagged as decision by exhaustion."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "decision settings"
        verbose_name_plural = "decision settings"

    @override
    def __str__(self) -> str:
        return "Decision settings"


class Decision(Versioned):
    """One question that needs a decision, who decides it, and, once made, what was decided.

    ``version`` grows with every edit while it is open, so a stale edit is refused."""

    question = models.CharField(max_length=200)
    context = models.TextField(blank=True)
    door = models.CharField(max_length=8, choices=Door.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    information_pct = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="How much of the information you wish you had is at hand, in percent.",
    )
    decide_by = models.DateField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions_proposed"
    )
    decider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions_to_make"
    )
    stakeholders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="decisions_as_stakeholder"
    )
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="decisions_to_review",
        help_text="The company's one-way-door reviewers when the decision was proposed.",
    )
    rounds = models.PositiveIntegerField(
        default=0, help_text="Postponements and changed stances while the decision was open."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True, db_index=True)
    chosen_option = models.ForeignKey(
        "decisions.Option", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rationale = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    supersede_kind = models.CharField(max_length=12, choices=SupersedeKind.choices, blank=True)
    kept_by_source = models.BooleanField(
        default=False,
        help_text=(
            "The decision records its source's outcome (a PR/FAQ review's go, iterate or not "
            "now): only a new outcome there reverses it, so the two always agree."
        ),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "decide_by"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(information_pct__lte=100), name="decision_information_pct_max"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.DECIDED)
                | models.Q(decided_at__isnull=False, chosen_option__isnull=False),
                name="decision_decided_has_choice",
            ),
            models.CheckConstraint(
                condition=models.Q(supersedes__isnull=True, supersede_kind="")
                | models.Q(supersedes__isnull=False) & ~models.Q(supersede_kind=""),
                name="decision_supersede_kind_with_link",
            ),
        ]

    @override
    def __str__(self) -> str:
        return self.question

    @property
    def is_open(self) -> bool:
        """Still waiting for its decider."""
        return self.status == Status.OPEN

    @property
    def is_one_way(self) -> bool:
        """A one-way door: the careful path."""
        return self.door == Door.ONE_WAY


class Option(models.Model):
    """One of the ways a decision can go, with its pros and cons."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200)
    pros = models.TextField(blank=True)
    cons = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "label"], name="option_unique_label")
        ]

    @override
    def __str__(self) -> str:
        return self.label


class Stance(models.Model):
    """What one stakeholder said, when. Never changed: a newer stance by the same person wins."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="stances")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decision_stances"
    )
    kind = models.CharField(max_length=16, choices=StanceKind.choices)
    objection = models.TextField(blank=True, help_text="What you disagree with, in writing.")
    commitment = models.TextField(blank=True, help_text="Your explicit commitment.")
    escalate_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=StanceKind.ESCALATE) | models.Q(escalate_to__isnull=False),
                name="stance_escalation_has_leader",
            )
        ]

    @override
    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"


class Escalation(models.Model):
    """True misalignment taken to a named leader, on a clock."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="escalations")
    stance = models.OneToOneField(Stance, on_delete=models.PROTECT, related_name="escalation")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decision_escalations"
    )
    reason = models.TextField()
    raised_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.TextField(blank=True)
    option = models.ForeignKey(
        "decisions.Option",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The option the leader ruled for; the decision follows it.",
    )

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True)
                | models.Q(resolved_by__isnull=False) & ~models.Q(resolution=""),
                name="escalation_resolved_with_note",
            )
        ]

    @override
    def __str__(self) -> str:
        return f"Escalation to {self.leader}: {self.decision}"

    @property
    def is_open(self) -> bool:
        """Waiting for the leader."""
        return self.resolved_at is None

    @property
    def is_overdue(self) -> bool:
        """Still open past its clock."""
        return self.resolved_at is None and self.due_at < timezone.now()


class Review(models.Model):
    """A look back at a decided decision: was it right?"""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    note = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    @override
    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.decision}"


class Link(models.Model):
    """Where a decision came from or what it is about in another part: a PR/FAQ, an experiment."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=12, choices=SourceKind.choices)
    ref = models.CharField(max_length=64, help_text="The identifier in the other part.")
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["kind", "ref"])]
        constraints = [
            models.UniqueConstraint(fields=["decision", "kind", "ref"], name="link_unique_source")
        ]

    @override
    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @override
    def clean(self) -> None:
        check_link(self.url, field="url")


class Event(models.Model):
    """One line of a decision's history: who did what, when. Append-only."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    summary = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    @override
    def __str__(self) -> str:
        return self.summary


class Notification(models.Model):
    """Something a person should know about a decision they are part of."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="decision_notifications"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    @override
    def __str__(self) -> str:
        return self.message
