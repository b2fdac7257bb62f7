"""The authorisation matrix: every hiring URL and API route, every role, every state of a loop.

Each interviewer writes a marker into their evidence, their "raises the bar" reason and their
private notes. Every route of the hiring pages and the hiring API (found from the URL conf and
the API router, so a new route is walked without anyone adding it here) is read by each person
in each state, together with the pages where feedback could leak elsewhere: the home page, the
audit log, the admin site, candidate search and the candidate's access export. A marker shown to
someone the policy, written out below independently of the code, does not allow fails the test.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, reverse

from dayone.server.hiring import services
from dayone.server.hiring import urls as hiring_urls
from dayone.server.hiring.api import router
from dayone.server.hiring.models import BarRaiser, InterviewQuestion

pytestmark = pytest.mark.django_db

AUTHORS = ("ivy0", "ivy1", "ivy2", "bruno")
READERS = ("ivy0", "ivy1", "bruno", "hugo", "rita", "ada", "olga", "vic")
"""ivy0 submits first (after submitting in 'one_in'), ivy1 still owes theirs there, bruno is the
Bar Raiser, hugo the hiring manager, rita the recruiter, ada an admin, olga a member outside the
loop, vic a viewer."""
STATES = ("fresh", "one_in", "all_in", "closed")
SUBMITTED = {"fresh": set(), "one_in": {"ivy0"}, "all_in": set(AUTHORS), "closed": set(AUTHORS)}


def evidence_marker(author: str) -> str:
    return f"Evidence-{author}"


def reason_marker(author: str) -> str:
    return f"Reason-{author}"


def note_marker(author: str) -> str:
    return f"Note-{author}"


def may_read(state: str, reader: str, author: str) -> bool:
    """Others' feedback: interviewers after their own is in; the hiring manager and the
    recruiter once all is in; admins once the debrief closes; nobody else."""
    if author not in SUBMITTED[state]:
        return False
    if reader == author:
        return True
    if reader in AUTHORS:
        return reader in SUBMITTED[state]
    if reader in {"hugo", "rita"}:
        return state in {"all_in", "closed"}
    if reader == "ada":
        return state == "closed"
    return False


def _state(world, state):
    loop = world.plan()
    people = {p.username: p for p in [*world.interviewers, world.raiser]}
    for author, person in people.items():
        interview = loop.interviews.get(interviewer=person)
        services.interview_notes_save(
            actor=person, interview=interview, notes=f"{note_marker(author)} asked about returns."
        )
    for author in sorted(SUBMITTED[state]):
        person = people[author]
        interview = loop.interviews.get(interviewer=person)
        services.feedback_submit(
            actor=person,
            interview=interview,
            overall="inclined",
            raises_bar=True,
            raises_bar_reason=f"{reason_marker(author)}: better than half of the team today.",
            ratings={
                p.pk: services.RatingInput(
                    "inclined", f"{evidence_marker(author)} rebuilt the returns flow in 6 weeks."
                )
                for p in interview.principles.all()
            },
            at=world.start + timedelta(hours=6),
        )
    if state == "closed":
        services.debrief_close(
            actor=world.raiser,
            loop=loop,
            outcome="hire",
            rationale="Every interviewer found ownership with numbers behind it.",
        )
    return loop


def _arguments(world, loop) -> dict[str, int]:
    """A value for every path parameter a hiring route takes."""
    interview = loop.interviews.get(interviewer=world.interviewers[0])
    return {
        "role": world.role.pk,
        "candidate": world.candidate.pk,
        "loop": loop.pk,
        "interview": interview.pk,
        "bar_raiser": BarRaiser.objects.get(person=world.raiser).pk,
        "question": _question(world).pk,
    }


def _question(world) -> InterviewQuestion:
    """One of the company's own questions (made once)."""
    return InterviewQuestion.objects.first() or services.question_create(
        actor=world.admin,
        principle=world.principles[0],
        text="Tell me about a time you put a reader's order before a deadline?",
        strong="Names the reader and the order, and what it cost the team to do it.",
        weak="Talks about readers in general, or the deadline won without a word.",
    )


PAGE_SUBJECT = {
    "role": "role",
    "role_status": "role",
    "candidate_create": "role",
    "candidate": "candidate",
    "candidate_stage": "candidate",
    "candidate_escalate": "candidate",
    "candidate_erase": "candidate",
    "candidate_export": "candidate",
    "candidate_hold": "candidate",
    "candidate_resume": "candidate",
    "loop_plan": "candidate",
    "loop": "loop",
    "debrief_close": "loop",
    "veto_override": "loop",
    "checkin": "loop",
    "loop_sign_off": "loop",
    "kit": "interview",
    "notes": "interview",
    "invite": "interview",
    "bar_raiser_advance": "bar_raiser",
    "question": "question",
    "question_retire": "question",
}


