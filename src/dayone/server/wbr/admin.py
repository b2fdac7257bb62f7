from django.contrib import admin

from dayone.server.wbr.models import Commentary, DataSource, Metric, MetricVersion, Section


class MetricVersionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = MetricVersion
    extra = 0
    can_delete = False
    max_num = 0  # versions are appended by the services, never by hand
    readonly_fields = ("number", "changed_at", "changed_by", "note", "changes", "definition")


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("key", "name", "owner", "role", "section", "version")
    list_filter = ("role", "section", "source")
    search_fields = ("key", "name", "definition")
    inlines = (MetricVersionInline,)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "position")


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "kind", "row_count", "last_date", "data_version")
    readonly_fields = ("columns", "row_count", "first_date", "last_date", "data_version")


@admin.register(Commentary)
class CommentaryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("metric", "week_ending", "author", "updated_at")
    list_filter = ("week_ending",)
