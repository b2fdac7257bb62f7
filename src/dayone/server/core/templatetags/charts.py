"""``{% vega_scripts %}`` in a page's head and ``{% vega_chart spec %}`` where a chart goes."""

from __future__ import annotations

import itertools
import json
from typing import Any

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.safestring import SafeString

from dayone.server.core.charts import VEGA_LITE_SCHEMA
from dayone.server.core.staticfinders import VEGA_STATIC_PATH

register = template.Library()
_ids = itertools.count(1)


@register.simple_tag
def vega_scripts() -> SafeString:
    """The Vega bundle and the script that draws every chart on the page."""
    return format_html(
        '<script src="{}" defer></script><script src="{}" defer></script>',
        static(VEGA_STATIC_PATH),
        static("dayone/charts.js"),
    )


@register.simple_tag
def vega_chart(spec: dict[str, Any], label: str = "") -> SafeString:
    """A chart: its spec as JSON beside the node Vega draws into, and a text label for readers."""
    # Readers get the chart's label (and the numbers in the page beside it); Vega's per-mark
    # ARIA roles without names would only read as unlabeled graphics.
    config = {**spec.get("config", {}), "aria": False}
    config["mark"] = {**config.get("mark", {}), "aria": False}
    spec = {**spec, "$schema": VEGA_LITE_SCHEMA, "config": config}
    if label:
        spec["description"] = label
    element_id = f"vega-spec-{next(_ids)}"
    json.dumps(spec)  # fail here, not in the browser, when a spec is not JSON
    return format_html(
        '<figure class="chart" aria-label="{}"><div class="chart-vega" data-spec="{}"></div>{}</figure>',
        label,
        element_id,
        json_script(spec, element_id),
    )
