"""Choices of documents: kind, status, review outcome and comment state."""

from django.db import models


class DocumentKind(models.TextChoices):
    """A PR/FAQ (structured, Working Backwards) or a six-page narrative (free Markdown)."""

    PRFAQ = "prfaq", "PR/FAQ"
    NARRATIVE = "narrative", "Narrative"


class DocumentStatus(models.TextChoices):
    """Where a document stands: most PR/FAQs never ship, and that is the point."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    NOT_NOW = "not_now", "Not now"
    SHIPPED = "shipped", "Shipped"


class ReviewOutcome(models.TextChoices):
    """How a review meeting ends: go, another round, or not now."""

    GO = "go", "Go"
    ITERATE = "iterate", "Iterate"
    NOT_NOW = "not_now", "Not now"


class CommentState(models.TextChoices):
    """An open comment is resolved in a later version, or carried to it."""

    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    CARRIED = "carried", "Carried to a later version"
