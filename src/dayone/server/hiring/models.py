"""Bar Raiser hiring: roles, candidates, interview loops, the Bar Raiser pool and feedback.

Feedback is append-only: a change after submitting is a new version, and the version written
after its author read others' feedback says so. Who may read what is decided in
``selectors`` (``rules`` holds the policy), never in templates.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from typing_extensions import override

from dayone.hiring import Rating
from dayone.server.core.models import Versioned
from dayone.server.hiring.enums import (
    BarRaiserStatus,
    CheckInKind,
    EventKind,
    LoopOutcome,
    LoopStatus,
    RoleStatus,
    Stage,
)

DEFAULT_FEEDBACK_HOURS = 24
DEFAULT_WEEKLY_CAP = 2


class HiringSettings(models.Model):
    """How the company runs hiring. There is one row, created with its defaults on first use."""

    feedback_due_hours = models.PositiveSmallIntegerField(
        default=DEFAULT_FEEDBACK_HOURS,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
        help_text="Feedback is due this many hours after the interview ends.",
    )
    shadow_loops = models.PositiveSmallIntegerField(
        default=3, help_text="Loops a Bar Raiser in training shadows before leading."
    )
    led_loops = models.PositiveSmallIntegerField(
        default=3,
        help_text="Loops a Bar Raiser in training leads, signed off by a certified one.",
    )
    retention_months = models.PositiveSmallIntegerField(
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="A candidate's personal data is erased this long after their last process.",
    )

    class Meta:
        verbose_name = "hiring settings"
        verbose_name_plural = "hiring settings"

    @override
    def __str__(self) -> str:
        return "Hiring settings"


class Role(models.Model):
    """A role the company hires for, with the principles that matter for it and its bar."""

    title = models.CharField(max_length=160)
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="hiring_roles")
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="roles_managed"
    )
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roles_recruited",
    )
    level = models.CharField(max_length=40)
    headcount = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    principles = models.ManyToManyField("org.Principle", related_name="hiring_roles")
    bar = models.TextField(help_text="The written bar: better than half the people in the role.")
    status = models.CharField(max_length=10, choices=RoleStatus.choices, default=RoleStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "title", "pk"]

    @override
    def __str__(self) -> str:
        return f"{self.title} ({self.level})"


class Candidate(models.Model):
    """A person applying for a role. Personal data is erased after retention or on request."""

    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="candidates")
    name = models.CharField(max_length=160)
    email = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=80, blank=True, help_text="Referral, job board, ...")
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.APPLIED)
    recruiter_note = models.TextField(blank=True)
    resume_name = models.CharField(max_length=200, blank=True)
    resume_text = models.TextField(blank=True)
    legal_hold = models.TextField(
        blank=True, help_text="Why the data must be kept past retention (empty: no hold)."
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_activity_at", "-pk"]

    @override
    def __str__(self) -> str:
        # Not the name: this is what the audit log keeps, and it keeps no personal data.
        return f"candidate #{self.pk}"


class CandidateEvent(models.Model):
    """One line of a candidate's timeline. Append-only; erasure blanks its words."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    summary = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    @override
    def __str__(self) -> str:
        return self.summary


class BarRaiser(models.Model):
    """A person in the Bar Raiser programme: nominated, in training, or certified."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bar_raiser"
    )
    status = models.CharField(
        max_length=10, choices=BarRaiserStatus.choices, default=BarRaiserStatus.NOMINATED
    )
    weekly_cap = models.PositiveSmallIntegerField(
        default=DEFAULT_WEEKLY_CAP, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_at = models.DateTimeField(default=timezone.now)
    certified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__first_name", "person__last_name"]

    @override
    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class Loop(models.Model):
    """A candidate's interview loop: its interviews, then the debrief the Bar Raiser leads."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="loops")
    status = models.CharField(max_length=8, choices=LoopStatus.choices, default=LoopStatus.OPEN)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=8, choices=LoopOutcome.choices, blank=True)
    rationale = models.TextField(blank=True)
    vetoed = models.BooleanField(default=False)
    veto_reason = models.TextField(blank=True)
    without_all_feedback = models.TextField(
        blank=True, help_text="Why the debrief went ahead before all feedback was in."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(
        "decisions.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    calibration = models.JSONField(
        null=True,
        blank=True,
        help_text="The numbers calibration reads, kept when the debrief closes (no words).",
    )
    sign_off = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loops_to_sign_off",
        help_text="The certified Bar Raiser who signs off a loop a trainee leads.",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(
        blank=True, help_text="What the sign-off saw of how the trainee led the loop."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=LoopStatus.CLOSED) | ~models.Q(outcome=""),
                name="hiring_loop_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=models.Q(vetoed=False) | models.Q(outcome=LoopOutcome.NO_HIRE),
                name="hiring_loop_veto_is_no_hire",
            ),
        ]

    @override
    def __str__(self) -> str:
        return f"Loop for {self.candidate}"

    @property
    def is_closed(self) -> bool:
        """The debrief is over: feedback is final and readable by the hiring team."""
        return self.status == LoopStatus.CLOSED

    @property
    def is_signed_off(self) -> bool:
        """The certified sign-off has signed off the trainee's loop."""
        return self.signed_off_at is not None


