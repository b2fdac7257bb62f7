"""Choices another part forbids until an escalation rules otherwise.

A part whose decision records something it must keep (the Bar Raiser's veto of a hire) registers
a guard once, in its ``AppConfig.ready``. Deciding asks every guard about the chosen option and
refuses with what they say, unless the latest escalation ruling named that very option: only an
escalation, itself recorded in the decision, overrides a guard. Decisions never imports the parts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dayone.server.decisions.models import Decision, Option

ChoiceGuard = Callable[["Decision", "Option"], "str | None"]
"""Given a decision and the option about to be chosen, why it may not be, or ``None``."""

_GUARDS: dict[str, ChoiceGuard] = {}


def choice_guard_register(key: str, guard: ChoiceGuard) -> None:
    """Add (or replace) the guard of one part, by key."""
    _GUARDS[key] = guard


def choice_refusals(decision: Decision, option: Option) -> list[str]:
    """Every guard's refusal of ``option``, in the parts' key order."""
    return [
        message
        for key in sorted(_GUARDS)
        if (message := _GUARDS[key](decision, option)) is not None
    ]
