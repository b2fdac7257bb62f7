"""People, the organisation, API tokens and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from typing_extensions import override

from dayone.server.core.enums import Role


class User(AbstractUser):
    """A person who signs in. ``role`` decides what they may do across every part."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    title = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    @override
    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def can_write(self) -> bool:
        """Admins and members write; viewers only read."""
        return self.is_active and self.role in {Role.ADMIN, Role.MEMBER}

    @property
    def is_admin(self) -> bool:
        """Admins manage people, tokens and settings."""
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)


class Versioned(models.Model):
    """A row edited by people who may edit it at the same time: ``version`` grows with every
    edit, and an edit names the version it was made from (``core.versions``)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Organization(models.Model):
    """The company dayone runs for. There is one row."""

    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Loaded by 'dayone demo'.")
    created_at = models.DateTimeField(auto_now_add=True)

    @override
    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a SHA-256 digest of the token is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80)
    prefix = models.CharField(
        max_length=12, help_text="The first characters, to recognise a token."
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="api_token_unique_active_name",
            )
        ]

    @override
    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}...)"


class AuditEntry(models.Model):
    """One write through a service: who did what to which object, when, with before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, help_text="Kept if the actor is later removed.")
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=200)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name_plural = "audit entries"

    @override
    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.target_repr}"


class TableWrite(models.Model):
    """The mark a table got at its last write (``core.readcache``): what a worker drew from the
    table is used again while the table keeps that mark."""

    name = models.CharField(max_length=128, primary_key=True)
    mark = models.BigIntegerField()

    @override
    def __str__(self) -> str:
        return f"{self.name}: {self.mark}"
