"""Attribute targeting: who is eligible for an experiment.

A condition is a mapping from attribute name to either a plain value (equality) or a mapping of
operators, all of which must hold; several attributes must all hold (AND). ``$or``, ``$and``
and ``$not`` combine whole conditions (an empty ``$or`` or ``$and`` holds). The operators are
GrowthBook's (MongoDB-style) conditions:

==========  ===========================================================
``$eq``     equal to the operand
``$ne``     not equal (a missing attribute counts as not equal)
``$in``     equal to one of the operands (a list)
``$nin``    equal to none of the operands (a missing attribute matches)
``$gt``     greater than (numbers, or strings compared as strings; a number against a
            numeric string compares as numbers, and a missing attribute as 0, as in GrowthBook)
``$gte``    greater than or equal
``$lt``     less than
``$lte``    less than or equal
``$exists`` the attribute is present (and not None) when the operand is true
==========  ===========================================================

GrowthBook's further operators hold as its documentation defines them: an attribute name may be a
dotted path into nested objects (``"user.plan"``); ``$in``/``$nin`` against a list attribute ask
whether any element is among the operands; ``$ini``/``$nini``/``$alli`` compare strings without
case; ``$all``, ``$size`` and ``$elemMatch`` test list attributes; ``$regex`` searches a string;
``$type`` names the JSON type; ``$veq``, ``$vne``, ``$vgt``, ``$vgte``, ``$vlt`` and ``$vlte``
compare version strings ("1.10.0" after "1.9.2", a pre-release before its release); ``$not``
negates an attribute's operators; ``$nor`` holds when no sub-condition does;
``$regexi``, ``$notRegex`` and ``$notRegexi`` are the case-insensitive and negated searches; a
plain list or object is compared whole, type for type (``true`` is not ``1``); and
``$inGroup``/``$notInGroup`` test membership of a saved group passed to :meth:`Condition.parse`.
An attribute name may itself start with ``$`` (GrowthBook's ``$groups``).

What dayone refuses rather than guesses, with a message naming the operator: an unknown
operator, an operand of the wrong type (``$in`` without a list), a regular expression Python
cannot compile, a saved group that is not defined, and a mapping mixing operators with fields.

>>> c = Condition.parse({"country": {"$in": ["US", "CA"]}, "age": {"$gte": 18}})
>>> c.matches({"country": "US", "age": 30}), c.matches({"country": "FR", "age": 30})
(True, False)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from dayone.assignment._errors import InvalidConditionError

if TYPE_CHECKING:
    from numpy.typing import NDArray

_COMPARISONS = ("$gt", "$gte", "$lt", "$lte")
_VERSIONS = {
    "$veq": "$eq",
    "$vne": "$ne",
    "$vgt": "$gt",
    "$vgte": "$gte",
    "$vlt": "$lt",
    "$vlte": "$lte",
}
_LISTS = ("$in", "$nin", "$ini", "$nini", "$all", "$alli")
_VECTORISED = frozenset({"$eq", "$ne", "$in", "$nin", "$exists", *_COMPARISONS})
_NESTED = ("$elemMatch", "$size", "$not")
_Groups = Mapping[str, Sequence[Any]]
_TYPES = frozenset({"string", "number", "boolean", "array", "object", "null", "undefined"})
_SCALARS = (str, int, float, bool)


def _check_scalar(attribute: str, op: str, value: object) -> None:
    if value is not None and not isinstance(value, _SCALARS):
        raise InvalidConditionError(
            f"condition on {attribute!r}: {op} needs a string, number, bool or None, "
            f"got {type(value).__name__}"
        )


_SCALAR_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "$exists": lambda v, o: (v is not None) == o,
    "$eq": lambda v, o: _same(v, o),  # noqa: PLW0108 - _same is defined below
    "$ne": lambda v, o: not _same(v, o),
    "$in": lambda v, o: _member(v, o, fold=False),
    "$nin": lambda v, o: not _member(v, o, fold=False),
    "$ini": lambda v, o: _member(v, o, fold=True),
    "$nini": lambda v, o: not _member(v, o, fold=True),
    "$all": lambda v, o: _has_all(v, o, fold=False),
    "$alli": lambda v, o: _has_all(v, o, fold=True),
    "$inGroup": lambda v, o: _member(v, o, fold=False),
    "$notInGroup": lambda v, o: not _member(v, o, fold=False),
    "$regex": lambda v, o: isinstance(v, str) and o.search(v) is not None,
    "$regexi": lambda v, o: isinstance(v, str) and o.search(v) is not None,
    "$notRegex": lambda v, o: not (isinstance(v, str) and o.search(v) is not None),
    "$notRegexi": lambda v, o: not (isinstance(v, str) and o.search(v) is not None),
    "$type": lambda v, o: _json_type(v) == o,
    "$size": lambda v, o: isinstance(v, list | tuple) and o.matches_value(len(v)),
    "$elemMatch": lambda v, o: isinstance(v, list | tuple) and any(o.matches_value(e) for e in v),
    "$not": lambda v, o: not o.matches_value(v),
    "$gt": lambda v, o: _compare(v, o, lambda a, b: a > b),
    "$gte": lambda v, o: _compare(v, o, lambda a, b: a >= b),
    "$lt": lambda v, o: _compare(v, o, lambda a, b: a < b),
    "$lte": lambda v, o: _compare(v, o, lambda a, b: a <= b),
}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _as_number(value: object) -> float | None:
    """A value compared with a number: a missing one is 0, a numeric string its number."""
    if value is None:
        return 0.0
    if _is_number(value):
        return float(value)  # type: ignore[arg-type]
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _compare(value: object, operand: object, order: Callable[[Any, Any], bool]) -> bool:
    """GrowthBook's ordering: numbers as numbers (coercing the other side), strings as strings."""
    if _is_number(operand) or _is_number(value):
        left, right = _as_number(value), _as_number(operand)
        return left is not None and right is not None and order(left, right)
    return isinstance(value, str) and isinstance(operand, str) and order(value, operand)


