"""The writing linter on interview evidence, with the hiring rule pack (``lint/hiring.yaml``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dayone import prose

PACK = Path(__file__).parent / "lint" / "hiring.yaml"


@cache
def hiring_rules() -> prose.RuleSet:
    """The hiring rule pack: adjectives instead of evidence, protected characteristics."""
    return prose.load_rules(PACK)


def evidence_findings(text: str) -> list[prose.Finding]:
    """What the hiring pack finds in a piece of evidence (none for an empty text)."""
    if not text.strip():
        return []
    try:
        return prose.lint(text, rules=hiring_rules(), pages=False)
    except prose.DocumentError:
        return []
