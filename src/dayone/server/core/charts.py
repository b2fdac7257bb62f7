"""Charts: one Vega-Lite spec per chart, drawn in the browser by a bundled, offline Vega.

The JavaScript bundle comes from ``vl_convert`` (no CDN, no download) and is served once per
version with a long cache lifetime. Pages put a spec in the template with ``{% vega_chart spec %}``
(see ``templatetags/charts.py``); ``dayone/charts.js`` draws every chart on load and after htmx swaps.
The same spec renders to SVG on the server (``vega_svg``) for print and PDF.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import vl_convert
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

# The bundled Vega-Lite's own major version, so that the runtime does not warn about old specs.
VEGA_LITE_MAJOR = vl_convert.get_vegalite_versions()[-1].split(".")[0]
VEGA_LITE_SCHEMA = f"https://vega.github.io/schema/vega-lite/v{VEGA_LITE_MAJOR}.json"


@functools.cache
def vega_version() -> str:
    """A short fingerprint of the bundled Vega, Vega-Lite and Vega-Embed versions (for cache-busting)."""
    versions = f"{vl_convert.get_vega_version()}-{vl_convert.get_vegalite_versions()[-1]}-{vl_convert.get_vega_embed_version()}"
    return hashlib.sha1(versions.encode(), usedforsecurity=False).hexdigest()[:10]


@functools.cache
def vega_bundle() -> bytes:
    """Vega, Vega-Lite and Vega-Embed as one script that sets ``window.vegaEmbed``."""
    return str(vl_convert.javascript_bundle()).encode("utf-8")  # type: ignore[call-arg]


@login_not_required
@require_GET
def vega_js(request: HttpRequest, version: str) -> HttpResponse:  # noqa: ARG001 - the version only busts caches
    """Serve the bundle; browsers keep it for a year."""
    response = HttpResponse(vega_bundle(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def vega_svg(spec: dict[str, Any]) -> str:
    """The same chart as static SVG, for print and PDF."""
    return str(vl_convert.vegalite_to_svg(spec))
