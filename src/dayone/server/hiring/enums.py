"""Choices of hiring: role and candidate states, the Bar Raiser programme, loop outcomes."""

from django.db import models


class RoleStatus(models.TextChoices):
    """Where a role is: taking candidates, paused, filled or closed without a hire."""

    OPEN = "open", "Open"
    ON_HOLD = "on_hold", "On hold"
    FILLED = "filled", "Filled"
    CLOSED = "closed", "Closed"


class Stage(models.TextChoices):
    """Where a candidate is in the process. The last three are final."""

    APPLIED = "applied", "Applied"
    SCREEN = "screen", "Screen"
    LOOP = "loop", "Loop"
    DEBRIEF = "debrief", "Debrief"
    OFFER = "offer", "Offer"
    HIRED = "hired", "Hired"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


FINAL_STAGES = frozenset({Stage.HIRED, Stage.DECLINED, Stage.WITHDRAWN})


class BarRaiserStatus(models.TextChoices):
    """A person's place in the Bar Raiser programme."""

    NOMINATED = "nominated", "Nominated"
    TRAINEE = "trainee", "In training"
    CERTIFIED = "certified", "Certified"


class LoopStatus(models.TextChoices):
    """A loop collects feedback until the Bar Raiser closes its debrief."""

    OPEN = "open", "Collecting feedback"
    CLOSED = "closed", "Debrief closed"


class LoopOutcome(models.TextChoices):
    """What the debrief decided."""

    HIRE = "hire", "Hire"
    NO_HIRE = "no_hire", "No hire"


class EventKind(models.TextChoices):
    """One line of a candidate's timeline."""

    ADDED = "added", "Added"
    STAGE = "stage", "Stage changed"
    RESUME = "resume", "Résumé uploaded"
    LOOP = "loop", "Loop planned"
    FEEDBACK = "feedback", "Feedback submitted"
    DEBRIEF = "debrief", "Debrief closed"
    ESCALATED = "escalated", "Veto escalated"
    ERASED = "erased", "Personal data erased"
    CHECKIN = "checkin", "Check-in recorded"


class CheckInKind(models.TextChoices):
    """When the hiring manager looks back at a hire: after 90 days and after a year."""

    DAYS_90 = "90_days", "After 90 days"
    YEAR_1 = "1_year", "After a year"
