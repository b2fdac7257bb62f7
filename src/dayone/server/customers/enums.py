"""Choices of the customers app."""

from __future__ import annotations

from django.db import models

from dayone.customers import CHANNELS, SEVERITIES


class Channel(models.TextChoices):
    """How the customer reached us (the engine's codes, with the labels people read)."""

    SUPPORT = "support", CHANNELS["support"]
    EMAIL = "email", CHANNELS["email"]
    REVIEW = "review", CHANNELS["review"]
    CALL = "call", CHANNELS["call"]
    SOCIAL = "social", CHANNELS["social"]
    SURVEY = "survey", CHANNELS["survey"]
    VISIT = "visit", CHANNELS["visit"]


class Severity(models.TextChoices):
    """How much it hurt the customer."""

    LOW = SEVERITIES[0], "Low"
    MEDIUM = SEVERITIES[1], "Medium"
    HIGH = SEVERITIES[2], "High"


class Source(models.TextChoices):
    """How an anecdote entered dayone."""

    CAPTURE = "capture", "Captured by hand"
    CSV = "csv", "CSV import"
    EMAIL = "email", "E-mail file"
    WEBHOOK = "webhook", "Webhook"
    DEMO = "demo", "Demo"


class AnswerKind(models.TextChoices):
    """How a metric's owner answers anecdotes that disagree with the metric."""

    MISSES = "misses", "The metric misses it"
    REDEFINED = "redefined", "The metric's definition changes"


class IdeaStatus(models.TextChoices):
    """Where an idea stands. Any yes makes it a yes; it is a no only when every leader asked
    said no, and the proposer may still take it to another leader or the next level up."""

    OPEN = "open", "Waiting for an answer"
    YES = "yes", "Yes"
    NO = "no", "No"
    MERGED = "merged", "Merged"


class AskVia(models.TextChoices):
    """How an idea reached a leader: the first ask, or another path after a no."""

    FIRST = "first", "First asked"
    ANOTHER = "another", "Another leader"
    UP = "up", "The next level up"


class IdeaAnswer(models.TextChoices):
    """A leader's answer to an idea."""

    YES = "yes", "Yes"
    NO = "no", "No"


class YesStarts(models.TextChoices):
    """What a yes starts: a PR/FAQ draft, or a Weblab experiment for a small reversible idea."""

    PRFAQ = "prfaq", "A PR/FAQ draft"
    EXPERIMENT = "experiment", "A Weblab experiment draft"
