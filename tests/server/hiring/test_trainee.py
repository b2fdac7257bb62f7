"""A Bar Raiser in training leads loops, each signed off by a certified Bar Raiser named in
the loop; certification needs the loops shadowed and the loops led and signed off."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dayone.server.core.models import AuditEntry
from dayone.server.hiring import services
from dayone.server.hiring.enums import BarRaiserStatus
from tests.server.hiring.trainee_helpers import NOTE, close, counts, led_loop, shadow, trainee

pytestmark = pytest.mark.django_db


def _refusal(world, person, sign_off) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        led_loop(world, person, sign_off=sign_off)
    return caught.value.message_dict


class TestPlanning:
    def test_a_trainee_still_shadowing_is_refused_the_seat(self, world):
        person, _ = trainee(world)
        shadow(world, person, 2)
        errors = _refusal(world, person, world.raiser)
        assert "has shadowed 2 of the 3 loops" in errors["bar_raiser"][0]
        assert "shadow this loop as an interviewer" in errors["bar_raiser"][0]

    def test_a_trainee_done_shadowing_needs_a_sign_off(self, world):
        person, _ = trainee(world)
        counts(shadow=1)
        shadow(world, person, 1)
        with pytest.raises(ValidationError) as caught:
            services.loop_plan(
                actor=world.manager, candidate=world.candidate, seats=world.seats(raiser=person)
            )
        message = caught.value.message_dict["sign_off"][0]
        assert "name a certified Bar Raiser to sign off this loop" in message

    def test_a_trainee_done_shadowing_leads_with_a_certified_sign_off(self, world):
        person, _ = trainee(world)
        counts(shadow=1)
        shadow(world, person, 1)
        loop = led_loop(world, person)
        assert loop.sign_off == world.raiser
        assert loop.interviews.get(is_bar_raiser=True).interviewer == person
        entry = AuditEntry.objects.filter(action="loop.plan").latest("pk")
        assert entry.after["sign_off"] == world.raiser.pk

    @pytest.mark.parametrize(
        ("who", "words"),
        [
            ("outsider", "leads this loop and cannot also sign it off"),
            ("manager", "is the hiring manager and cannot sign off"),
            ("team_member", "is in the hiring team and cannot sign off"),
            ("director", "reporting line and cannot sign off"),
            ("interviewer", "is not a certified Bar Raiser: only a certified Bar Raiser signs"),
        ],
    )
    def test_the_sign_off_is_certified_and_independent(self, world, who, words):
        person, _ = trainee(world)
        counts(shadow=1)
        shadow(world, person, 1)
        sign_off = world.interviewers[0] if who == "interviewer" else getattr(world, who)
        errors = _refusal(world, person, sign_off)
        assert any(words in message for message in errors["sign_off"]), errors

    def test_a_certified_bar_raiser_needs_no_sign_off(self, world):
        errors = _refusal(world, world.raiser, world.director)
        assert "leads the loop alone" in errors["sign_off"][0]


class TestSignOff:
    def _closed(self, world):
        person, raiser = trainee(world)
        counts(shadow=1, led=1)
        shadow(world, person, 1)
        loop = led_loop(world, person)
        return person, raiser, loop

    def test_only_the_sign_off_signs_only_a_closed_loop_only_once(self, world):
        person, _, loop = self._closed(world)
        with pytest.raises(ValidationError) as caught:
            services.loop_sign_off(actor=world.raiser, loop=loop, note=NOTE)
        assert "still open" in caught.value.messages[0]
        close(world, loop, person)
        for other in (person, world.manager, world.director):
            with pytest.raises(PermissionDenied, match="named to sign off this loop"):
                services.loop_sign_off(actor=other, loop=loop, note=NOTE)
        with pytest.raises(ValidationError) as caught:
            services.loop_sign_off(actor=world.raiser, loop=loop, note="ok")
        assert "note" in caught.value.message_dict
        loop = services.loop_sign_off(actor=world.raiser, loop=loop, note=NOTE)
        assert loop.is_signed_off
        assert loop.sign_off_note == NOTE
        entry = AuditEntry.objects.get(action="loop.sign_off")
        assert entry.actor == world.raiser
        assert entry.after["sign_off_note"] == NOTE
        with pytest.raises(ValidationError) as caught:
            services.loop_sign_off(actor=world.raiser, loop=loop, note=NOTE)
        assert "signed off once" in caught.value.messages[0]

    def test_a_loop_led_by_a_certified_bar_raiser_has_no_sign_off(self, world):
        loop = world.plan()
        close(world, loop, world.raiser)
        with pytest.raises(ValidationError, match="no sign-off"):
            services.loop_sign_off(actor=world.raiser, loop=loop, note=NOTE)

    def test_certification_needs_loops_shadowed_and_led_signed_off(self, world):
        person, raiser, loop = self._closed(world)
        close(world, loop, person)
        with pytest.raises(ValidationError) as caught:
            services.bar_raiser_advance(actor=world.director, raiser=raiser)
        message = caught.value.message_dict["status"][0]
        assert "shadowed 1 of the 1 loops and led 0 of the 1 loops" in message
        services.loop_sign_off(actor=world.raiser, loop=loop, note=NOTE)
        assert services.led_loops(raiser) == 1
        raiser = services.bar_raiser_advance(actor=world.director, raiser=raiser)
        assert raiser.status == BarRaiserStatus.CERTIFIED
