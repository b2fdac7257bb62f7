"""Work a server does once before its workers fork, so that no visitor waits for it.

Workers inherit what the master imported and cached. Without this, each worker's first request
would import every part's views and API (about a second) and the forecasting stack (about two),
and the first visitor of the week's deck would wait for it to be computed.

A part that has such work registers a warmer in its ``AppConfig.ready`` (as parts register home
page panels); a warmer must leave no connection open (``dayone serve`` closes the database and
warehouse connections after warming, before it forks).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from django.urls import get_resolver

logger = logging.getLogger(__name__)

# Libraries the pages import on first use, heavy enough that a visitor would notice.
HEAVY_MODULES = ("statsmodels.tsa.api", "scipy.stats", "vl_convert")

Warmer = Callable[[], None]
_warmers: list[Warmer] = []


def warmer_register(warmer: Warmer) -> None:
    """Run ``warmer`` when a server warms up (once per warmer)."""
    if warmer not in _warmers:
        _warmers.append(warmer)


def warm_up() -> None:
    """Resolve every URL (importing each part's views and API), import the heavy libraries and
    run each part's warmer. A warmer that fails is logged and skipped: serving goes on."""
    _ = get_resolver().url_patterns
    for name in HEAVY_MODULES:
        importlib.import_module(name)
    for warmer in _warmers:
        try:
            warmer()
        except Exception:
            logger.exception("warming up with %s failed; pages will do the work instead", warmer)
