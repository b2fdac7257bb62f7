"""The public surface of dayone.demo, its doctests and its documentation."""

from __future__ import annotations

import doctest
from datetime import date, timedelta

import pytest

import dayone.demo
from dayone.demo import COLUMNS, INCIDENTS, RATIOS, business, incidents, people
from tests.conftest import REPO

DOC = REPO / "docs" / "demo-company.md"


def test_all_is_sorted_and_complete():
    assert dayone.demo.__all__ == sorted(
        dayone.demo.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n)
    )
    for name in dayone.demo.__all__:
        assert getattr(dayone.demo, name) is not None


@pytest.mark.parametrize("module", [business, incidents, people])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.failed == 0
    assert result.attempted > 0


def test_documentation_covers_every_column_ratio_and_incident():
    text = DOC.read_text()
    for column in COLUMNS:
        assert f"`{column.name}`" in text, column.name
    for ratio in RATIOS:
        assert f"`{ratio.name}`" in text, ratio.name
    for incident in INCIDENTS:
        assert incident.title in text, incident.key


def test_incident_dates_are_relative_to_the_end():
    end = date(2025, 6, 14)
    for incident in INCIDENTS:
        assert incident.first_day(end) <= incident.last_day(end) < incident.recovered_on(end)
        assert incident.recovered_on(end) <= end + timedelta(days=1)
