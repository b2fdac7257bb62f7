from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dayone.server.decisions import services
from dayone.server.decisions.enums import Door, StanceKind, Status
from dayone.server.decisions.models import Decision, Escalation

pytestmark = pytest.mark.django_db


def proposal(decider, stakeholder, **overrides):
    data = {
        "question": "Do we open a second fulfilment centre in Reno?",
        "context": "West-coast orders take 4.1 days on average.",
        "door": Door.TWO_WAY,
        "information_pct": "65",
        "decide_by": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "decider": str(decider.pk),
        "stakeholders": [str(stakeholder.pk)],
        "options-TOTAL_FORMS": "3",
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "3",
        "options-MAX_NUM_FORMS": "8",
        "options-0-label": "Lease Reno now",
        "options-0-pros": "Two-day delivery to 80% of the west",
        "options-0-cons": "$2.4M a year",
        "options-1-label": "Use a 3PL",
        "options-2-label": "",
    }
    data.update(overrides)
    return data


def test_propose_weigh_in_decide_and_review_through_the_pages(client, member, decider, stakeholder):
    client.force_login(member)
    response = client.post(reverse("decisions:create"), proposal(decider, stakeholder))
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:detail", args=[decision.pk])
    assert [o.label for o in decision.options.all()] == ["Lease Reno now", "Use a 3PL"]

    client.force_login(stakeholder)
    page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert "Record my stance" in page
    client.post(
        reverse("decisions:stance", args=[decision.pk]),
        {
            "kind": StanceKind.DISAGREE_COMMIT,
            "objection": "A 3PL is cheaper for two years.",
            "commitment": "I disagree and commit.",
        },
    )
    client.force_login(decider)
    page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert "Committed: “I disagree and commit.”" in page
    assert "you can decide now, alone" in page
    option = decision.options.first()
    response = client.post(
        reverse("decisions:decide", args=[decision.pk]),
        {
            "option": option.pk,
            "information_pct": "70",
            "rationale": "Speed wins over the cost here.",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == Status.DECIDED
    response = client.post(
        reverse("decisions:review", args=[decision.pk]),
        {"outcome": "right", "note": "Delivery took 2.3 days on average."},
    )
    assert response.status_code == 302
    page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert "Right call" in page
    assert "Reverse or correct" in page
    assert "Edit, postpone or withdraw" not in page


def test_bad_input_is_shown_on_its_field_and_nothing_is_saved(member_client, decider, stakeholder):
    data = proposal(
        decider, stakeholder, door="", decide_by="2001-01-01", **{"options-1-label": ""}
    )
    response = member_client.post(reverse("decisions:create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose the door type" in html
    data = proposal(decider, stakeholder, decide_by="2001-01-01", **{"options-1-label": ""})
    html = member_client.post(reverse("decisions:create"), data).content.decode()
    assert "cannot be in the past" in html
    assert "at least two options" in html
    assert not Decision.objects.exists()


def test_escalation_is_resolved_by_the_leader_on_the_page(
    client, propose, stakeholder, leader, decider
):
    decision = propose()
    client.force_login(stakeholder)
    client.post(
        reverse("decisions:stance", args=[decision.pk]),
        {
            "kind": StanceKind.ESCALATE,
            "objection": "Our two goals conflict here.",
            "escalate_to": leader.pk,
        },
    )
    escalation = Escalation.objects.get()
    client.force_login(decider)
    page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert "Resolve the open escalation to Lee Leader first." in page
    # The Decide button is disabled and says why, to the eye and to screen readers.
    # It stays focusable (aria-disabled, not disabled) so that a screen reader reaches the why.
    assert 'aria-disabled="true" aria-describedby="decide-blockers"' in page
    assert " disabled " not in page.split(">Decide</button>")[0].rsplit("<button", 1)[1]
    response = client.post(
        reverse("decisions:resolve", args=[decision.pk, escalation.pk]),
        {"resolution": "Go with the first option now.", "option": decision.options.first().pk},
    )
    assert response.status_code == 403
    client.force_login(leader)
    queue = client.get(reverse("decisions:person", args=[leader.pk])).content.decode()
    assert decision.question in queue
    response = client.post(
        reverse("decisions:resolve", args=[decision.pk, escalation.pk]),
        {"resolution": "The checkout goal wins this time.", "option": decision.options.first().pk},
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.resolution == "The checkout goal wins this time."


def test_overdue_escalations_show_on_home_and_inbox_badge_counts(
    client, propose, stakeholder, leader
):
    decision = propose()
    services.stance_record(
        actor=stakeholder,
        decision=decision,
        kind=StanceKind.ESCALATE,
        objection="Our goals are misaligned here.",
        escalate_to=leader,
        at=timezone.now() - timedelta(days=4),
    )
    client.force_login(leader)
    home = client.get("/").content.decode()
    assert "Overdue escalations" in home
    assert decision.question in home
    assert 'class="dec-count"' in home
    inbox = client.get(reverse("decisions:inbox")).content.decode()
    assert "escalated to you" in inbox
    client.post(reverse("decisions:inbox_read"))
    assert 'class="dec-count"' not in client.get("/").content.decode()


def test_edit_postpone_and_withdraw_an_open_decision(member_client, propose):
    decision = propose()
    url = reverse("decisions:edit", args=[decision.pk])
    response = member_client.post(
        url,
        {
            "action": "edit",
            "context": "New data changed my view of this.",
            "information_pct": "75",
            "version": "1",
        },
    )
    assert response.status_code == 302
    new_date = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = member_client.post(url, {"action": "postpone", "decide_by": new_date, "reason": ""})
    assert "This field is required" in response.content.decode()
    member_client.post(
        url,
        {"action": "postpone", "decide_by": new_date, "reason": "We wait for the carrier quote."},
    )
    member_client.post(url, {"action": "withdraw", "reason": "The question is moot now."})
    decision.refresh_from_db()
    assert (decision.context, decision.information_pct, decision.rounds, decision.status) == (
        "New data changed my view of this.",
        75,
        1,
        Status.WITHDRAWN,
    )


def test_supersede_page_creates_a_linked_reversal(client, propose, decider, stakeholder):
    original = propose()
    services.decision_decide(actor=decider, decision=original, option=original.options.first())
    client.force_login(decider)
    url = reverse("decisions:supersede", args=[original.pk])
    assert "Lower to $25" in client.get(url).content.decode()
    data = proposal(decider, stakeholder, kind="reversal", question="Back to $35?")
    response = client.post(url, data)
    assert response.status_code == 302
    assert Decision.objects.get(question="Back to $35?").supersedes == original


def test_viewers_read_but_cannot_propose_or_see_write_forms(client, viewer, propose):
    decision = propose()
    client.force_login(viewer)
    assert client.get(reverse("decisions:index")).status_code == 200
    page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert "Record my stance" not in page
    assert client.get(reverse("decisions:create")).status_code == 403
    assert client.get(reverse("decisions:settings")).status_code == 403


def test_admin_sets_the_reviewers(admin_client, leader):
    response = admin_client.post(
        reverse("decisions:settings"),
        {
            "reviewers": [leader.pk],
            "information_target_pct": "70",
            "escalation_hours": "24",
            "exhaustion_rounds": "3",
        },
    )
    assert response.status_code == 302
    page = admin_client.get(reverse("decisions:settings")).content.decode()
    assert f'value="{leader.pk}" selected' in page


def test_list_filters_and_paginates_in_bounded_queries(
    member_client, propose, decider, reviewer, django_assert_max_num_queries
):
    for n in range(30):
        propose(question=f"Question {n:02d}?", door=Door.ONE_WAY if n % 2 else Door.TWO_WAY)
    with django_assert_max_num_queries(16):
        response = member_client.get(reverse("decisions:index"))
    html = response.content.decode()
    assert "Page 1 of 2" in html
    filtered = member_client.get(
        reverse("decisions:index"), {"door": Door.ONE_WAY, "q": "Question 0"}
    )
    html = filtered.content.decode()
    assert "Question 01?" in html
    assert "Question 02?" not in html
    htmx = member_client.get(
        reverse("decisions:index"), {"flag": "overdue"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in htmx.content.decode()
    assert "No decision matches" in htmx.content.decode()


def test_detail_and_velocity_pages_run_in_bounded_queries(
    member_client, propose, decider, stakeholder, django_assert_max_num_queries
):
    decision = propose()
    services.stance_record(actor=stakeholder, decision=decision, kind=StanceKind.AGREE)
    services.decision_decide(actor=decider, decision=decision, option=decision.options.first())
    with django_assert_max_num_queries(22):
        response = member_client.get(reverse("decisions:detail", args=[decision.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        response = member_client.get(reverse("decisions:velocity"))
    html = response.content.decode()
    assert "Time to decide, by door" in html
    assert 'class="chart"' in html


def test_unknown_decision_is_404(member_client):
    assert member_client.get(reverse("decisions:detail", args=[999])).status_code == 404
    assert member_client.get(reverse("decisions:person", args=[999])).status_code == 404
