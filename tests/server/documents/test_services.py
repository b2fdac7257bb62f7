from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dayone import prose
from dayone.server.core.models import AuditEntry
from dayone.server.decisions.enums import SourceKind
from dayone.server.decisions.models import Link
from dayone.server.documents import selectors, services
from dayone.server.documents.enums import (
    CommentState,
    DocumentKind,
    DocumentStatus,
    ReviewOutcome,
)
from dayone.server.documents.models import ConflictDraft, DocumentVersion
from dayone.server.documents.rules import WAIVABLE
from dayone.server.documents.structure import PrFaq
from dayone.server.documents.writing import MAX_BODY_CHARS
from tests.server.documents.conftest import NARRATIVE, prfaq_parts
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db


class TestPrFaqStructure:
    def test_parts_print_in_working_backwards_order(self, prfaq):
        body = prfaq.head.body
        order = [
            "## Customer questions",
            "### Who is the customer?",
            "# Riverbend Books launches Series Shelf",
            "*Readers of series get the next book the day it comes out.*",
            "COLUMBUS, Ohio",
            "Readers who follow a series miss",
            "# External FAQ",
            "## How much does it cost?",
            "# Internal FAQ",
            "## Economics and profit and loss (P&L)",
            "### What does it cost us?",
        ]
        positions = [body.index(text) for text in order]
        assert positions == sorted(positions)

    def test_the_customer_questions_do_not_count_against_the_press_release(self, prfaq):
        measured = prose.measure_pages(prfaq.head.body, "prfaq")
        assert [s.name for s in measured.sections] == ["uncounted", "press-release", "faq"]
        assert measured.section("press-release").limit == 1
        assert measured.section("faq").limit == 5
        assert prfaq.head.pages == measured.pages == 3

    def test_parts_round_trip_through_storage(self, prfaq):
        parts = PrFaq.from_json(prfaq.head.parts)
        assert parts.to_json() == prfaq_parts().to_json()
        assert PrFaq.from_json(parts.to_json()) == parts
        assert PrFaq.from_json({"press": {"heading": 3}, "external": [{"question": ""}]}) == PrFaq(
            questions=dict.fromkeys(parts.questions, ""),
            press=dict.fromkeys(parts.press, ""),
            internal=dict.fromkeys(parts.internal, ()),
        )

    def test_an_empty_prfaq_is_refused_on_a_named_field(self, member):
        with pytest.raises(ValidationError) as caught:
            services.document_create(
                actor=member, kind=DocumentKind.PRFAQ, title="Nothing", parts=PrFaq()
            )
        assert "q_customer" in caught.value.message_dict


