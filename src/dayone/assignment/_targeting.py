"""Attribute targeting: who is eligible for an experiment.

A condition is a mapping from attribute name to either a plain value (equality) or a mapping of
operators, all of which must hold; several attributes must all hold (AND). ``$or``, ``$and``
and ``$not`` combine whole conditions. The operators are a small, documented subset of
GrowthBook's (MongoDB-style) conditions:

==========  ===========================================================
``$eq``     equal to the operand
``$ne``     not equal (a missing attribute counts as not equal)
``$in``     equal to one of the operands (a list)
``$nin``    equal to none of the operands (a missing attribute matches)
``$gt``     greater than (numbers, or strings compared as strings)
``$gte``    greater than or equal
``$lt``     less than
``$lte``    less than or equal
``$exists`` the attribute is present (and not None) when the operand is true
==========  ===========================================================

>>> c = Condition.parse({"country": {"$in": ["US", "CA"]}, "age": {"$gte": 18}})
>>> c.matches({"country": "US", "age": 30}), c.matches({"country": "FR", "age": 30})
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from dayone.assignment._errors import InvalidConditionError

if TYPE_CHECKING:
    from numpy.typing import NDArray

_COMPARISONS = ("$gt", "$gte", "$lt", "$lte")
_OPERATORS = frozenset({"$eq", "$ne", "$in", "$nin", "$exists", *_COMPARISONS})
_SCALARS = (str, int, float, bool)


def _check_scalar(attribute: str, op: str, value: object) -> None:
    if value is not None and not isinstance(value, _SCALARS):
        raise InvalidConditionError(
            f"condition on {attribute!r}: {op} needs a string, number, bool or None, "
            f"got {type(value).__name__}"
        )


def _ordered(value: object, operand: object) -> bool:
    if value is None or isinstance(value, bool):
        return False
    if isinstance(operand, str):
        return isinstance(value, str)
    return isinstance(value, int | float)


_SCALAR_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "$exists": lambda v, o: (v is not None) == o,
    "$eq": lambda v, o: v is not None and v == o,
    "$ne": lambda v, o: v is None or v != o,
    "$in": lambda v, o: v is not None and v in o,
    "$nin": lambda v, o: v is None or v not in o,
    "$gt": lambda v, o: _ordered(v, o) and v > o,
    "$gte": lambda v, o: _ordered(v, o) and v >= o,
    "$lt": lambda v, o: _ordered(v, o) and v < o,
    "$lte": lambda v, o: _ordered(v, o) and v <= o,
}

_ORDER_UFUNCS = {"$gt": np.greater, "$gte": np.greater_equal, "$lt": np.less, "$lte": np.less_equal}


def _bools(value: Any) -> NDArray[np.bool_]:
    return np.asarray(value, dtype=np.bool_)


@dataclass(frozen=True)
class _Test:
    attribute: str
    op: str
    operand: Any

    def matches(self, attributes: Mapping[str, Any]) -> bool:
        return bool(_SCALAR_TESTS[self.op](attributes.get(self.attribute), self.operand))

    def mask(self, columns: Mapping[str, NDArray[Any]], size: int) -> NDArray[np.bool_]:
        column = columns.get(self.attribute)
        op, operand = self.op, self.operand
        if column is None:
            # a missing attribute: only "absent"-style tests hold
            holds = op in ("$ne", "$nin") or (op == "$exists" and not operand)
            return np.full(size, holds, dtype=np.bool_)
        present = _present(column)
        if op == "$exists":
            return present if operand else ~present
        if op in ("$eq", "$ne"):
            equal = present & _bools(column == operand)
            return equal if op == "$eq" else ~equal
        if op in ("$in", "$nin"):
            member = present & np.isin(column, list(operand))
            return member if op == "$in" else ~member
        wanted = "U" if isinstance(operand, str) else "iuf"
        if column.dtype.kind not in wanted:
            return np.zeros(size, dtype=np.bool_)
        with np.errstate(invalid="ignore"):
            ordered = _bools(_ORDER_UFUNCS[op](column, operand))
        return present & ordered


def _present(column: NDArray[Any]) -> NDArray[np.bool_]:
    if column.dtype.kind == "O":
        return np.array([v is not None for v in column.tolist()], dtype=np.bool_)
    if column.dtype.kind == "f":
        return _bools(~np.isnan(column))
    return np.ones(column.shape[0], dtype=np.bool_)


@dataclass(frozen=True)
class Condition:
    """A parsed, validated targeting condition. Build one with :meth:`Condition.parse`."""

    kind: str  # "and", "or", "not", "test"
    parts: tuple[Condition, ...] = ()
    test: _Test | None = None

    @classmethod
    def parse(cls, spec: Mapping[str, Any]) -> Condition:
        """Validate a condition mapping (see the module documentation) and compile it."""
        if not isinstance(spec, Mapping):
            raise InvalidConditionError(f"a condition must be a mapping, got {type(spec).__name__}")
        if not all(isinstance(key, str) for key in spec):
            raise InvalidConditionError("condition keys must be strings")
        parts: list[Condition] = []
        for key, value in spec.items():
            if not key:
                raise InvalidConditionError(
                    f"condition keys must be non-empty strings, got {key!r}"
                )
            if key in ("$or", "$and"):
                if not isinstance(value, Sequence) or isinstance(value, str) or not value:
                    raise InvalidConditionError(f"{key} needs a non-empty list of conditions")
                parts.append(cls(kind=key[1:], parts=tuple(cls.parse(v) for v in value)))
            elif key == "$not":
                parts.append(cls(kind="not", parts=(cls.parse(value),)))
            elif key.startswith("$"):
                raise InvalidConditionError(f"unknown condition operator {key!r}")
            elif isinstance(value, Mapping):
                if not value:
                    raise InvalidConditionError(f"condition on {key!r} has no operator")
                for op, operand in value.items():
                    parts.append(cls(kind="test", test=_parse_test(key, op, operand)))
            else:
                parts.append(cls(kind="test", test=_parse_test(key, "$eq", value)))
        return cls(kind="and", parts=tuple(parts))

    def matches(self, attributes: Mapping[str, Any]) -> bool:
        """Whether one unit's attributes satisfy the condition."""
        if self.test is not None:
            return self.test.matches(attributes)
        if self.kind == "and":
            return all(p.matches(attributes) for p in self.parts)
        if self.kind == "or":
            return any(p.matches(attributes) for p in self.parts)
        return not self.parts[0].matches(attributes)

    def mask(self, columns: Mapping[str, NDArray[Any]], size: int) -> NDArray[np.bool_]:
        """Vectorised :meth:`matches` over attribute columns of length ``size``."""
        if self.test is not None:
            return self.test.mask(columns, size)
        if self.kind == "not":
            return ~self.parts[0].mask(columns, size)
        if self.kind == "or":
            out = np.zeros(size, dtype=np.bool_)
            for p in self.parts:
                out |= p.mask(columns, size)
            return out
        out = np.ones(size, dtype=np.bool_)
        for p in self.parts:
            out &= p.mask(columns, size)
        return out


