from __future__ import annotations

import json
import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from dayone.server.core.charts import vega_svg

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


def _script_sources(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


def _vega_url(html: str) -> str:
    [url] = [src for src in _script_sources(html) if "/vega" in src]
    return url


def test_the_chart_library_is_named_by_a_hash_of_its_content():
    html = Template("{% load charts %}{% vega_scripts %}").render(Context())
    assert re.fullmatch(r"/static/dayone/vega\.[0-9a-f]{12}\.js", _vega_url(html))
    assert all(re.search(r"\.[0-9a-f]{12}\.js$", src) for src in _script_sources(html))


@pytest.mark.django_db
@pytest.mark.parametrize(("accept", "encoding"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_the_chart_library_is_served_compressed_and_kept_for_years(client, accept, encoding):
    url = _vega_url(Template("{% load charts %}{% vega_scripts %}").render(Context()))
    response = client.get(url, headers={"accept-encoding": accept})  # no sign-in needed
    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    assert "immutable" in response["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600
    body = b"".join(response.streaming_content)
    assert len(body) < 320_000  # about 900 KB before compression
    plain = b"".join(client.get(url, headers={"accept-encoding": ""}).streaming_content)
    assert b"vegaEmbed" in plain


@pytest.mark.django_db
def test_pages_without_a_chart_do_not_load_the_chart_library(admin_client):
    for url in (reverse("core:people"), reverse("goals:index")):  # no goal reviewed: no chart
        html = admin_client.get(url).content.decode()
        assert 'class="chart-vega"' not in html, url
        assert "/static/dayone/vega." not in html, url
        assert re.search(r"/static/dayone/dayone\.[0-9a-f]{12}\.css", html), url


def test_the_same_spec_renders_to_svg_for_print():
    svg = vega_svg({"$schema": "https://vega.github.io/schema/vega-lite/v5.json", **SPEC})
    assert svg.startswith("<svg")
    assert "orders" in svg
