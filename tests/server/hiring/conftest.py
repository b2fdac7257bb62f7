"""A small company that hires: two teams, a hiring manager, interviewers and Bar Raisers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from dayone.server.core.enums import Role
from dayone.server.core.models import User
from dayone.server.decisions import services as decisions
from dayone.server.hiring import services
from dayone.server.hiring.enums import BarRaiserStatus
from dayone.server.hiring.models import BarRaiser, Candidate, Loop
from dayone.server.hiring.models import Role as HiringRole
from dayone.server.teams import services as teams
from dayone.server.teams.models import Principle
from tests.server.factories import UserFactory


@dataclass
class World:
    admin: User
    manager: User
    recruiter: User
    director: User
    team_member: User
    interviewers: list[User]
    raiser: User
    outsider: User
    viewer: User
    role: HiringRole
    candidate: Candidate
    principles: list[Principle]
    start: datetime

    def seats(self, *, raiser: User | None = None, start: datetime | None = None):
        """Four seats: three interviewers and the Bar Raiser, principles spread between them."""
        start = start or self.start
        p = self.principles
        plan = [
            (self.interviewers[0], [p[0], p[1]], False),
            (self.interviewers[1], [p[1], p[2]], False),
            (self.interviewers[2], [p[2], p[3]], False),
            (raiser or self.raiser, [p[0], p[3]], True),
        ]
        return [
            services.SeatInput(
                interviewer=person,
                principles=principles,
                starts_at=start + timedelta(hours=index),
                ends_at=start + timedelta(hours=index, minutes=45),
                is_bar_raiser=is_raiser,
            )
            for index, (person, principles, is_raiser) in enumerate(plan)
        ]

    def plan(self, **kwargs) -> Loop:
        return services.loop_plan(
            actor=self.manager, candidate=self.candidate, seats=self.seats(**kwargs)
        )

    def submit(
        self, person: User, loop: Loop, *, overall: str = "inclined", at=None, evidence: str = ""
    ):
        interview = loop.interviews.get(interviewer=person)
        ratings = {
            p.pk: services.RatingInput(
                overall, evidence or f"She rebuilt the {p.name} checklist and cut returns by 12%."
            )
            for p in interview.principles.all()
        }
        return services.feedback_submit(
            actor=person,
            interview=interview,
            overall=overall,
            raises_bar=overall in {"inclined", "strong_hire"},
            raises_bar_reason="She did better than half of the engineers on the team today.",
            ratings=ratings,
            at=at or self.start + timedelta(hours=6),
        )


@pytest.fixture
def world(db) -> World:
    return make_world()


def make_world() -> World:
    """The company, its role, a candidate and the Bar Raiser pool (needs database access)."""
    admin = UserFactory(username="ada", role=Role.ADMIN, is_staff=True, is_superuser=True)
    director = UserFactory(username="dora")
    manager = UserFactory(username="hugo")
    recruiter = UserFactory(username="rita")
    team_member = UserFactory(username="tim")
    interviewers = [UserFactory(username=f"ivy{n}") for n in range(3)]
    raiser = UserFactory(username="bruno")
    outsider = UserFactory(username="olga")
    viewer = UserFactory(username="vic", role=Role.VIEWER)
    leadership = teams.team_create(
        actor=None, name="Leadership", slug="leadership", leader=director, is_leadership=True
    )
    store = teams.team_create(
        actor=None, name="Storefront", slug="storefront", leader=manager, reports_to=director
    )
    teams.team_member_add(actor=None, team=store, person=team_member)
    other = teams.team_create(
        actor=None,
        name="Fulfilment",
        slug="fulfilment",
        leader=interviewers[0],
        reports_to=director,
    )
    for person in (*interviewers[1:], raiser):
        teams.team_member_add(actor=None, team=other, person=person)
    del leadership
    principles = teams.principles_seed(actor=None)[:4]
    for person in (raiser, team_member, manager, director):
        BarRaiser.objects.create(person=person, status=BarRaiserStatus.CERTIFIED)
    decisions.decision_settings_update(
        actor=admin,
        reviewers=[admin],
        information_target_pct=70,
        escalation_hours=48,
        exhaustion_rounds=3,
    )
    role = services.role_create(
        actor=manager,
        title="Software engineer",
        team=store,
        hiring_manager=manager,
        recruiter=recruiter,
        level="L5",
        bar="Better than half of the engineers in Storefront today, by the evidence.",
        principles=principles,
    )
    candidate = services.candidate_create(
        actor=recruiter, role=role, name="Jo Park", email="jo@example.test", source="Referral"
    )
    start = (timezone.now() - timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    return World(
        admin=admin,
        manager=manager,
        recruiter=recruiter,
        director=director,
        team_member=team_member,
        interviewers=interviewers,
        raiser=raiser,
        outsider=outsider,
        viewer=viewer,
        role=role,
        candidate=candidate,
        principles=principles,
        start=start,
    )
