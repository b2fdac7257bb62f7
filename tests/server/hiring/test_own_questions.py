"""The company's own questions: admins add, edit (every wording kept) and retire them beside the
starter bank; the bank, the kit and the API show them; bad input names the field and saves
nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dayone.server.core.models import AuditEntry
from dayone.server.core.versions import EditConflictError
from dayone.server.hiring import questions, services
from dayone.server.hiring.models import InterviewQuestion, InterviewQuestionRevision
from dayone.server.hiring.questions import QUESTION_BANK, kit_questions
from dayone.server.teams import services as teams

pytestmark = pytest.mark.django_db

TEXT = "Tell me about a time you shipped a book order the warehouse said could not go out."
STRONG = "Names the order, the customer and the rule they bent, and what changed for others."
WEAK = "Describes a process in general, or someone else did the work while they watched."


def _add(world, **changes):
    data = {"principle": world.principles[0], "text": TEXT, "strong": STRONG, "weak": WEAK}
    return services.question_create(actor=world.admin, **{**data, **changes})


class TestCreate:
    def test_an_admin_adds_a_question_with_its_first_revision(self, world):
        question = _add(world)
        assert question.principle == world.principles[0]
        assert (question.text, question.strong, question.weak) == (TEXT, STRONG, WEAK)
        assert question.created_by == world.admin
        revision = question.revisions.get()
        assert (revision.number, revision.text, revision.note) == (1, TEXT, "First version.")
        entry = AuditEntry.objects.get(action="question.create")
        assert entry.after["text"] == TEXT

    @pytest.mark.parametrize("who", ["manager", "raiser", "viewer"])
    def test_only_admins_add_questions(self, world, who):
        with pytest.raises(PermissionDenied, match="Only an admin adds, edits or retires"):
            services.question_create(
                actor=getattr(world, who),
                principle=world.principles[0],
                text=TEXT,
                strong=STRONG,
                weak=WEAK,
            )
        assert not InterviewQuestion.objects.exists()

    @pytest.mark.parametrize(
        ("changes", "field", "words"),
        [
            ({"text": ""}, "text", "Write the question"),
            ({"text": "Ownership stories please."}, "text", "full sentence"),
            (
                {"text": "I would like to hear about the biggest mistake you made at work."},
                "text",
                "as a question, ending with '?'",
            ),
            ({"strong": "ok"}, "strong", "strong answer"),
            ({"weak": ""}, "weak", "weak answer"),
        ],
    )
    def test_bad_input_names_the_field_and_saves_nothing(self, world, changes, field, words):
        with pytest.raises(ValidationError) as caught:
            _add(world, **changes)
        assert words in " ".join(caught.value.message_dict[field])
        assert not InterviewQuestion.objects.exists()
        assert not InterviewQuestionRevision.objects.exists()

    def test_a_question_the_principle_already_has_is_refused(self, world):
        starter = QUESTION_BANK[world.principles[0].name][0].text
        with pytest.raises(ValidationError) as caught:
            _add(world, text=starter.upper())
        assert "already has this question in the starter bank" in caught.value.messages[0]
        _add(world)
        with pytest.raises(ValidationError) as caught:
            _add(world, text=f"  {TEXT}  ")
        assert caught.value.message_dict["text"] == [
            f"'{world.principles[0]}' already has this question; write a different one."
        ]
        assert InterviewQuestion.objects.count() == 1
        assert _add(world, principle=world.principles[1]).principle == world.principles[1]

    def test_a_retired_principle_takes_no_questions(self, world):
        principle = world.principles[0]
        teams.principle_update(
            actor=world.admin,
            principle=principle,
            name=principle.name,
            description=principle.description,
            is_active=False,
        )
        with pytest.raises(ValidationError) as caught:
            _add(world)
        assert "is retired" in caught.value.message_dict["principle"][0]


class TestEditAndRetire:
    def test_an_edit_is_a_new_revision_and_keeps_the_old_wording(self, world):
        question = _add(world)
        edited = services.question_update(
            actor=world.admin,
            question=question,
            text=TEXT.replace("book order", "rush order"),
            strong=STRONG,
            weak=WEAK,
            note="Rush orders are what the shop knows.",
            version=1,
        )
        assert edited.version == 2
        assert "rush order" in edited.text
        revisions = list(questions.question_revisions(viewer=world.viewer, question=edited))
        assert [r.number for r in revisions] == [2, 1]
        assert revisions[0].note == "Rush orders are what the shop knows."
        assert revisions[1].text == TEXT
        same = services.question_update(
            actor=world.admin, question=edited, text=edited.text, strong=STRONG, weak=WEAK
        )
        assert same.version == 2
        assert question.revisions.count() == 2

    def test_an_edit_from_an_old_version_or_by_a_member_changes_nothing(self, world):
        question = _add(world)
        services.question_update(
            actor=world.admin, question=question, text=TEXT, strong=WEAK, weak=STRONG, version=1
        )
        with pytest.raises(EditConflictError):
            services.question_update(
                actor=world.admin,
                question=question,
                text="Tell me about a time you said no to a customer?",
                strong=STRONG,
                weak=WEAK,
                version=1,
            )
        with pytest.raises(PermissionDenied):
            services.question_update(
                actor=world.manager, question=question, text=TEXT, strong=STRONG, weak=WEAK
            )
        with pytest.raises(ValidationError) as caught:
            services.question_update(
                actor=world.admin, question=question, text=TEXT, strong="", weak=WEAK, version=2
            )
        assert "strong" in caught.value.message_dict
        question.refresh_from_db()
        assert (question.text, question.strong, question.version) == (TEXT, WEAK, 2)

    def test_a_retired_question_leaves_the_bank_and_the_kit(self, world):
        question = _add(world)
        loop = world.plan()
        mine = loop.interviews.get(interviewer=world.interviewers[0])  # principles 0 and 1
        offered = [q.question.text for q in kit_questions(mine)[world.principles[0].pk]]
        assert offered[-1] == TEXT
        assert len(offered) == len(QUESTION_BANK[world.principles[0].name]) + 1
        with pytest.raises(PermissionDenied):
            services.question_retire(actor=world.manager, question=question)
        services.question_retire(actor=world.admin, question=question)
        assert TEXT not in [q.question.text for q in kit_questions(mine)[world.principles[0].pk]]
        row = questions.question_bank(viewer=world.viewer)[0]
        assert TEXT not in [q.text for q in row.questions]
        assert [q.pk for q in row.retired] == [question.pk]
        with pytest.raises(ValidationError, match="was retired on"):
            services.question_retire(actor=world.admin, question=question)
        with pytest.raises(ValidationError) as caught:
            services.question_update(
                actor=world.admin, question=question, text=TEXT, strong=STRONG, weak=WEAK
            )
        assert "retired" in caught.value.message_dict["text"][0]


class TestPages:
    def _post(self, **changes):
        return {"text": TEXT, "strong": STRONG, "weak": WEAK, **changes}

    def test_an_admin_adds_from_the_bank_page_and_everyone_reads_it(self, client, world):
        url = reverse("hiring:questions")
        client.force_login(world.admin)
        page = client.get(url).content.decode()
        assert "Add a question of the company's own" in page
        refused = client.post(url, self._post(principle=world.principles[0].pk, weak=""))
        assert refused.status_code == 422
        body = refused.content.decode()
        assert "Write the weak answer: what it shows" in body
        assert 'id="id_weak"' in body
        assert not InterviewQuestion.objects.exists()
        done = client.post(url, self._post(principle=world.principles[0].pk))
        assert done.status_code == 302
        question = InterviewQuestion.objects.get()
        client.force_login(world.viewer)
        page = client.get(url).content.decode()
        assert "Add a question of the company" not in page
        assert TEXT in page
        assert "The company's own" in page
        assert reverse("hiring:question", args=[question.pk]) in page

    def test_the_question_page_edits_with_history_and_retires(self, client, world):
        question = _add(world)
        url = reverse("hiring:question", args=[question.pk])
        client.force_login(world.manager)
        page = client.get(url).content.decode()
        assert "Revision 1" in page
        assert "Save a new revision" not in page
        assert client.post(url, {**self._post(), "version": 1}).status_code == 403
        client.force_login(world.admin)
        refused = client.post(url, {**self._post(text="Ownership."), "version": 1})
        assert refused.status_code == 422
        assert "The question has 10 characters; write at least 20" in refused.content.decode()
        new = "Tell me about a time you took back a promise you made to a customer?"
        done = client.post(url, {**self._post(text=new), "note": "Sharper.", "version": 1})
        assert done.status_code == 302
        page = client.get(url).content.decode()
        assert "Revision 2" in page
        assert "Sharper." in page
        assert TEXT in page
        stale = client.post(url, {**self._post(), "version": 1})
        assert stale.status_code == 422
        assert "version 1" in stale.content.decode()
        retire = client.post(reverse("hiring:question_retire", args=[question.pk]))
        assert retire.status_code == 302
        page = client.get(url).content.decode()
        assert "Retired" in page
        assert "Save a new revision" not in page

    def test_the_kit_offers_the_companys_question(self, client, world):
        _add(world)
        loop = world.plan()
        mine = loop.interviews.get(interviewer=world.interviewers[0])
        client.force_login(world.interviewers[0])
        page = client.get(reverse("hiring:kit", args=[mine.pk])).content.decode()
        assert TEXT in page
        assert "The company's own" in page


class TestApi:
    def test_add_edit_retire_and_read_through_the_api(self, client, world):
        slug = world.principles[0].slug
        body = {"principle": slug, "text": TEXT, "strong": STRONG, "weak": WEAK}
        client.force_login(world.manager)
        assert (
            client.post("/api/hiring/questions", body, content_type="application/json").status_code
            == 403
        )
        client.force_login(world.admin)
        bad = client.post(
            "/api/hiring/questions",
            {**body, "principle": "nope", "weak": ""},
            content_type="application/json",
        )
        assert bad.status_code == 422
        assert "principle" in bad.json()["detail"]
        short = client.post(
            "/api/hiring/questions", {**body, "weak": ""}, content_type="application/json"
        )
        assert short.status_code == 422
        assert "weak" in short.json()["detail"]
        assert not InterviewQuestion.objects.exists()
        made = client.post("/api/hiring/questions", body, content_type="application/json")
        assert made.status_code == 201, made.content
        question = made.json()
        assert question["version"] == 1
        assert question["revisions"][0]["note"] == "First version."
        url = f"/api/hiring/questions/{question['id']}"
        unversioned = client.patch(url, {"weak": WEAK[::-1]}, content_type="application/json")
        assert unversioned.status_code == 422
        assert "version" in unversioned.json()["detail"]
        patched = client.patch(
            url, {"strong": WEAK, "note": "Swapped.", "version": 1}, content_type="application/json"
        )
        assert patched.status_code == 200, patched.content
        assert patched.json()["strong"] == WEAK
        assert patched.json()["text"] == TEXT
        assert [r["number"] for r in patched.json()["revisions"]] == [2, 1]
        stale = client.patch(url, {"strong": STRONG, "version": 1}, content_type="application/json")
        assert stale.status_code == 409
        client.force_login(world.viewer)
        assert client.get(url).json()["strong"] == WEAK
        listed = client.get(f"/api/hiring/questions?principle={slug}").json()
        assert [q["id"] for q in listed] == [question["id"]]
        bank = {row["principle"]: row for row in client.get("/api/hiring/question-bank").json()}
        assert bank[slug]["questions"][-1]["id"] == question["id"]
        assert bank[slug]["questions"][0]["id"] is None
        assert client.post(f"{url}/retire").status_code == 403
        client.force_login(world.admin)
        retired = client.post(f"{url}/retire")
        assert retired.status_code == 200
        assert retired.json()["retired_at"] is not None
        assert client.post(f"{url}/retire").status_code == 422
        assert client.get("/api/hiring/questions").json() == []
        assert len(client.get("/api/hiring/questions?include_retired=true").json()) == 1

    def test_the_routes_are_in_the_schema(self, client, world):
        paths = client.get("/api/openapi.json").json()["paths"]
        assert {"get", "post"} <= set(paths["/api/hiring/questions"])
        assert {"get", "patch"} <= set(paths["/api/hiring/questions/{question_id}"])
        retire = paths["/api/hiring/questions/{question_id}/retire"]["post"]["responses"]
        assert {"200", "403", "404", "422"} <= set(retire)
        assert "get" in paths["/api/hiring/question-bank"]


def test_the_bank_page_reads_in_a_fixed_number_of_queries(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.viewer)
    url = reverse("hiring:questions")
    _add(world)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n, principle in enumerate(world.principles):
        _add(world, principle=principle, text=f"Tell me about time number {n} you owned a miss?")
    with CaptureQueriesContext(connection) as many:
        assert TEXT in client.get(url).content.decode()
    assert len(many) == len(one)
