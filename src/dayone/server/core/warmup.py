"""Work a server does once before its workers fork, so that no visitor waits for it.

Workers inherit what the master imported. Without this, each worker's first request would
import every part's views and API (about a second) and the forecasting stack (about two).
"""

from __future__ import annotations

import importlib

from django.urls import get_resolver

# Libraries the pages import on first use, heavy enough that a visitor would notice.
HEAVY_MODULES = ("statsmodels.tsa.api", "scipy.stats", "vl_convert")


def warm_up() -> None:
    """Resolve every URL (importing each part's views and API) and import the heavy libraries."""
    _ = get_resolver().url_patterns
    for name in HEAVY_MODULES:
        importlib.import_module(name)
