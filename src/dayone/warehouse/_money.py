"""Money sums: exact, whatever the engine, never wrapping around and never rounded.

DuckDB sums BIGINT into a 128-bit HUGEINT; Spark sums BIGINT into BIGINT and, with ANSI mode on,
fails when the sum passes 2**63. Summing money as ``DECIMAL(38, scale)`` gives the same exact
answer on both: 38 digits hold any realistic total of cents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis.expr.datatypes as dt

from dayone.warehouse._errors import WarehouseError

if TYPE_CHECKING:
    import ibis.expr.types as ir

MAX_PRECISION = 38


def exact_sum(value: ir.NumericValue, *, where: ir.BooleanValue | None = None) -> ir.NumericScalar:
    """The exact sum of an integer or decimal column, as ``DECIMAL(38, scale)``.

    Floating-point columns are refused: money is stored as integers (cents) or decimals.
    """
    kind = value.type()
    if kind.is_integer():
        scale = 0
    elif kind.is_decimal():
        scale = int(kind.scale or 0)
    else:
        raise WarehouseError(
            f"an exact sum needs integers or decimals, not {kind} (store money as cents)"
        )
    widened = value.cast(dt.Decimal(precision=MAX_PRECISION, scale=scale))
    result: ir.NumericScalar = widened.sum(where=where)
    return result
