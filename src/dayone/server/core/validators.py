"""Checks that every app applies the same way.

``require_substance`` is the one rule for a required written reason (a rationale, a
mitigation, a stance, a review note, a waiver, a resolution, a learning): at least
``MIN_REASON_CHARS`` characters and at least one real sentence, read by the writing linter
(``dayone.prose``), so that "." or "ok" never stands in for a reason.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from dayone import prose

MIN_REASON_CHARS = 20
"""A reason shorter than this says too little to act on."""
MIN_SENTENCE_WORDS = 4
"""A real sentence has a subject, a verb and what it is about: four words or more."""

REASON_MISSING = "Write the {what}: it is required, and the record keeps it."
REASON_TOO_SHORT = "The {what} has {count} characters; write at least {minimum}: say what and why."
REASON_NO_SENTENCE = (
    "The {what} needs at least one full sentence of {words} words or more, not only "
    "fragments; for example 'We keep the price because churn fell 2 points.'"
)


def substance_error(text: str, *, what: str, missing: str = "") -> str | None:
    """What a required written reason lacks, or ``None`` when it has substance.

    ``missing`` is the message for an empty reason (by default: write the ``what``).
    """
    stripped = text.strip()
    if not stripped:
        return missing or REASON_MISSING.format(what=what)
    if len(stripped) < MIN_REASON_CHARS:
        return REASON_TOO_SHORT.format(what=what, count=len(stripped), minimum=MIN_REASON_CHARS)
    try:
        found = prose.sentences(stripped)
    except prose.DocumentError:
        found = []
    if not any(words >= MIN_SENTENCE_WORDS for _, words in found):
        return REASON_NO_SENTENCE.format(what=what, words=MIN_SENTENCE_WORDS)
    return None


def require_substance(text: str, *, field: str, what: str, missing: str = "") -> str:
    """The reason, stripped; raises ``ValidationError`` on ``field`` saying what is missing."""
    error = substance_error(text, what=what, missing=missing)
    if error is not None:
        raise ValidationError({field: error})
    return text.strip()
