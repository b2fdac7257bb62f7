"""Every read of hiring, permission-checked. Independence is enforced here.

A view or an API endpoint obtains a candidate, a loop, an interview or feedback only through
these functions. ``feedback_board`` is the one place feedback leaves the database for a person:
it returns the words and votes only when ``rules.may_read_feedback`` allows it, and otherwise
whether each interviewer's feedback is in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from dayone.server.core.access import ensure_can_read
from dayone.server.core.models import User
from dayone.server.hiring import rules
from dayone.server.hiring.enums import FINAL_STAGES, LoopStatus, RoleStatus
from dayone.server.hiring.models import (
    BarRaiser,
    Candidate,
    CandidateEvent,
    Feedback,
    FeedbackRating,
    HiringSettings,
    Interview,
    Loop,
    Role,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


STATUS_ORDER = (RoleStatus.OPEN, RoleStatus.ON_HOLD, RoleStatus.FILLED, RoleStatus.CLOSED)


def interview_happened(at: datetime | None = None, *, prefix: str = "") -> Q:
    """Interviews that have happened by ``at`` (now): ended, or in a loop whose debrief was
    held. A loop booked for later counts for nobody's shadowing or record yet. ``prefix`` is
    the lookup path to the interview (``"person__interviews__"``)."""
    when = at if at is not None else timezone.now()
    return Q(**{f"{prefix}ends_at__lte": when}) | Q(**{f"{prefix}loop__status": LoopStatus.CLOSED})


def settings_get() -> HiringSettings:
    """The company's hiring settings (defaults until someone changes them)."""
    return HiringSettings.objects.order_by("pk").first() or HiringSettings()


def role_list(*, viewer: User | AnonymousUser, status: str | None = None) -> QuerySet[Role]:
    """Roles, open ones first, with their team and hiring manager; everyone signed in reads
    them (a role is not personal data)."""
    ensure_can_read(viewer)
    roles = Role.objects.select_related("team", "hiring_manager", "recruiter").annotate(
        candidate_count=Count("candidates", filter=Q(candidates__erased_at__isnull=True))
    )
    if status:
        roles = roles.filter(status=status)
    rank = Case(
        *[When(status=status, then=Value(index)) for index, status in enumerate(STATUS_ORDER)],
        output_field=IntegerField(),
    )
    return roles.annotate(status_rank=rank).order_by("status_rank", "title", "pk")


def role_get(*, viewer: User | AnonymousUser, pk: int) -> Role:
    """One role with its principles, or 404."""
    try:
        return role_list(viewer=viewer).prefetch_related("principles").get(pk=pk)
    except Role.DoesNotExist:
        raise Http404(pk) from None


def _candidate_scope(viewer: User) -> Q:
    """The candidates a person may see: all for admins; otherwise those of roles they hire or
    recruit for, those they interview, and those of a trainee's loop they sign off."""
    if viewer.is_admin:
        return Q()
    return (
        Q(role__hiring_manager=viewer)
        | Q(role__recruiter=viewer)
        | Q(Exists(Interview.objects.filter(loop__candidate=OuterRef("pk"), interviewer=viewer)))
        | Q(Exists(Loop.objects.filter(candidate=OuterRef("pk"), sign_off=viewer)))
    )


def candidate_list(
    *, viewer: User | AnonymousUser, role: Role | None = None, q: str = ""
) -> QuerySet[Candidate]:
    """The candidates the viewer may see, most recently active first."""
    ensure_can_read(viewer)
    candidates = Candidate.objects.select_related("role").filter(
        _candidate_scope(viewer)  # type: ignore[arg-type]
    )
    if role is not None:
        candidates = candidates.filter(role=role)
    if q:
        candidates = candidates.filter(Q(name__icontains=q) | Q(resume_text__icontains=q))
    return candidates.order_by("-last_activity_at", "-pk")


def candidate_get_for_user(*, viewer: User | AnonymousUser, pk: int) -> Candidate:
    """One candidate the viewer may see, or 404 (an outsider learns nothing, not even that
    the candidate exists)."""
    try:
        return candidate_list(viewer=viewer).select_related("role__team").get(pk=pk)
    except Candidate.DoesNotExist:
        raise Http404(rules.NOT_VISIBLE) from None


def candidate_events(
    *, viewer: User | AnonymousUser, candidate: Candidate
) -> QuerySet[CandidateEvent]:
    """The candidate's timeline, oldest first."""
    candidate_get_for_user(viewer=viewer, pk=candidate.pk)
    return candidate.events.select_related("actor").order_by("at", "pk")


def _loops() -> QuerySet[Loop]:
    return Loop.objects.select_related(
        "candidate__role__hiring_manager", "candidate__role__team", "decision", "sign_off"
    )


