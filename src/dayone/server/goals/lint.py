"""The goal linter: is a goal specific, measurable, owned, dated, and on an input the team controls?

The goal checks run first; the writing linter (``dayone.prose``) adds its rules on the text
(weasel words, unquantified claims...). Pure functions: the form, the page and the API call it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from dayone import prose
from dayone.server.wbr.selectors import metric_info

Severity = Literal["error", "warning", "info"]

_NUMBER = re.compile(r"\d")
_VAGUE = re.compile(
    r"\b(improve|improving|increase|grow|reduce|enhance|optimi[sz]e|better|more|less|faster|"
    r"world[- ]class|best[- ]in[- ]class|significant(ly)?|drive|focus on|work on|explore)\b",
    re.IGNORECASE,
)
MIN_WORDS = 6


@dataclass(frozen=True, slots=True)
class GoalDraft:
    """What the linter reads: a goal as written, saved or not."""

    text: str
    has_owner: bool
    due_on: date | None
    metric_key: str = ""
    target: float | None = None
    kind: str = "input"
    team_metric_keys: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class GoalFinding:
    """One thing the goal linter flags, with the form field it is about."""

    rule: str
    severity: Severity
    message: str
    field: str = "text"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "field": self.field,
        }


def _goal_checks(draft: GoalDraft) -> list[GoalFinding]:
    findings: list[GoalFinding] = []
    text = draft.text.strip()
    words = text.split()
    has_number = bool(_NUMBER.search(text))
    if not draft.has_owner:
        findings.append(GoalFinding("owner", "error", "A goal has one owner: name them.", "owner"))
    if draft.due_on is None:
        findings.append(
            GoalFinding("dated", "error", "A goal has a due date: say by when.", "due_on")
        )
    if len(words) < MIN_WORDS:
        findings.append(
            GoalFinding(
                "specific",
                "warning",
                f"Only {len(words)} words: say what changes, for whom, and by how much.",
            )
        )
    elif not has_number and _VAGUE.search(text):
        vague = _VAGUE.search(text)
        findings.append(
            GoalFinding(
                "specific",
                "warning",
                f"'{vague.group(0) if vague else ''}' without a number is not specific: "
                "state the level to reach.",
            )
        )
    info = metric_info(draft.metric_key)
    if not draft.metric_key:
        findings.append(
            GoalFinding(
                "measurable",
                "warning" if has_number else "error",
                "No metric: name the metric this goal is measured by, so it can be judged "
                "met or not met without debate.",
                "metric_key",
            )
        )
    elif info is None:
        findings.append(
            GoalFinding(
                "measurable",
                "info",
                f"'{draft.metric_key}' is not in the metric catalogue: met or not met will be "
                "recorded by hand.",
                "metric_key",
            )
        )
    if draft.metric_key and draft.target is None:
        findings.append(
            GoalFinding("measurable", "error", "A metric without a target cannot be met.", "target")
        )
    if draft.kind == "output" or (info is not None and not info.controllable):
        name = info.label if info is not None else "This goal"
        findings.append(
            GoalFinding(
                "input",
                "warning",
                f"{name} is an output the team does not control directly. Set the goal on the "
                "input the team controls that moves it.",
                "kind" if draft.kind == "output" else "metric_key",
            )
        )
    if (
        info is not None
        and draft.team_metric_keys
        and draft.metric_key not in draft.team_metric_keys
    ):
        findings.append(
            GoalFinding(
                "team-metric",
                "info",
                f"{info.label} is not one of the team's metrics: is this the right team?",
                "metric_key",
            )
        )
    return findings


def _writing_checks(text: str) -> list[GoalFinding]:
    try:
        found = prose.lint(text)
    except prose.ProseError:
        return []
    return [
        GoalFinding(
            f"writing:{finding.rule}",
            "warning" if str(finding.severity) == "error" else "info",
            finding.message,
        )
        for finding in found
    ]


def goal_lint(draft: GoalDraft) -> list[GoalFinding]:
    """Every finding on a goal, the goal rules first, then the writing rules.

    >>> [f.rule for f in goal_lint(GoalDraft("Improve search", has_owner=True, due_on=None))]
    ['dated', 'specific', 'measurable']
    """
    return _goal_checks(draft) + _writing_checks(draft.text)
