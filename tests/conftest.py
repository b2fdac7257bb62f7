"""Shared fixtures: people with each role, and where the anchors live."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ANCHORS = REPO.parent / "shared" / "anchors"
