"""Sufficient statistics: the few numbers per variant that every test is computed from.

Each class holds arrays of one shape, ``(..., variants)``: the last axis is the variant and any
leading axes (typically metrics, or dimension values x metrics) are carried through every test,
so one call analyses a whole experiment. Each class validates itself on construction and
derives per-unit means and variances the way gbstats does, so results match it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from dayone.stats._errors import InvalidStatsError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

FloatArray: TypeAlias = "NDArray[np.float64]"

# Relative slack allowed for rounding when checking that sums of squares are consistent.
_ROUNDING = 1e-9


def _array(owner: str, name: str, value: ArrayLike) -> FloatArray:
    """Return ``value`` as a read-only float64 array, rejecting NaN and infinities."""
    try:
        arr = np.array(value, dtype=np.float64, copy=True)
    except (TypeError, ValueError) as exc:
        raise InvalidStatsError(f"{owner}.{name} must be numeric: {exc}") from exc
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if not np.all(np.isfinite(arr)):
        raise InvalidStatsError(f"{owner}.{name} contains NaN or infinite values")
    arr.flags.writeable = False
    return arr


def _number(name: str, value: object) -> float:
    """``value`` as a float when it is a real, finite number (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
        raise InvalidStatsError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _counts(owner: str, name: str, value: ArrayLike) -> FloatArray:
    arr = _array(owner, name, value)
    if np.any(arr < 0):
        raise InvalidStatsError(f"{owner}.{name} must not be negative")
    if np.any(arr != np.floor(arr)):
        raise InvalidStatsError(f"{owner}.{name} must hold whole numbers")
    return arr


def _same_shape(owner: str, arrays: dict[str, FloatArray]) -> None:
    shapes = {name: arr.shape for name, arr in arrays.items()}
    first_name, first = next(iter(shapes.items()))
    for name, shape in shapes.items():
        if shape != first:
            raise InvalidStatsError(
                f"{owner}.{name} has shape {shape} but {owner}.{first_name} has shape {first}"
            )


def _check_sum_squares(
    owner: str, prefix: str, n: FloatArray, s: FloatArray, ss: FloatArray
) -> None:
    if np.any(ss < 0):
        raise InvalidStatsError(f"{owner}.{prefix}sum_squares must not be negative")
    # Cauchy-Schwarz: n * sum(x^2) >= (sum x)^2 for any real data.
    lhs = n * ss
    rhs = s * s
    if np.any(lhs < rhs - _ROUNDING * np.maximum(np.abs(rhs), 1.0)):
        raise InvalidStatsError(
            f"{owner}.{prefix}sum_squares is smaller than {prefix}sum**2 / n: "
            "no real data has these sums"
        )


def _safe_divide(num: FloatArray, den: FloatArray) -> FloatArray:
    """``num / den`` where ``den != 0``, else 0 (gbstats' convention for empty variants)."""
    out = np.zeros(np.broadcast(num, den).shape)
    np.divide(num, den, out=out, where=den != 0)
    return out


@dataclass(frozen=True, eq=False)
class ProportionStats:
    """A binomial metric: ``n`` units of which ``sum`` converted (each unit is 0 or 1).

    The per-unit variance is ``p (1 - p)``, as in gbstats.

    >>> s = ProportionStats(n=[100, 100], sum=[10, 12])
    >>> s.mean.tolist()
    [0.1, 0.12]
    """

    n: FloatArray
    sum: FloatArray

    def __post_init__(self) -> None:
        owner = type(self).__name__
        n = _counts(owner, "n", self.n)
        s = _array(owner, "sum", self.sum)
        _same_shape(owner, {"n": n, "sum": s})
        if np.any(s < 0) or np.any(s > n):
            raise InvalidStatsError(f"{owner}.sum must lie between 0 and n")
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "sum", s)

    @property
    def sum_squares(self) -> FloatArray:
        """Sum of squares: equal to ``sum`` for 0/1 data."""
        return self.sum

    @property
    def mean(self) -> FloatArray:
        """Conversion rate per variant (0 for an empty variant)."""
        return _safe_divide(self.sum, self.n)

    @property
    def variance(self) -> FloatArray:
        """Per-unit variance ``p (1 - p)``."""
        p = self.mean
        return p * (1.0 - p)


