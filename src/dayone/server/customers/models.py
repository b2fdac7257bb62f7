"""Customer anecdotes, the themes they are grouped into, and ideas that start from them.

An anecdote is what one customer said or did, verbatim, with where it came from. Themes group
anecdotes by meaning; a theme a person renamed, merged or split is ``kept``: regrouping leaves its
members alone, as it leaves anecdotes a person moved (``pinned``).
"""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.db import models
from django.utils import timezone
from typing_extensions import override

from dayone.customers import DIMENSIONS, MAX_TEXT
from dayone.server.customers.enums import (
    AnswerKind,
    AskVia,
    Channel,
    IdeaAnswer,
    IdeaStatus,
    Severity,
    Source,
    YesStarts,
)


def vector_bytes(vector: np.ndarray) -> bytes:
    """A unit vector as stored: float32 bytes."""
    return np.asarray(vector, dtype=np.float32).tobytes()


def vector_from(raw: bytes | memoryview | None) -> np.ndarray:
    """The stored float32 bytes as a vector (zeros when none is stored)."""
    if not raw:
        return np.zeros(DIMENSIONS, dtype=np.float32)
    return np.frombuffer(bytes(raw), dtype=np.float32, count=DIMENSIONS)


class Theme(models.Model):
    """A group of anecdotes that mean the same thing, with a readable label."""

    label = models.CharField(max_length=200)
    kept = models.BooleanField(
        default=False, help_text="Renamed, merged or split by a person: regrouping keeps it."
    )
    centroid = models.BinaryField(editable=False, help_text="The mean of its anecdotes' vectors.")
    metrics = models.ManyToManyField(
        "metrics.Metric",
        blank=True,
        related_name="customer_themes",
        help_text="The WBR metrics that should move with this theme.",
    )
    team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="themes"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label", "pk"]

    @override
    def __str__(self) -> str:
        return self.label


class Anecdote(models.Model):
    """What one customer said or did, verbatim, and where it came from."""

    text = models.TextField(max_length=MAX_TEXT)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    said_on = models.DateField(help_text="When the customer said or did it.")
    customer_ref = models.CharField(
        max_length=200, blank=True, help_text="A pseudonymous customer reference, never a name."
    )
    segment = models.CharField(max_length=200, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, blank=True)
    product_area = models.CharField(max_length=200, blank=True)
    metrics = models.ManyToManyField(
        "metrics.Metric", blank=True, related_name="anecdotes", help_text="The metrics it concerns."
    )
    external_id = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.CAPTURE)
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="anecdotes"
    )
    pinned = models.BooleanField(
        default=False, help_text="Moved to its theme by a person: regrouping keeps it there."
    )
    vector = models.BinaryField(null=True, editable=False)
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-said_on", "-pk"]
        indexes = [models.Index(fields=["theme", "said_on"]), models.Index(fields=["said_on"])]

    @override
    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class AnecdoteImport(models.Model):
    """One import of anecdotes (a file or a webhook call): what came in, what was new."""

    source = models.CharField(max_length=10, choices=Source.choices)
    name = models.CharField(max_length=300, help_text="The file name, or the caller.")
    received = models.PositiveIntegerField()
    created = models.PositiveIntegerField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    @override
    def __str__(self) -> str:
        return f"{self.name}: {self.created} of {self.received} new"


class IntakeSettings(models.Model):
    """The company's intake choices (one row)."""

    redact = models.BooleanField(
        default=True,
        help_text="Replace e-mail addresses, phone numbers and card numbers in anecdote text.",
    )

    @override
    def __str__(self) -> str:
        return "redact personal data" if self.redact else "keep text as written"


