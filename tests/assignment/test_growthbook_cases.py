"""Targeting and hashing against GrowthBook's own test cases (its SDKs' ``cases.json``).

The file lives in the shared anchors folder beside the repository, as
``experiments/growthbook_cases.json`` (or wherever ``GROWTHBOOK_CASES`` names); without it these
tests skip. Each ``evalCondition`` case
must give GrowthBook's answer or be refused with a message naming one of its operators: never a
different answer.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dayone import assignment
from tests.conftest import ANCHORS

CASES = Path(
    os.environ.get("GROWTHBOOK_CASES") or ANCHORS / "experiments" / "growthbook_cases.json"
)
pytestmark = pytest.mark.skipif(not CASES.exists(), reason="GrowthBook's cases.json is absent")


def _section(name: str) -> list[list[Any]]:
    if not CASES.exists():
        return []
    return list(json.loads(CASES.read_text())[name])


def _operators(condition: object) -> set[str]:
    if isinstance(condition, dict):
        found = {k for k in condition if isinstance(k, str) and k.startswith("$")}
        for value in condition.values():
            found |= _operators(value)
        return found
    if isinstance(condition, list):
        return set().union(*map(_operators, condition)) if condition else set()
    return set()


def _one_row(value: object) -> np.ndarray:
    column = np.empty(1, dtype=object)
    column[0] = value
    return column


def _evaluate(case: list[Any]) -> bool | str:
    """GrowthBook's answer, or the refusal's message."""
    _, condition, attributes, _, *rest = case
    try:
        parsed = assignment.Condition.parse(condition, rest[0] if rest else None)
    except assignment.InvalidConditionError as exc:
        return str(exc)
    answer = parsed.matches(attributes)
    columns = {k: _one_row(v) for k, v in attributes.items()}
    assert bool(parsed.mask(columns, 1)[0]) is answer, "the vectorised answer differs"
    return answer


@pytest.mark.parametrize("case", _section("evalCondition"), ids=lambda c: c[0])
def test_condition_agrees_or_is_refused_by_name(case: list[Any]) -> None:
    got = _evaluate(case)
    if isinstance(got, str):
        assert any(op in got for op in _operators(case[1])), got
    else:
        assert got is case[3]


def test_how_many_conditions_agree() -> None:
    cases = _section("evalCondition")
    answers = [_evaluate(case) for case in cases]
    agree = sum(a is c[3] for a, c in zip(answers, cases, strict=True))
    refused = sum(isinstance(a, str) for a in answers)
    assert agree + refused == len(cases)
    # every refusal is a malformed condition: a bad operand, pattern, group or operator
    assert refused <= 7, [c[0] for a, c in zip(answers, cases, strict=True) if isinstance(a, str)]


@pytest.mark.parametrize("case", _section("hash"), ids=lambda c: f"v{c[2]}:{c[0]}:{c[1]}")
def test_hash(case: list[Any]) -> None:
    seed, value, version, expected = case
    if version == 1:
        assert assignment.hash_v1(seed, value) == expected
        assert assignment.hash_v1_many(seed, [value]).tolist() == [expected]
    elif version == 2:
        assert assignment.hash_v2(seed, value) == expected
        assert assignment.hash_v2_many(seed, [value]).tolist() == [expected]
    else:
        assert expected is None
        with pytest.raises(assignment.InvalidExperimentError, match="hash_version"):
            assignment.Experiment(key=seed, hash_version=version)


@pytest.mark.parametrize("case", _section("getBucketRange"), ids=lambda c: c[0])
def test_bucket_ranges(case: list[Any]) -> None:
    _, (variations, coverage, weights), expected = case
    try:
        got = assignment.bucket_ranges(variations, coverage, weights)
    except assignment.InvalidExperimentError as exc:
        # GrowthBook quietly clamps or evens out what dayone refuses with a reason
        assert any(word in str(exc) for word in ("coverage", "weights")), exc
        return
    assert np.allclose(np.array(got, dtype=float).ravel(), np.array(expected, dtype=float).ravel())
    assert len(got) == len(expected)