@dataclass(frozen=True, eq=False)
class MeanStats:
    """A continuous metric: ``n`` units, the sum of their values and of their squares.

    The per-unit variance is the sample variance (denominator ``n - 1``).

    >>> MeanStats(n=[3], sum=[6.0], sum_squares=[14.0]).variance.tolist()
    [1.0]
    """

    n: FloatArray
    sum: FloatArray
    sum_squares: FloatArray

    def __post_init__(self) -> None:
        owner = type(self).__name__
        n = _counts(owner, "n", self.n)
        s = _array(owner, "sum", self.sum)
        ss = _array(owner, "sum_squares", self.sum_squares)
        _same_shape(owner, {"n": n, "sum": s, "sum_squares": ss})
        _check_sum_squares(owner, "", n, s, ss)
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "sum", s)
        object.__setattr__(self, "sum_squares", ss)

    @property
    def mean(self) -> FloatArray:
        """Mean per unit (0 for an empty variant)."""
        return _safe_divide(self.sum, self.n)

    @property
    def variance(self) -> FloatArray:
        """Sample variance per unit (0 when ``n <= 1``)."""
        n = self.n
        out = np.zeros(n.shape)
        ok = n > 1
        np.divide(
            self.sum_squares - _safe_divide(self.sum * self.sum, n), n - 1.0, out=out, where=ok
        )
        return out


BaseStats: TypeAlias = ProportionStats | MeanStats


def _base_field(owner: str, name: str, value: Any) -> BaseStats:
    if not isinstance(value, ProportionStats | MeanStats):
        raise InvalidStatsError(
            f"{owner}.{name} must be ProportionStats or MeanStats, not {type(value).__name__}"
        )
    return value


@dataclass(frozen=True, eq=False)
class CupedStats:
    """A metric with a pre-period covariate, for CUPED (regression adjustment).

    ``post`` is the metric after exposure, ``pre`` the same metric (or any covariate) over a
    window before exposure, and ``sum_products`` the sum over units of ``post * pre``. Both
    parts count the same units. The adjustment coefficient ``theta`` is estimated per
    comparison from the baseline and the treatment pooled, as gbstats does.
    """

    post: BaseStats
    pre: BaseStats
    sum_products: FloatArray

    def __post_init__(self) -> None:
        owner = type(self).__name__
        post = _base_field(owner, "post", self.post)
        pre = _base_field(owner, "pre", self.pre)
        sp = _array(owner, "sum_products", self.sum_products)
        _same_shape(owner, {"post.n": post.n, "pre.n": pre.n, "sum_products": sp})
        if not np.array_equal(post.n, pre.n):
            raise InvalidStatsError(f"{owner}.pre.n must equal {owner}.post.n (the same units)")
        object.__setattr__(self, "sum_products", sp)

    @property
    def n(self) -> FloatArray:
        """Units per variant."""
        return self.post.n


@dataclass(frozen=True, eq=False)
class RatioStats:
    """A ratio metric, such as clicks per session, analysed with the delta method.

    ``numerator`` and ``denominator`` are per-unit sums over the same ``n`` units, and
    ``sum_products`` is the sum over units of ``numerator * denominator``. The mean is
    ``sum(numerator) / sum(denominator)``.
    """

    numerator: BaseStats
    denominator: BaseStats
    sum_products: FloatArray

    def __post_init__(self) -> None:
        owner = type(self).__name__
        num = _base_field(owner, "numerator", self.numerator)
        den = _base_field(owner, "denominator", self.denominator)
        sp = _array(owner, "sum_products", self.sum_products)
        _same_shape(owner, {"numerator.n": num.n, "denominator.n": den.n, "sum_products": sp})
        if not np.array_equal(num.n, den.n):
            raise InvalidStatsError(
                f"{owner}.denominator.n must equal {owner}.numerator.n (the same units)"
            )
        object.__setattr__(self, "sum_products", sp)

    @property
    def n(self) -> FloatArray:
        """Units per variant."""
        return self.numerator.n

    @property
    def mean(self) -> FloatArray:
        """The ratio of sums (0 when the denominator sums to 0)."""
        return _safe_divide(self.numerator.sum, self.denominator.sum)

    @property
    def covariance(self) -> FloatArray:
        """Sample covariance of numerator and denominator per unit."""
        n = self.n
        out = np.zeros(n.shape)
        np.divide(
            self.sum_products - _safe_divide(self.numerator.sum * self.denominator.sum, n),
            n - 1.0,
            out=out,
            where=n > 1,
        )
        return out

    @property
    def variance(self) -> FloatArray:
        """Delta-method variance of the ratio, per unit."""
        m = self.numerator
        d = self.denominator
        mm = m.mean
        dm = d.mean
        ok = (dm != 0) & (self.n > 1)
        safe_dm = np.where(ok, dm, 1.0)
        var = (
            m.variance / safe_dm**2
            - 2.0 * self.covariance * mm / safe_dm**3
            + mm**2 * d.variance / safe_dm**4
        )
        return np.where(ok, var, 0.0)


