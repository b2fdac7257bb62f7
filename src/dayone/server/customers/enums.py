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
