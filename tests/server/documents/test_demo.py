from __future__ import annotations

import time

import pytest
from django.utils import timezone

from dayone.demo.people import PEOPLE
from dayone.server.core import services as core_services
from dayone.server.core.demo import DemoContext, last_week_ending
from dayone.server.decisions.demo import load_demo as load_decisions
from dayone.server.decisions.enums import SourceKind
from dayone.server.decisions.models import Decision
from dayone.server.documents.demo import load_demo
from dayone.server.documents.enums import CommentState, DocumentKind, DocumentStatus
from dayone.server.documents.models import Document, Review
from dayone.server.documents.writing import lint_text
from dayone.server.teams.demo import load_demo as load_org
from tests.server.factories import metric_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def riverbend(tmp_path, demo_people):
    core_services.organization_set(actor=None, name="Riverbend Books")
    people = demo_people
    ctx = DemoContext(
        end=last_week_ending(timezone.localdate()),
        seed=7,
        people=people,
        warehouse=tmp_path,
        note=lambda _m: None,
    )
    metric_catalogue(owner=people[PEOPLE[0].username])
    load_org(ctx)
    load_decisions(ctx)
    return ctx


def test_demo_documents_have_history_reviews_and_decisions(riverbend):
    started = time.perf_counter()
    assert load_demo(riverbend) == "3 documents"
    assert time.perf_counter() - started < 10

    plus = Document.objects.get(slug="riverbend-plus")
    rental = Document.objects.get(slug="textbook-rental")
    peak = Document.objects.get(kind=DocumentKind.NARRATIVE)
    assert plus.status == DocumentStatus.SHIPPED
    assert rental.status == DocumentStatus.NOT_NOW
    assert peak.status == DocumentStatus.APPROVED
    for document in (plus, rental, peak):
        assert document.versions.count() >= 3
        assert document.comments.count() >= 3
        assert document.reviews.exclude(outcome="").exists()
        assert document.team is not None
        # early drafts keep findings; the last version mostly passes the bar
        first = document.versions.get(number=1)
        last = document.head
        assert first.findings > last.findings
        assert last.findings <= 4
        assert not any(
            s.over for s in lint_text(document.kind, last.body).sections
        )  # within the page limits
    # each Riverbend Plus review decided its outcome; the go reverses the first iterate
    iterate, go = plus.reviews.order_by("decided_at")
    assert (iterate.decision.chosen_option.label, go.decision.chosen_option.label) == (
        "Iterate",
        "Go",
    )
    assert go.decision.supersedes == iterate.decision
    assert go.waivers == {"comments": go.waivers["comments"]}
    assert Decision.objects.filter(links__kind=SourceKind.PRFAQ, links__ref="riverbend-plus")
    # a "not now" outcome made its own decision, decided "Not now"
    rental_review = rental.reviews.get()
    assert rental_review.decision.status == "decided"
    assert rental_review.decision.chosen_option.label == "Not now"
    # comments were resolved, carried to the next version, and some are still open
    states = set(plus.comments.values_list("state", flat=True))
    assert {CommentState.RESOLVED, CommentState.CARRIED} <= states
    assert rental.comments.filter(state=CommentState.OPEN).exists()
    # readers read in silence and finished before the outcome
    for review in Review.objects.all():
        assert all(
            row.done_at and row.done_at < review.decided_at for row in review.reader_rows.all()
        )