def loop_access(*, viewer: User, loop: Loop) -> rules.LoopAccess:
    """The facts the policy needs about ``viewer`` and ``loop``."""
    seats = list(
        Interview.objects.filter(loop=loop)
        .annotate(submitted=Exists(Feedback.objects.filter(interview=OuterRef("pk"))))
        .values_list("interviewer_id", "submitted")
    )
    role = loop.candidate.role
    return rules.LoopAccess(
        viewer_id=viewer.pk,
        viewer_is_admin=viewer.is_admin,
        interviewer_ids=frozenset(pk for pk, _ in seats),
        submitted_ids=frozenset(pk for pk, done in seats if done),
        hiring_manager_id=role.hiring_manager_id,
        recruiter_id=role.recruiter_id,
        closed=loop.is_closed,
        sign_off_id=loop.sign_off_id,
    )


def loop_get_for_user(*, viewer: User | AnonymousUser, pk: int) -> Loop:
    """A loop the viewer may see (interviewers, the hiring manager, the recruiter, admins),
    or 404."""
    ensure_can_read(viewer)
    loop = _loops().filter(pk=pk).first()
    if loop is None or not rules.may_see_loop(loop_access(viewer=viewer, loop=loop)):  # type: ignore[arg-type]
        raise Http404(rules.NOT_VISIBLE)
    return loop


def candidate_loops(*, viewer: User | AnonymousUser, candidate: Candidate) -> list[Loop]:
    """The candidate's loops the viewer may see, newest first."""
    candidate_get_for_user(viewer=viewer, pk=candidate.pk)
    loops = list(_loops().filter(candidate=candidate).order_by("-created_at", "-pk"))
    return [
        loop
        for loop in loops
        if rules.may_see_loop(loop_access(viewer=viewer, loop=loop))  # type: ignore[arg-type]
    ]


@dataclass
class Seat:
    """One interviewer's seat as a reader may see it: the feedback only when allowed."""

    interview: Interview
    principles: list[str]
    submitted_at: datetime | None
    due_at: datetime
    versions: list[Feedback] = field(default_factory=list)
    """Every version, oldest first; empty unless the reader may read this feedback."""

    @property
    def submitted(self) -> bool:
        """Whether feedback is in."""
        return self.submitted_at is not None

    @property
    def overdue(self) -> bool:
        """Due and still missing."""
        return not self.submitted and self.due_at < timezone.now()

    @property
    def latest(self) -> Feedback | None:
        """The current version, when readable."""
        return self.versions[-1] if self.versions else None

    @property
    def changed_after_reading(self) -> tuple[Feedback, Feedback] | None:
        """(the vote before, the vote after) when the last change came after reading others'."""
        for before, after in zip(self.versions, self.versions[1:], strict=False):
            if after.after_reading and before.overall != after.overall:
                return before, after
        return None


@dataclass
class FeedbackBoard:
    """A loop's seats for one reader, and whether they may read others' feedback."""

    loop: Loop
    access: rules.LoopAccess
    seats: list[Seat]
    may_read: bool

    @property
    def missing(self) -> list[Seat]:
        """Seats whose feedback is not in."""
        return [seat for seat in self.seats if not seat.submitted]

    @property
    def bar_raiser(self) -> Seat | None:
        """The Bar Raiser's seat."""
        return next((seat for seat in self.seats if seat.interview.is_bar_raiser), None)

    def mine(self) -> Seat | None:
        """The reader's own seat, when they interview."""
        return next(
            (s for s in self.seats if s.interview.interviewer_id == self.access.viewer_id), None
        )


def feedback_board(*, viewer: User | AnonymousUser, loop: Loop) -> FeedbackBoard:
    """A loop's feedback as ``viewer`` may see it: their own always, others' when the policy
    allows, and otherwise only whether it is in. A fixed number of queries."""
    loop = loop_get_for_user(viewer=viewer, pk=loop.pk)
    access = loop_access(viewer=viewer, loop=loop)  # type: ignore[arg-type]
    may_read = rules.may_read_feedback(access)
    due_hours = settings_get().feedback_due_hours
    readable = Feedback.objects.order_by("version")
    if not may_read:
        readable = readable.filter(interview__interviewer_id=access.viewer_id)
    interviews = (
        Interview.objects.filter(loop=loop)
        .select_related("interviewer")
        .prefetch_related(
            "principles",
            Prefetch(
                "feedback",
                queryset=readable.prefetch_related(
                    Prefetch(
                        "ratings",
                        queryset=FeedbackRating.objects.select_related("principle").order_by(
                            "principle__position"
                        ),
                    )
                ),
                to_attr="readable",
            ),
        )
        .annotate(
            first_submitted=Feedback.objects.filter(interview=OuterRef("pk"))
            .order_by("version")
            .values("submitted_at")[:1]
        )
        .order_by("starts_at", "pk")
    )
    seats = [
        Seat(
            interview=interview,
            principles=[p.name for p in interview.principles.all()],
            submitted_at=interview.first_submitted,
            due_at=interview.ends_at + timedelta(hours=due_hours),
            versions=list(interview.readable),
        )
        for interview in interviews
    ]
    return FeedbackBoard(loop=loop, access=access, seats=seats, may_read=may_read)