class Interview(models.Model):
    """One interviewer's seat in a loop: the principles they assess, and when."""

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="interviews")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interviews"
    )
    is_bar_raiser = models.BooleanField(default=False)
    principles = models.ManyToManyField("org.Principle", related_name="+")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    notes = models.TextField(blank=True, help_text="The interviewer's private notes.")
    read_others_at = models.DateTimeField(
        null=True, blank=True, help_text="When the interviewer first read others' feedback."
    )
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the interviewer was e-mailed that feedback is late."
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["loop", "interviewer"], name="hiring_interview_once"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="hiring_interview_ends_after_start",
            ),
        ]

    @override
    def __str__(self) -> str:
        return f"{self.interviewer} with {self.loop.candidate}"


class Feedback(models.Model):
    """One submitted version of an interviewer's feedback. A change is a new version."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="feedback")
    version = models.PositiveSmallIntegerField(default=1)
    overall = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    raises_bar = models.BooleanField()
    raises_bar_reason = models.TextField()
    submitted_at = models.DateTimeField(default=timezone.now)
    after_reading = models.BooleanField(
        default=False, help_text="Written after its author read others' feedback."
    )

    class Meta:
        ordering = ["interview", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "version"], name="hiring_feedback_version_once"
            ),
            models.CheckConstraint(
                condition=models.Q(overall__gte=1, overall__lte=4), name="hiring_feedback_scale"
            ),
        ]

    @override
    def __str__(self) -> str:
        return f"Feedback v{self.version} on {self.interview_id}"

    @property
    def overall_label(self) -> str:
        """The overall vote in words."""
        return Rating(self.overall).label


class FeedbackRating(models.Model):
    """The rating of one assigned principle in one feedback version, with its evidence."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="ratings")
    principle = models.ForeignKey("org.Principle", on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    evidence = models.TextField()

    class Meta:
        ordering = ["feedback", "principle__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "principle"], name="hiring_rating_once_per_principle"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=4), name="hiring_rating_scale"
            ),
        ]

    @override
    def __str__(self) -> str:
        return f"{self.principle_id}: {self.rating}"

    @property
    def rating_label(self) -> str:
        """The rating in words."""
        return Rating(self.rating).label


class CheckIn(models.Model):
    """The hiring manager's look back at a hire: was it the right hire? One per kind per loop."""

    loop = models.ForeignKey(Loop, on_delete=models.CASCADE, related_name="checkins")
    kind = models.CharField(max_length=8, choices=CheckInKind.choices)
    right_hire = models.BooleanField(help_text="Was it the right hire?")
    note = models.TextField(help_text="What the hire did that says so.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["loop", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["loop", "kind"], name="hiring_checkin_once_per_kind")
        ]

    @override
    def __str__(self) -> str:
        return f"{self.get_kind_display()} check-in on loop {self.loop_id}"


class InterviewQuestion(Versioned):
    """One of the company's own behavioural questions for a principle, beside the starter bank,
    with what a strong and a weak answer show. Every wording is kept as a revision; a retired
    question leaves the bank and the kits and keeps its history."""

    principle = models.ForeignKey("org.Principle", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(help_text="The question: ask for a real situation.")
    strong = models.TextField(help_text="What a strong answer shows.")
    weak = models.TextField(help_text="What a weak answer shows.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["principle__position", "created_at", "pk"]

    @override
    def __str__(self) -> str:
        return f"Question #{self.pk} on {self.principle_id}"

    @property
    def is_retired(self) -> bool:
        """Retired: no longer in the bank or the kits."""
        return self.retired_at is not None


class InterviewQuestionRevision(models.Model):
    """A company question as it was after one edit (append-only)."""

    question = models.ForeignKey(
        InterviewQuestion, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    text = models.TextField()
    strong = models.TextField()
    weak = models.TextField()
    note = models.CharField(max_length=200, blank=True, help_text="Why it changed.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["question", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="hiring_question_revision_number"
            )
        ]

    @override
    def __str__(self) -> str:
        return f"Question #{self.question_id}, revision {self.number}"