class ThemeRegrouping(models.Model):
    """One regrouping of every anecdote into themes: who started it, and what moved."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anecdotes = models.PositiveIntegerField()
    moved = models.PositiveIntegerField()
    themes = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    @override
    def __str__(self) -> str:
        return f"{self.anecdotes} anecdotes in {self.themes} themes, {self.moved} moved"


class Escalation(models.Model):
    """A "?" on an anecdote: a leader forwards it to an owner, who has a number of hours to
    find the root cause, fix it and prevent it, and say so in writing to close it."""

    anecdote = models.ForeignKey(Anecdote, on_delete=models.CASCADE, related_name="escalations")
    question = models.TextField(
        max_length=2000, default="?", help_text="What the leader asks; a bare '?' is enough."
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="customer_escalations"
    )
    hours = models.PositiveIntegerField(help_text="How many hours the owner has to close it.")
    due_at = models.DateTimeField()
    root_cause = models.TextField(blank=True)
    fix = models.TextField(blank=True)
    prevention = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["closed_at", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gte=1), name="customer_escalation_hours_positive"
            )
        ]

    @override
    def __str__(self) -> str:
        return f"? on anecdote {self.anecdote_id} for {self.owner_id}"

    @property
    def is_open(self) -> bool:
        """Not closed yet."""
        return self.closed_at is None


class DisagreementAnswer(models.Model):
    """A metric owner's written answer to a theme whose anecdotes rose while the metric looked
    fine: why the metric misses it, or the change to its definition (kept in its history)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="answers")
    metric = models.ForeignKey(
        "metrics.Metric", on_delete=models.CASCADE, related_name="disagreement_answers"
    )
    week_ending = models.DateField(help_text="The week the theme's rise was a signal.")
    kind = models.CharField(max_length=10, choices=AnswerKind.choices)
    text = models.TextField(max_length=4000)
    metric_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The metric's version after a definition change."
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week_ending", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "metric", "week_ending"], name="customer_answer_once_a_week"
            )
        ]

    @override
    def __str__(self) -> str:
        return f"{self.metric_id} on theme {self.theme_id}, week ending {self.week_ending}"


class Idea(models.Model):
    """An idea that starts from the customer: who they are, their problem and how we know,
    with anecdotes as evidence. Leaders are asked; any yes makes it a yes."""

    title = models.CharField(max_length=200)
    customer = models.TextField(max_length=1000, help_text="Who the customer is.")
    problem = models.TextField(max_length=4000, help_text="The problem as the customer lives it.")
    evidence = models.TextField(max_length=4000, help_text="How we know.")
    anecdotes = models.ManyToManyField(Anecdote, blank=True, related_name="ideas")
    small = models.BooleanField(
        default=False,
        help_text="Small and reversible (a two-way door): a yes starts a Weblab experiment.",
    )
    team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="customer_ideas"
    )
    status = models.CharField(max_length=10, choices=IdeaStatus.choices, default=IdeaStatus.OPEN)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        help_text="The PR/FAQ its yes started.",
    )
    experiment = models.ForeignKey(
        "weblab.Experiment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
        help_text="The Weblab experiment its yes started.",
    )
    vector = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status_changed_at"]),
        ]

    @override
    def __str__(self) -> str:
        return self.title


class IdeaAsk(models.Model):
    """One path to a yes: a leader asked about an idea, and their answer (a no in writing)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="asks")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="customer_idea_asks"
    )
    via = models.CharField(max_length=10, choices=AskVia.choices, default=AskVia.FIRST)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(max_length=4, choices=IdeaAnswer.choices, blank=True)
    reason = models.TextField(max_length=4000, blank=True, help_text="Why: required for a no.")
    starts = models.CharField(max_length=12, choices=YesStarts.choices, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "leader"], name="customer_idea_ask_once")
        ]

    @override
    def __str__(self) -> str:
        return f"{self.idea_id} asked of {self.leader_id}: {self.answer or 'waiting'}"


class IdeaVote(models.Model):
    """One person's vote for an idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_idea_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "voter"], name="customer_idea_vote_once")
        ]

    @override
    def __str__(self) -> str:
        return f"{self.voter_id} for {self.idea_id}"


class IdeaComment(models.Model):
    """A comment on an idea (merging keeps it, on the idea merged into)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    @override
    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"
