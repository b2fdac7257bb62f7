"""Every write of customers: intake and themes (``themes``), "?" escalations
(``escalations``), answers to anecdotes that disagree with a metric (``disagreements``) and
ideas with their paths to a yes (``ideas``)."""

from dayone.server.customers.services.disagreements import disagreement_answer
from dayone.server.customers.services.escalations import escalation_close, escalation_raise
from dayone.server.customers.services.ideas import (
    idea_answer,
    idea_ask,
    idea_comment,
    idea_merge,
    idea_submit,
    idea_take_up,
    idea_text,
    idea_url,
    idea_vector,
    idea_vote,
)
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
    "idea_answer",
    "idea_ask",
    "idea_comment",
    "idea_merge",
    "idea_submit",
    "idea_take_up",
    "idea_text",
    "idea_url",
    "idea_vector",
    "idea_vote",
    "intake_settings",
    "intake_settings_set",
    "theme_merge",
    "theme_metrics_set",
    "theme_rename",
    "theme_split",
    "themes_regroup",
]
