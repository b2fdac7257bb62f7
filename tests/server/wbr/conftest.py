from __future__ import annotations

from datetime import date

import pytest

from dayone.demo.business import generate_daily, write_daily
from dayone.server.core import services as core_services
from dayone.server.core.demo import DemoContext
from dayone.server.wbr.demo import load_demo

END = date(2026, 11, 28)


@pytest.fixture(autouse=True)
def warehouse(settings, tmp_path):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    settings.CACHES = {
        **settings.CACHES,
        "printed": {**settings.CACHES["printed"], "LOCATION": str(tmp_path / "printed")},
    }
    return settings.DAYONE_WAREHOUSE_DIR


@pytest.fixture
def daily(warehouse):
    table = generate_daily(end=END, years=3)
    write_daily(warehouse / "parquet", table)
    return table


@pytest.fixture
def riverbend(db, daily, warehouse, demo_people):
    """Riverbend Books' people and WBR, with data to the week ending Saturday 28 November 2026."""
    core_services.organization_set(actor=None, name="Riverbend Books")
    people = demo_people
    load_demo(
        DemoContext(end=END, seed=7, people=people, warehouse=warehouse, note=lambda _m: None)
    )
    return people
