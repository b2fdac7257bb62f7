"""Every write of customers: intake and themes (``themes``), "?" escalations
(``escalations``) and answers to anecdotes that disagree with a metric (``disagreements``)."""

from dayone.server.customers.services.disagreements import disagreement_answer
from dayone.server.customers.services.escalations import escalation_close, escalation_raise
from dayone.server.customers.services.themes import (
    BATCH,
    FIRST_THEMES_AT,
    NO_LABEL,
    NOTHING_TO_SPLIT,
    SAME_THEME,
    UNKNOWN_METRIC,
    anecdote_capture,
    anecdote_move,
    anecdotes_import,
    intake_settings,
    intake_settings_set,
    theme_merge,
    theme_metrics_set,
    theme_rename,
    theme_split,
    themes_regroup,
)

__all__ = [
    "BATCH",
    "FIRST_THEMES_AT",
    "NOTHING_TO_SPLIT",
    "NO_LABEL",
    "SAME_THEME",
    "UNKNOWN_METRIC",
    "anecdote_capture",
    "anecdote_move",
    "anecdotes_import",
    "disagreement_answer",
    "escalation_close",
    "escalation_raise",
    "intake_settings",
    "intake_settings_set",
    "theme_merge",
    "theme_metrics_set",
    "theme_rename",
    "theme_split",
    "themes_regroup",
]