def hiring_pages(world, loop) -> list[str]:
    """Every hiring page, from the URL conf."""
    arguments = _arguments(world, loop)
    pages = []
    for pattern in hiring_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        name = f"hiring:{pattern.name}"
        if pattern.pattern.converters:
            assert pattern.name in PAGE_SUBJECT, f"say which object {name} takes"
            if PAGE_SUBJECT[pattern.name] == "interview":
                pks = [interview.pk for interview in loop.interviews.all()]
            else:
                pks = [arguments[PAGE_SUBJECT[pattern.name]]]
            pages.extend(reverse(name, args=[pk]) for pk in pks)
        else:
            pages.append(reverse(name))
    return pages


API_SUBJECT = {
    "role_id": "role",
    "candidate_id": "candidate",
    "loop_id": "loop",
    "interview_id": "interview",
    "question_id": "question",
}


def api_routes(world, loop) -> list[str]:
    """Every GET route of the hiring API, from its router."""
    arguments = _arguments(world, loop)
    routes = []
    for path, view in router.path_operations.items():
        if not any("GET" in operation.methods for operation in view.operations):
            continue
        names = re.findall(r"{(\w+)}", path)
        for name in names:
            assert name in API_SUBJECT, f"say which object {{{name}}} in {path} takes"
        routes.append(
            "/api/hiring"
            + re.sub(r"{(\w+)}", lambda m: str(arguments[API_SUBJECT[m.group(1)]]), path)
        )
    return routes


def elsewhere(world) -> list[str]:
    """Where feedback could leak outside the hiring pages."""
    return [
        reverse("core:home"),
        reverse("core:audit"),
        reverse("decisions:index"),
        "/admin/",
        "/admin/hiring/",
        "/admin/hiring/feedback/",
        "/admin/hiring/feedbackrating/",
        "/admin/hiring/interview/",
        "/api/hiring/candidates?q=Evidence",
        "/api/hiring/candidates?q=Note",
    ]


@pytest.fixture
def people(world):
    return {
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


@pytest.mark.parametrize("state", STATES)
def test_every_route_for_every_role(client, world, people, state):
    loop = _state(world, state)
    urls = [*hiring_pages(world, loop), *api_routes(world, loop), *elsewhere(world)]
    for reader in READERS:
        client.force_login(people[reader])
        seen: dict[str, set[str]] = {"evidence": set(), "reason": set(), "note": set()}
        for url in urls:
            response = client.get(url)
            assert response.status_code in {200, 302, 403, 404, 405}, (reader, url)
            body = response.content.decode(errors="replace")
            for author in AUTHORS:
                for kind, marker in (
                    ("evidence", evidence_marker),
                    ("reason", reason_marker),
                    ("note", note_marker),
                ):
                    if marker(author) in body:
                        seen[kind].add(author)
                        where = (state, reader, kind, author, url)
                        if kind == "note":
                            assert reader == author, where
                        else:
                            assert may_read(state, reader, author), where
        readable = {a for a in AUTHORS if may_read(state, reader, a)}
        # What the policy allows is also shown somewhere (the matrix is not vacuous).
        assert seen["evidence"] == readable, (state, reader)
        assert seen["reason"] == readable, (state, reader)
        assert seen["note"] == ({reader} if reader in AUTHORS else set()), (state, reader)


def test_the_matrix_walks_every_route(world):
    loop = world.plan()
    pages = hiring_pages(world, loop)
    routes = api_routes(world, loop)
    assert len(pages) >= len(hiring_urls.urlpatterns)
    assert f"/api/hiring/loops/{loop.pk}" in routes
    assert reverse("hiring:calibration") in pages


def test_posting_to_a_loop_one_is_not_in_reveals_nothing(client, world, people):
    loop = _state(world, "all_in")
    interview = loop.interviews.get(interviewer=world.interviewers[0])
    for reader in ("olga", "vic", "ada"):
        client.force_login(people[reader])
        for url in (
            reverse("hiring:debrief_close", args=[loop.pk]),
            reverse("hiring:kit", args=[interview.pk]),
            f"/api/hiring/interviews/{interview.pk}/feedback",
            f"/api/hiring/loops/{loop.pk}/debrief",
        ):
            body = client.post(url, {}).content.decode()
            assert not any(evidence_marker(a) in body for a in AUTHORS), (reader, url)
