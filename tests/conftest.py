"""Shared fixtures: people with each role, and where the anchors live."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _anchors() -> Path:
    """``DAYONE_ANCHORS``, else the nearest ``shared/anchors`` beside the checkout or above it."""
    if os.environ.get("DAYONE_ANCHORS"):
        return Path(os.environ["DAYONE_ANCHORS"])
    for folder in REPO.parents:
        if (folder / "shared" / "anchors").is_dir():
            return folder / "shared" / "anchors"
    return REPO.parent / "shared" / "anchors"


ANCHORS = _anchors()