def _same(value: object, operand: object) -> bool:
    """Equality type for type, lists and objects compared whole (``True`` is not ``1``)."""
    if _json_type(value) != _json_type(operand):
        return False
    if isinstance(value, list | tuple) and isinstance(operand, list | tuple):
        return len(value) == len(operand) and all(map(_same, value, operand))
    if isinstance(value, Mapping) and isinstance(operand, Mapping):
        return list(value) == list(operand) and all(_same(value[k], operand[k]) for k in value)
    return bool(value == operand)


def _fold(value: object, fold: bool) -> object:
    return value.casefold() if fold and isinstance(value, str) else value


def _member(value: object, operand: tuple[Any, ...], *, fold: bool) -> bool:
    values = value if isinstance(value, list | tuple) else (value,)
    return any(_same(_fold(v, fold), _fold(o, fold)) for v in values for o in operand)


def _has_all(value: object, operand: tuple[Any, ...], *, fold: bool) -> bool:
    if not isinstance(value, list | tuple):
        return False
    return all(any(_same(_fold(e, fold), _fold(o, fold)) for e in value) for o in operand)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    return "object"


def padded_version(value: object) -> str:
    """A version string padded so that string order is version order (GrowthBook's rule).

    >>> padded_version("1.10.0") > padded_version("1.9.2"), padded_version("1.0.0-beta") < padded_version("1.0.0")
    (True, True)
    """
    text = str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not text:
        text = "0"
    parts = re.split(r"[-.]", re.sub(r"(^v|\+.*$)", "", text))
    if len(parts) == 3:
        parts.append("~")
    return "-".join(p.rjust(5) if p.isdigit() else p for p in parts)


def _get_path(attributes: Any, path: str) -> Any:
    value = attributes
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


_ORDER_UFUNCS = {"$gt": np.greater, "$gte": np.greater_equal, "$lt": np.less, "$lte": np.less_equal}


def _bools(value: Any) -> NDArray[np.bool_]:
    return np.asarray(value, dtype=np.bool_)


