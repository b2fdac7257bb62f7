from __future__ import annotations

from django.contrib import admin

from dayone.server.core.admin_base import ReadOnlyAdmin, ReadOnlyInline
from dayone.server.goals.models import Goal, GoalReview


class GoalReviewInline(ReadOnlyInline):
    model = GoalReview


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    """Goals are set, reviewed and closed on their pages, where the goal rules are checked."""

    list_display = ("__str__", "owner", "team", "due_on", "elevated", "outcome")
    list_filter = ("outcome", "elevated", "kind", "team")
    search_fields = ("text",)
    inlines = (GoalReviewInline,)


@admin.register(GoalReview)
class GoalReviewAdmin(ReadOnlyAdmin):
    """Reviews are append-only: a later review corrects an earlier one."""

    list_display = ("goal", "status", "reviewed_on", "author")
    list_filter = ("status",)
