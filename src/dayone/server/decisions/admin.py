from __future__ import annotations

from typing import Any

from django.contrib import admin
from typing_extensions import override

from dayone.server.core.admin_base import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin
from dayone.server.core.models import User
from dayone.server.decisions import services
from dayone.server.decisions.models import (
    Decision,
    DecisionSettings,
    Escalation,
    Event,
    Link,
    Option,
    Review,
    Stance,
)


class OptionInline(ReadOnlyInline):
    model = Option


class StanceInline(ReadOnlyInline):
    model = Stance
    fk_name = "decision"


class LinkInline(ReadOnlyInline):
    model = Link


class EventInline(ReadOnlyInline):
    model = Event


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    """A decided decision is never edited: a new decision supersedes it, on its page."""

    list_display = ("question", "door", "status", "decider", "decide_by", "decided_at")
    list_filter = ("door", "status")
    search_fields = ("question",)
    inlines = (OptionInline, StanceInline, LinkInline, EventInline)


@admin.register(Stance)
class StanceAdmin(ReadOnlyAdmin):
    """Stances are never changed: a newer stance by the same person replaces it in the ledger."""

    list_display = ("decision", "person", "kind", "created_at")
    list_filter = ("kind",)


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    """An escalation is resolved by its leader on the decision's page, and binds the decision."""

    list_display = ("decision", "leader", "raised_at", "due_at", "resolved_at")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("decision", "outcome", "author", "created_at")
    list_filter = ("outcome",)


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("at", "decision", "kind", "summary")
    list_filter = ("kind",)


@admin.register(DecisionSettings)
class DecisionSettingsAdmin(ServiceAdmin):
    filter_horizontal = ("reviewers",)

    @override
    def service_save(self, *, actor: User, stored: Any, values: dict[str, Any]) -> None:
        services.decision_settings_update(
            actor=actor,
            reviewers=values["reviewers"],
            information_target_pct=values["information_target_pct"],
            escalation_hours=values["escalation_hours"],
            exhaustion_rounds=values["exhaustion_rounds"],
        )
