"""Riverbend Books, the demo company: its people, teams, incidents and daily business data.

Everything here is deterministic: the same arguments give the same company. The business data
is one wide table with a row per day (``generate_daily``); ``COLUMNS`` describes its columns and
``RATIOS`` the metrics derived from them.
"""

from dayone.demo.business import DAILY_FILENAME, generate_daily, write_csv, write_daily
from dayone.demo.columns import COLUMNS, METRIC_COLUMNS, RATIOS, TARGET_COLUMNS, Column, Ratio
from dayone.demo.incidents import INCIDENTS, Incident
from dayone.demo.people import EMAIL_DOMAIN, PEOPLE, TEAMS, Person, Team, username_for

__all__ = [
    "COLUMNS",
    "DAILY_FILENAME",
    "EMAIL_DOMAIN",
    "INCIDENTS",
    "METRIC_COLUMNS",
    "PEOPLE",
    "RATIOS",
    "TARGET_COLUMNS",
    "TEAMS",
    "Column",
    "Incident",
    "Person",
    "Ratio",
    "Team",
    "generate_daily",
    "username_for",
    "write_csv",
    "write_daily",
]
