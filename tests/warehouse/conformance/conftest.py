"""One conformance suite, every backend: each test runs on DuckDB and on Spark in local mode.

A test that a backend cannot pass says so with a marker, as Ibis's backend suite does, and the
marker turns into a strict xfail on that backend only (an unexpected pass fails the run):

- ``@pytest.mark.notimpl(["spark"], reason=...)``: dayone has not implemented it there yet;
- ``@pytest.mark.notyet(["spark"], reason=...)``: the engine itself lacks it;
- ``@pytest.mark.never(["spark"], reason=...)``: it cannot work there by design.

Spark tests are marked ``spark`` and skipped, saying why, only when the ``spark`` extra is not
installed. One local Spark session (two cores) serves the whole test process: starting a JVM
costs seconds, a small query a fraction of one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from dayone import warehouse

if TYPE_CHECKING:
    from collections.abc import Iterator

BACKENDS = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]
SPARK_URL = "spark://local[2]"
NO_EXTRA = "the spark extra is not installed (pip install -e '.[spark]')"


@pytest.fixture(scope="session")
def spark_warehouse() -> Iterator[warehouse.Warehouse]:
    """The test process's one Spark session, started on first use."""
    pytest.importorskip("pyspark", reason=NO_EXTRA)
    wh = warehouse.connect(SPARK_URL)
    yield wh
    wh.close()


def _apply_markers(request: pytest.FixtureRequest, name: str) -> None:
    for kind in ("notimpl", "notyet", "never"):
        for marker in request.node.iter_markers(kind):
            backends = marker.args[0] if marker.args else marker.kwargs["backends"]
            if name in backends:
                reason = marker.kwargs.get("reason", f"{kind} on {name}")
                raises = marker.kwargs.get("raises")
                request.applymarker(
                    pytest.mark.xfail(reason=f"{kind}: {reason}", raises=raises, strict=True)
                )


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> Iterator[warehouse.Warehouse]:
    """The warehouse of the backend under test (DuckDB: a fresh one in memory)."""
    name = request.param
    _apply_markers(request, name)
    if name == "spark":
        yield request.getfixturevalue("spark_warehouse")
        return
    wh = warehouse.connect(":memory:")
    yield wh
    wh.close()
