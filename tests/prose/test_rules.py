"""Each rule of the built-in packs, driven by the fixture files in ``fixtures/lint``."""

from __future__ import annotations

import pytest

from dayone.prose import lint

from ._fixtures import Case, read_cases

CASES = read_cases("lint")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_lint_fixture(case: Case) -> None:
    findings = [f for f in lint(case.text) if f.rule in case.rules]
    got = tuple((f.line, f.column, f.rule, case.text[f.offset : f.end_offset]) for f in findings)
    assert got == case.expected


def test_fixtures_cover_every_built_in_rule() -> None:
    covered = {rule for case in CASES for rule in case.rules if case.expected}
    assert covered >= {
        "weasel-words",
        "unquantified-claims",
        "long-sentences",
        "undefined-acronyms",
        "vague-time",
        "passive-voice",
        "lint-comment",
    }
