"""What counts towards a trainee and a Bar Raiser: loops that have happened, not loops booked
for later; signing off a trainee's loop is one of the sign-off's loops that week; a sign-off
must still be certified when they sign."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dayone.server.core.models import AuditEntry
from dayone.server.hiring import selectors, services
from dayone.server.hiring.enums import BarRaiserStatus
from dayone.server.hiring.models import BarRaiser, Loop
from tests.server.factories import UserFactory
from tests.server.hiring.trainee_helpers import NOTE, close, counts, led_loop, shadow, trainee

pytestmark = pytest.mark.django_db


def _other_loop(world, name: str, *, raiser, start, shadower=None) -> Loop:
    """A loop for another candidate of the role, ``raiser`` in the Bar Raiser seat."""
    candidate = services.candidate_create(actor=world.recruiter, role=world.role, name=name)
    seats = world.seats(raiser=raiser, start=start)
    if shadower is not None:
        seats[2] = replace(seats[2], interviewer=shadower)
    return services.loop_plan(actor=world.manager, candidate=candidate, seats=seats)


class TestShadowingCountsWhatHappened:
    def test_a_loop_booked_for_later_is_not_yet_shadowed(self, world):
        person, raiser = trainee(world)
        counts(shadow=1)
        later = timezone.now() + timedelta(days=3)
        booked = _other_loop(
            world, "Booked candidate", raiser=world.raiser, start=later, shadower=person
        )
        assert services.shadowed_loops(raiser) == 0
        with pytest.raises(ValidationError) as errors:
            led_loop(world, person)
        assert "has shadowed 0 of the 1 loops" in errors.value.message_dict["bar_raiser"][0]
        seat = booked.interviews.get(interviewer=person)
        assert services.shadowed_loops(raiser, at=seat.ends_at - timedelta(minutes=1)) == 0
        assert services.shadowed_loops(raiser, at=seat.ends_at) == 1

    def test_a_past_interview_counts_and_the_pool_page_says_so(self, client, world):
        person, raiser = trainee(world)
        shadow(world, person, 1)
        later = timezone.now() + timedelta(days=3)
        _other_loop(world, "Booked candidate", raiser=world.raiser, start=later, shadower=person)
        assert services.shadowed_loops(raiser) == 1
        client.force_login(world.viewer)
        page = client.get(reverse("hiring:bar_raisers")).content.decode()
        assert "shadowed 1 of 3, led 0 of 3 signed off" in page

    def test_a_bar_raisers_record_counts_only_loops_that_happened(self, world):
        world.plan()
        later = timezone.now() + timedelta(days=3)
        _other_loop(world, "Booked candidate", raiser=world.raiser, start=later)
        pool = {r.person_id: r for r in selectors.bar_raiser_list(viewer=world.director)}
        assert pool[world.raiser.pk].loops == 1


class TestSignOffWeeklyCap:
    def test_a_sign_off_at_their_cap_is_refused(self, world):
        person, _ = trainee(world)
        counts(shadow=1)
        shadow(world, person, 1)
        BarRaiser.objects.filter(person=world.raiser).update(weekly_cap=1)
        _other_loop(
            world, "Led by Bruno", raiser=world.raiser, start=world.start + timedelta(hours=5)
        )
        with pytest.raises(ValidationError) as caught:
            led_loop(world, person)
        message = caught.value.message_dict["sign_off"][0]
        assert message.startswith(str(world.raiser))
        assert "already has 1 loops this week, led or signed off, and the cap" in message
        assert "is 1; name another certified Bar Raiser to sign off" in message
        assert not Loop.objects.filter(sign_off=world.raiser).exists()
        other = UserFactory(username="sam")
        BarRaiser.objects.create(person=other, status=BarRaiserStatus.CERTIFIED)
        loop = led_loop(world, person, sign_off=other)
        assert loop.sign_off == other

    def test_signing_off_counts_against_leading_that_week(self, world):
        person, _ = trainee(world)
        counts(shadow=1)
        shadow(world, person, 1)
        BarRaiser.objects.filter(person=world.raiser).update(weekly_cap=1)
        led_loop(world, person)
        with pytest.raises(ValidationError) as caught:
            _other_loop(
                world, "Led by Bruno", raiser=world.raiser, start=world.start + timedelta(hours=5)
            )
        assert "already has 1 loops this week" in caught.value.message_dict["bar_raiser"][0]
        next_week = world.start + timedelta(days=7)
        assert _other_loop(world, "Next week", raiser=world.raiser, start=next_week).pk


class TestSignOffStanding:
    def _closed(self, world):
        person, _ = trainee(world)
        counts(shadow=1, led=1)
        shadow(world, person, 1)
        loop = led_loop(world, person)
        return close(world, loop, person)

    @pytest.mark.parametrize(
        ("change", "words"),
        [
            ("trainee", "is no longer a certified Bar Raiser (now in training)"),
            ("removed", "is no longer in the Bar Raiser pool"),
        ],
    )
    def test_a_sign_off_no_longer_certified_is_refused(self, world, change, words):
        loop = self._closed(world)
        pool = BarRaiser.objects.filter(person=world.raiser)
        if change == "removed":
            pool.delete()
        else:
            pool.update(status=BarRaiserStatus.TRAINEE)
        with pytest.raises(ValidationError) as caught:
            services.loop_sign_off(actor=world.raiser, loop=loop, note=NOTE)
        assert words in caught.value.messages[0]
        assert "only a certified Bar Raiser signs off" in caught.value.messages[0]
        loop.refresh_from_db()
        assert loop.signed_off_at is None
        assert loop.sign_off_note == ""
        assert not AuditEntry.objects.filter(action="loop.sign_off").exists()

    def test_the_page_and_the_api_say_why(self, client, world):
        loop = self._closed(world)
        BarRaiser.objects.filter(person=world.raiser).update(status=BarRaiserStatus.NOMINATED)
        client.force_login(world.raiser)
        page = client.post(reverse("hiring:loop_sign_off", args=[loop.pk]), {"note": NOTE})
        assert page.status_code == 200
        assert "no longer a certified Bar Raiser (now nominated)" in page.content.decode()
        api = client.post(
            f"/api/hiring/loops/{loop.pk}/sign-off", {"note": NOTE}, content_type="application/json"
        )
        assert api.status_code == 422
        assert "no longer a certified Bar Raiser" in str(api.json()["detail"])
        loop.refresh_from_db()
        assert not loop.is_signed_off
