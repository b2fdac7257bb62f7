from __future__ import annotations

from typing import Any

from django.contrib import admin
from typing_extensions import override

from dayone.server.core.admin_base import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin
from dayone.server.core.models import User
from dayone.server.teams import services
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


class MembershipInline(ReadOnlyInline):
    model = Membership


class TeamMetricInline(ReadOnlyInline):
    model = TeamMetric


class TeamDependencyInline(ReadOnlyInline):
    model = TeamDependency
    fk_name = "team"


@admin.register(Team)
class TeamAdmin(ServiceAdmin):
    """Members, metrics and dependencies are dated rows kept by the team's page."""

    list_display = ("name", "leader", "reports_to", "is_leadership", "archived_at")
    search_fields = ("name", "slug")
    fields = ("name", "mission", "leader", "reports_to", "is_leadership")
    inlines = (MembershipInline, TeamMetricInline, TeamDependencyInline)

    @override
    def service_save(self, *, actor: User, stored: Any, values: dict[str, Any]) -> None:
        services.team_update(
            actor=actor,
            team=stored,
            name=values["name"],
            mission=values["mission"],
            leader=values["leader"],
            reports_to=values["reports_to"],
            is_leadership=values["is_leadership"],
        )


@admin.register(Initiative)
class InitiativeAdmin(ServiceAdmin):
    """Its single-threaded leader is named and handed over on the initiative's page."""

    list_display = ("name", "team", "leader", "status")
    list_filter = ("status", "team")
    fields = ("team", "name", "description", "status", "leader", "leader_since")
    readonly_fields = ("team", "leader", "leader_since")

    @override
    def service_save(self, *, actor: User, stored: Any, values: dict[str, Any]) -> None:
        services.initiative_update(
            actor=actor,
            initiative=stored,
            name=values["name"],
            description=values["description"],
            status=values["status"],
        )


class PrincipleRevisionInline(ReadOnlyInline):
    model = PrincipleRevision
    fields = ("number", "name", "description", "note", "author", "created_at")
    readonly_fields = fields


@admin.register(PrincipleRevision)
class PrincipleRevisionAdmin(ReadOnlyAdmin):
    list_display = ("principle", "number", "author", "created_at")


@admin.register(Principle)
class PrincipleAdmin(ServiceAdmin):
    """An edit here is a new revision, as on the principles page."""

    list_display = ("position", "name", "is_active", "updated_at")
    list_display_links = ("name",)
    fields = ("name", "description", "is_active")
    inlines = (PrincipleRevisionInline,)

    @override
    def service_save(self, *, actor: User, stored: Any, values: dict[str, Any]) -> None:
        services.principle_update(
            actor=actor,
            principle=stored,
            name=values["name"],
            description=values["description"],
            is_active=values["is_active"],
            note="Changed in the admin.",
        )


@admin.register(OrgPolicy)
class OrgPolicyAdmin(ServiceAdmin):
    @override
    def service_save(self, *, actor: User, stored: Any, values: dict[str, Any]) -> None:
        services.org_policy_update(
            actor=actor,
            two_pizza_limit=values["two_pizza_limit"],
            dependency_limit=values["dependency_limit"],
        )
