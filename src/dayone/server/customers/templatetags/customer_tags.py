"""Quick capture of what a customer said, from the sidebar of every page."""

from __future__ import annotations

from typing import Any

from django import template

from dayone.customers import MAX_TEXT
from dayone.server.customers.enums import Channel

register = template.Library()


@register.inclusion_tag("customers/partials/_quick_capture.html", takes_context=True)
def quick_capture(context: template.Context) -> dict[str, Any]:
    """The capture form, sent back to the page it was opened on; on a metric's page the metric
    is filled in."""
    request = context["request"]
    metric = context.get("metric")
    return {
        "channels": Channel.choices,
        "max_text": MAX_TEXT,
        "next": request.get_full_path(),
        "metric_key": getattr(metric, "key", "") if metric is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
