from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dayone.server.documents import services
from dayone.server.documents.enums import DocumentKind, DocumentStatus
from dayone.server.documents.models import ConflictDraft, Document
from dayone.server.documents.writing import MAX_BODY_CHARS
from tests.server.documents.conftest import NARRATIVE, prfaq_parts
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_empty_state_explains_what_a_prfaq_is(member_client):
    html = member_client.get(reverse("documents:index")).content.decode()
    assert "No documents yet" in html
    assert "five customer questions" in html
    assert 'href="/documents/new/?kind=prfaq"' in html


def test_list_filters_and_query_count(member_client, member, django_assert_max_num_queries):
    for n in range(12):
        services.document_create(
            actor=member,
            kind=DocumentKind.NARRATIVE if n % 2 else DocumentKind.PRFAQ,
            title=f"Plan {n}",
            body=NARRATIVE,
            parts=prfaq_parts(),
        )
    with django_assert_max_num_queries(8):  # the owner choices add one
        response = member_client.get(reverse("documents:index"))
    html = response.content.decode()
    assert len(set(re.findall(r'href="(/documents/\d+/)"', html))) == 12
    html = member_client.get(reverse("documents:index"), {"kind": "narrative"}).content.decode()
    assert len(set(re.findall(r'href="(/documents/\d+/)"', html))) == 6
    partial = member_client.get(
        reverse("documents:index"), {"q": "Plan 3"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in partial
    assert partial.count('class="doc-title-link"') == 1


def test_create_a_prfaq_part_by_part(member_client, member, admin):
    from dayone.server.teams import services as org_services

    team = org_services.team_create(actor=admin, name="Storefront", leader=admin)
    org_services.team_member_add(actor=admin, team=team, person=member)
    form = member_client.get(reverse("documents:create"), {"kind": "prfaq"}).content.decode()
    assert f'<option value="{team.pk}" selected>Storefront</option>' in form
    data = {
        "team": team.pk,
        "kind": "prfaq",
        "title": "Series Shelf",
        "q_customer": "Readers of series: 38,000 people.",
        "pr_heading": "Riverbend Books launches Series Shelf",
        "pr_summary": "COLUMBUS, Ohio, 1 March 2027.",
        "ext_q_0": "How much does it cost?",
        "ext_a_0": "Nothing.",
        "int_economics_q_0": "What does it cost us?",
        "int_economics_a_0": "$40,000.",
    }
    response = member_client.post(reverse("documents:create"), data)
    document = Document.objects.get()
    assert response.status_code == 302
    assert document.team == team
    assert document.head.parts["external"] == [
        {"question": "How much does it cost?", "answer": "Nothing."}
    ]
    assert document.head.parts["internal"]["economics"][0]["answer"] == "$40,000."
    html = member_client.get(reverse("documents:edit", args=[document.pk])).content.decode()
    assert html.index("Who is the customer?") < html.index("Heading") < html.index("External FAQ")
    assert html.index("Customer and market size") < html.index("Feasibility")
    assert 'name="ext_q_2"' in html  # two blank rows after the one written


def test_detail_places_findings_in_their_part(member_client, member):
    document = services.document_create(
        actor=member,
        kind="prfaq",
        title="Series Shelf",
        parts=prfaq_parts(solution="It is very simple."),
    )
    html = member_client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert '<span class="doc-finding-part">Solution</span>, line 1, column 7' in html


def test_editor_has_guidance_and_live_lint(member_client):
    html = member_client.get(reverse("documents:create"), {"kind": "prfaq"}).content.decode()
    assert "Name one customer precisely" in html
    assert 'hx-post="/documents/lint/"' in html
    assert "input delay:700ms" in html


def test_lint_endpoint_shows_findings_and_pages(member_client):
    response = member_client.post(
        reverse("documents:lint"),
        {"kind": "prfaq", "title": "T", "pr_problem": "Readers nearly always miss a release."},
    )
    html = response.content.decode()
    assert 'data-rule="weasel-words"' in html
    assert 'href="#id_pr_problem">Problem</a>, line 1, column 9' in html
    assert 'data-section="press-release"' in html
    assert "of 1" in html
    narrative = member_client.post(
        reverse("documents:lint"), {"kind": "narrative", "title": "T", "body": "We will ship soon."}
    ).content.decode()
    assert 'data-rule="vague-time"' in narrative
    assert "Line 1, column 14" in narrative
    assert "of 6" in narrative


def test_lint_refuses_a_huge_paste(member_client):
    html = member_client.post(
        reverse("documents:lint"),
        {"kind": "narrative", "title": "T", "body": "x" * (MAX_BODY_CHARS + 1)},
    ).content.decode()
    assert "the limit is 120,000" in html


def test_save_is_refused_over_the_limit_naming_the_field(member_client, member):
    document = services.document_create(actor=member, kind="narrative", title="T", body="Text.")
    response = member_client.post(
        reverse("documents:edit", args=[document.pk]),
        {"title": "T", "body": "x" * (MAX_BODY_CHARS + 1), "based_on": 1},
    )
    assert response.status_code == 422
    assert "the limit is 120,000" in response.content.decode()
    document.refresh_from_db()
    assert document.head.number == 1


def test_edit_conflict_keeps_both_sides(client, member):
    document = services.document_create(
        actor=member, kind="narrative", title="Plan", body="The first line."
    )
    other = UserFactory()
    services.document_save(
        actor=other, document=document, based_on=1, title="Plan", body="Their line."
    )
    client.force_login(member)
    response = client.post(
        reverse("documents:edit", args=[document.pk]),
        {"title": "Plan", "body": "My line.", "based_on": 1},
    )
    assert response.status_code == 409
    html = re.sub(r"</?(ins|del)>", "", response.content.decode())
    assert "Their line." in html
    assert "My line." in html
    assert "your text is kept as a conflict draft" in html
    draft = ConflictDraft.objects.get()
    assert draft.body == "My line.\n"
    document.refresh_from_db()
    assert document.head.body == "Their line.\n"
    # the detail page points to the draft; taking it up pre-fills the editor on the latest version
    detail = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert f"/documents/{document.pk}/conflicts/{draft.pk}/" in detail
    edit = client.get(
        reverse("documents:edit", args=[document.pk]), {"conflict": draft.pk}
    ).content.decode()
    assert "My line." in edit
    assert 'name="based_on" value="2"' in edit
    response = client.post(
        reverse("documents:edit", args=[document.pk]),
        {"title": "Plan", "body": "Their line. My line.", "based_on": 2, "conflict": draft.pk},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.closed_at is not None
    # another person cannot see the draft
    client.force_login(other)
    url = reverse("documents:conflict", args=[document.pk, draft.pk])
    assert client.get(url).status_code == 404


def test_detail_and_compare(member_client, member, django_assert_max_num_queries):
    document = services.document_create(
        actor=member, kind="narrative", title="Plan", body=NARRATIVE
    )
    services.document_save(
        actor=member,
        document=document,
        based_on=1,
        title="Plan",
        body=NARRATIVE.replace("1 March 2027", "1 April 2027"),
    )
    for n in range(5):
        services.comment_add(actor=UserFactory(), document=document, body=f"Point {n}")
    # one of them is the panel of the ideas a document was started from, one the tables' marks
    with django_assert_max_num_queries(15):
        response = member_client.get(reverse("documents:detail", args=[document.pk]))
    html = response.content.decode()
    assert "Opening a fourth warehouse</h1>" in html
    assert html.count('class="doc-comment doc-comment-open"') == 5
    html = member_client.get(
        reverse("documents:compare", args=[document.pk]), {"old": 1, "new": 2}
    ).content.decode()
    assert 'class="doc-diff-replace"' in html
    assert "<del>March</del>" in html
    assert "<ins>April</ins>" in html
    assert "1 April 2027" in re.sub(r"</?(ins|del)>", "", html)
    old = member_client.get(reverse("documents:detail", args=[document.pk]), {"v": 1})
    assert "1 March 2027" in old.content.decode()
    assert (
        member_client.get(reverse("documents:compare", args=[document.pk]), {"old": 9}).status_code
        == 404
    )


def test_scripts_and_javascript_links_do_not_survive(member_client, member):
    evil = (
        "# Plan\n\n<script>alert('x')</script>\n\n[click](javascript:alert(1))\n\n"
        '<a href="javascript:alert(2)">raw</a> <img src=x onerror="alert(3)">\n'
    )
    document = services.document_create(actor=member, kind="narrative", title="Plan", body=evil)
    services.comment_add(
        actor=member, document=document, body="<script>alert(4)</script> [x](javascript:alert(5))"
    )
    html = member_client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    article = html.split('id="document-text">', 1)[1].split("</article>", 1)[0]
    comments = html.split('class="doc-comment-list">', 1)[1].split("</ol>", 1)[0]
    for part in (article, comments):
        assert "<script" not in part
        assert not re.search(r"<a [^>]*href=.javascript", part)
        assert "<img" not in part
        assert "onerror=" not in re.sub(r"&lt;.*?&gt;", "", part)
    assert "&lt;script&gt;" in article


def test_viewers_read_but_cannot_write(client, viewer, member):
    document = services.document_create(actor=member, kind="narrative", title="Plan", body="Text.")
    client.force_login(viewer)
    html = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Add comment" not in html
    assert ">Edit<" not in html
    response = client.post(
        reverse("documents:edit", args=[document.pk]), {"title": "X", "body": "Y", "based_on": 1}
    )
    assert response.status_code == 403
    response = client.post(reverse("documents:comment_add", args=[document.pk]), {"body": "Hi"})
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.head.number == 1


def test_review_read_outcome_through_the_pages(client, member):
    document = services.document_create(
        actor=member, kind="prfaq", title="Series Shelf", parts=prfaq_parts()
    )
    reader = UserFactory()
    client.force_login(member)
    when = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("documents:review_schedule", args=[document.pk]),
        {"scheduled_for": when, "readers": [reader.pk], "reading_minutes": 25},
    )
    assert response.status_code == 302
    review = document.reviews.get()
    services.comment_add(actor=member, document=document, body="Owner's note on the price.")

    client.force_login(reader)
    html = client.get(
        reverse("documents:review_read", args=[document.pk, review.pk])
    ).content.decode()
    assert 'id="reading-timer"' in html
    assert 'data-minutes="25"' in html
    assert "Owner's note" not in html
    assert "(1 so far)" in html
    client.post(
        reverse("documents:comment_add", args=[document.pk]),
        {"body": "Which city?", "quote": "COLUMBUS", "section": "Summary", "review": review.pk},
    )
    detail = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Owner's note" not in detail
    assert "Which city?" in detail
    client.post(reverse("documents:review_done", args=[document.pk, review.pk]))
    detail = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Owner's note" in detail

    client.force_login(member)
    response = client.post(
        reverse("documents:review_outcome", args=[document.pk, review.pk]),
        {"outcome": "not_now", "outcome_note": ""},
    )
    assert response.status_code == 422
    assert "Say why" in response.content.decode()
    response = client.post(
        reverse("documents:review_outcome", args=[document.pk, review.pk]),
        {"outcome": "not_now", "outcome_note": "The store app comes first."},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.NOT_NOW
    review.refresh_from_db()
    detail = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert f'href="/decisions/{review.decision_id}/"' in detail


def test_pdf_export(member_client, member):
    document = services.document_create(
        actor=member, kind="narrative", title="Plan", body=NARRATIVE
    )
    response = member_client.get(reverse("documents:pdf", args=[document.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_home_lists_reviews_to_read_and_the_team_page_its_documents(client, member, admin):
    from dayone.server.teams import services as org_services

    team = org_services.team_create(actor=admin, name="Fulfilment", leader=admin)
    document = services.document_create(
        actor=member, kind="narrative", title="Peak plan", body=NARRATIVE, team=team
    )
    reader = UserFactory()
    review = services.review_schedule(
        actor=member, document=document, scheduled_for=timezone.now(), readers=[reader]
    )
    client.force_login(reader)
    home = client.get("/").content.decode()
    assert "To read before the meeting" in home
    assert f'href="/documents/{document.pk}/reviews/{review.pk}/"' in home
    assert "In review</h3>" not in home  # listed once, to read
    services.review_reading_done(actor=reader, review=review)
    home = client.get("/").content.decode()
    assert "To read before the meeting" not in home
    assert "In review</h3>" in home
    team_page = client.get(f"/teams/{team.slug}/").content.decode()
    assert f'href="/documents/{document.pk}/"' in team_page


def test_status_details_resolve_carry_and_discard_through_the_pages(member_client, member, admin):
    from dayone.server.teams import services as org_services

    team = org_services.team_create(actor=admin, name="Pricing", leader=admin)
    document = services.document_create(actor=member, kind="narrative", title="Plan", body="One.")
    comment = services.comment_add(actor=member, document=document, body="Add a date.")
    other = services.comment_add(actor=member, document=document, body="Add the cost.")
    url = reverse("documents:detail", args=[document.pk])

    response = member_client.post(
        reverse("documents:details", args=[document.pk]), {"owner": admin.pk, "team": team.pk}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.owner, document.team) == (admin, team)

    response = member_client.post(
        reverse("documents:status", args=[document.pk]), {"status": "shipped"}, follow=True
    )
    assert "A document that is draft cannot become shipped." in response.content.decode()

    member_client.post(
        reverse("documents:comment_resolve", args=[document.pk, comment.pk]),
        {"resolution": "The launch is dated 1 March."},
    )
    comment.refresh_from_db()
    assert comment.state == "resolved"
    response = member_client.post(
        reverse("documents:comment_carry", args=[document.pk, other.pk]), follow=True
    )
    assert "There is no newer version to carry the comment to." in response.content.decode()
    services.document_save(actor=member, document=document, based_on=1, title="Plan", body="Two.")
    member_client.post(reverse("documents:comment_carry", args=[document.pk, other.pk]))
    other.refresh_from_db()
    assert other.state == "carried"
    assert "Carry to version" not in member_client.get(url).content.decode()

    draft = services.document_save(
        actor=member, document=document, based_on=1, title="Plan", body="Late."
    ).conflict
    assert "Compare and take it up" in member_client.get(url).content.decode()
    response = member_client.post(
        reverse("documents:conflict_discard", args=[document.pk, draft.pk]), follow=True
    )
    assert "Conflict draft discarded." in response.content.decode()
    assert "Compare and take it up" not in response.content.decode()
