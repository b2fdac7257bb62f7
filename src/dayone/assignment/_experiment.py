"""Experiments and assignment: which variant a unit sees, per id or for many ids at once."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeGuard

import numpy as np

from dayone.assignment._errors import InvalidExperimentError
from dayone.assignment._hash import (
    FNV_OFFSET,
    FNV_PRIME,
    as_id_array,
    fnv1a32,
    hash_v1,
    hash_v1_many,
    hash_v2_many,
    unit_id,
)
from dayone.assignment._targeting import Condition, attribute_columns

if TYPE_CHECKING:
    from numpy.typing import NDArray

UNASSIGNED = -1
"""The variant index :func:`assign_many` gives units that are not in the experiment."""

_WEIGHT_TOLERANCE = 1e-6
_MASK = 0xFFFFFFFF


def bucket_ranges(
    variations: int, coverage: float = 1.0, weights: Sequence[float] | None = None
) -> tuple[tuple[float, float], ...]:
    """The ``[start, end)`` slice of the hash space for each variant, as GrowthBook computes it.

    Each variant's slice starts at the cumulative weight of the variants before it and covers
    ``coverage`` of its weight, so changing coverage never moves a unit between variants.

    >>> bucket_ranges(2, 0.5)
    ((0.0, 0.25), (0.5, 0.75))
    """
    w = _check_weights(variations, weights)
    cov = _check_coverage(coverage)
    cumulative = 0.0
    ranges = []
    for weight in w:
        start = cumulative
        cumulative += weight
        ranges.append((start, start + cov * weight))
    return tuple(ranges)


def _is_number(value: object) -> TypeGuard[float]:
    """A real, finite number that is not a bool."""
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _check_weights(variations: object, weights: Sequence[object] | None) -> tuple[float, ...]:
    if isinstance(variations, bool) or not isinstance(variations, int) or variations < 2:
        raise InvalidExperimentError(
            f"variations must be an integer of at least 2, got {variations!r}"
        )
    if weights is None:
        return tuple(1 / variations for _ in range(variations))
    w: list[float] = []
    for x in weights:
        if not _is_number(x) or x < 0:
            raise InvalidExperimentError(f"weights must be finite and not negative, got {x!r}")
        w.append(float(x))
    if len(w) != variations:
        raise InvalidExperimentError(f"weights must have {variations} entries, got {len(w)}")
    total = math.fsum(w)
    if abs(total - 1.0) > _WEIGHT_TOLERANCE:
        raise InvalidExperimentError(f"weights must sum to 1, they sum to {total!r}")
    return tuple(w)


def _check_coverage(coverage: object) -> float:
    if not _is_number(coverage) or not 0.0 <= coverage <= 1.0:
        raise InvalidExperimentError(f"coverage must be a number between 0 and 1, got {coverage!r}")
    return float(coverage)


@dataclass(frozen=True)
class Namespace:
    """A slice ``[start, end)`` of a layer: experiments in the same layer whose slices do not
    overlap never share a unit (mutual exclusion).

    A unit belongs to the slice when GrowthBook's version-1 hash of its id under the seed
    ``"__" + layer`` falls inside it, as in GrowthBook's namespaces.
    """

    layer: str
    start: float
    end: float

    def __post_init__(self) -> None:
        if not self.layer or not isinstance(self.layer, str):
            raise InvalidExperimentError("Namespace.layer must be a non-empty string")
        for name in ("start", "end"):
            value = getattr(self, name)
            if not _is_number(value) or not 0 <= value <= 1:
                raise InvalidExperimentError(
                    f"Namespace.{name} must lie between 0 and 1, got {value!r}"
                )
        if not self.start < self.end:
            raise InvalidExperimentError("Namespace.start must be below Namespace.end")

    def contains(self, unit: object) -> bool:
        """Whether the unit falls inside this slice of the layer."""
        return self.start <= hash_v1("__" + self.layer, unit_id(unit)) < self.end

    def overlaps(self, other: Namespace) -> bool:
        """Whether two slices of the same layer share any part of the hash space."""
        return self.layer == other.layer and self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Experiment:
    """What assignment needs to know about an experiment.

    ``variations`` variants (0 is the control) split by ``weights`` (equal when omitted;
    they must sum to 1), ``coverage`` the share of eligible units that enter, ``seed`` the hash
    seed (the key by default, as in GrowthBook), ``namespace`` an optional slice of a layer for
    mutual exclusion, ``conditions`` optional attribute targeting (see
    :class:`~dayone.assignment.Condition`), and ``hash_version`` GrowthBook's hash: 2 (the
    default) or 1, which GrowthBook's older experiments use (a thousand buckets, ``id + seed``).

    >>> exp = Experiment(key="checkout-button-test")
    >>> assign(exp, "user-0"), assign(exp, "user-1")
    (1, 0)
    """

    key: str
    variations: int = 2
    weights: tuple[float, ...] | None = None
    coverage: float = 1.0
    seed: str | None = None
    namespace: Namespace | None = None
    conditions: Mapping[str, Any] | None = field(default=None, hash=False, compare=False)
    hash_version: int = 2
    _ranges: tuple[tuple[float, float], ...] = field(init=False, repr=False, compare=False)
    _seed_state: int = field(init=False, repr=False, compare=False)
    _condition: Condition | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.key or not isinstance(self.key, str):
            raise InvalidExperimentError("Experiment.key must be a non-empty string")
        if self.seed is not None and not isinstance(self.seed, str):
            raise InvalidExperimentError("Experiment.seed must be a string")
        if self.namespace is not None and not isinstance(self.namespace, Namespace):
            raise InvalidExperimentError("Experiment.namespace must be a Namespace")
        if self.hash_version not in (1, 2) or isinstance(self.hash_version, bool):
            raise InvalidExperimentError(
                f"Experiment.hash_version must be 1 or 2, got {self.hash_version!r}"
            )
        weights = _check_weights(self.variations, self.weights)
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "coverage", _check_coverage(self.coverage))
        object.__setattr__(self, "_ranges", bucket_ranges(self.variations, self.coverage, weights))
        object.__setattr__(self, "_seed_state", fnv1a32(self.hash_seed))
        object.__setattr__(
            self,
            "_condition",
            None if self.conditions is None else Condition.parse(self.conditions),
        )

    @property
    def hash_seed(self) -> str:
        """The seed that is hashed with each id: ``seed``, or the key."""
        return self.key if self.seed is None else self.seed

    @property
    def ranges(self) -> tuple[tuple[float, float], ...]:
        """Each variant's ``[start, end)`` slice of the hash space."""
        return self._ranges


