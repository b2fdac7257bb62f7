"""The hiring engine: the four-point scale, the rules of a Bar Raiser loop, and calibration.

Framework-free: the server hands it facts and shows what it returns.
"""

from dayone.hiring._calibration import (
    UNDECIDED,
    Calibration,
    InterviewerCalibration,
    PrincipleCalibration,
    PrincipleRating,
    RatingTable,
    Vote,
    VoteTable,
    calibration,
    calibration_tables,
    ordinal_alpha,
    rating_table,
    vote_table,
)
from dayone.hiring._errors import HiringError
from dayone.hiring._loop import (
    MAX_INTERVIEWERS,
    MAX_PRINCIPLES,
    MIN_INTERVIEWERS,
    MIN_PRINCIPLES,
    Booking,
    Coverage,
    CoverageRow,
    LoopFacts,
    Problem,
    Seat,
    coverage,
    loop_problems,
)
from dayone.hiring._scale import Rating

__all__ = [
    "MAX_INTERVIEWERS",
    "MAX_PRINCIPLES",
    "MIN_INTERVIEWERS",
    "MIN_PRINCIPLES",
    "UNDECIDED",
    "Booking",
    "Calibration",
    "Coverage",
    "CoverageRow",
    "HiringError",
    "InterviewerCalibration",
    "LoopFacts",
    "PrincipleCalibration",
    "PrincipleRating",
    "Problem",
    "Rating",
    "RatingTable",
    "Seat",
    "Vote",
    "VoteTable",
    "calibration",
    "calibration_tables",
    "coverage",
    "loop_problems",
    "ordinal_alpha",
    "rating_table",
    "vote_table",
]
