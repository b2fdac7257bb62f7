"""Where the leadership principles are used: each part that cites them (hiring's loops, for
example) registers a counter once, in its ``AppConfig.ready``; the principles page shows every
part's counts and which principles nothing uses. Teams never imports the parts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

UseCounter = Callable[[], dict[int, int]]
"""How many times each principle (by id) is used in one part; principles not used are absent."""

_COUNTERS: dict[str, tuple[str, UseCounter]] = {}


def principle_use_register(key: str, label: str, counter: UseCounter) -> None:
    """Add (or replace) one part's counter, by key; ``label`` names what it counts."""
    _COUNTERS[key] = (label, counter)


@dataclass
class PrincipleUses:
    """For each principle id, the parts that use it: [(label, count)], in key order."""

    by_principle: dict[int, list[tuple[str, int]]] = field(default_factory=dict)

    def of(self, principle_id: int) -> list[tuple[str, int]]:
        """Where one principle is used (empty: nothing uses it)."""
        return self.by_principle.get(principle_id, [])


def principle_uses() -> PrincipleUses:
    """Every part's counts, one query or so per part."""
    uses = PrincipleUses()
    for key in sorted(_COUNTERS):
        label, counter = _COUNTERS[key]
        for principle_id, count in sorted(counter().items()):
            if count:
                uses.by_principle.setdefault(principle_id, []).append((label, count))
    return uses
