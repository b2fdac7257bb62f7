"""Calibration against an independent computation of Krippendorff's ordinal alpha."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest

from dayone import hiring


def _alpha_by_hand(units: list[list[int]]) -> float:
    """Krippendorff (2011), 'Computing Krippendorff's alpha-reliability', the ordinal metric:
    coincidences o_ck, marginals n_c, and delta_ck = (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2."""
    values = [1, 2, 3, 4]
    pairable = [u for u in units if len(u) >= 2]
    o: Counter[tuple[int, int]] = Counter()
    for unit in pairable:
        for i, j in itertools.permutations(range(len(unit)), 2):
            o[unit[i], unit[j]] += 1 / (len(unit) - 1)
    n_c = {c: sum(o[c, k] for k in values) for c in values}
    n = sum(n_c.values())

    def delta(c: int, k: int) -> float:
        low, high = min(c, k), max(c, k)
        return (sum(n_c[g] for g in range(low, high + 1)) - (n_c[c] + n_c[k]) / 2) ** 2

    observed = sum(o[c, k] * delta(c, k) for c in values for k in values)
    expected = sum(n_c[c] * n_c[k] * delta(c, k) for c in values for k in values)
    return 1 - (n - 1) * observed / expected


def test_ordinal_alpha_matches_the_formula() -> None:
    rng = np.random.default_rng(7)
    units = []
    for _ in range(60):
        truth = int(rng.integers(1, 5))
        size = int(rng.integers(1, 5))
        units.append([min(4, max(1, truth + int(rng.choice([-1, 0, 0, 1])))) for _ in range(size)])
    assert hiring.ordinal_alpha(units) == pytest.approx(_alpha_by_hand(units), rel=1e-9)


def test_alpha_is_undefined_without_pairs_or_variation() -> None:
    assert hiring.ordinal_alpha([[4], [3], [2]]) is None
    assert hiring.ordinal_alpha([[3, 3], [3, 3, 3]]) is None
    assert hiring.ordinal_alpha([[1, 4], [4, 1]]) == pytest.approx(_alpha_by_hand([[1, 4], [4, 1]]))


def test_perfect_disagreement_is_negative() -> None:
    alpha = hiring.ordinal_alpha([[1, 4], [4, 1], [2, 3]])
    assert alpha is not None
    assert alpha < 0


def test_interviewers_lenient_and_harsh() -> None:
    votes = []
    for loop in range(10):
        votes += [
            hiring.Vote(loop, 1, 4, hours_to_submit=2.0, outcome_hire=False),  # lenient
            hiring.Vote(loop, 2, 1, hours_to_submit=30.0, outcome_hire=False),  # harsh
            hiring.Vote(loop, 3, 2, hours_to_submit=10.0, outcome_hire=False),
        ]
    votes.append(hiring.Vote(99, 3, 3))  # alone in a loop, not decided
    result = hiring.calibration(votes, [])
    by_id = {row.interviewer_id: row for row in result.interviewers}
    assert by_id[1].mean_offset == pytest.approx(4 - 1.5)
    assert by_id[1].leaning == "lenient"
    assert by_id[2].mean_offset == pytest.approx(1 - 3)
    assert by_id[2].leaning == "harsh"
    assert by_id[3].leaning == "even"
    assert by_id[1].strong_share == 1.0
    assert by_id[3].strong_share == 0.0
    assert by_id[3].loops == 11
    assert by_id[3].decided == 10
    assert by_id[1].against_outcome == 10
    assert by_id[2].against_outcome == 0
    assert by_id[2].median_hours == 30.0


def test_principles_counted_and_agreement_read() -> None:
    ratings = []
    for loop in range(5):
        ratings += [
            hiring.PrincipleRating(loop, 1, "ownership", 1 + loop % 4),
            hiring.PrincipleRating(loop, 2, "ownership", 1 + loop % 4),
            hiring.PrincipleRating(loop, 3, "dive-deep", 2),
        ]
    result = hiring.calibration([], ratings)
    rows = {row.principle: row for row in result.principles}
    assert rows["ownership"].ratings == 10
    assert rows["ownership"].loops == 5
    assert rows["ownership"].alpha == pytest.approx(1.0)
    assert rows["dive-deep"].alpha is None


def test_counted_ratings_calibrate_like_single_ones() -> None:
    singles = [
        hiring.PrincipleRating(loop, person, "ownership", rating)
        for loop, ratings in enumerate([[4, 4, 3], [1, 2], [3, 3, 3], [2, 4]])
        for person, rating in enumerate(ratings)
    ]
    counted = hiring.RatingTable(
        loop_id=np.array([0, 1, 2, 3]),
        principle=np.array(["ownership"] * 4, dtype=object),
        counts=np.array([[0, 0, 1, 2], [1, 1, 0, 0], [0, 0, 3, 0], [0, 1, 0, 1]]),
    )
    empty = hiring.vote_table([])
    by_rows = hiring.calibration_tables(empty, hiring.rating_table(singles)).principles
    by_counts = hiring.calibration_tables(empty, counted).principles
    assert by_rows == by_counts
    assert by_counts[0].ratings == 10
    assert by_counts[0].alpha == pytest.approx(
        hiring.ordinal_alpha([[4, 4, 3], [1, 2], [3, 3, 3], [2, 4]])
    )


def test_off_the_scale_names_the_value() -> None:
    with pytest.raises(hiring.HiringError, match="5 is off the four-point scale"):
        hiring.calibration([hiring.Vote(1, 1, 5)], [])
