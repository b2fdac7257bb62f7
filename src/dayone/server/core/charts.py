"""Charts: one Vega-Lite spec per chart, drawn in the browser by a bundled, offline Vega.

The JavaScript bundle comes from ``vl_convert`` (no CDN, no download) and is collected as the
static file ``dayone/vega.js`` (``staticfinders.py``): hashed, compressed and cached for years. Pages put a spec in the template with ``{% vega_chart spec %}``
(see ``templatetags/charts.py``); ``dayone/charts.js`` draws every chart on load and after htmx swaps.
The same spec renders to SVG on the server (``vega_svg``) for print and PDF.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import vl_convert

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


def vega_svg(spec: dict[str, Any]) -> str:
    """The same chart as static SVG, for print and PDF."""
    return str(vl_convert.vegalite_to_svg(spec))
