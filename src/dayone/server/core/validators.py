"""Checks that every app applies the same way.

``require_substance`` is the one rule for a required written reason (a rationale, a
mitigation, a stance, a review note, a waiver, a resolution, a learning): at least
``MIN_REASON_CHARS`` characters and at least one real sentence, read by the writing linter
(``dayone.prose``), so that "." or "ok" never stands in for a reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import CharField

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import Model

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


HIDDEN_CHARACTERS = frozenset(
    ["\x00", *(chr(code) for code in range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]
)
"""NUL, and the invisible controls that make text display in another order than it is stored
(embeddings and overrides U+202A-U+202E, isolates U+2066-U+2069): a file name ``exe.txt`` that
is ``txt.exe``, a title that reads differently in a list than in the record."""
HIDDEN_CHARACTER_FOUND = (
    "Names and titles cannot contain the NUL character or invisible direction controls "
    "(U+202A-U+202E, U+2066-U+2069): found {found} at character {position}."
)
NAME_FIELDS = frozenset(
    {"name", "title", "question", "label", "source_title", "first_name", "last_name", "username"}
)
"""The text fields that name or title a record, in every model: they refuse hidden characters."""


def refuse_hidden_characters(value: object) -> None:
    """Raise ``ValidationError`` when ``value`` holds NUL or a direction control."""
    if not isinstance(value, str):
        return
    for position, character in enumerate(value, start=1):
        if character in HIDDEN_CHARACTERS:
            found = f"U+{ord(character):04X}"
            message = HIDDEN_CHARACTER_FOUND.format(found=found, position=position)
            raise ValidationError(message, code="hidden_character")


def guard_names_and_titles(models: Iterable[type[Model]]) -> list[CharField[Any, Any]]:
    """Add :func:`refuse_hidden_characters` to the name and title fields of ``models``.

    Called once when the apps are ready, so that every model's ``full_clean`` (services, forms,
    the admin) applies it; migrations do not record it, as it changes nothing in the database.
    Returns the guarded fields.
    """
    guarded = []
    for model in models:
        for field in model._meta.get_fields():
            if isinstance(field, CharField) and field.name in NAME_FIELDS and field.concrete:
                if refuse_hidden_characters not in field.validators:
                    field.validators.append(refuse_hidden_characters)
                guarded.append(field)
    return guarded