def _parse_test(attribute: str, op: str, operand: object) -> _Test:
    if op not in _OPERATORS:
        raise InvalidConditionError(f"condition on {attribute!r}: unknown operator {op!r}")
    if op in ("$in", "$nin"):
        if not isinstance(operand, Sequence) or isinstance(operand, str):
            raise InvalidConditionError(f"condition on {attribute!r}: {op} needs a list")
        for item in operand:
            _check_scalar(attribute, op, item)
        return _Test(attribute, op, tuple(operand))
    if op == "$exists":
        if not isinstance(operand, bool):
            raise InvalidConditionError(f"condition on {attribute!r}: $exists needs true or false")
        return _Test(attribute, op, operand)
    _check_scalar(attribute, op, operand)
    if op in _COMPARISONS and (operand is None or isinstance(operand, bool)):
        raise InvalidConditionError(f"condition on {attribute!r}: {op} needs a number or a string")
    return _Test(attribute, op, operand)


def attribute_columns(attributes: Mapping[str, Any], size: int) -> dict[str, NDArray[Any]]:
    """Validate per-unit attribute columns (one value per id) as numpy arrays."""
    if not isinstance(attributes, Mapping):
        raise InvalidConditionError("attributes must map attribute names to columns")
    columns: dict[str, NDArray[Any]] = {}
    for name, values in attributes.items():
        column = np.asarray(values)
        if column.ndim != 1 or column.shape[0] != size:
            raise InvalidConditionError(
                f"attribute column {name!r} must hold one value per id ({size}), got shape {column.shape}"
            )
        columns[name] = column
    return columns
