"""Each Bar Raiser's record: a trainee's progress (loops shadowed, loops led and signed off),
loops led, vetoes, how often their vote matched the debrief's
outcome, and how often it was right by the hiring manager's later check-ins.

Votes count only in closed loops, and the vote-based figures are shown only to the people who
read calibration (admins and the Bar Raiser pool): nobody reads a vote through the record that
the loop's own page would not show them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Subquery

from dayone import hiring
from dayone.server.core.access import ensure_can_read
from dayone.server.hiring.calibration import may_calibrate
from dayone.server.hiring.enums import BarRaiserStatus, LoopOutcome, LoopStatus
from dayone.server.hiring.models import BarRaiser, CheckIn, Feedback, Interview
from dayone.server.hiring.selectors import bar_raiser_list
from dayone.server.hiring.services.programme import led_loops, shadowed_loops

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User


@dataclass
class RaiserRecord:
    """One Bar Raiser's record. ``matched``/``voted`` and ``right``/``checked`` are ``None`` for
    a reader who may not read votes."""

    raiser: BarRaiser
    loops: int = 0
    vetoes: int = 0
    voted: int | None = 0
    matched: int | None = 0
    checked: int | None = 0
    right: int | None = 0
    shadowed: int | None = None
    """For a trainee: the loops shadowed since the nomination (``None`` for anyone else)."""
    led: int | None = None
    """For a trainee: the loops led as the Bar Raiser and signed off (``None`` otherwise)."""

    @property
    def matched_share(self) -> float | None:
        """How often the vote matched the outcome, among closed loops with a vote."""
        return self.matched / self.voted if self.voted and self.matched is not None else None

    @property
    def right_share(self) -> float | None:
        """How often the vote was right by the latest check-in, among checked hires."""
        return self.right / self.checked if self.checked and self.right is not None else None


def bar_raiser_records(*, viewer: User | AnonymousUser) -> list[RaiserRecord]:
    """The pool with each one's record, in a fixed number of queries."""
    ensure_can_read(viewer)
    pool = list(bar_raiser_list(viewer=viewer))
    records = {
        r.person_id: RaiserRecord(raiser=r, loops=r.loops, vetoes=r.vetoes)  # type: ignore[attr-defined]
        for r in pool
    }
    for record in records.values():
        if record.raiser.status == BarRaiserStatus.TRAINEE:
            record.shadowed = shadowed_loops(record.raiser)
            record.led = led_loops(record.raiser)
    if not may_calibrate(viewer):
        for record in records.values():
            record.voted = record.matched = record.checked = record.right = None
        return list(records.values())
    seats = (
        Interview.objects.filter(
            is_bar_raiser=True, interviewer_id__in=records, loop__status=LoopStatus.CLOSED
        )
        .annotate(
            vote=Subquery(
                Feedback.objects.filter(interview=OuterRef("pk"))
                .order_by("-version")
                .values("overall")[:1]
            ),
            verdict=Subquery(
                CheckIn.objects.filter(loop=OuterRef("loop"))
                .order_by("-recorded_at", "-pk")
                .values("right_hire")[:1]
            ),
        )
        .values_list("interviewer_id", "loop__outcome", "vote", "verdict")
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for person, outcome, vote, verdict in seats:
        if vote is None:
            continue
        for_hire = hiring.Rating(vote).is_hire
        tally = counts[person]
        tally[0] += 1
        tally[1] += for_hire == (outcome == LoopOutcome.HIRE)
        if verdict is not None:
            tally[2] += 1
            tally[3] += for_hire == verdict
    for person, record in records.items():
        record.voted, record.matched, record.checked, record.right = counts[person]
    return list(records.values())
