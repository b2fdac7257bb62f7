"""Printed decks: printing takes Chromium seconds, so each PDF is printed once and kept.

A PDF is kept in the ``printed`` cache (in the data folder, shared by every worker) under a key
that names what it prints. With the ``DAYONE_PRINT_AHEAD`` setting, the deck page starts
printing its week's PDF in the background as soon as the deck is drawn, so a reader who reads
the deck and then asks for the PDF gets it printed already. A request for a PDF being printed,
in this process or another, waits for that print instead of starting a second one.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import TYPE_CHECKING

from django.core.cache import caches

from dayone.wbr import RenderError

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.core.cache.backends.base import BaseCache

logger = logging.getLogger(__name__)

PRINT_SECONDS = 60
"""How long a print may take before a reader waiting for it prints the deck themselves."""
POLL_SECONDS = 0.1

_lock = threading.Lock()
_in_flight: dict[str, threading.Event] = {}


def _store() -> BaseCache:
    return caches["printed"]


def printed_get(key: str, print_pdf: Callable[[], bytes]) -> bytes:
    """The PDF kept under ``key``; printed now by ``print_pdf`` when nobody has printed it, or
    waited for when somebody is printing it."""
    found = _store().get(key) or _wait_for(key)
    if found is not None:
        return found
    return _print(key, print_pdf)


def printed_prepare(key: str, print_pdf: Callable[[], bytes]) -> bool:
    """Print the PDF for ``key`` in the background unless it is kept or being printed; ``True``
    when a print started."""
    if _store().has_key(key) or _store().has_key(_marker(key)):  # without reading the PDF
        return False
    with _lock:
        if key in _in_flight:
            return False
        _in_flight[key] = threading.Event()
    thread = threading.Thread(
        target=_print_quietly, args=(key, print_pdf), name="dayone-print", daemon=True
    )
    thread.start()
    return True


def _marker(key: str) -> str:
    return f"{key}:printing"


def _wait_for(key: str) -> bytes | None:
    """The PDF once a print under way (here or in another worker) is done; ``None`` if none is."""
    with _lock:
        event = _in_flight.get(key)
    if event is not None:
        event.wait(PRINT_SECONDS)
    deadline = time.monotonic() + PRINT_SECONDS
    while _store().get(_marker(key)) is not None and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
    found: bytes | None = _store().get(key)
    return found


def _print(key: str, print_pdf: Callable[[], bytes]) -> bytes:
    with _lock:
        event = _in_flight.setdefault(key, threading.Event())
    _store().set(_marker(key), os.getpid(), PRINT_SECONDS)
    try:
        pdf = print_pdf()
        _store().set(key, pdf)
        return pdf
    finally:
        _store().delete(_marker(key))
        with _lock:
            _in_flight.pop(key, None)
        event.set()


def _print_quietly(key: str, print_pdf: Callable[[], bytes]) -> None:
    try:
        _print(key, print_pdf)
    except RenderError:
        pass  # no Chromium here: the PDF link says so when followed
    except Exception:
        logger.exception("printing the deck ahead of its reader failed")
