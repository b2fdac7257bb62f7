"""Calibration: how each interviewer rates against their loops, and how well raters agree.

Per interviewer: loops, the mean offset of their overall vote from the loop's mean vote
(positive is lenient, negative harsh), the share of strong votes, the median hours to submit
and the votes against the outcome. Per principle: how often it is assessed and Krippendorff's
alpha for ordinal ratings (the ``krippendorff`` package), each loop a unit and its ratings of
the principle the values.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import krippendorff
import numpy as np

from dayone.hiring._scale import Rating


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
        if sum(counts) >= 2:
            rows.append(counts)
    if len(rows) < 2:
        return None
    matrix = np.asarray(rows, dtype=np.float64)
    if np.count_nonzero(matrix.sum(axis=0)) < 2:
        return None
    alpha = float(
        krippendorff.alpha(
            value_counts=matrix, value_domain=[1, 2, 3, 4], level_of_measurement="ordinal"
        )
    )
    return None if math.isnan(alpha) else alpha


def calibration(votes: Iterable[Vote], ratings: Iterable[PrincipleRating]) -> Calibration:
    """Calibrate every interviewer from their votes and every principle from its ratings."""
    by_loop: defaultdict[int, list[Vote]] = defaultdict(list)
    for vote in votes:
        by_loop[vote.loop_id].append(vote)
    offsets: defaultdict[int, list[float]] = defaultdict(list)
    mine: defaultdict[int, list[Vote]] = defaultdict(list)
    for loop_votes in by_loop.values():
        total = sum(vote.rating for vote in loop_votes)
        for vote in loop_votes:
            mine[vote.interviewer_id].append(vote)
            if len(loop_votes) > 1:
                others = (total - vote.rating) / (len(loop_votes) - 1)
                offsets[vote.interviewer_id].append(vote.rating - others)
    interviewers = []
    for pk, own in sorted(mine.items()):
        hours = [vote.hours_to_submit for vote in own if vote.hours_to_submit is not None]
        decided = [vote for vote in own if vote.outcome_hire is not None]
        interviewers.append(
            InterviewerCalibration(
                interviewer_id=pk,
                loops=len({vote.loop_id for vote in own}),
                mean_offset=statistics.fmean(offsets[pk]) if offsets[pk] else None,
                strong_share=sum(Rating(vote.rating).is_strong for vote in own) / len(own),
                median_hours=statistics.median(hours) if hours else None,
                against_outcome=sum(
                    Rating(vote.rating).is_hire != vote.outcome_hire for vote in decided
                ),
                decided=len(decided),
            )
        )
    units: defaultdict[str, defaultdict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for rating in ratings:
        units[rating.principle][rating.loop_id].append(rating.rating)
    principles = tuple(
        PrincipleCalibration(
            principle=key,
            ratings=sum(len(unit) for unit in loops.values()),
            loops=len(loops),
            alpha=ordinal_alpha(loops.values()),
        )
        for key, loops in sorted(units.items())
    )
    return Calibration(tuple(interviewers), principles)
