"""A generated Riverbend Books table, shared by the tests of this folder."""

from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa
import pytest

from dayone.demo import generate_daily

END = date(2025, 6, 14)  # a Saturday, as the demo passes


@pytest.fixture(scope="session")
def table() -> pa.Table:
    return generate_daily(end=END)


@pytest.fixture(scope="session")
def data(table: pa.Table) -> dict[str, np.ndarray]:
    """Each column as a numpy array (dates as datetime64[D])."""
    return {name: table.column(name).to_numpy() for name in table.column_names}
