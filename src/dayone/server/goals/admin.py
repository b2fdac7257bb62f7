from django.contrib import admin

from dayone.server.goals.models import Goal, GoalReview


class GoalReviewInline(admin.TabularInline):  # type: ignore[type-arg]
    model = GoalReview
    extra = 0


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "owner", "team", "due_on", "elevated", "outcome")
    list_filter = ("outcome", "elevated", "kind", "team")
    search_fields = ("text",)
    inlines = (GoalReviewInline,)
