from django.contrib import admin

from dayone.server.teams.models import (
    Initiative,
    Membership,
    OrgPolicy,
    Principle,
    PrincipleRevision,
    Team,
    TeamDependency,
    TeamMetric,
)


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0


class TeamMetricInline(admin.TabularInline):  # type: ignore[type-arg]
    model = TeamMetric
    extra = 0


class TeamDependencyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = TeamDependency
    fk_name = "team"
    extra = 0


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "leader", "reports_to", "is_leadership", "archived_at")
    search_fields = ("name", "slug")
    inlines = (MembershipInline, TeamMetricInline, TeamDependencyInline)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "team", "leader", "status")
    list_filter = ("status", "team")


class PrincipleRevisionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PrincipleRevision
    extra = 0
    readonly_fields = ("number", "name", "description", "note", "author", "created_at")


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("position", "name", "is_active", "updated_at")
    list_display_links = ("name",)
    inlines = (PrincipleRevisionInline,)


admin.site.register(OrgPolicy)
