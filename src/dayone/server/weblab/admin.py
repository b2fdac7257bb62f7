from __future__ import annotations

from django.contrib import admin

from dayone.server.core.admin_base import ReadOnlyAdmin, ReadOnlyInline
from dayone.server.weblab.models import Experiment, ExperimentMetric


class ExperimentMetricInline(ReadOnlyInline):
    model = ExperimentMetric


@admin.register(Experiment)
class ExperimentAdmin(ReadOnlyAdmin):
    """An experiment's definition is fixed once it starts, and its results and learning once
    it is concluded: all of it changes on the experiment's page, under those rules."""

    list_display = ("name", "key", "status", "result", "conclusion", "team", "started_at")
    list_filter = ("status", "result", "conclusion", "team")
    search_fields = ("name", "key", "hypothesis", "learning")
    inlines = (ExperimentMetricInline,)
