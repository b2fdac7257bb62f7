"""The authorisation matrix: who reads feedback on which hiring page, in each state of a loop.

Every interviewer's evidence carries a marker; a page that shows a marker to someone who may
not read it fails the test. Pages are walked for every person and every state.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from dayone.server.hiring import services

pytestmark = pytest.mark.django_db

PEOPLE = ("ivy0", "ivy1", "bruno", "hugo", "rita", "ada", "olga", "vic")


def marker(username: str) -> str:
    return f"Marker-{username}"


def _submit(world, loop, person):
    world.submit(
        person, loop, evidence=f"{marker(person.username)} rebuilt the returns flow in 6 weeks."
    )


def _state(world, state):
    loop = world.plan()
    if state == "one_in":
        _submit(world, loop, world.interviewers[0])
    elif state in {"all_in", "closed"}:
        for person in [*world.interviewers, world.raiser]:
            _submit(world, loop, person)
    if state == "closed":
        services.debrief_close(
            actor=world.raiser,
            loop=loop,
            outcome="hire",
            rationale="Every interviewer found ownership with numbers behind it.",
        )
    return loop


def _may_read(state: str, reader: str, author: str) -> bool:
    """The policy, written out independently of the code under test."""
    submitted = {"fresh": set(), "one_in": {"ivy0"}, "all_in": set(PEOPLE[:3]) | {"ivy2"}}.get(
        state, set(PEOPLE[:3]) | {"ivy2"}
    )
    if author not in submitted:
        return False
    if reader == author:
        return True
    interviewers = {"ivy0", "ivy1", "ivy2", "bruno"}
    if reader in interviewers:
        return reader in submitted
    if reader in {"hugo", "rita"}:
        return state in {"all_in", "closed"}
    if reader == "ada":
        return state == "closed"
    return False


def _pages(world, loop):
    pages = [
        reverse("hiring:index"),
        reverse("hiring:role", args=[world.role.pk]),
        reverse("hiring:candidate", args=[world.candidate.pk]),
        reverse("hiring:loop", args=[loop.pk]),
        reverse("hiring:bar_raisers"),
        reverse("core:home"),
        reverse("decisions:index"),
    ]
    pages += [reverse("hiring:kit", args=[i.pk]) for i in loop.interviews.all()]
    pages += [reverse("hiring:invite", args=[i.pk]) for i in loop.interviews.all()]
    pages += [
        "/api/hiring/roles",
        "/api/hiring/candidates",
        f"/api/hiring/candidates/{world.candidate.pk}",
        f"/api/hiring/loops/{loop.pk}",
        "/api/hiring/bar-raisers",
    ]
    return pages


@pytest.mark.parametrize("state", ["fresh", "one_in", "all_in", "closed"])
def test_nobody_reads_feedback_they_may_not(client, world, state):
    loop = _state(world, state)
    people = {
        p.username: p
        for p in [
            *world.interviewers,
            world.raiser,
            world.manager,
            world.recruiter,
            world.admin,
            world.outsider,
            world.viewer,
        ]
    }
    for reader in PEOPLE:
        client.force_login(people[reader])
        seen: set[str] = set()
        for url in _pages(world, loop):
            response = client.get(url)
            assert response.status_code in {200, 404}, (reader, url, response.status_code)
            body = response.content.decode()
            seen |= {
                author for author in ("ivy0", "ivy1", "ivy2", "bruno") if marker(author) in body
            }
        expected = {
            author
            for author in ("ivy0", "ivy1", "ivy2", "bruno")
            if _may_read(state, reader, author)
        }
        assert seen == expected, (state, reader)


def test_admins_see_whether_feedback_is_in_not_what_it_says(client, world):
    loop = _state(world, "one_in")
    admin_client = client
    admin_client.force_login(world.admin)
    body = admin_client.get(reverse("hiring:loop", args=[loop.pk])).content.decode()
    assert "In" in body
    assert marker("ivy0") not in body
    audit = admin_client.get(reverse("core:audit")).content.decode()
    assert marker("ivy0") not in audit


def test_outsiders_learn_nothing_about_a_candidate(client, world):
    loop = _state(world, "all_in")
    client.force_login(world.outsider)
    for url in (
        reverse("hiring:candidate", args=[world.candidate.pk]),
        reverse("hiring:loop", args=[loop.pk]),
        reverse("hiring:kit", args=[loop.interviews.first().pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        world.candidate.name
        not in client.get(reverse("hiring:role", args=[world.role.pk])).content.decode()
    )
