"""Weights, coverage, namespaces, targeting and bad input."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats

from dayone import assignment
from dayone.assignment import Experiment, Namespace, assign, assign_many

IDS = [f"visitor-{i}" for i in range(20000)]


def _as_list(values: np.ndarray) -> list[int | None]:
    return [None if v == assignment.UNASSIGNED else int(v) for v in values.tolist()]


def test_vectorised_equals_per_id() -> None:
    exp = Experiment(key="layout", variations=3, weights=(0.2, 0.3, 0.5), coverage=0.7)
    assert _as_list(assign_many(exp, IDS)) == [assign(exp, i) for i in IDS]


def test_split_follows_weights_and_coverage() -> None:
    exp = Experiment(key="split", variations=3, weights=(0.2, 0.3, 0.5), coverage=0.5)
    got = assign_many(exp, IDS)
    counts = np.bincount(got[got >= 0], minlength=3)
    assert abs(counts.sum() / len(IDS) - 0.5) < 0.02
    assert scipy.stats.chisquare(counts, np.array([0.2, 0.3, 0.5]) * counts.sum()).pvalue > 0.001


def test_raising_coverage_never_moves_a_unit() -> None:
    low = assign_many(Experiment(key="ramp", coverage=0.1), IDS)
    high = assign_many(Experiment(key="ramp", coverage=0.6), IDS)
    entered = low >= 0
    assert np.array_equal(low[entered], high[entered])
    assert (high >= 0).sum() > entered.sum()


def test_seed_changes_assignment() -> None:
    a = assign_many(Experiment(key="one"), IDS)
    b = assign_many(Experiment(key="two"), IDS)
    c = assign_many(Experiment(key="two", seed="one"), IDS)
    assert not np.array_equal(a, b)
    assert np.array_equal(a, c)


def test_namespaces_make_experiments_mutually_exclusive() -> None:
    left = Experiment(key="left", namespace=Namespace("checkout", 0.0, 0.5))
    right = Experiment(key="right", namespace=Namespace("checkout", 0.5, 1.0))
    a, b = assign_many(left, IDS), assign_many(right, IDS)
    assert not np.any((a >= 0) & (b >= 0))
    assert np.all((a >= 0) | (b >= 0))
    assert _as_list(a[:2000]) == [assign(left, i) for i in IDS[:2000]]
    assert left.namespace is not None
    assert left.namespace.contains(IDS[int(np.flatnonzero(a >= 0)[0])])
    assignment.check_exclusive([left, right, Experiment(key="free")])
    overlapping = Experiment(key="overlap", namespace=Namespace("checkout", 0.4, 0.6))
    with pytest.raises(assignment.InvalidExperimentError, match="overlap"):
        assignment.check_exclusive([left, right, overlapping])
    other_layer = Experiment(key="other", namespace=Namespace("search", 0.0, 1.0))
    assignment.check_exclusive([left, other_layer])


def test_targeting_per_id_and_vectorised_agree() -> None:
    exp = Experiment(
        key="targeted",
        conditions={
            "country": {"$in": ["US", "CA"]},
            "age": {"$gte": 18},
            "$or": [{"plan": "pro"}, {"beta": True}],
            "$not": {"email": {"$exists": False}},
        },
    )
    rng = np.random.default_rng(7)
    n = 3000
    columns = {
        "country": rng.choice(["US", "CA", "FR"], n),
        "age": rng.integers(10, 60, n),
        "plan": rng.choice(["free", "pro"], n),
        "beta": rng.random(n) < 0.3,
        "email": np.array([None if i % 5 == 0 else f"u{i}@x.org" for i in range(n)], dtype=object),
    }
    ids = IDS[:n]
    vec = assign_many(exp, ids, columns)
    one = [
        assign(
            exp,
            ids[i],
            {k: v[i].item() if hasattr(v[i], "item") else v[i] for k, v in columns.items()},
        )
        for i in range(n)
    ]
    assert _as_list(vec) == one
    eligible = (
        np.isin(columns["country"], ["US", "CA"])
        & (columns["age"] >= 18)
        & ((columns["plan"] == "pro") | columns["beta"])
        & np.array([e is not None for e in columns["email"]])
    )
    assert np.all(vec[~eligible] == assignment.UNASSIGNED)
    assert np.all(vec[eligible] >= 0)


@pytest.mark.parametrize(
    ("condition", "attributes", "expected"),
    [
        ({"country": "US"}, {"country": "US"}, True),
        ({"country": "US"}, {}, False),
        ({"country": {"$ne": "US"}}, {}, True),
        ({"country": {"$nin": ["US"]}}, {"country": "FR"}, True),
        ({"age": {"$lt": 18}}, {"age": "17"}, True),
        ({"age": {"$lte": 18}}, {"age": 18}, True),
        ({"age": {"$gt": 18}}, {"age": True}, False),
        ({"version": {"$gte": "2.0"}}, {"version": "2.1"}, True),
        ({"$and": [{"a": 1}, {"b": 2}]}, {"a": 1, "b": 2}, True),
        ({"$and": [{"a": 1}, {"b": 2}]}, {"a": 1, "b": 3}, False),
        ({"a": {"$exists": True}}, {"a": 0}, True),
        ({"user.plan": "pro"}, {"user": {"plan": "pro"}}, True),
        ({"user.plan": "pro"}, {"user": "pro"}, False),
        ({"tags": {"$in": ["a", "x"]}}, {"tags": ["x", "y"]}, True),
        ({"tags": {"$nin": ["a", "x"]}}, {"tags": ["x", "y"]}, False),
        ({"tags": {"$ini": ["X"]}}, {"tags": ["x"]}, True),
        ({"tags": {"$all": ["x", "y"]}}, {"tags": ["y", "x", "z"]}, True),
        ({"tags": {"$alli": ["X", "q"]}}, {"tags": ["x", "y"]}, False),
        ({"tags": {"$size": {"$gt": 1}}}, {"tags": ["x", "y"]}, True),
        ({"tags": {"$elemMatch": {"$eq": "y"}}}, {"tags": ["x", "y"]}, True),
        ({"kids": {"$elemMatch": {"age": {"$gt": 9}}}}, {"kids": [{"age": 3}, {"age": 10}]}, True),
        ({"email": {"$regex": "@example\\.com$"}}, {"email": "a@example.com"}, True),
        ({"age": {"$type": "number"}}, {"age": 3}, True),
        ({"age": {"$type": "number"}}, {"age": True}, False),
        ({"age": {"$not": {"$gt": 5}}}, {"age": 3}, True),
        ({"$nor": [{"a": 1}, {"b": 2}]}, {"a": 2, "b": 3}, True),
        ({"$nor": [{"a": 1}, {"b": 2}]}, {"a": 1}, False),
        ({"v": {"$vgt": "1.9.2"}}, {"v": "1.10.0"}, True),
        ({"v": {"$vlt": "1.0.0"}}, {"v": "1.0.0-beta"}, True),
        ({"v": {"$veq": "1.2.3"}}, {"v": "v1.2.3+build5"}, True),
        ({"v": {"$vgte": "2.0.0"}}, {}, False),
        ({"n": {"$gt": 5, "$lt": 10}}, {"n": "8"}, True),
        ({"n": {"$gt": "5"}}, {"n": 8}, True),
        ({"n": {"$gt": 5}}, {"n": "eight"}, False),
        ({"n": {"$gt": -1, "$lt": 1}}, {}, True),
        ({"flag": 1}, {"flag": True}, False),
        ({"flag": True}, {"flag": True}, True),
        ({"user": None}, {}, True),
        ({"user": None}, {"user": "u1"}, False),
        ({"tags": ["a", "b"]}, {"tags": ["a", "b"]}, True),
        ({"tags": ["a", "b"]}, {"tags": ["b", "a"]}, False),
        ({"tags": {"x": 1}}, {"tags": {"x": 1}}, True),
        ({"tags": {"x": 1}}, {"tags": {"x": 1, "y": 2}}, False),
        ({"ua": {"$regexi": "mobile"}}, {"ua": "Android MOBILE"}, True),
        ({"ua": {"$notRegex": "mobile"}}, {"ua": "Android MOBILE"}, True),
        ({"ua": {"$notRegex": "mobile"}}, {}, True),
        ({"ua": {"$notRegexi": "mobile"}}, {"ua": "Android MOBILE"}, False),
        ({"$or": []}, {}, True),
        ({"$and": []}, {}, True),
        ({"$nor": []}, {}, False),
        ({"$groups": {"$elemMatch": {"$eq": "a"}}}, {"$groups": ["b", "a"]}, True),
        ({"nums": {"$in": [1]}}, {"nums": [True]}, False),
    ],
)
def test_condition_semantics(condition: dict, attributes: dict, expected: bool) -> None:
    parsed = assignment.Condition.parse(condition)
    assert parsed.matches(attributes) is expected
    columns = {k: _column(v) for k, v in attributes.items()}
    assert bool(parsed.mask(columns, 1)[0]) is expected


def _column(value: object) -> np.ndarray:
    column = np.empty(1, dtype=object)
    column[0] = value
    return column if isinstance(value, list | dict) else np.array([value])


def test_vectorised_agrees_on_mixed_types() -> None:
    conditions = [
        {"n": {"$gt": 5}},
        {"n": {"$lte": "7"}},
        {"n": {"$in": [3, "3", True]}},
        {"n": {"$eq": 1}},
        {"n": None},
        {"n": {"$exists": False}},
    ]
    columns = {
        "ints": np.array([1, 3, 7, 9]),
        "floats": np.array([1.0, np.nan, 7.5, 9.0]),
        "strings": np.array(["1", "3", "7", "x"]),
        "bools": np.array([True, False, True, False]),
        "mixed": np.array([None, "8", 3, True], dtype=object),
    }
    for condition in conditions:
        for name, column in columns.items():
            renamed = {name if k == "n" else k: v for k, v in condition.items()}
            parsed = assignment.Condition.parse(renamed)
            expected = [parsed.matches({name: v}) for v in column.tolist()]
            assert parsed.mask({name: column}, 4).tolist() == expected, (condition, name)


def test_hash_version_1_buckets_by_id_and_seed() -> None:
    exp = Experiment(key="legacy", variations=3, hash_version=1)
    ids = IDS[:3000]
    expected = []
    for unit in ids:
        n = assignment.hash_v1("legacy", unit)
        expected.append(next(i for i, (a, b) in enumerate(exp.ranges) if a <= n < b))
    assert [assign(exp, u) for u in ids] == expected
    assert _as_list(assign_many(exp, ids)) == expected
    assert expected != [assign(Experiment(key="legacy", variations=3), u) for u in ids]


def test_saved_groups() -> None:
    groups = {"beta": ["u1", "u2"]}
    inside = assignment.Condition.parse({"id": {"$inGroup": "beta"}}, groups)
    outside = assignment.Condition.parse({"id": {"$notInGroup": "beta"}}, groups)
    assert [inside.matches({"id": i}) for i in ("u1", "u3")] == [True, False]
    assert [outside.matches({"id": i}) for i in ("u1", "u3")] == [False, True]
    mask = inside.mask({"id": np.array(["u1", "u3", "u2"])}, 3)
    assert mask.tolist() == [True, False, True]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": (0.5, 0.4)}, "sum to 1"),
        ({"weights": (0.5, 0.5, 0.0)}, "3 entries|2 entries"),
        ({"weights": (1.5, -0.5)}, "not negative"),
        ({"weights": (float("nan"), 0.5)}, "finite"),
        ({"coverage": 1.2}, "coverage"),
        ({"coverage": True}, "coverage"),
        ({"variations": 1}, "variations"),
        ({"key": ""}, "key"),
        ({"seed": 3}, "seed"),
        ({"conditions": {"age": {"$where": "x"}}}, "unknown operator '\\$where'"),
        ({"conditions": {"age": {"$regex": "("}}}, "not a valid pattern"),
        ({"conditions": {"age": {"$type": "int"}}}, "\\$type needs one of"),
        ({"conditions": {"id": {"$inGroup": "beta"}}}, "saved group 'beta'"),
        ({"conditions": {"$in": ["US"]}}, "unknown condition operator '\\$in'"),
        ({"conditions": {"age": {"$gt": 1, "max": 3}}}, "mixes operators with fields"),
        ({"conditions": {"tags": [{"a": object()}]}}, "equality needs a string"),
        ({"hash_version": 3}, "hash_version must be 1 or 2"),
        ({"conditions": {"age": {"$in": "US"}}}, "needs a list"),
        ({"conditions": {"age": {"$gt": None}}}, "number or a string"),
        ({"conditions": {"age": {"$eq": [1]}}}, "string, number"),
        ({"conditions": {"age": {"$exists": "yes"}}}, "true or false"),
        ({"conditions": {"age": {}}}, "no operator"),
        ({"conditions": {"$or": "x"}}, "\\$or needs a list"),
    ],
)
def test_bad_experiment_definitions(kwargs: dict, message: str) -> None:
    base = {"key": "k"}
    with pytest.raises(
        (assignment.InvalidExperimentError, assignment.InvalidConditionError), match=message
    ):
        Experiment(**{**base, **kwargs})


def test_bad_namespaces() -> None:
    with pytest.raises(assignment.InvalidExperimentError, match="start must be below"):
        Namespace("layer", 0.5, 0.5)
    with pytest.raises(assignment.InvalidExperimentError, match="end"):
        Namespace("layer", 0.0, 1.5)
    with pytest.raises(assignment.InvalidExperimentError, match="layer"):
        Namespace("", 0.0, 1.0)


@pytest.mark.parametrize("bad", [1.5, None, b"bytes", True, ("a",), "a\x00b"])
def test_ids_of_the_wrong_type(bad: object) -> None:
    exp = Experiment(key="k")
    with pytest.raises(assignment.InvalidIdError):
        assign(exp, bad)
    with pytest.raises(assignment.InvalidIdError):
        assign_many(exp, ["ok", bad])


@pytest.mark.parametrize("bad", ["not a list", np.zeros((2, 2)), np.array([1.5, 2.5]), 42])
def test_bad_id_collections(bad: object) -> None:
    with pytest.raises(assignment.InvalidIdError):
        assign_many(Experiment(key="k"), bad)  # type: ignore[arg-type]


def test_empty_ids_are_not_in_the_experiment() -> None:
    exp = Experiment(key="k")
    assert assign(exp, "") is None
    assert assign_many(exp, ["", "x"])[0] == assignment.UNASSIGNED
    assert assign_many(exp, []).tolist() == []


def test_attribute_columns_must_match_ids() -> None:
    exp = Experiment(key="k", conditions={"country": "US"})
    with pytest.raises(assignment.InvalidConditionError, match="one value per id"):
        assign_many(exp, ["a", "b"], {"country": ["US"]})
