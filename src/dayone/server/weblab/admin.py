from django.contrib import admin

from dayone.server.weblab.models import Experiment, ExperimentMetric


class ExperimentMetricInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ExperimentMetric
    extra = 0


@admin.register(Experiment)
class ExperimentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "key", "status", "result", "conclusion", "team", "started_at")
    list_filter = ("status", "result", "conclusion", "team")
    search_fields = ("name", "key", "hypothesis", "learning")
    inlines = (ExperimentMetricInline,)
