"""Calibration read from the database: closed loops only, for the people who calibrate.

Only loops whose debrief has closed count: their feedback is final, and reading their votes
tells nobody anything an open loop's independence should hide. The page is for admins and the
Bar Raiser pool (certified and in training), who run calibration; everyone else gets a 404.
The numbers come from ``dayone.hiring.calibration_tables`` over the facts each loop kept when
its debrief closed (``services.calibration``), in a fixed number of queries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from dayone import hiring
from dayone.server.core.access import ensure_can_read
from dayone.server.core.charts import VEGA_LITE_SCHEMA
from dayone.server.core.models import User
from dayone.server.hiring.enums import BarRaiserStatus, LoopOutcome, LoopStatus
from dayone.server.hiring.models import BarRaiser, Loop
from dayone.server.teams.models import Principle

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

PERIODS: dict[str, tuple[str, int | None]] = {
    "90d": ("Last 90 days", 90),
    "1y": ("Last year", 365),
    "all": ("All time", None),
}
DEFAULT_PERIOD = "1y"
NOT_CALIBRATOR = "Calibration is for admins and the Bar Raiser pool."


@dataclass(frozen=True)
class InterviewerRow:
    """One interviewer's calibration, with their name."""

    name: str
    stats: hiring.InterviewerCalibration


@dataclass(frozen=True)
class PrincipleRow:
    """One principle's calibration, with its name."""

    name: str
    stats: hiring.PrincipleCalibration


@dataclass(frozen=True)
class CalibrationView:
    """What the calibration page shows for one period."""

    period: str
    since: datetime | None
    loops: int
    votes: int
    interviewers: list[InterviewerRow]
    principles: list[PrincipleRow]
    unused: list[str]
    """Principles no loop in the period assessed."""


def may_calibrate(viewer: User | AnonymousUser) -> bool:
    """Admins and Bar Raisers (certified or in training) read calibration."""
    if not getattr(viewer, "is_authenticated", False):
        return False
    if getattr(viewer, "is_admin", False):
        return True
    return BarRaiser.objects.filter(
        person_id=viewer.pk,
        status__in=[BarRaiserStatus.CERTIFIED, BarRaiserStatus.TRAINEE],
    ).exists()


def calibration_get(
    *, viewer: User | AnonymousUser, period: str = DEFAULT_PERIOD, now: datetime | None = None
) -> CalibrationView:
    """Calibration of every interviewer and principle over the closed loops of ``period``."""
    ensure_can_read(viewer)
    if not may_calibrate(viewer):
        raise Http404(NOT_CALIBRATOR)
    if period not in PERIODS:
        period = DEFAULT_PERIOD
    days = PERIODS[period][1]
    since = (now or timezone.now()) - timedelta(days=days) if days is not None else None
    loops = Loop.objects.filter(status=LoopStatus.CLOSED, calibration__isnull=False)
    if since is not None:
        loops = loops.filter(closed_at__gte=since)
    rows = list(
        loops.order_by()
        .annotate(facts=Cast("calibration", TextField()))
        .values_list("pk", "outcome", "facts")
    )
    # One parse of every loop's facts, then columns by concatenation.
    facts = json.loads("[" + ",".join(row[2] for row in rows) + "]")
    seats = np.fromiter((len(f["interviewer"]) for f in facts), np.int64, len(facts))
    rated = np.fromiter((len(f["principle"]) for f in facts), np.int64, len(facts))
    pks = np.fromiter((row[0] for row in rows), np.int64, len(rows))
    hired = np.fromiter((row[1] == LoopOutcome.HIRE for row in rows), np.int64, len(rows))

    def column(key: str, dtype: type) -> np.ndarray:
        return np.fromiter(chain.from_iterable(f[key] for f in facts), dtype)

    votes = hiring.VoteTable(
        loop_id=np.repeat(pks, seats),
        interviewer_id=column("interviewer", np.int64),
        rating=column("overall", np.int64),
        hours_to_submit=column("hours", np.float64),
        outcome_hire=np.repeat(hired, seats),
    )
    counts = np.array(list(chain.from_iterable(f["counts"] for f in facts)), dtype=np.int64)
    result = hiring.calibration_tables(
        votes,
        hiring.RatingTable(
            loop_id=np.repeat(pks, rated),
            principle=column("principle", np.int64),
            counts=counts.reshape(-1, 4),
        ),
    )
    names = {
        u.pk: u.get_full_name() or u.username
        for u in User.objects.filter(pk__in=[r.interviewer_id for r in result.interviewers])
    }
    principle_names = dict(Principle.objects.order_by("position").values_list("pk", "name"))
    assessed = {int(p.principle) for p in result.principles}
    return CalibrationView(
        period=period,
        since=since,
        loops=int(np.count_nonzero(seats)),
        votes=len(votes.rating),
        interviewers=sorted(
            (InterviewerRow(names.get(r.interviewer_id, "?"), r) for r in result.interviewers),
            key=lambda row: (-(row.stats.mean_offset or 0.0), row.name),
        ),
        principles=[
            PrincipleRow(principle_names.get(int(p.principle), "?"), p) for p in result.principles
        ],
        unused=[name for pk, name in principle_names.items() if pk not in assessed],
    )


def leniency_spec(view: CalibrationView) -> dict[str, Any]:
    """Each interviewer's mean offset from their loops as a bar: right lenient, left harsh."""
    values = [
        {
            "name": row.name,
            "offset": round(row.stats.mean_offset, 2),
            "leaning": row.stats.leaning,
            "loops": row.stats.loops,
        }
        for row in view.interviewers
        if row.stats.mean_offset is not None
    ]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "width": "container",
        # A fixed height of 16 px per interviewer: a step height with a fitted width makes
        # Vega drop the fit and warn in the console.
        "height": 16 * max(len(values), 1),
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": "-x", "title": None},
            "x": {
                "field": "offset",
                "type": "quantitative",
                "title": "Vote minus the loop's other votes (points)",
                "scale": {"domain": [-2, 2]},
            },
            "color": {
                "field": "leaning",
                "type": "nominal",
                "scale": {
                    "domain": ["harsh", "even", "lenient"],
                    "range": ["#b42318", "#888888", "#1f6feb"],
                },
                "title": "Leaning",
            },
            "tooltip": [
                {"field": "name", "type": "nominal"},
                {"field": "offset", "type": "quantitative"},
                {"field": "loops", "type": "quantitative"},
            ],
        },
    }
