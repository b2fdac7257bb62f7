"""Edits that never vanish: the version check of every row that people edit side by side.

A :class:`~dayone.server.core.models.Versioned` row carries a number that grows with every edit.
An edit names the version it was made from (the API's ``version`` field or ``If-Match`` header,
a form's hidden ``version`` field). When someone saved a newer version first, the edit is
refused with :class:`EditConflictError` (the API answers 409 with the current version, a form
shows the conflict and keeps what was typed) and nothing is overwritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Field

from dayone.server.core.models import Versioned

if TYPE_CHECKING:
    from django.http import HttpRequest

V = TypeVar("V", bound=Versioned)

STALE = (
    "Someone saved this {what} after version {sent}, the one you edited: it is now at version "
    "{current}, and nothing of yours was saved."
)
VERSION_NEEDED = (
    "Send the version you edited, as the field 'version' or an If-Match header, so that "
    "nobody's change is overwritten unseen."
)
VERSION_FIELD = (
    "The version you edited, as read in the object's `version`; or send it as an If-Match "
    "header. When someone saved after it, the answer is 409 with the current version."
)
VERSION_MISMATCH = "The field 'version' and the If-Match header name different versions."


class EditConflictError(Exception):
    """Someone saved a newer version of the row after the version this edit was made from."""

    def __init__(self, *, what: str, sent: int, current: int, saved: Versioned | None = None):
        self.what = what
        self.sent = sent
        self.current = current
        self.saved = saved
        super().__init__(STALE.format(what=what, sent=sent, current=current))


def version_lock(*, instance: V, expected: int | None) -> V:
    """``instance``'s row, read afresh and locked until the transaction ends; refused with
    :class:`EditConflictError` when it is no longer at version ``expected``.

    ``expected`` of ``None`` skips the check (the demo loader and scripts). Call it first in a
    service's transaction: on SQLite the transaction holds the write lock from its start, on
    PostgreSQL the row is locked ``FOR UPDATE``.
    """
    locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected is not None and locked.version != expected:
        what = str(instance._meta.verbose_name)
        raise EditConflictError(what=what, sent=expected, current=locked.version, saved=locked)
    return locked


def saved_value(conflict: EditConflictError, name: str) -> str | None:
    """What the other change saved in the field ``name`` (``None`` when it is not a plain
    field of the row), to show beside what was typed."""
    if conflict.saved is None:
        return None
    try:
        field = conflict.saved._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if not isinstance(field, Field) or field.is_relation or not field.concrete:
        return None
    value = getattr(conflict.saved, field.attname)
    return "" if value is None else str(value)


def version_bump(instance: Versioned) -> None:
    """Count one more edit of ``instance`` (locked by :func:`version_lock`)."""
    type(instance)._default_manager.filter(pk=instance.pk).update(version=F("version") + 1)
    instance.version += 1


def version_sent(request: HttpRequest, version: int | None) -> int:
    """The version an API edit was made from: the body's ``version`` or the ``If-Match`` header
    (``"3"``, ``W/"3"`` or ``3``). Without either, the edit is refused (422 naming ``version``)."""
    header = request.headers.get("If-Match", "").strip()
    from_header: int | None = None
    if header:
        digits = header.removeprefix("W/").strip('"')
        if not digits.isdigit() or len(digits) > 12:
            raise ValidationError({"version": 'If-Match must be a version number, such as "3".'})
        from_header = int(digits)
    if version is not None and from_header is not None and version != from_header:
        raise ValidationError({"version": VERSION_MISMATCH})
    sent = version if version is not None else from_header
    if sent is None:
        raise ValidationError({"version": VERSION_NEEDED})
    return sent
