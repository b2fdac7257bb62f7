"""A Bar Raiser in training in the World: nominated, shadowing loops, then leading one."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from dayone.server.core.models import User
from dayone.server.hiring import services
from dayone.server.hiring.models import BarRaiser, HiringSettings, Loop

NOTE = "She kept the debrief on the evidence and asked each interviewer for an example."


def counts(*, shadow: int = 3, led: int = 3) -> None:
    services.hiring_settings()
    HiringSettings.objects.update(shadow_loops=shadow, led_loops=led)


def trainee(world) -> tuple[User, BarRaiser]:
    """Olga, outside the hiring team, nominated two months ago and in training."""
    raiser = services.bar_raiser_nominate(
        actor=world.director, person=world.outsider, at=world.start - timedelta(days=60)
    )
    raiser = services.bar_raiser_advance(actor=world.director, raiser=raiser)
    return world.outsider, raiser


def shadow(world, person: User, loops: int) -> None:
    """``person`` shadows ``loops`` loops of other candidates, a week or more apart."""
    for n in range(loops):
        candidate = services.candidate_create(
            actor=world.recruiter, role=world.role, name=f"Shadowed candidate {n}"
        )
        seats = world.seats(start=world.start - timedelta(days=8 * (n + 1)))
        seats[2] = replace(seats[2], interviewer=person)
        services.loop_plan(actor=world.manager, candidate=candidate, seats=seats)


def led_loop(world, person: User, *, sign_off: User | None = None) -> Loop:
    """A loop ``person`` leads as the Bar Raiser, signed off by Bruno."""
    return services.loop_plan(
        actor=world.manager,
        candidate=world.candidate,
        seats=world.seats(raiser=person),
        sign_off=sign_off or world.raiser,
    )


def close(world, loop: Loop, person: User) -> Loop:
    """Everyone submits; the trainee closes the debrief."""
    for seat in [*world.interviewers, person]:
        world.submit(seat, loop)
    return services.debrief_close(
        actor=person,
        loop=loop,
        outcome="hire",
        rationale="Every interviewer found ownership with numbers behind it.",
    )