class TestVersions:
    def test_every_save_is_a_new_version(self, narrative, member):
        result = services.document_save(
            actor=member,
            document=narrative,
            based_on=1,
            title="A fourth warehouse in Atlanta",
            body=NARRATIVE + "\nThe lease costs $1.2M a year.\n",
            note="Added the cost",
        )
        assert result.saved
        assert result.version.number == 2
        assert result.version.based_on == 1
        narrative.refresh_from_db()
        assert narrative.head == result.version
        assert narrative.title == "A fourth warehouse in Atlanta"
        assert DocumentVersion.objects.filter(document=narrative).count() == 2
        first = DocumentVersion.objects.get(document=narrative, number=1)
        assert "$1.2M" not in first.body  # the old version is untouched
        assert AuditEntry.objects.filter(action="document.save", target_id=str(narrative.pk))

    def test_diff_shows_what_changed_between_any_two_versions(self, narrative, member):
        services.document_save(
            actor=member,
            document=narrative,
            based_on=1,
            title=narrative.title,
            body=NARRATIVE.replace("1 March 2027", "1 April 2027"),
        )
        diff = selectors.version_diff(viewer=member, document=narrative, old=1, new=2)
        changed = [r for r in diff.rows if r.tag == "replace"]
        assert len(changed) == 1
        assert "1 March 2027" in changed[0].old
        assert "1 April 2027" in changed[0].new
        assert (diff.changed, diff.added, diff.removed) == (1, 0, 0)

    def test_a_conflicting_save_is_refused_and_kept(self, narrative, member):
        other = UserFactory()
        first = services.document_save(
            actor=other, document=narrative, based_on=1, title=narrative.title, body="Hers.\n"
        )
        assert first.saved
        second = services.document_save(
            actor=member,
            document=narrative,
            based_on=1,
            title=narrative.title,
            body="His text.\n",
            note="My edit",
        )
        assert not second.saved
        draft = second.conflict
        assert draft.body == "His text.\n"
        assert (draft.based_on, draft.head_number, draft.author) == (1, 2, member)
        narrative.refresh_from_db()
        assert narrative.head.body == "Hers.\n"  # not overwritten
        assert list(selectors.conflict_list_for_user(viewer=member, document=narrative)) == [draft]
        assert not selectors.conflict_list_for_user(viewer=other, document=narrative).exists()

        taken = services.document_save(
            actor=member,
            document=narrative,
            based_on=2,
            title=narrative.title,
            body="Hers.\n\nHis text.\n",
            conflict=draft,
        )
        assert taken.version.number == 3
        draft.refresh_from_db()
        assert draft.closed_at is not None
        assert ConflictDraft.objects.filter(pk=draft.pk).exists()

    def test_a_conflict_draft_is_taken_up_on_its_own_document(self, narrative, prfaq, member):
        services.document_save(actor=member, document=narrative, based_on=1, title="T", body="a")
        draft = services.document_save(
            actor=member, document=narrative, based_on=1, title="T", body="b"
        ).conflict
        with pytest.raises(ValidationError) as caught:
            services.document_save(
                actor=member,
                document=prfaq,
                based_on=1,
                title="T",
                parts=prfaq_parts(),
                conflict=draft,
            )
        assert "conflict" in caught.value.message_dict
        assert prfaq.versions.count() == 1

    def test_only_its_writer_takes_up_or_discards_a_conflict_draft(self, narrative, member):
        services.document_save(actor=member, document=narrative, based_on=1, title="T", body="a")
        draft = services.document_save(
            actor=member, document=narrative, based_on=1, title="T", body="b"
        ).conflict
        with pytest.raises(PermissionDenied):
            services.conflict_discard(actor=UserFactory(), conflict=draft)
        services.conflict_discard(actor=member, conflict=draft)
        with pytest.raises(ValidationError):
            services.conflict_discard(actor=member, conflict=draft)

    def test_a_very_large_paste_is_refused_naming_the_field(self, narrative, member):
        huge = "word " * (MAX_BODY_CHARS // 5 + 10)
        with pytest.raises(ValidationError) as caught:
            services.document_save(
                actor=member, document=narrative, based_on=1, title="T", body=huge
            )
        assert "limit is 120,000" in caught.value.message_dict["body"][0]
        with pytest.raises(ValidationError) as caught:
            services.document_save(
                actor=member,
                document=narrative,
                based_on=1,
                title="T",
                parts=prfaq_parts(solution=huge),
            )
        narrative.refresh_from_db()
        assert narrative.head.number == 1

    def test_a_huge_prfaq_part_is_named(self, prfaq, member):
        with pytest.raises(ValidationError) as caught:
            services.document_save(
                actor=member,
                document=prfaq,
                based_on=1,
                title="T",
                parts=prfaq_parts(solution="word " * (MAX_BODY_CHARS // 5)),
            )
        assert list(caught.value.message_dict) == ["pr_solution"]

    def test_viewers_cannot_write(self, narrative, viewer):
        with pytest.raises(PermissionDenied):
            services.document_create(actor=viewer, kind="narrative", title="x", body="y")
        with pytest.raises(PermissionDenied):
            services.document_save(
                actor=viewer, document=narrative, based_on=1, title="x", body="y"
            )
        with pytest.raises(PermissionDenied):
            services.comment_add(actor=viewer, document=narrative, body="Nice")

    def test_slugs_are_unique(self, member):
        a = services.document_create(actor=member, kind="narrative", title="Plan", body="a")
        b = services.document_create(actor=member, kind="narrative", title="Plan", body="b")
        assert (a.slug, b.slug) == ("plan", "plan-2")


@pytest.fixture
def review(prfaq, member):
    readers = [UserFactory(username="rita"), UserFactory(username="rob")]
    return services.review_schedule(
        actor=member,
        document=prfaq,
        scheduled_for=timezone.now() + timedelta(days=2),
        readers=readers,
    )


WAIVE_ALL = {
    key: "We go ahead now; the owner settles this in the next version." for key, _ in WAIVABLE
}


def go(review, member, note="Customers asked for it in 41 interviews."):
    """End ``review`` in go the proper way: every reader done, every open item waived."""
    for row in review.reader_rows.select_related("reader"):
        services.review_reading_done(actor=row.reader, review=review)
    return services.review_outcome_record(
        actor=member, review=review, outcome=ReviewOutcome.GO, note=note, waivers=WAIVE_ALL
    )


class TestReviews:
    def test_scheduling_puts_the_document_in_review(self, review, prfaq):
        prfaq.refresh_from_db()
        assert prfaq.status == DocumentStatus.IN_REVIEW
        assert review.version == prfaq.head
        assert sorted(r.reader.username for r in review.reader_rows.all()) == ["rita", "rob"]

    def test_a_review_needs_readers(self, prfaq, member):
        with pytest.raises(ValidationError) as caught:
            services.review_schedule(
                actor=member, document=prfaq, scheduled_for=timezone.now(), readers=[]
            )
        assert "readers" in caught.value.message_dict

    def test_silent_reading_hides_the_comments_of_others_until_done(self, review, prfaq, member):
        rita = review.reader_rows.get(reader__username="rita").reader
        rob = review.reader_rows.get(reader__username="rob").reader
        mine = services.comment_add(
            actor=rita, document=prfaq, body="Which city?", section="Summary", quote="COLUMBUS"
        )
        theirs = services.comment_add(actor=rob, document=prfaq, body="Too long.")
        services.review_reading_start(actor=rita, review=review)

        seen = selectors.comment_list_for_user(viewer=rita, document=prfaq)
        assert seen.comments == [mine]
        assert seen.hidden == 1
        with pytest.raises(type(theirs).DoesNotExist):
            selectors.comment_get_for_user(viewer=rita, comment_id=theirs.pk)

        services.review_reading_done(actor=rita, review=review)
        seen = selectors.comment_list_for_user(viewer=rita, document=prfaq)
        assert seen.comments == [mine, theirs]
        assert seen.hidden == 0
        # someone who is not a reader sees everything
        assert selectors.comment_list_for_user(viewer=member, document=prfaq).hidden == 0

    def test_one_open_review_at_a_time_and_none_once_shipped(self, review, prfaq, member):
        with pytest.raises(ValidationError) as caught:
            services.review_schedule(
                actor=member, document=prfaq, scheduled_for=timezone.now(), readers=[member]
            )
        assert "already has a review" in caught.value.message_dict["scheduled_for"][0]
        go(review, member)
        services.document_set_status(actor=member, document=prfaq, status="shipped")
        with pytest.raises(ValidationError) as caught:
            services.review_schedule(
                actor=member, document=prfaq, scheduled_for=timezone.now(), readers=[member]
            )
        assert "shipped is not reviewed" in caught.value.message_dict["scheduled_for"][0]

    def test_a_viewer_reads_in_silence_too(self, prfaq, member, viewer):
        review = services.review_schedule(
            actor=member, document=prfaq, scheduled_for=timezone.now(), readers=[viewer]
        )
        services.comment_add(actor=member, document=prfaq, body="Price?")
        services.review_reading_start(actor=viewer, review=review)
        assert selectors.comment_list_for_user(viewer=viewer, document=prfaq).hidden == 1
        services.review_reading_done(actor=viewer, review=review)
        assert selectors.comment_list_for_user(viewer=viewer, document=prfaq).hidden == 0

    def test_only_readers_read(self, review, member):
        with pytest.raises(PermissionDenied):
            services.review_reading_start(actor=member, review=review)

    def test_outcome_links_a_decision_and_sets_the_status(self, review, prfaq, member):
        go(review, member, note="Customers asked for it.")
        prfaq.refresh_from_db()
        review.refresh_from_db()
        assert prfaq.status == DocumentStatus.APPROVED
        assert review.decision is not None
        link = Link.objects.get(decision=review.decision)
        assert (link.kind, link.ref) == (SourceKind.PRFAQ, prfaq.slug)
        assert link.url == f"/documents/{prfaq.pk}/"
        assert "Customers asked for it." in review.decision.context
        with pytest.raises(ValidationError):
            services.review_outcome_record(
                actor=member, review=review, outcome=ReviewOutcome.NOT_NOW, note="x"
            )
        services.document_set_status(actor=member, document=prfaq, status=DocumentStatus.SHIPPED)
        assert prfaq.status == DocumentStatus.SHIPPED

    def test_each_outcome_is_its_own_decided_decision_and_a_new_one_reverses_the_last(
        self, review, prfaq, member
    ):
        go(review, member)
        review.refresh_from_db()
        first = review.decision
        assert (first.status, first.chosen_option.label) == ("decided", "Go")
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
        first.refresh_from_db()
        assert second.decision != first
        assert (second.decision.status, second.decision.chosen_option.label) == (
            "decided",
            "Not now",
        )
        assert (second.decision.supersedes, second.decision.supersede_kind) == (first, "reversal")
        assert first.chosen_option.label == "Go"  # never edited
        prfaq.refresh_from_db()
        assert prfaq.status == DocumentStatus.NOT_NOW

    def test_outcome_needs_a_reason_and_the_right_person(self, review, member):
        with pytest.raises(ValidationError) as caught:
            services.review_outcome_record(actor=member, review=review, outcome="go", note=" ")
        assert "outcome_note" in caught.value.message_dict
        with pytest.raises(ValidationError) as caught:
            services.review_outcome_record(actor=member, review=review, outcome="maybe", note="x")
        assert "outcome" in caught.value.message_dict
        with pytest.raises(PermissionDenied):
            services.review_outcome_record(
                actor=UserFactory(), review=review, outcome="go", note="x"
            )

    def test_status_moves_are_checked(self, prfaq, member):
        with pytest.raises(ValidationError) as caught:
            services.document_set_status(actor=member, document=prfaq, status="shipped")
        assert "draft cannot become shipped" in caught.value.message_dict["status"][0]
        with pytest.raises(ValidationError):
            services.document_set_status(actor=member, document=prfaq, status="in_review")


class TestComments:
    def test_comments_are_anchored_to_a_passage_of_the_version(self, prfaq, member):
        comment = services.comment_add(
            actor=member,
            document=prfaq,
            section="Problem",
            quote="miss 1 in 4  new releases",
            body="Where does 1 in 4 come from?",
        )
        assert comment.version == prfaq.head
        assert comment.quote == "miss 1 in 4 new releases"
        with pytest.raises(ValidationError) as caught:
            services.comment_add(actor=member, document=prfaq, quote="not there", body="?")
        assert "not in version 1" in caught.value.message_dict["quote"][0]
        with pytest.raises(ValidationError) as caught:
            services.comment_add(actor=member, document=prfaq, body="  ")
        assert "body" in caught.value.message_dict

    def test_a_comment_stays_on_its_own_document(self, prfaq, narrative, member):
        with pytest.raises(ValidationError) as caught:
            services.comment_add(actor=member, document=prfaq, body="Hi", version=narrative.head)
        assert "another document" in caught.value.message_dict["version"][0]

    def test_resolve_and_carry_to_the_next_version(self, prfaq, member):
        one = services.comment_add(actor=member, document=prfaq, body="Add the price.")
        two = services.comment_add(actor=member, document=prfaq, body="Name the city.")
        with pytest.raises(ValidationError):
            services.comment_carry(actor=member, comment=one)  # no newer version yet
        services.document_save(
            actor=member, document=prfaq, based_on=1, title="Series Shelf", parts=prfaq_parts()
        )
        services.comment_resolve(
            actor=member, comment=one, resolution="The price is in the FAQ now."
        )
        carried = services.comment_carry(actor=member, comment=two)
        one.refresh_from_db()
        two.refresh_from_db()
        assert one.state == CommentState.RESOLVED
        assert two.state == CommentState.CARRIED
        assert carried.version.number == 2
        assert carried.carried_from == two
        assert carried.state == CommentState.OPEN
        with pytest.raises(ValidationError):
            services.comment_resolve(actor=member, comment=one, resolution="again")
        with pytest.raises(ValidationError) as caught:
            services.comment_resolve(actor=member, comment=carried, resolution="")
        assert "resolution" in caught.value.message_dict


class TestList:
    def test_filter_by_status_kind_owner_team_and_text(self, narrative, prfaq, member, admin):
        from dayone.server.teams import services as org_services

        team = org_services.team_create(actor=admin, name="Fulfilment", leader=admin)
        other = services.document_create(
            actor=admin,
            kind="narrative",
            title="Holiday peak",
            body="Ship 90,000 orders.",
            team=team,
        )
        services.review_schedule(
            actor=member, document=prfaq, scheduled_for=timezone.now(), readers=[admin]
        )

        def titles(**filters):
            found = selectors.document_list(
                viewer=member, filters=selectors.DocumentFilters(**filters)
            )
            return sorted(d.title for d in found)

        assert titles() == ["A fourth warehouse", "Holiday peak", "Series Shelf"]
        assert titles(status="in_review") == ["Series Shelf"]
        assert titles(kind="narrative") == ["A fourth warehouse", "Holiday peak"]
        assert titles(owner="ada") == ["Holiday peak"]
        assert titles(team="fulfilment") == ["Holiday peak"]
        assert titles(q="atlanta") == ["A fourth warehouse"]  # in the text, not the title
        assert titles(q="series") == ["Series Shelf"]
        row = selectors.document_list(viewer=member).get(pk=other.pk)
        assert row.version_count == 1


def test_a_changed_line_marks_its_changed_words():
    from dayone.server.documents.writing import diff_rows

    (row,) = diff_rows("Ship by 1 March to 38 colleges.", "Ship by 1 April to 38 colleges.")
    assert row.tag == "replace"
    assert [p.text for p in row.old_pieces if p.changed] == ["March"]
    assert [p.text for p in row.new_pieces if p.changed] == ["April"]
    assert "".join(p.text for p in row.new_pieces) == "Ship by 1 April to 38 colleges."


class TestGo:
    def test_a_go_needs_the_reading_done(self, review, member):
        names = ", ".join(str(r.reader) for r in review.reader_rows.order_by("pk"))
        with pytest.raises(ValidationError, match=f"still reading or not yet read: {names}"):
            services.review_outcome_record(
                actor=member,
                review=review,
                outcome=ReviewOutcome.GO,
                note="Customers asked for it in 41 interviews.",
                waivers=WAIVE_ALL,
            )

    def test_open_items_are_answered_or_waived_with_a_reason(self, review, prfaq, member):
        services.comment_add(actor=member, document=prfaq, body="What does it cost?")
        for row in review.reader_rows.select_related("reader"):
            services.review_reading_done(actor=row.reader, review=review)
        note = "Customers asked for it in 41 interviews."
        with pytest.raises(ValidationError) as caught:
            services.review_outcome_record(
                actor=member, review=review, outcome=ReviewOutcome.GO, note=note
            )
        errors = caught.value.message_dict
        assert "waive_comments" in errors
        assert "1 comment is still open" in errors["waive_comments"][0]
        assert "waive_early" in errors  # the meeting is in two days
        with pytest.raises(ValidationError, match="write at least 20") as caught:
            services.review_outcome_record(
                actor=member,
                review=review,
                outcome=ReviewOutcome.GO,
                note=note,
                waivers={**WAIVE_ALL, "comments": "ok"},
            )
        review.refresh_from_db()
        assert review.is_open
        go(review, member, note=note)
        review.refresh_from_db()
        assert review.outcome == ReviewOutcome.GO
        assert set(review.waivers) == set(
            services.rules.open_items(services.review_go_facts(review))
        )
