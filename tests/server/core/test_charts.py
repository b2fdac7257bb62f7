from __future__ import annotations

import json
import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from dayone.server.core.charts import vega_svg, vega_version

SPEC = {
    "data": {"values": [{"week": 1, "orders": 10}, {"week": 2, "orders": 14}]},
    "mark": "line",
    "encoding": {
        "x": {"field": "week", "type": "ordinal"},
        "y": {"field": "orders", "type": "quantitative"},
    },
}


def test_chart_tag_embeds_the_spec_as_json_beside_its_node():
    html = Template("{% load charts %}{% vega_chart spec 'Orders by week' %}").render(
        Context({"spec": SPEC})
    )
    spec_id = re.search(r'data-spec="([^"]+)"', html).group(1)
    payload = re.search(
        rf'<script id="{spec_id}" type="application/json">(.*?)</script>', html
    ).group(1)
    assert json.loads(payload)["data"] == SPEC["data"]
    assert 'aria-label="Orders by week"' in html


def test_chart_tag_escapes_script_in_data():
    spec = {
        **SPEC,
        "data": {"values": [{"week": "</script><script>alert(1)</script>", "orders": 1}]},
    }
    html = Template("{% load charts %}{% vega_chart spec %}").render(Context({"spec": spec}))
    assert "<script>alert(1)" not in html


@pytest.mark.django_db
def test_bundle_is_served_without_sign_in_and_cached_for_a_year(client):
    response = client.get(reverse("core:vega_js", args=[vega_version()]))
    assert response.status_code == 200
    assert b"window.vegaEmbed" in response.content
    assert "immutable" in response["Cache-Control"]


def test_the_same_spec_renders_to_svg_for_print():
    svg = vega_svg({"$schema": "https://vega.github.io/schema/vega-lite/v5.json", **SPEC})
    assert svg.startswith("<svg")
    assert "orders" in svg
