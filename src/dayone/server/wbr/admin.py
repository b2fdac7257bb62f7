from __future__ import annotations

from typing import Any

from django.contrib import admin
from typing_extensions import override

from dayone.server.core.admin_base import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin
from dayone.server.core.models import User
from dayone.server.wbr import services
from dayone.server.wbr.models import Commentary, DataSource, Metric, MetricVersion, Section


class MetricVersionInline(ReadOnlyInline):
    model = MetricVersion
    fields = ("number", "changed_at", "changed_by", "note", "changes", "definition")
    readonly_fields = fields


@admin.register(Metric)
class MetricAdmin(ServiceAdmin):
    """A change of definition here is a new version, as in the catalogue."""

    list_display = ("key", "name", "owner", "role", "section", "version")
    list_filter = ("role", "section", "source")
    search_fields = ("key", "name", "definition")
    readonly_fields = ("key", "version")
    inlines = (MetricVersionInline,)

    @override
    def service_save(self, *, actor: User, stored: Any, values: dict[str, Any]) -> None:
        editable = {*services.DEFINITION_FIELDS, *services.LAYOUT_FIELDS, "drives"}
        changes = {name: value for name, value in values.items() if name in editable}
        if "drives" in changes:
            changes["drives"] = list(changes["drives"])
        services.metric_update(actor=actor, metric=stored, note="Changed in the admin.", **changes)


@admin.register(Section)
class SectionAdmin(AuditedAdmin):
    list_display = ("name", "position")


@admin.register(DataSource)
class DataSourceAdmin(ReadOnlyAdmin):
    """Data comes in through an upload or a query in the app, which checks it."""

    list_display = ("name", "slug", "kind", "row_count", "last_date", "data_version")


@admin.register(Commentary)
class CommentaryAdmin(ReadOnlyAdmin):
    """The why is written by the metric's owner on the metric's page."""

    list_display = ("metric", "week_ending", "author", "updated_at")
    list_filter = ("week_ending",)


@admin.register(MetricVersion)
class MetricVersionAdmin(ReadOnlyAdmin):
    """Versions are appended by the catalogue, never changed."""

    list_display = ("metric", "number", "changed_by", "changed_at")