def interview_get_for_user(*, viewer: User | AnonymousUser, pk: int) -> Interview:
    """An interview of the viewer's own (its kit and private notes), or 404."""
    ensure_can_read(viewer)
    interview = (
        Interview.objects.select_related("loop__candidate__role", "interviewer")
        .prefetch_related("principles")
        .filter(pk=pk, interviewer_id=getattr(viewer, "pk", None))
        .first()
    )
    if interview is None:
        raise Http404(rules.NOT_VISIBLE)
    return interview


def interviews_of(*, viewer: User | AnonymousUser, person: User) -> QuerySet[Interview]:
    """A person's own interviews, soonest first, with whether their feedback is in."""
    ensure_can_read(viewer)
    if getattr(viewer, "pk", None) != person.pk:
        return Interview.objects.none()
    return (
        Interview.objects.filter(interviewer=person)
        .select_related("loop__candidate__role")
        .annotate(submitted=Exists(Feedback.objects.filter(interview=OuterRef("pk"))))
        .order_by("starts_at", "pk")
    )


def overdue_feedback(
    *, viewer: User | AnonymousUser, at: datetime | None = None
) -> list[Interview]:
    """Feedback past due that the viewer owes, or that is owed on roles they recruit or hire
    for (who owes it, never what it says)."""
    ensure_can_read(viewer)
    now = at or timezone.now()
    due = now - timedelta(hours=settings_get().feedback_due_hours)
    pk = getattr(viewer, "pk", None)
    return list(
        Interview.objects.filter(
            Q(interviewer_id=pk)
            | Q(loop__candidate__role__recruiter_id=pk)
            | Q(loop__candidate__role__hiring_manager_id=pk),
            loop__status=LoopStatus.OPEN,
            ends_at__lt=due,
        )
        .exclude(Exists(Feedback.objects.filter(interview=OuterRef("pk"))))
        .select_related("interviewer", "loop__candidate__role")
        .order_by("ends_at", "pk")
    )


@dataclass(frozen=True)
class Owed:
    """Feedback someone owes: the interview, when it is due, and whether it is past due."""

    interview: Interview
    due_at: datetime
    overdue: bool


def feedback_owed(*, viewer: User | AnonymousUser, at: datetime | None = None) -> list[Owed]:
    """The viewer's own feedback still to write for interviews that have happened in open
    loops, soonest due first (what it is due, never anyone else's)."""
    ensure_can_read(viewer)
    now = at or timezone.now()
    hours = timedelta(hours=settings_get().feedback_due_hours)
    interviews = (
        Interview.objects.filter(
            interviewer_id=getattr(viewer, "pk", None),
            loop__status=LoopStatus.OPEN,
            ends_at__lte=now,
        )
        .exclude(Exists(Feedback.objects.filter(interview=OuterRef("pk"))))
        .select_related("loop__candidate__role")
        .order_by("ends_at", "pk")
    )
    return [Owed(i, i.ends_at + hours, i.ends_at + hours < now) for i in interviews]


def bar_raiser_list(*, viewer: User | AnonymousUser) -> QuerySet[BarRaiser]:
    """The Bar Raiser pool, with each one's loops led (those that have happened, not those
    booked for later) and vetoes."""
    ensure_can_read(viewer)
    return (
        BarRaiser.objects.select_related("person")
        .annotate(
            loops=Count(
                "person__interviews",
                filter=Q(person__interviews__is_bar_raiser=True)
                & interview_happened(prefix="person__interviews__"),
            ),
            vetoes=Count(
                "person__interviews",
                filter=Q(
                    person__interviews__is_bar_raiser=True, person__interviews__loop__vetoed=True
                ),
            ),
        )
        .order_by("status", "person__first_name", "person__last_name")
    )


def certified_bar_raisers(*, viewer: User | AnonymousUser) -> QuerySet[User]:
    """The people who may sign off a trainee's loop: the certified Bar Raisers."""
    ensure_can_read(viewer)
    return User.objects.filter(bar_raiser__status="certified").order_by(
        "first_name", "last_name", "pk"
    )


def certified_bar_raiser_ids(*, viewer: User | AnonymousUser) -> set[int]:
    """The people who may be a loop's Bar Raiser."""
    ensure_can_read(viewer)
    return set(BarRaiser.objects.filter(status="certified").values_list("person_id", flat=True))


def active_candidate_count(*, viewer: User | AnonymousUser) -> int:
    """Candidates still in process that the viewer may see."""
    return candidate_list(viewer=viewer).exclude(stage__in=FINAL_STAGES).count()


def bar_raiser_get(*, viewer: User | AnonymousUser, pk: int) -> BarRaiser:
    """One member of the Bar Raiser pool, or 404."""
    raiser = bar_raiser_list(viewer=viewer).filter(pk=pk).first()
    if raiser is None:
        raise Http404(pk)
    return raiser
