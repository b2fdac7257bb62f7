"""The facts calibration reads, stored on a loop when its debrief closes.

A closed loop's feedback never changes, so what calibration needs from it is computed once and
kept on the loop: each interviewer's latest overall vote and the hours from the end of their
interview to their first submission, and per principle how many latest ratings gave each point
of the scale. Numbers and ids only: no words, nothing personal about the candidate. The
calibration page then reads one row per loop instead of every feedback version and rating.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from dayone.server.hiring.models import Feedback, FeedbackRating, Loop

FACTS_VERSION = 1


def calibration_facts(loop_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """For each loop, its facts as columns, in two queries::

        {"v": 1, "interviewer": [...], "overall": [...], "hours": [...],
         "principle": [...], "counts": [[n1, n2, n3, n4], ...]}

    one entry per interviewer with feedback in (``hours`` from the end of the interview to the
    first submission), and one per principle rated (how many latest ratings gave each point)."""
    ids = list(loop_ids)
    versions = (
        Feedback.objects.filter(interview__loop_id__in=ids)
        .order_by("interview_id", "version")
        .values_list(
            "pk",
            "interview_id",
            "interview__loop_id",
            "interview__interviewer_id",
            "overall",
            "submitted_at",
            "interview__ends_at",
        )
    )
    first: dict[int, datetime] = {}
    latest: dict[int, tuple[Any, ...]] = {}
    for row in versions:
        first.setdefault(row[1], row[5])
        latest[row[1]] = row
    facts: dict[int, dict[str, Any]] = {
        pk: {
            "v": FACTS_VERSION,
            "interviewer": [],
            "overall": [],
            "hours": [],
            "principle": [],
            "counts": [],
        }
        for pk in ids
    }
    for _pk, interview, loop, person, overall, _at, ends in latest.values():
        facts[loop]["interviewer"].append(person)
        facts[loop]["overall"].append(overall)
        facts[loop]["hours"].append(round((first[interview] - ends).total_seconds() / 3600, 3))
    current = {row[0]: row[2] for row in latest.values()}
    counts: dict[tuple[int, int], list[int]] = {}
    for feedback, principle, rating in FeedbackRating.objects.filter(
        feedback__interview__loop_id__in=ids
    ).values_list("feedback_id", "principle_id", "rating"):
        if feedback in current:
            counts.setdefault((current[feedback], principle), [0, 0, 0, 0])[rating - 1] += 1
    for (loop, principle), tally in sorted(counts.items()):
        facts[loop]["principle"].append(principle)
        facts[loop]["counts"].append(tally)
    return facts


def calibration_facts_store(loops: Iterable[Loop], *, batch: int = 500) -> int:
    """Compute and keep the calibration facts of ``loops`` (closed ones); returns how many."""
    pending = list(loops)
    for start in range(0, len(pending), batch):
        chunk = pending[start : start + batch]
        facts = calibration_facts(loop.pk for loop in chunk)
        for loop in chunk:
            loop.calibration = facts[loop.pk]
        Loop.objects.bulk_update(chunk, ["calibration"])
    return len(pending)
