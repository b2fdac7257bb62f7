"""Deterministic assignment of units to experiment variants, bit-compatible with GrowthBook.

A unit's variant depends only on the experiment's seed, its weights and coverage, and the
unit's id, through GrowthBook's hash version 2 (FNV-1a 32 over UTF-16 code units), so a team
moving from GrowthBook keeps every user in the same variant. Assign one id in-process with
:func:`assign`, or a whole array with :func:`assign_many` (the same answers, vectorised).

    >>> from dayone.assignment import Experiment, assign
    >>> assign(Experiment(key="pricing-page-v2"), "alice@example.com")
    1

Exception tree::

    AssignmentError
     ├── InvalidExperimentError (also a ValueError)
     ├── InvalidConditionError (also a ValueError)
     └── InvalidIdError (also a TypeError)
"""

from dayone.assignment._errors import (
    AssignmentError,
    InvalidConditionError,
    InvalidExperimentError,
    InvalidIdError,
)
from dayone.assignment._experiment import (
    UNASSIGNED,
    Experiment,
    Namespace,
    assign,
    assign_many,
    bucket_ranges,
    check_exclusive,
)
from dayone.assignment._hash import fnv1a32, hash_v1, hash_v1_many, hash_v2, hash_v2_many
from dayone.assignment._targeting import Condition

__all__ = [
    "UNASSIGNED",
    "AssignmentError",
    "Condition",
    "Experiment",
    "InvalidConditionError",
    "InvalidExperimentError",
    "InvalidIdError",
    "Namespace",
    "assign",
    "assign_many",
    "bucket_ranges",
    "check_exclusive",
    "fnv1a32",
    "hash_v1",
    "hash_v1_many",
    "hash_v2",
    "hash_v2_many",
]