def assign(
    experiment: Experiment, unit: object, attributes: Mapping[str, Any] | None = None
) -> int | None:
    """The variant index for one unit, or ``None`` when it is not in the experiment.

    ``unit`` is a string or an integer id. A unit is out when it fails the targeting
    conditions (evaluated on ``attributes``), falls outside the namespace, or outside the
    coverage; an empty id is always out, as in GrowthBook.
    """
    if type(unit) is str:
        if "\x00" in unit:
            unit_id(unit)  # raises a clear error
        value = unit
    else:
        value = unit_id(unit)
    if not value:
        return None
    if experiment._condition is not None and not experiment._condition.matches(attributes or {}):
        return None
    ns = experiment.namespace
    if ns is not None and not ns.start <= hash_v1("__" + ns.layer, value) < ns.end:
        return None
    if experiment.hash_version == 1:
        return _variant(experiment._ranges, hash_v1(experiment.hash_seed, value))
    # hash version 2, continuing FNV from the seed's state: fnv(str(fnv(seed + id)))
    h = experiment._seed_state
    if value.isascii():
        for unit_code in value.encode():
            h = ((h ^ unit_code) * FNV_PRIME) & _MASK
    else:
        h = fnv1a32(value, h)
    h2 = FNV_OFFSET
    for digit in str(h).encode():
        h2 = ((h2 ^ digit) * FNV_PRIME) & _MASK
    return _variant(experiment._ranges, (h2 % 10000) / 10000)


def _variant(ranges: tuple[tuple[float, float], ...], n: float) -> int | None:
    for i, (start, end) in enumerate(ranges):
        if start <= n < end:
            return i
    return None


def assign_many(
    experiment: Experiment,
    units: Sequence[Any] | NDArray[Any],
    attributes: Mapping[str, Any] | None = None,
) -> NDArray[np.int16]:
    """Variant index per unit, vectorised; :data:`UNASSIGNED` (-1) for units not in it.

    ``units`` is a sequence or 1-D array of string or integer ids; ``attributes`` maps each
    attribute name to a column with one value per unit. The result equals :func:`assign`
    called on each unit.
    """
    values = as_id_array(units)
    size = values.shape[0]
    out = np.full(size, UNASSIGNED, dtype=np.int16)
    eligible = np.strings.str_len(values) > 0
    if experiment._condition is not None:
        columns = attribute_columns(attributes or {}, size)
        eligible &= experiment._condition.mask(columns, size)
    ns = experiment.namespace
    if ns is not None:
        h1 = hash_v1_many("__" + ns.layer, values)
        eligible &= (h1 >= ns.start) & (h1 < ns.end)
    hashes = hash_v1_many if experiment.hash_version == 1 else hash_v2_many
    n = hashes(experiment.hash_seed, values)
    for i, (start, end) in reversed(list(enumerate(experiment._ranges))):
        out[(n >= start) & (n < end)] = i
    out[~eligible] = UNASSIGNED
    return out


def check_exclusive(experiments: Iterable[Experiment]) -> None:
    """Raise :class:`InvalidExperimentError` if two experiments' namespaces overlap in a layer.

    Experiments in the same layer are mutually exclusive only when their slices are disjoint;
    call this when an experiment is added to a layer.
    """
    placed: list[Experiment] = []
    for exp in experiments:
        if exp.namespace is None:
            continue
        for other in placed:
            if other.namespace is not None and exp.namespace.overlaps(other.namespace):
                raise InvalidExperimentError(
                    f"experiments {other.key!r} and {exp.key!r} overlap in layer "
                    f"{exp.namespace.layer!r}: [{other.namespace.start}, {other.namespace.end}) "
                    f"and [{exp.namespace.start}, {exp.namespace.end})"
                )
        placed.append(exp)
