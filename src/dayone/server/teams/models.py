"""Single-threaded teams: teams, members, metrics, dependencies, initiatives, principles.

Nothing here is deleted: people leave a team (``left_at``), dependencies and metrics are
removed with a date, and principles keep every revision.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from typing_extensions import override

from dayone.server.core.models import Versioned
from dayone.server.teams.enums import InitiativeStatus

DEFAULT_TWO_PIZZA_LIMIT = 10
DEFAULT_DEPENDENCY_LIMIT = 3


class OrgPolicy(models.Model):
    """The company's thresholds for the org view. There is one row, created on first use."""

    two_pizza_limit = models.PositiveSmallIntegerField(
        default=DEFAULT_TWO_PIZZA_LIMIT,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text="A team with more members than this is flagged as past two pizzas.",
    )
    dependency_limit = models.PositiveSmallIntegerField(
        default=DEFAULT_DEPENDENCY_LIMIT,
        validators=[MaxValueValidator(50)],
        help_text="A team that depends on more teams than this is flagged.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "org policy"
        verbose_name_plural = "org policy"

    @override
    def __str__(self) -> str:
        return f"two pizzas: {self.two_pizza_limit}, dependencies: {self.dependency_limit}"


class Team(Versioned):
    """A team that owns its area end to end, led by one person and measured by agreed metrics.

    ``version`` grows with every edit, so a stale edit is refused."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    mission = models.TextField(blank=True, help_text="What the team owns, in a sentence.")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams_led",
    )
    reports_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams_sponsored",
        help_text="The leadership team member this team reports to (empty for the top team).",
    )
    is_leadership = models.BooleanField(
        default=False,
        help_text="The leadership team (the S-Team): its goals list is the company's.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_leadership", "name"]

    @override
    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person on a team, from ``joined_at`` until ``left_at`` (kept after they leave)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=models.Q(left_at__isnull=True),
                name="org_membership_once_per_team",
            )
        ]

    @override
    def __str__(self) -> str:
        return f"{self.person} in {self.team}"


class TeamMetric(models.Model):
    """A metric that measures a team (its fitness function), named by its metric key."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="metrics")
    metric_key = models.CharField(max_length=80)
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "metric_key"],
                condition=models.Q(removed_at__isnull=True),
                name="org_team_metric_once",
            )
        ]

    @override
    def __str__(self) -> str:
        return f"{self.team}: {self.metric_key}"


class TeamDependency(models.Model):
    """``team`` needs ``depends_on`` to ship: the tax the org view counts."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="dependencies")
    depends_on = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="dependents")
    reason = models.CharField(max_length=200, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name_plural = "team dependencies"
        constraints = [
            models.UniqueConstraint(
                fields=["team", "depends_on"],
                condition=models.Q(removed_at__isnull=True),
                name="org_dependency_once",
            ),
            models.CheckConstraint(
                condition=~models.Q(team=models.F("depends_on")), name="org_dependency_not_self"
            ),
        ]

    @override
    def __str__(self) -> str:
        return f"{self.team} -> {self.depends_on}"


class Initiative(models.Model):
    """A major piece of work owned by one team, with exactly one single-threaded leader."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="initiatives")
    name = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives_led",
        help_text="The single-threaded leader: owns this initiative and does nothing else.",
    )
    leader_since = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="org_initiative_unique_name")
        ]

    @override
    def __str__(self) -> str:
        return self.name


class Principle(models.Model):
    """One of the company's leadership principles. Every edit is kept as a revision."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]

    @override
    def __str__(self) -> str:
        return self.name


class PrincipleRevision(models.Model):
    """A principle's name and description as they were after one edit (append-only)."""

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=80)
    description = models.TextField()
    note = models.CharField(max_length=200, blank=True, help_text="Why it changed.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["principle", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["principle", "number"], name="org_principle_revision_number"
            )
        ]

    @override
    def __str__(self) -> str:
        return f"{self.name} (revision {self.number})"
