"""A Bar Raiser in training leads loops, each signed off by a certified Bar Raiser named in
the loop; certification needs the loops shadowed and the loops led and signed off."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dayone.server.core.models import AuditEntry
from dayone.server.hiring import services
from dayone.server.hiring.enums import BarRaiserStatus
from dayone.server.hiring.models import Loop
from tests.server.hiring.test_views import _plan_post
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


def _ready(world):
    """Olga in training, done shadowing (one loop), one loop to lead."""
    person, raiser = trainee(world)
    counts(shadow=1, led=1)
    shadow(world, person, 1)
    return person, raiser


class TestApi:
    def _seats(self, world, person):
        return [
            {
                "interviewer": seat.interviewer.username,
                "principles": [p.slug for p in seat.principles],
                "starts_at": seat.starts_at.isoformat(),
                "ends_at": seat.ends_at.isoformat(),
                "bar_raiser": seat.is_bar_raiser,
            }
            for seat in world.seats(raiser=person)
        ]

    def test_plan_a_trainee_loop_and_sign_it_off(self, client, world):
        person, _ = _ready(world)
        client.force_login(world.manager)
        url = f"/api/hiring/candidates/{world.candidate.pk}/loops"
        refused = client.post(
            url, {"seats": self._seats(world, person)}, content_type="application/json"
        )
        assert refused.status_code == 422
        assert "sign off this loop" in refused.json()["detail"]["sign_off"][0]
        response = client.post(
            url,
            {"seats": self._seats(world, person), "sign_off": world.raiser.username},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["sign_off"] == world.raiser.username
        assert body["signed_off_at"] is None
        loop = Loop.objects.get(pk=body["id"])
        close(world, loop, person)
        sign = f"/api/hiring/loops/{loop.pk}/sign-off"
        client.force_login(person)
        assert client.post(sign, {"note": NOTE}, content_type="application/json").status_code == 403
        client.force_login(world.raiser)
        short = client.post(sign, {"note": "fine"}, content_type="application/json")
        assert short.status_code == 422
        assert "note" in short.json()["detail"]
        done = client.post(sign, {"note": NOTE}, content_type="application/json")
        assert done.status_code == 200, done.content
        assert done.json()["sign_off_note"] == NOTE
        assert done.json()["signed_off_at"] is not None
        again = client.post(sign, {"note": NOTE}, content_type="application/json")
        assert again.status_code == 422
        client.force_login(world.director)
        pool = {r["person"]: r for r in client.get("/api/hiring/bar-raisers").json()}
        assert pool[person.username]["shadowed"] == 1
        assert pool[person.username]["led"] == 1
        assert pool[world.raiser.username]["shadowed"] is None

    def test_the_sign_off_route_documents_its_answers(self, client, world):
        schema = client.get("/api/openapi.json").json()
        responses = schema["paths"]["/api/hiring/loops/{loop_id}/sign-off"]["post"]["responses"]
        assert {"200", "403", "404", "422"} <= set(responses)


class TestPages:
    def test_the_builder_names_the_sign_off_of_a_trainee(self, client, world):
        person, _ = _ready(world)
        client.force_login(world.manager)
        url = reverse("hiring:loop_plan", args=[world.candidate.pk])
        page = client.get(url).content.decode()
        assert 'name="sign_off"' in page
        data = _plan_post(world, interviewer_3=person.pk)
        refused = client.post(url, {**data, "plan": "1"}).content.decode()
        assert "name a certified Bar Raiser to sign off this loop" in refused
        response = client.post(url, {**data, "sign_off": world.raiser.pk, "plan": "1"})
        assert response.status_code == 302
        loop = Loop.objects.get(sign_off=world.raiser)
        assert response["Location"] == reverse("hiring:loop", args=[loop.pk])

    def test_only_the_sign_off_gets_the_form_and_everyone_sees_what_was_signed(self, client, world):
        person, _ = _ready(world)
        loop = led_loop(world, person)
        url = reverse("hiring:loop", args=[loop.pk])
        client.force_login(world.raiser)
        page = client.get(url).content.decode()
        assert "still open" in page
        assert "Sign off the loop" not in page
        close(world, loop, person)
        for other in (person, world.manager, world.admin):
            client.force_login(other)
            page = client.get(url).content.decode()
            assert "Sign-off" in page
            assert "Sign off the loop" not in page, other
        client.force_login(world.raiser)
        page = client.get(url).content.decode()
        assert "Sign off the loop" in page
        sign = reverse("hiring:loop_sign_off", args=[loop.pk])
        refused = client.post(sign, {"note": "ok"})
        assert refused.status_code == 200
        assert "sign-off note" in refused.content.decode()
        response = client.post(sign, {"note": NOTE})
        assert response.status_code == 302
        page = client.get(url).content.decode()
        assert "Signed off by" in page
        assert NOTE in page
        assert "Sign off the loop" not in page
        client.force_login(world.manager)
        assert NOTE in client.get(url).content.decode()

    def test_a_viewer_named_sign_off_sees_no_form(self, client, world):
        person, _ = _ready(world)
        loop = led_loop(world, person)
        close(world, loop, person)
        world.raiser.role = "viewer"
        world.raiser.save(update_fields=["role"])
        client.force_login(world.raiser)
        page = client.get(reverse("hiring:loop", args=[loop.pk])).content.decode()
        assert "Sign-off" in page
        assert "Sign off the loop" not in page
        response = client.post(reverse("hiring:loop_sign_off", args=[loop.pk]), {"note": NOTE})
        assert response.status_code == 403

    def test_the_bar_raisers_page_shows_each_trainees_progress(self, client, world):
        person, _ = trainee(world)
        shadow(world, person, 2)
        client.force_login(world.viewer)
        page = client.get(reverse("hiring:bar_raisers")).content.decode()
        assert "shadowed 2 of 3, led 0 of 3 signed off" in page
        assert "Certify" not in page
