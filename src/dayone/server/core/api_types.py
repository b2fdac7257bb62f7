"""Types the API's schemas share, so that no value a database cannot hold reaches a query.

``RowId`` is an id as the database stores it (1 to 2^63 - 1): a larger one used to end in a
500 ("Python int too large to convert to SQLite INTEGER"). ``Finite`` is a float that is a
number: pydantic otherwise reads the strings ``"NaN"`` and ``"Infinity"`` as floats.
``IsoDate`` is a date written as the schema says, ``YYYY-MM-DD``: pydantic otherwise reads
``0`` as 1 January 1970. ``ObjectIn`` is an input schema that takes only a JSON object:
django-ninja otherwise reads any other value (a list, a string) as an object with no fields.
``BodyId`` and ``BodyNumber`` are an id and a finite number in a JSON body, taken only as JSON
numbers: pydantic otherwise reads ``false`` as 0 and ``"1.5"`` as 1.5. (Path and query
parameters arrive as text, so they keep ``RowId``.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field, FiniteFloat, Strict, model_validator

ROW_ID_MAX = 2**63 - 1

RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]
Finite = FiniteFloat
BodyId = Annotated[int, Strict(), Field(ge=1, le=ROW_ID_MAX)]
BodyNumber = Annotated[float, Strict(), Field(allow_inf_nan=False)]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("Write the date as YYYY-MM-DD.")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class ObjectIn(Schema):
    """An input schema that refuses anything but a JSON object."""

    @model_validator(mode="before")
    @classmethod
    def _object_only(cls, value: Any) -> Any:
        # django-ninja hands its own validators a wrapper; the JSON value is inside.
        sent = getattr(value, "_obj", value)
        if not isinstance(sent, Mapping):
            raise ValueError("Send a JSON object.")
        return value


__all__ = ["ROW_ID_MAX", "BodyId", "BodyNumber", "Finite", "IsoDate", "ObjectIn", "RowId"]
