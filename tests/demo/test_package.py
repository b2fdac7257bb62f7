"""The public surface of dayone.demo, its doctests and its documentation."""

from __future__ import annotations

from datetime import date, timedelta

from dayone.demo import COLUMNS, INCIDENTS, RATIOS
from tests.conftest import REPO

DOC = REPO / "docs" / "demo-company.md"


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
