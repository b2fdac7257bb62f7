"""GrowthBook-compatible hashing: FNV-1a 32 over UTF-16 code units, hash versions 1 and 2.

Version 2 is ``fnv1a32(str(fnv1a32(seed + id))) % 10000 / 10000`` and version 1 (used for
namespaces) is ``fnv1a32(id + seed) % 1000 / 1000``, exactly as GrowthBook's SDKs compute
them, so the same id lands in the same bucket here and there. Strings are hashed as the
JavaScript SDK sees them: one step per UTF-16 code unit (a character outside the Basic
Multilingual Plane is two steps, one per surrogate).

The vectorised functions encode ids into a 2D array of code units and run FNV column by
column over all ids at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from dayone.assignment._errors import InvalidIdError

if TYPE_CHECKING:
    from numpy.typing import NDArray

FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193
_MASK = 0xFFFFFFFF
_PRIME32 = np.uint32(FNV_PRIME)


def fnv1a32(text: str, state: int = FNV_OFFSET) -> int:
    """FNV-1a 32 of ``text`` over its UTF-16 code units, continuing from ``state``.

    >>> fnv1a32("hello")
    1335831723
    """
    h = state
    if text.isascii():
        for unit in text.encode():
            h = ((h ^ unit) * FNV_PRIME) & _MASK
    else:
        data = text.encode("utf-16-le", "surrogatepass")
        for i in range(0, len(data), 2):
            h = ((h ^ (data[i] | (data[i + 1] << 8))) * FNV_PRIME) & _MASK
    return h


def hash_v2(seed: str, value: str) -> float:
    """GrowthBook hash version 2 of ``value`` under ``seed``: a float in ``[0, 1)``.

    >>> hash_v2("checkout-button-test", "user-0")
    0.6602
    """
    return (fnv1a32(str(fnv1a32(value, fnv1a32(seed)))) % 10000) / 10000


def hash_v1(seed: str, value: str) -> float:
    """GrowthBook hash version 1 (namespaces): a float in ``[0, 1)`` with 3 decimals."""
    return (fnv1a32(seed, fnv1a32(value)) % 1000) / 1000


def unit_id(value: object) -> str:
    """The string that is hashed for a unit id: strings as they are, integers in decimal."""
    if type(value) is str:
        if "\x00" in value:
            raise InvalidIdError(f"unit ids must not contain NUL characters: {value!r}")
        return value
    if isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):
        return str(int(value))
    raise InvalidIdError(
        f"unit ids must be strings or integers, got {type(value).__name__}: {value!r}"
    )


def as_id_array(ids: Sequence[Any] | NDArray[Any]) -> NDArray[np.str_]:
    """Validate ids and return them as a numpy unicode array (integers in decimal)."""
    if isinstance(ids, np.ndarray):
        if ids.ndim != 1:
            raise InvalidIdError(f"ids must be one-dimensional, got shape {ids.shape}")
        if ids.dtype.kind == "U":
            return ids
        if ids.dtype.kind in "iu":
            return ids.astype(np.str_)
        if ids.dtype.kind != "O":
            raise InvalidIdError(f"ids must be strings or integers, got an array of {ids.dtype}")
        ids = ids.tolist()
    elif isinstance(ids, str | bytes) or not isinstance(ids, Sequence):
        raise InvalidIdError(f"ids must be a sequence or a 1-D array, got {type(ids).__name__}")
    kinds = set(map(type, ids))
    if kinds <= {str}:
        if "\x00" in "".join(ids):
            raise InvalidIdError("unit ids must not contain NUL characters")
        return np.array(ids, dtype=np.str_) if ids else np.array([], dtype="<U1")
    if kinds <= {int}:
        return np.array([str(x) for x in ids], dtype=np.str_)
    return np.array([unit_id(x) for x in ids], dtype=np.str_)


def _fnv_columns(
    h: NDArray[np.uint32], units: NDArray[np.uint32], lengths: NDArray[np.int64]
) -> NDArray[np.uint32]:
    """Run FNV over each row of ``units`` (one id per row, padded) up to its length."""
    if units.shape[1] == 0 or units.shape[0] == 0:
        return h
    shortest = int(lengths.min())
    columns = np.ascontiguousarray(units.T)
    scratch = np.empty_like(h)
    for j in range(columns.shape[0]):
        np.bitwise_xor(h, columns[j], out=scratch)
        np.multiply(scratch, _PRIME32, out=scratch)
        if j < shortest:
            h, scratch = scratch, h
        else:
            np.copyto(h, scratch, where=lengths > j)
    return h


def _fnv_decimal(h: NDArray[np.uint32]) -> NDArray[np.uint32]:
    """FNV-1a 32 of ``str(h)`` for each value: its decimal digits, most significant first."""
    remainders = []
    q = h.copy()
    for _ in range(10):
        q, r = np.divmod(q, np.uint32(10))
        remainders.append(r)
    out = np.full(h.shape, FNV_OFFSET, dtype=np.uint32)
    scratch = np.empty_like(out)
    for k in range(9, -1, -1):
        np.add(remainders[k], np.uint32(48), out=scratch)
        np.bitwise_xor(scratch, out, out=scratch)
        np.multiply(scratch, _PRIME32, out=scratch)
        if k == 0:
            out, scratch = scratch, out
        else:
            # the digit for 10**k exists only when h >= 10**k (no leading zeros)
            np.copyto(out, scratch, where=h >= np.uint32(10**k))
    return out


def _code_units(
    values: NDArray[np.str_],
) -> tuple[NDArray[np.uint32], NDArray[np.int64], NDArray[np.bool_]]:
    """UTF-16 code units per id (padded), lengths, and which ids need the slow path.

    numpy stores strings as UTF-32 code points, which equal UTF-16 code units inside the
    Basic Multilingual Plane; ids with characters beyond it (or with trailing NUL characters,
    which numpy strips) are flagged for the exact per-id path.
    """
    n = values.shape[0]
    width = values.dtype.itemsize // 4
    units = values.view(np.uint32).reshape(n, width) if width else np.zeros((n, 0), np.uint32)
    lengths = np.strings.str_len(values).astype(np.int64)
    slow = np.zeros(n, dtype=np.bool_)
    if width and int(units.max(initial=0)) > 0xFFFF:
        slow = np.any(units > 0xFFFF, axis=1)
    return units, lengths, slow


def hash_v2_many(seed: str, ids: Sequence[Any] | NDArray[Any]) -> NDArray[np.float64]:
    """:func:`hash_v2` of every id, vectorised.

    >>> hash_v2_many("checkout-button-test", ["user-0", "user-1"]).tolist()
    [0.6602, 0.3795]
    """
    values = as_id_array(ids)
    units, lengths, slow = _code_units(values)
    h = np.full(values.shape[0], fnv1a32(seed), dtype=np.uint32)
    h = _fnv_columns(h, units, lengths)
    h2 = _fnv_decimal(h)
    out = (h2 % np.uint32(10000)).astype(np.float64) / 10000.0
    for idx in np.flatnonzero(slow):
        out[idx] = hash_v2(seed, str(values[idx]))
    return out


def hash_v1_many(seed: str, ids: Sequence[Any] | NDArray[Any]) -> NDArray[np.float64]:
    """:func:`hash_v1` of every id, vectorised."""
    values = as_id_array(ids)
    units, lengths, slow = _code_units(values)
    h = np.full(values.shape[0], FNV_OFFSET, dtype=np.uint32)
    h = _fnv_columns(h, units, lengths)
    data = seed.encode("utf-16-le", "surrogatepass")
    for pos in range(0, len(data), 2):
        np.bitwise_xor(h, np.uint32(data[pos] | (data[pos + 1] << 8)), out=h)
        np.multiply(h, _PRIME32, out=h)
    out = (h % np.uint32(1000)).astype(np.float64) / 1000.0
    for idx in np.flatnonzero(slow):
        out[idx] = hash_v1(seed, str(values[idx]))
    return out
