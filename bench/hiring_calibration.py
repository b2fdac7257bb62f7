"""Hiring calibration speed: 5,000 loops and 30,000 feedback records.

Target: ``dayone.hiring.calibration`` over 5,000 loops of six interviewers (30,000 overall
votes) and two principle ratings per vote (60,000 ratings) in at most 300 ms, warm (best of
several runs after one that loads everything). This times the engine only; the calibration
page, which will read these records from the database first, is not built yet.
"""

from __future__ import annotations

import json
import random
import sys
import time

from dayone.hiring import PrincipleRating, Vote, calibration

LOOPS = 5_000
SEATS = 6
INTERVIEWERS = 120
PRINCIPLES = [f"principle-{n}" for n in range(16)]
TARGET_MS = 300.0
RUNS = 5


def _records(seed: int = 14) -> tuple[list[Vote], list[PrincipleRating]]:
    rng = random.Random(seed)
    votes: list[Vote] = []
    ratings: list[PrincipleRating] = []
    for loop in range(LOOPS):
        hire = rng.random() < 0.4
        chosen = rng.sample(PRINCIPLES, 6)
        for seat, person in enumerate(rng.sample(range(INTERVIEWERS), SEATS)):
            lean = (person % 5) - 2  # a few lenient and a few harsh interviewers
            rating = max(1, min(4, rng.choice((1, 2, 2, 3, 3, 4)) + (lean > 1) - (lean < -1)))
            votes.append(Vote(loop, person, rating, rng.uniform(1, 60), hire))
            ratings.extend(
                PrincipleRating(loop, person, principle, rating)
                for principle in (chosen[seat], chosen[(seat + 1) % 6])
            )
    return votes, ratings


def main() -> int:
    votes, ratings = _records()
    start = time.perf_counter()
    result = calibration(votes, ratings)
    cold_ms = (time.perf_counter() - start) * 1000
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        calibration(votes, ratings)
        timings.append((time.perf_counter() - start) * 1000)
    warm_ms = min(timings)
    print(
        json.dumps(
            {
                "loops": LOOPS,
                "votes": len(votes),
                "principle_ratings": len(ratings),
                "interviewers": len(result.interviewers),
                "principles": len(result.principles),
                "calibration_ms": round(warm_ms, 1),
                "calibration_cold_ms": round(cold_ms, 1),
            },
            indent=2,
        )
    )
    print(f"calibration {warm_ms:.1f} ms over {len(votes)} votes (target <= {TARGET_MS:.0f} ms)")
    if warm_ms > TARGET_MS:
        print(f"MISSED: calibration took {warm_ms:.1f} ms > {TARGET_MS:.0f} ms", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
