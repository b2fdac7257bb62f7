"""Types the API's schemas share, so that no value a database cannot hold reaches a query.

``RowId`` is an id as the database stores it (1 to 2^63 - 1): a larger one used to end in a
500 ("Python int too large to convert to SQLite INTEGER"). ``Finite`` is a float that is a
number: pydantic otherwise reads the strings ``"NaN"`` and ``"Infinity"`` as floats.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, FiniteFloat

ROW_ID_MAX = 2**63 - 1

RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]
Finite = FiniteFloat

__all__ = ["ROW_ID_MAX", "Finite", "RowId"]
