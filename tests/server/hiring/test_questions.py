"""The question bank page, and the kit's warnings when a question would be asked twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from dayone.server.hiring.models import Loop
from dayone.server.hiring.questions import QUESTION_BANK, kit_questions
from dayone.server.teams.models import Principle

pytestmark = pytest.mark.django_db


def test_the_starter_bank_covers_the_sixteen_starter_principles(world):
    seeded = {p.name for p in Principle.objects.all()}
    assert len(seeded) == 16
    assert set(QUESTION_BANK) == seeded
    for name, questions in QUESTION_BANK.items():
        assert questions, name
        for q in questions:
            assert q.text and q.strong and q.weak, name


def test_the_bank_page_lists_questions_with_strong_and_weak_answers(client, world):
    client.force_login(world.viewer)
    page = client.get(reverse("hiring:questions")).content.decode()
    first = QUESTION_BANK[world.principles[0].name][0]
    assert first.text.replace("'", "&#x27;") in page
    assert "Strong: " in page
    assert "Weak: " in page
    assert page.count('class="doc-guidance"') >= 16


def test_the_kit_warns_of_a_question_planned_twice_in_the_loop(client, world):
    loop = world.plan()
    mine = loop.interviews.get(interviewer=world.interviewers[2])  # principles 2 and 3
    planned = kit_questions(mine)
    p2, p3 = world.principles[2], world.principles[3]
    assert all(str(world.interviewers[1]) in w for q in planned[p2.pk] for w in q.warnings)
    assert all(str(world.raiser) in w for q in planned[p3.pk] for w in q.warnings)
    assert all(len(q.warnings) == 1 for q in planned[p2.pk])
    client.force_login(world.interviewers[2])
    page = client.get(reverse("hiring:kit", args=[mine.pk])).content.decode()
    assert "Also planned for" in page


def test_the_kit_warns_of_a_question_planned_for_this_candidate_before(world):
    first = world.plan()
    Loop.objects.filter(pk=first.pk).update(status="closed", outcome="no_hire")
    second = world.plan(start=world.start + timedelta(days=1))
    assert first.created_at <= second.created_at
    mine = second.interviews.get(interviewer=world.interviewers[0])
    planned = kit_questions(mine)
    for principle in (world.principles[0], world.principles[1]):
        for question in planned[principle.pk]:
            assert any(
                w.startswith("Already planned for this candidate") for w in question.warnings
            )
    # The earlier loop's kit does not warn of the later one.
    earlier = kit_questions(first.interviews.get(interviewer=world.interviewers[0]))
    assert not any(
        w.startswith("Already planned") for qs in earlier.values() for q in qs for w in q.warnings
    )