@dataclass(frozen=True)
class _Test:
    attribute: str
    op: str
    operand: Any

    def matches(self, attributes: Mapping[str, Any]) -> bool:
        return self.matches_value(_get_path(attributes, self.attribute))

    def matches_value(self, value: Any) -> bool:
        if isinstance(value, float) and math.isnan(value):
            value = None  # a NaN in a column of numbers is a missing value
        if self.op in _VERSIONS:
            if value is None:
                return False
            return bool(_SCALAR_TESTS[_VERSIONS[self.op]](padded_version(value), self.operand))
        return bool(_SCALAR_TESTS[self.op](value, self.operand))

    def _mask_rows(self, column: NDArray[Any] | None, rest: str, size: int) -> NDArray[np.bool_]:
        if column is None:
            return np.full(size, self.matches_value(None), dtype=np.bool_)
        return np.fromiter(
            (self.matches_value(_get_path(v, rest) if rest else v) for v in column.tolist()),
            dtype=np.bool_,
            count=size,
        )

    def mask(self, columns: Mapping[str, NDArray[Any]], size: int) -> NDArray[np.bool_]:
        op, operand = self.op, self.operand
        head, _, rest = self.attribute.partition(".")
        column = columns.get(head)
        if rest or op not in _VECTORISED or column is None or not _aligned(column, op, operand):
            # nested values, lists and objects, mixed types, or a missing attribute: row by row
            return self._mask_rows(column, rest, size)
        present = _present(column)
        if op == "$exists":
            return present if operand else ~present
        if op in ("$eq", "$ne"):
            equal = present & _bools(column == operand)
            return equal if op == "$eq" else ~equal
        if op in ("$in", "$nin"):
            member = present & np.isin(column, list(operand))
            return member if op == "$in" else ~member
        with np.errstate(invalid="ignore"):
            ordered = _bools(_ORDER_UFUNCS[op](column, operand))
        return present & ordered


def _aligned(column: NDArray[Any], op: str, operand: Any) -> bool:
    """Whether numpy compares this column with the operand as GrowthBook would."""
    if op == "$exists":
        return column.dtype.kind != "O"
    operands: tuple[Any, ...] = tuple(operand) if op in ("$in", "$nin") else (operand,)
    kind = column.dtype.kind
    if kind == "U":
        return all(isinstance(o, str) for o in operands)
    if kind == "f" and op in _COMPARISONS and not np.isnan(column).any():
        return all(_is_number(o) for o in operands)
    if kind in "iu":
        return all(_is_number(o) for o in operands)
    return kind == "b" and op not in _COMPARISONS and all(isinstance(o, bool) for o in operands)


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
    def parse(
        cls, spec: Mapping[str, Any], saved_groups: Mapping[str, Sequence[Any]] | None = None
    ) -> Condition:
        """Validate a condition mapping (see the module documentation) and compile it.

        ``saved_groups`` maps a saved group's name to its members, for ``$inGroup``.
        """
        groups = saved_groups or {}
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
            if key in ("$or", "$and", "$nor"):
                if not isinstance(value, Sequence) or isinstance(value, str):
                    raise InvalidConditionError(f"{key} needs a list of conditions")
                subs = tuple(cls.parse(v, groups) for v in value)
                # as in GrowthBook, an empty $or holds (so an empty $nor does not)
                either = cls(kind="or", parts=subs) if subs else cls(kind="and")
                if key == "$nor":
                    parts.append(cls(kind="not", parts=(either,)))
                else:
                    parts.append(cls(kind="and", parts=subs) if key == "$and" else either)
            elif key == "$not":
                parts.append(cls(kind="not", parts=(cls.parse(value, groups),)))
            elif key in _PARSERS:  # an operator on a value, not an attribute
                raise InvalidConditionError(f"unknown condition operator {key!r}")
            else:
                parts.extend(
                    cls(kind="test", test=t) for t in _parse_value(key, value, groups).tests
                )
        return cls(kind="and", parts=tuple(parts))

    def matches_value(self, value: Any) -> bool:
        """Whether a list element that is an object satisfies the condition (``$elemMatch``)."""
        return isinstance(value, Mapping) and self.matches(value)

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


@dataclass(frozen=True)
class _Values:
    """The operators on one value, all of which must hold."""

    tests: tuple[_Test, ...]

    def matches_value(self, value: Any) -> bool:
        return all(t.matches_value(value) for t in self.tests)


def _parse_value(attribute: str, value: object, groups: _Groups) -> _Values:
    if isinstance(value, Mapping) and not value:
        raise InvalidConditionError(f"condition on {attribute!r} has no operator")
    if isinstance(value, Mapping) and any(isinstance(k, str) and k.startswith("$") for k in value):
        if not _is_operators(value):
            raise InvalidConditionError(
                f"condition on {attribute!r} mixes operators with fields: "
                f"{', '.join(sorted(map(str, value)))}"
            )
        return _Values(tuple(_parse_test(attribute, op, o, groups) for op, o in value.items()))
    _check_literal(attribute, value)
    return _Values((_Test(attribute, "$eq", value),))


