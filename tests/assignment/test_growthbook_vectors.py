"""Assignment against GrowthBook's hash version 2 test vectors (including non-ASCII ids)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dayone import assignment
from tests.conftest import ANCHORS

VECTORS = ANCHORS / "experiments" / "growthbook_assignment_vectors.json"


def _vectors() -> list[dict[str, Any]]:
    if not VECTORS.exists():
        return []
    return list(json.loads(VECTORS.read_text())["vectors"])


def _reference_fnv(text: str, state: int = 0x811C9DC5) -> int:
    """FNV-1a 32 over UTF-16 code units, written out plainly as the JavaScript SDK does."""
    units = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(units), 2):
        state ^= int.from_bytes(units[i : i + 2], "little")
        state = (state * 16777619) % 2**32
    return state


def _reference_hash_v2(seed: str, value: str) -> float:
    return (_reference_fnv(str(_reference_fnv(seed + value))) % 10000) / 10000


@pytest.mark.skipif(not VECTORS.exists(), reason="the GrowthBook vectors are absent")
@pytest.mark.parametrize("vector", _vectors(), ids=lambda v: f"{v['seed']}:{v['user_id']}")
def test_vector(vector: dict[str, Any]) -> None:
    exp = assignment.Experiment(
        key=vector["experiment_key"],
        seed=vector["seed"],
        variations=vector["num_variations"],
        weights=tuple(vector["weights"]),
        coverage=vector["coverage"],
    )
    assert assignment.hash_v2(vector["seed"], vector["user_id"]) == vector["hash_value"]
    assert [list(r) for r in exp.ranges] == vector["bucket_ranges"]
    expected = vector["variation"] if vector["in_experiment"] else None
    assert assignment.assign(exp, vector["user_id"]) == expected
    many = assignment.assign_many(exp, [vector["user_id"], vector["user_id"]])
    assert many.tolist() == [assignment.UNASSIGNED if expected is None else expected] * 2
    hashes = assignment.hash_v2_many(vector["seed"], [vector["user_id"]])
    assert hashes.tolist() == [vector["hash_value"]]


@pytest.mark.skipif(not VECTORS.exists(), reason="the GrowthBook vectors are absent")
def test_all_vectors_in_one_vectorised_call() -> None:
    vectors = [v for v in _vectors() if v["seed"] == "i18n-test"]
    assert any(not v["user_id"].isascii() for v in vectors)
    got = assignment.hash_v2_many("i18n-test", [v["user_id"] for v in vectors])
    assert got.tolist() == [v["hash_value"] for v in vectors]


@settings(max_examples=300, deadline=None)
@given(
    seed=st.text(max_size=12),
    ids=st.lists(st.text(max_size=20).filter(lambda s: "\x00" not in s), max_size=30),
)
def test_hash_matches_reference_for_any_text(seed: str, ids: list[str]) -> None:
    expected = [_reference_hash_v2(seed, x) for x in ids]
    assert [assignment.hash_v2(seed, x) for x in ids] == expected
    assert assignment.hash_v2_many(seed, ids).tolist() == expected


@settings(max_examples=100, deadline=None)
@given(
    seed=st.text(max_size=8),
    ids=st.lists(st.text(max_size=12).filter(lambda s: "\x00" not in s), max_size=20),
)
def test_hash_v1_matches_reference(seed: str, ids: list[str]) -> None:
    expected = [(_reference_fnv(x + seed) % 1000) / 1000 for x in ids]
    assert [assignment.hash_v1(seed, x) for x in ids] == expected
    assert assignment.hash_v1_many(seed, ids).tolist() == expected


def test_integer_ids_hash_as_their_decimal_string() -> None:
    exp = assignment.Experiment(key="pricing-page-v2")
    ints = np.arange(0, 5000, dtype=np.int64)
    as_text = [str(i) for i in range(5000)]
    assert (
        assignment.assign_many(exp, ints).tolist() == assignment.assign_many(exp, as_text).tolist()
    )
    assert assignment.assign(exp, 42) == assignment.assign(exp, "42")
    assert assignment.assign_many(exp, list(range(10))).tolist() == [
        assignment.assign(exp, i) for i in range(10)
    ]
