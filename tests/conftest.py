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


@pytest.fixture(scope="session", autouse=True)
def _static_files() -> None:
    """The static files collected, hashed and compressed, as ``dayone serve`` collects them."""
    from dayone.server.core.static_collect import static_collect

    static_collect()


def _as_is(application: Any) -> Any:
    return application


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Any:
    """pytest-django's live server, with static files served as ``dayone serve`` serves them: by
    WhiteNoise, from the collected files (hashed names, gzip and brotli, cached for years)."""
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    server.thread.static_handler = _as_is
    server.start()
    yield server
    server.stop()


@pytest.fixture
def demo_people() -> dict[str, Any]:
    """Riverbend Books' people by username, as the demo creates them (password ``riverbend``).

    Needs a database: ask for ``db`` or ``transactional_db`` before this fixture.
    """
    from dayone.server.core.demo import demo_people_create

    return demo_people_create()
