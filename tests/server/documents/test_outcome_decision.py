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
