"""Shared fixtures: people with each role, and where the anchors live."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture
def demo_people() -> dict[str, Any]:
    """Riverbend Books' people by username, as the demo creates them (password ``riverbend``).

    Needs a database: ask for ``db`` or ``transactional_db`` before this fixture.
    """
    from dayone.server.core.demo import demo_people_create

    return demo_people_create()
