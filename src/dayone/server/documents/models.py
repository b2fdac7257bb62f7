"""Documents: PR/FAQs and six-page narratives, their versions, reviews and comments.

Versions are append-only: every save adds one, based on the version the writer started from.
A save based on an older version is refused and kept as a conflict draft, never dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from typing_extensions import override

if TYPE_CHECKING:
    from dayone.server.core.models import User

from dayone.server.documents.enums import (
    CommentState,
    DocumentKind,
    DocumentStatus,
    ReviewOutcome,
)

DEFAULT_READING_MINUTES = 20
"""Silent reading at the start of a review: about 20 to 30 minutes."""


class Document(models.Model):
    """A PR/FAQ or a narrative: title, owner, team, status and its latest version."""

    kind = models.CharField(max_length=12, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="documents_owned"
    )
    team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    status = models.CharField(
        max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    head = models.ForeignKey(
        "DocumentVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The latest version.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    @override
    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One saved version (append-only): the Markdown, the PR/FAQ parts, and what it was based on."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    based_on = models.PositiveIntegerField(
        null=True, blank=True, help_text="The version the writer started from."
    )
    body = models.TextField(help_text="The Markdown, as it prints.")
    parts = models.JSONField(
        null=True, blank=True, help_text="A PR/FAQ's parts; empty for narratives."
    )
    note = models.CharField(max_length=200, blank=True, help_text="What changed.")
    pages = models.PositiveIntegerField(default=0, help_text="Measured pages, as it prints.")
    findings = models.PositiveIntegerField(default=0, help_text="Linter findings when saved.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="doc_version_unique")
        ]

    @override
    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class ConflictDraft(models.Model):
    """A save refused because someone else saved first: kept until its writer takes it up."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="conflicts")
    based_on = models.PositiveIntegerField(help_text="The version the writer started from.")
    head_number = models.PositiveIntegerField(help_text="The latest version when it was refused.")
    title = models.CharField(max_length=200)
    body = models.TextField()
    parts = models.JSONField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_conflicts"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was taken up or discarded."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    @override
    def __str__(self) -> str:
        return f"Conflict draft of {self.document} (from v{self.based_on})"


class Review(models.Model):
    """A review meeting: silent reading first, then discussion, then an outcome."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(DocumentVersion, on_delete=models.PROTECT, related_name="reviews")
    scheduled_for = models.DateTimeField()
    reading_minutes = models.PositiveIntegerField(default=DEFAULT_READING_MINUTES)
    readers: models.ManyToManyField[User, ReviewReader] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ReviewReader", related_name="document_reviews"
    )
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    waivers = models.JSONField(
        default=dict,
        blank=True,
        help_text="Open items a go went ahead with, by item, each with its reason.",
    )
    decision = models.ForeignKey(
        "decisions.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-scheduled_for", "-pk"]

    @override
    def __str__(self) -> str:
        return f"Review of {self.document} on {self.scheduled_for:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        """A review is open until it ends in an outcome."""
        return not self.outcome


class ReviewReader(models.Model):
    """A reader of a review: when they started reading, and when they were done."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reader_rows")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "reader"], name="doc_review_reader_unique")
        ]

    @override
    def __str__(self) -> str:
        return f"{self.reader} reading {self.review}"


class Comment(models.Model):
    """A comment anchored to a passage (section and quoted text) of one version."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="comments")
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    section = models.CharField(max_length=200, blank=True)
    quote = models.TextField(blank=True, help_text="The passage the comment is about.")
    body = models.TextField()
    state = models.CharField(max_length=10, choices=CommentState.choices, default=CommentState.OPEN)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_comments"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["document", "state"])]

    @override
    def __str__(self) -> str:
        return self.body if len(self.body) <= 60 else self.body[:59] + "…"