def _check_literal(attribute: str, value: object) -> None:
    if isinstance(value, Mapping):
        for item in value.values():
            _check_literal(attribute, item)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_literal(attribute, item)
    else:
        _check_scalar(attribute, "equality", value)


def _is_operators(value: object) -> bool:
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(isinstance(k, str) and k.startswith("$") for k in value)
    )


def _nested(attribute: str, op: str, operand: object, groups: _Groups) -> _Test:
    if op == "$elemMatch" and not _is_operators(operand):
        if not isinstance(operand, Mapping):
            raise InvalidConditionError(f"condition on {attribute!r}: $elemMatch needs a condition")
        return _Test(attribute, op, Condition.parse(operand, groups))
    return _Test(attribute, op, _parse_value(attribute, operand, groups))


def _group(attribute: str, op: str, operand: object, groups: _Groups) -> _Test:
    if not isinstance(operand, str) or operand not in groups:
        raise InvalidConditionError(
            f"condition on {attribute!r}: {op} names saved group {operand!r}, "
            f"which is not defined (known: {', '.join(sorted(groups)) or 'none'})"
        )
    for item in groups[operand]:
        _check_scalar(attribute, op, item)
    return _Test(attribute, op, tuple(groups[operand]))


def _regex(attribute: str, op: str, operand: object, _groups: _Groups) -> _Test:
    if not isinstance(operand, str):
        raise InvalidConditionError(f"condition on {attribute!r}: {op} needs a string")
    try:
        return _Test(attribute, op, re.compile(operand, re.IGNORECASE if op.endswith("i") else 0))
    except re.error as exc:
        raise InvalidConditionError(
            f"condition on {attribute!r}: {op} {operand!r} is not a valid pattern: {exc}"
        ) from None


def _type(attribute: str, op: str, operand: object, _groups: _Groups) -> _Test:
    if operand not in _TYPES:
        raise InvalidConditionError(
            f"condition on {attribute!r}: $type needs one of {', '.join(sorted(_TYPES))}"
        )
    return _Test(attribute, op, operand)


def _version(attribute: str, op: str, operand: object, _groups: _Groups) -> _Test:
    if not isinstance(operand, str | int | float) or isinstance(operand, bool):
        raise InvalidConditionError(f"condition on {attribute!r}: {op} needs a version string")
    return _Test(attribute, op, padded_version(operand))


def _listed(attribute: str, op: str, operand: object, _groups: _Groups) -> _Test:
    if not isinstance(operand, Sequence) or isinstance(operand, str):
        raise InvalidConditionError(f"condition on {attribute!r}: {op} needs a list")
    for item in operand:
        _check_scalar(attribute, op, item)
    return _Test(attribute, op, tuple(operand))


def _exists(attribute: str, op: str, operand: object, _groups: _Groups) -> _Test:
    if not isinstance(operand, bool):
        raise InvalidConditionError(f"condition on {attribute!r}: $exists needs true or false")
    return _Test(attribute, op, operand)


def _scalar(attribute: str, op: str, operand: object, _groups: _Groups) -> _Test:
    _check_scalar(attribute, op, operand)
    if op in _COMPARISONS and (operand is None or isinstance(operand, bool)):
        raise InvalidConditionError(f"condition on {attribute!r}: {op} needs a number or a string")
    return _Test(attribute, op, operand)


_PARSERS: dict[str, Callable[[str, str, object, _Groups], _Test]] = {
    **dict.fromkeys(_NESTED, _nested),
    **dict.fromkeys(("$inGroup", "$notInGroup"), _group),
    **dict.fromkeys(_VERSIONS, _version),
    **dict.fromkeys(_LISTS, _listed),
    **dict.fromkeys(("$eq", "$ne", *_COMPARISONS), _scalar),
    **dict.fromkeys(("$regex", "$regexi", "$notRegex", "$notRegexi"), _regex),
    "$type": _type,
    "$exists": _exists,
}


def _parse_test(attribute: str, op: str, operand: object, groups: _Groups) -> _Test:
    parser = _PARSERS.get(op)
    if parser is None:
        raise InvalidConditionError(f"condition on {attribute!r}: unknown operator {op!r}")
    return parser(attribute, op, operand, groups)


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
