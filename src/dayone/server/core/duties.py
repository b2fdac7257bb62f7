"""What a person is counted on to do that needs the right to write: leading an initiative,
resolving an escalation. Each part registers its check once, in its ``AppConfig.ready``; the
role service asks every check before it makes someone a viewer and refuses with what they
say, so the person hands those duties over first. Core never imports the parts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dayone.server.core.models import User

DutyCheck = Callable[["User"], list[str]]
"""Given a person, what they are counted on to do that needs writing, one message each."""

_CHECKS: dict[str, DutyCheck] = {}


def duty_register(key: str, check: DutyCheck) -> None:
    """Add (or replace) the check of one part, by key."""
    _CHECKS[key] = check


def writing_duties(person: User) -> list[str]:
    """Every duty of ``person`` that a viewer could not carry out, in the parts' key order."""
    return [message for key in sorted(_CHECKS) for message in _CHECKS[key](person)]