@dataclass(frozen=True, eq=False)
class QuantileStats:
    """A quantile metric (for example the 90th percentile of order value).

    ``n`` counts the observations, ``nu`` is the quantile level in (0, 1), ``quantile`` the
    sample quantile, and ``lower``/``upper`` the order statistics that bound its 95%
    interval when computed from a sample of ``n_star`` observations (gbstats' row format).
    """

    n: FloatArray
    n_star: FloatArray
    nu: FloatArray
    quantile: FloatArray
    lower: FloatArray
    upper: FloatArray

    def __post_init__(self) -> None:
        owner = type(self).__name__
        n = _counts(owner, "n", self.n)
        n_star = _counts(owner, "n_star", self.n_star)
        nu = _array(owner, "nu", self.nu)
        q = _array(owner, "quantile", self.quantile)
        lo = _array(owner, "lower", self.lower)
        hi = _array(owner, "upper", self.upper)
        nu = np.broadcast_to(nu, n.shape) if nu.shape != n.shape and nu.size == 1 else nu
        _same_shape(
            owner, {"n": n, "n_star": n_star, "nu": nu, "quantile": q, "lower": lo, "upper": hi}
        )
        if np.any((nu <= 0) | (nu >= 1)):
            raise InvalidStatsError(f"{owner}.nu must lie strictly between 0 and 1")
        if np.any(lo > hi):
            raise InvalidStatsError(f"{owner}.lower must not exceed {owner}.upper")
        for name, arr in (
            ("n", n),
            ("n_star", n_star),
            ("nu", nu),
            ("quantile", q),
            ("lower", lo),
            ("upper", hi),
        ):
            object.__setattr__(self, name, arr)

    @property
    def mean(self) -> FloatArray:
        """The sample quantile (the statistic being compared)."""
        return self.quantile

    @property
    def _variance_init(self) -> FloatArray:
        from scipy.special import ndtri

        n = self.n
        z = ndtri(1.0 - 0.5 * 0.05)
        width = (self.upper - self.lower) / (2.0 * z)
        out = np.zeros(n.shape)
        np.divide(self.n_star, n, out=out, where=n > 1)
        return np.asarray(out * (n - 1.0) * width**2, dtype=np.float64)

    @property
    def variance(self) -> FloatArray:
        """Per-observation variance implied by the interval, floored at 1e-5 from 100 obs."""
        v = self._variance_init
        return np.where(self.n < 100, v, np.maximum(v, 1e-5))

    @property
    def zero_variance(self) -> NDArray[np.bool_]:
        """Where too few observations make the quantile's variance unusable."""
        from scipy.special import ndtri

        z2 = ndtri(1.0 - 0.5 * 0.05) ** 2
        nu = self.nu
        above_one = self.n <= z2 * nu / (1.0 - nu)
        below_zero = self.n <= z2 * (1.0 - nu) / nu
        return np.asarray(
            above_one | below_zero | ((self._variance_init <= 0.0) & (self.n < 1000)),
            dtype=np.bool_,
        )


SufficientStats: TypeAlias = ProportionStats | MeanStats | CupedStats | RatioStats | QuantileStats
