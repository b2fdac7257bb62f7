"""Calibration: how each interviewer rates against their loops, and how well raters agree.

Per interviewer: loops, the mean offset of their overall vote from the loop's mean vote
(positive is lenient, negative harsh), the share of strong votes, the median hours to submit
and the votes against the outcome. Per principle: how often it is assessed and Krippendorff's
alpha for ordinal ratings (the ``krippendorff`` package), each loop a unit and its ratings of
the principle the values.

The work is done on columns (``VoteTable``, ``RatingTable``: numpy arrays, one entry per vote
or per count of ratings), so that tens of thousands of votes calibrate in milliseconds; the
record-by-record ``calibration`` builds the columns and calls ``calibration_tables``. Ratings
arrive as counts per loop and principle, as a closed loop stores them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np

from dayone.hiring._errors import HiringError
from dayone.hiring._scale import Rating

UNDECIDED = -1
"""``VoteTable.outcome_hire`` for a loop with no outcome yet (1 hire, 0 no hire)."""


@dataclass(frozen=True)
class Vote:
    """One interviewer's overall vote in one loop. ``outcome_hire`` is ``None`` until decided."""

    loop_id: int
    interviewer_id: int
    rating: int
    hours_to_submit: float | None = None
    outcome_hire: bool | None = None


@dataclass(frozen=True)
class PrincipleRating:
    """One interviewer's rating of one principle in one loop."""

    loop_id: int
    interviewer_id: int
    principle: str
    rating: int


@dataclass(frozen=True)
class InterviewerCalibration:
    """How one interviewer votes compared with the loops they sat in."""

    interviewer_id: int
    loops: int
    mean_offset: float | None
    """Mean of (their vote - the loop's mean vote); ``None`` when they never sat with others."""
    strong_share: float
    median_hours: float | None
    against_outcome: int
    decided: int

    @property
    def leaning(self) -> str:
        """``lenient``, ``harsh`` or ``even`` (within half a point of their loops)."""
        if self.mean_offset is None or abs(self.mean_offset) <= 0.5:
            return "even"
        return "lenient" if self.mean_offset > 0 else "harsh"


@dataclass(frozen=True)
class PrincipleCalibration:
    """How often a principle is assessed and how well its raters agree."""

    principle: str
    ratings: int
    loops: int
    alpha: float | None
    """Krippendorff's ordinal alpha; ``None`` without two loops that rate it twice or more, or
    when every rating is the same value (agreement is then undefined)."""


@dataclass(frozen=True)
class Calibration:
    """The calibration of every interviewer and every principle."""

    interviewers: tuple[InterviewerCalibration, ...]
    principles: tuple[PrincipleCalibration, ...]


@dataclass(frozen=True)
class VoteTable:
    """Overall votes as columns of equal length: one entry per vote.

    ``hours_to_submit`` is NaN where unknown; ``outcome_hire`` is 1 (hire), 0 (no hire) or
    ``UNDECIDED``."""

    loop_id: np.ndarray
    interviewer_id: np.ndarray
    rating: np.ndarray
    hours_to_submit: np.ndarray
    outcome_hire: np.ndarray


@dataclass(frozen=True)
class RatingTable:
    """Principle ratings as columns: row ``i`` says that in loop ``loop_id[i]`` the principle
    ``principle[i]`` was rated ``counts[i, 0]`` times 1 (strong no hire), ``counts[i, 1]``
    times 2, ``counts[i, 2]`` times 3 and ``counts[i, 3]`` times 4 (strong hire)."""

    loop_id: np.ndarray
    principle: np.ndarray
    counts: np.ndarray


def _on_scale(ratings: np.ndarray, what: str) -> np.ndarray:
    values = np.asarray(ratings, dtype=np.int64)
    off = (values < Rating.STRONG_NO_HIRE) | (values > Rating.STRONG_HIRE)
    if off.any():
        bad = int(values[np.argmax(off)])
        raise HiringError(f"{what}: {bad} is off the four-point scale (1 to 4).")
    return values


def _alpha_of_counts(matrix: np.ndarray) -> float | None:
    """Ordinal alpha of a (units x 4) matrix of value counts; ``None`` when undefined."""
    matrix = matrix[matrix.sum(axis=1) >= 2]
    if len(matrix) < 2 or np.count_nonzero(matrix.sum(axis=0)) < 2:
        return None
    alpha = float(
        krippendorff.alpha(
            value_counts=matrix.astype(np.float64),
            value_domain=[1, 2, 3, 4],
            level_of_measurement="ordinal",
        )
    )
    return None if math.isnan(alpha) else alpha


def ordinal_alpha(units: Iterable[Iterable[int]]) -> float | None:
    """Krippendorff's alpha for ordinal ratings on the four-point scale.

    Each unit is the ratings one loop gave (raters need not be the same people from loop to
    loop). Units with fewer than two ratings carry no pair and are left out.

    >>> round(ordinal_alpha([[4, 4], [1, 1], [3, 3]]), 6)
    1.0
    """
    rows = []
    for unit in units:
        counts = [0, 0, 0, 0]
        for value in unit:
            counts[Rating(value) - 1] += 1
        rows.append(counts)
    if not rows:
        return None
    return _alpha_of_counts(np.asarray(rows, dtype=np.int64))


