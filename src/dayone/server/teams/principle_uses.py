"""Where the leadership principles are used: each part that cites them (hiring's loops,
documents, decisions) registers a counter once, in its ``AppConfig.ready``, and may register a
lister of the records that cite one principle; the principles page shows every part's counts
and which principles nothing uses, a principle's page the records. Teams never imports the
parts. Counters and listers are given the viewer and read through their part's selectors.

A document or a decision uses a principle when its text cites the principle by name
(``principles_cited``): that is how people use principles in writing ("this is Bias for
Action"), it needs no field nobody fills in, and it holds for everything written before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.server.teams.models import Principle

    Viewer = User | AnonymousUser

K = TypeVar("K")

UseCounter = Callable[["Viewer"], dict[int, int]]
"""How many records of one part use each principle (by id), among those the viewer may read;
principles not used are absent."""
UseLister = Callable[["Viewer", "Principle"], list[tuple[str, str]]]
"""The records of one part that use a principle, as (title, url), among those the viewer may
read."""

_COUNTERS: dict[str, tuple[str, UseCounter, UseLister | None]] = {}


def principle_use_register(
    key: str, label: str, counter: UseCounter, lister: UseLister | None = None
) -> None:
    """Add (or replace) one part's counter, by key; ``label`` names what it counts."""
    _COUNTERS[key] = (label, counter, lister)


@dataclass
class PrincipleUses:
    """For each principle id, the parts that use it: [(label, count)], in key order."""

    by_principle: dict[int, list[tuple[str, int]]] = field(default_factory=dict)

    def of(self, principle_id: int) -> list[tuple[str, int]]:
        """Where one principle is used (empty: nothing uses it)."""
        return self.by_principle.get(principle_id, [])


def principle_uses(*, viewer: Viewer) -> PrincipleUses:
    """Every part's counts for ``viewer``, one query or so per part."""
    uses = PrincipleUses()
    for key in sorted(_COUNTERS):
        label, counter, _ = _COUNTERS[key]
        for principle_id, count in sorted(counter(viewer).items()):
            if count:
                uses.by_principle.setdefault(principle_id, []).append((label, count))
    return uses


def principle_use_records(
    *, viewer: Viewer, principle: Principle
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The records that use ``principle``, by part: [(label, [(title, url)])], parts that list
    their records and have some, in key order."""
    found = []
    for key in sorted(_COUNTERS):
        label, _, lister = _COUNTERS[key]
        records = lister(viewer, principle) if lister is not None else []
        if records:
            found.append((label, records))
    return found


def _pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({name.strip() for name in names if name.strip()}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(r"\s+".join(map(re.escape, name.split())) for name in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def principles_cited(
    records: Iterable[tuple[K, str]], *, principles: Sequence[Principle]
) -> dict[int, list[K]]:
    """For each principle (by id), the records whose text cites it by name: whole words, any
    case, any spacing ("bias  for action" cites Bias for Action; "ownerships" does not cite
    Ownership). ``records`` are (key, text); each record counts once per principle."""
    pattern = _pattern(p.name for p in principles)
    if pattern is None:
        return {}
    ids = {_key(p.name): p.pk for p in principles}
    cited: dict[int, list[K]] = {}
    for key, text in records:
        for principle_id in {ids[_key(m.group(0))] for m in pattern.finditer(text or "")}:
            cited.setdefault(principle_id, []).append(key)
    return cited
