"""A review's outcome and its decision agree on every path: only a new outcome of a review
changes what the review decided, as a new linked decision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dayone.server.decisions import services as decision_services
from dayone.server.decisions.enums import Door, SupersedeKind
from dayone.server.decisions.models import Decision
from dayone.server.documents import services
from dayone.server.documents.enums import DocumentStatus, ReviewOutcome
from tests.server.documents.test_services import go

pytestmark = pytest.mark.django_db

REVERSAL = {
    "kind": SupersedeKind.REVERSAL,
    "question": "Do we stop Series Shelf after all?",
    "door": Door.TWO_WAY,
    "information_pct": 70,
    "options": [decision_services.OptionInput("Go"), decision_services.OptionInput("Not now")],
}


@pytest.fixture
def decided(prfaq, member):
    """A PR/FAQ whose review ended in go."""
    from tests.server.factories import UserFactory

    review = services.review_schedule(
        actor=member,
        document=prfaq,
        scheduled_for=timezone.now() - timedelta(minutes=5),
        readers=[UserFactory(username="rita")],
    )
    go(review, member)
    review.refresh_from_db()
    return review


def test_a_review_decision_is_not_reversed_from_the_decisions_page(decided, member, prfaq):
    decision = decided.decision
    assert (decision.status, decision.chosen_option.label) == ("decided", "Go")
    with pytest.raises(ValidationError, match="records the outcome of a review") as caught:
        decision_services.decision_supersede(
            actor=member,
            decision=decision,
            decide_by=timezone.localdate() + timedelta(days=3),
            decider=member,
            **REVERSAL,
        )
    assert "Series Shelf" in " ".join(caught.value.messages)
    assert not decision.superseded_by.exists()
    prfaq.refresh_from_db()
    assert prfaq.status == DocumentStatus.APPROVED


def test_the_api_refuses_it_too(decided, member, member_client):
    response = member_client.post(
        f"/api/decisions/{decided.decision_id}/supersede",
        {
            "kind": "reversal",
            "question": "Do we stop Series Shelf after all?",
            "door": "two_way",
            "information_pct": 70,
            "decide_by": str(timezone.localdate() + timedelta(days=3)),
            "decider_id": member.pk,
            "options": [{"label": "Go"}, {"label": "Not now"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert "records the outcome of a review" in response.content.decode()
    assert Decision.objects.count() == 1


def test_a_new_outcome_of_the_review_still_reverses_it(decided, member, prfaq):
    services.document_set_status(actor=member, document=prfaq, status=DocumentStatus.DRAFT)
    second = services.review_schedule(
        actor=member, document=prfaq, scheduled_for=timezone.now(), readers=[member]
    )
    services.review_outcome_record(
        actor=member,
        review=second,
        outcome=ReviewOutcome.NOT_NOW,
        note="It costs too much for the margin we keep.",
    )
    second.refresh_from_db()
    assert second.decision.supersedes == decided.decision
    assert second.decision.chosen_option.label == "Not now"


LONG = "We will very significantly improve delivery soon, and we believe it is basically the best "
LONG += "plan for most customers in nearly every city we serve today. "


def test_a_go_on_a_long_narrative_full_of_findings_names_each_open_item(member_client, member):
    from django.urls import reverse

    body = "# A fourth warehouse\n\n" + "\n\n".join(LONG * 6 for _ in range(120))
    document = services.document_create(
        actor=member, kind="narrative", title="A fourth warehouse", body=body
    )
    review = services.review_schedule(
        actor=member,
        document=document,
        scheduled_for=timezone.now() + timedelta(days=1),
        readers=[member],
    )
    services.comment_add(actor=member, document=document, body="What does the lease cost?")
    url = reverse("documents:review_outcome", args=[document.pk, review.pk])
    note = "Customers in the South East wait 3.4 days for their books."
    response = member_client.post(url, {"outcome": "go", "outcome_note": note})
    assert response.status_code == 422
    assert "still reading or not yet read" in response.content.decode()
    services.review_reading_done(actor=member, review=review)
    facts = services.review_go_facts(review)
    assert facts.findings >= 55
    (_, pages, limit), *_ = facts.over_limit
    assert pages > limit == 6
    response = member_client.post(url, {"outcome": "go", "outcome_note": note})
    assert response.status_code == 422
    html = response.content.decode()
    assert f"runs {pages} pages; the limit is 6" in html
    assert f"has {facts.findings} open writing-bar findings" in html
    assert "1 comment is still open" in html
    assert "The meeting starts in" in html
    review.refresh_from_db()
    assert review.is_open
    waivers = {
        f"waive_{key}": "We go ahead now and cut it to six pages before the launch."
        for key in services.rules.open_items(facts)
    }
    response = member_client.post(url, {"outcome": "go", "outcome_note": note, **waivers})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.outcome == ReviewOutcome.GO
    assert review.decision.chosen_option.label == "Go"
    assert set(review.waivers) == {"length", "findings", "comments", "early"}


def test_a_go_names_the_questions_of_a_prfaq_that_have_no_answer(member):
    from dayone.server.documents.structure import QA
    from tests.server.documents.conftest import prfaq_parts

    parts = prfaq_parts()
    parts = type(parts)(
        questions=parts.questions,
        press=parts.press,
        external=(*parts.external, QA("Does it work for audiobooks?", "")),
        internal=parts.internal,
    )
    document = services.document_create(
        actor=member, kind="prfaq", title="Series Shelf", parts=parts
    )
    review = services.review_schedule(
        actor=member, document=document, scheduled_for=timezone.now(), readers=[member]
    )
    services.review_reading_done(actor=member, review=review)
    with pytest.raises(ValidationError) as caught:
        services.review_outcome_record(
            actor=member,
            review=review,
            outcome=ReviewOutcome.GO,
            note="Readers of series asked for it in 41 interviews.",
        )
    unanswered = services.review_go_facts(review).unanswered
    assert "Does it work for audiobooks?" in unanswered
    message = caught.value.message_dict["waive_questions"][0]
    assert message.startswith(f"{len(unanswered)} questions have no answer: ")
    review.refresh_from_db()
    assert review.is_open