def _medians(groups: np.ndarray, values: np.ndarray, size: int) -> list[float | None]:
    """The median of ``values`` in each of ``size`` groups (NaN values left out)."""
    keep = ~np.isnan(values)
    groups, values = groups[keep], values[keep]
    order = np.lexsort((values, groups))
    groups, values = groups[order], values[order]
    counts = np.bincount(groups, minlength=size)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    medians: list[float | None] = []
    for start, count in zip(starts.tolist(), counts.tolist(), strict=True):
        if count == 0:
            medians.append(None)
        else:
            low, high = values[start + (count - 1) // 2], values[start + count // 2]
            medians.append(float((low + high) / 2))
    return medians


def _interviewers(votes: VoteTable) -> tuple[InterviewerCalibration, ...]:
    if len(votes.rating) == 0:
        return ()
    rating = _on_scale(votes.rating, "overall vote").astype(np.float64)
    _, loop = np.unique(np.asarray(votes.loop_id), return_inverse=True)
    people, person = np.unique(np.asarray(votes.interviewer_id), return_inverse=True)
    size = len(people)
    seats = np.bincount(loop)[loop]
    totals = np.bincount(loop, weights=rating)[loop]
    shared = seats > 1
    offset = rating[shared] - (totals[shared] - rating[shared]) / (seats[shared] - 1)
    offset_sum = np.bincount(person[shared], weights=offset, minlength=size)
    offset_n = np.bincount(person[shared], minlength=size)
    own = np.bincount(person, minlength=size)
    strong = np.bincount(
        person,
        weights=((rating == Rating.STRONG_HIRE) | (rating == Rating.STRONG_NO_HIRE)),
        minlength=size,
    )
    outcome = np.asarray(votes.outcome_hire, dtype=np.int64)
    decided = outcome != UNDECIDED
    against = decided & ((rating >= Rating.INCLINED) != (outcome == 1))
    pairs = np.unique(np.stack([person, loop]), axis=1)
    loops = np.bincount(pairs[0], minlength=size)
    medians = _medians(person, np.asarray(votes.hours_to_submit, dtype=np.float64), size)
    decided_n = np.bincount(person, weights=decided, minlength=size)
    against_n = np.bincount(person, weights=against, minlength=size)
    return tuple(
        InterviewerCalibration(
            interviewer_id=int(people[index]),
            loops=int(loops[index]),
            mean_offset=float(offset_sum[index] / offset_n[index]) if offset_n[index] else None,
            strong_share=float(strong[index] / own[index]),
            median_hours=medians[index],
            against_outcome=int(against_n[index]),
            decided=int(decided_n[index]),
        )
        for index in range(size)
    )


def _principles(ratings: RatingTable) -> tuple[PrincipleCalibration, ...]:
    counts = np.asarray(ratings.counts, dtype=np.int64).reshape(-1, 4)
    if len(counts) == 0:
        return ()
    if (counts < 0).any():
        raise HiringError("principle rating counts: a count is negative.")
    keys, principle = np.unique(np.asarray(ratings.principle), return_inverse=True)
    loop_id = np.asarray(ratings.loop_id)
    result = []
    for index, key in enumerate(keys.tolist()):
        mine = principle == index
        units, unit = np.unique(loop_id[mine], return_inverse=True)
        matrix = np.zeros((len(units), 4), dtype=np.int64)
        np.add.at(matrix, unit, counts[mine])
        result.append(
            PrincipleCalibration(
                principle=str(key),
                ratings=int(matrix.sum()),
                loops=len(units),
                alpha=_alpha_of_counts(matrix),
            )
        )
    return tuple(result)


def calibration_tables(votes: VoteTable, ratings: RatingTable) -> Calibration:
    """Calibrate every interviewer from the vote columns and every principle from the rating
    columns; interviewers by id, principles by key, each in ascending order."""
    return Calibration(_interviewers(votes), _principles(ratings))


def vote_table(votes: Sequence[Vote]) -> VoteTable:
    """The columns of ``votes``."""
    return VoteTable(
        loop_id=np.fromiter((v.loop_id for v in votes), np.int64, len(votes)),
        interviewer_id=np.fromiter((v.interviewer_id for v in votes), np.int64, len(votes)),
        rating=np.fromiter((v.rating for v in votes), np.int64, len(votes)),
        hours_to_submit=np.fromiter(
            (math.nan if v.hours_to_submit is None else v.hours_to_submit for v in votes),
            np.float64,
            len(votes),
        ),
        outcome_hire=np.fromiter(
            (UNDECIDED if v.outcome_hire is None else int(v.outcome_hire) for v in votes),
            np.int64,
            len(votes),
        ),
    )


def rating_table(ratings: Sequence[PrincipleRating]) -> RatingTable:
    """The columns of ``ratings``, one rating a row."""
    values = _on_scale(np.fromiter((r.rating for r in ratings), np.int64, len(ratings)), "rating")
    counts = np.zeros((len(ratings), 4), dtype=np.int64)
    counts[np.arange(len(ratings)), values - 1] = 1
    return RatingTable(
        loop_id=np.fromiter((r.loop_id for r in ratings), np.int64, len(ratings)),
        principle=np.asarray([r.principle for r in ratings], dtype=object),
        counts=counts,
    )


def calibration(votes: Iterable[Vote], ratings: Iterable[PrincipleRating]) -> Calibration:
    """Calibrate every interviewer from their votes and every principle from its ratings."""
    return calibration_tables(vote_table(list(votes)), rating_table(list(ratings)))
