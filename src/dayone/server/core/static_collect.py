"""Collect the static files into ``STATIC_ROOT`` when they changed since the last collection.

``collectstatic`` hashes and compresses every file each time it runs (tens of seconds for the
admin's, the API docs' and the chart library's files), so a server start first compares the
files the finders offer (names and contents) with those of the last collection and collects only
when they differ. A lock keeps two processes from collecting at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command

logger = logging.getLogger(__name__)

FINGERPRINT_FILE = ".sources"


def static_sources_fingerprint() -> str:
    """A digest of every file the finders offer: its name and its content."""
    entries = []
    for finder in get_finders():
        for path, storage in finder.list(ignore_patterns=None):
            prefix = getattr(storage, "prefix", None) or ""
            name = f"{prefix}/{path}" if prefix else path
            content = hashlib.sha256(Path(storage.path(path)).read_bytes()).hexdigest()
            entries.append(f"{name}\0{content}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def static_collect(*, force: bool = False) -> bool:
    """Collect, hash and compress the static files unless the last collection is current.

    Returns whether it collected."""
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        fingerprint = static_sources_fingerprint()
        recorded = root / FINGERPRINT_FILE
        manifest = root / "staticfiles.json"
        current = manifest.exists() and recorded.exists() and recorded.read_text() == fingerprint
        if current and not force:
            return False
        logger.info("collecting static files into %s", root)
        call_command("collectstatic", interactive=False, verbosity=0)
        recorded.write_text(fingerprint)
        return True
