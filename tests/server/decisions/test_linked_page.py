"""A decision's page shows what it is linked to, one click away, with where each stands: its
goal, its team, its document and its experiment; and says what is missing in words."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from dayone.server.core import services as core_services
from dayone.server.decisions import selectors, services
from dayone.server.decisions.enums import Door, SourceKind
from dayone.server.decisions.services import SourceInput
from dayone.server.documents import services as document_services
from dayone.server.goals.services import goal_create, goal_review_add
from dayone.server.teams.services import team_create, team_member_add
from dayone.server.weblab import services as weblab_services
from tests.server.decisions.conftest import OPTIONS
from tests.server.documents.conftest import prfaq_parts
from tests.server.documents.test_services import go
from tests.server.factories import UserFactory
from tests.server.weblab.conftest import START, make_experiment

pytestmark = pytest.mark.django_db

NO_GOAL = "No goal: this decision is not about a goal."
NO_DOCUMENT = "No document: no PR/FAQ or narrative led to this decision."
NO_EXPERIMENT = "No experiment: no experiment&#x27;s result is decided here."
NO_TEAM = "No team: nothing it is linked to belongs to a team, and its decider is on no team."


@pytest.fixture(autouse=True)
def warehouse(settings, tmp_path):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def team(member, decider):
    team = team_create(actor=None, name="Fulfilment", leader=member)
    team_member_add(actor=None, team=team, person=decider)
    return team


def _goal(team, member, text="Raise the in-stock rate of the top 5,000 titles to 98% by 30 June"):
    return goal_create(
        actor=None,
        text=text,
        owner=member,
        team=team,
        due_on=timezone.localdate() + timedelta(days=120),
        judged_by="The replenishment team reports the in-stock rate from the warehouse system.",
    )


def _about(member, decider, *goals, question="Do we pre-order the autumn list?"):
    decision = services.decision_create(
        actor=member,
        question=question,
        door=Door.TWO_WAY,
        information_pct=70,
        decide_by=timezone.localdate() + timedelta(days=5),
        decider=decider,
        options=OPTIONS,
    )
    for goal in goals:
        services.decision_link_source(
            actor=member,
            decision=decision,
            kind=SourceKind.GOAL,
            ref=str(goal.pk),
            title=goal.text,
            url=reverse("goals:detail", args=[goal.pk]),
        )
    return decision


def _linked(body: str) -> str:
    """The decision page's "Linked to" panel."""
    start = body.index('id="linked"')
    return body[start : body.index("</section>", start)]


def _page(client, decision) -> str:
    response = client.get(reverse("decisions:detail", args=[decision.pk]))
    assert response.status_code == 200
    return _linked(response.content.decode())


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_viewer_reads_the_goal_and_its_team_with_their_status(
    client, viewer, member, decider, team
):
    goal = _goal(team, member)
    goal_review_add(
        actor=member,
        goal=goal,
        status="yellow",
        note="96.1% in stock in May, from 95.0% in April.",
        plan="Reorder the top 500 titles weekly instead of monthly.",
    )
    decision = _about(member, decider, goal)
    client.force_login(viewer)
    panel = _page(client, decision)
    assert f'href="{reverse("goals:detail", args=[goal.pk])}"' in panel
    assert '<span class="badge badge-yellow">Yellow</span>' in panel
    assert f"owned by {member}" in panel
    assert f'href="{reverse("teams:team_detail", args=[team.slug])}">Fulfilment</a>' in panel
    assert f"Active led by {member}" in _text(panel)
    assert NO_DOCUMENT in panel
    assert NO_EXPERIMENT in panel
    assert NO_GOAL not in panel


def test_without_links_the_page_says_what_is_missing_in_words(client, viewer, member, decider):
    decision = _about(member, decider)
    client.force_login(viewer)
    panel = _page(client, decision)
    for empty in (NO_GOAL, NO_TEAM, NO_DOCUMENT, NO_EXPERIMENT):
        assert empty in panel
    labels = re.findall(r'<h3 class="dec-slot">([^<]+)</h3>', panel)
    assert labels == ["Goal", "Team", "Document", "Experiment"]


def test_without_a_linked_team_the_page_shows_the_deciders_team(
    client, viewer, member, decider, team
):
    client.force_login(viewer)
    panel = _page(client, _about(member, decider))
    assert ">Fulfilment</a>" in panel
    assert f"{decider}&#x27;s team" in panel
    assert NO_TEAM not in panel


def test_a_review_decision_shows_its_pr_faq_and_the_document_state(client, viewer, member, team):
    prfaq = document_services.document_create(
        actor=member, kind="prfaq", title="Series Shelf", parts=prfaq_parts(), team=team
    )
    review = document_services.review_schedule(
        actor=member,
        document=prfaq,
        scheduled_for=timezone.now() - timedelta(minutes=5),
        readers=[UserFactory(username="rita")],
    )
    go(review, member)
    review.refresh_from_db()
    client.force_login(viewer)
    panel = _page(client, review.decision)
    assert f'href="{reverse("documents:detail", args=[prfaq.pk])}">Series Shelf</a>' in panel
    assert '<span class="doc-status doc-status-approved">Approved</span>' in panel
    assert "PR/FAQ · owned by" in panel
    assert ">Fulfilment</a>" in panel, "the document's team"
    assert NO_DOCUMENT not in panel
    assert "Other links" not in panel, "the PR/FAQ's link is the document itself"


def test_a_concluded_experiment_shows_its_state_and_how_it_ended(client, viewer, member):
    checkout = team_create(actor=None, name="Checkout", leader=member)
    experiment = weblab_services.experiment_start(
        actor=member,
        experiment=make_experiment(member, key="gift-wrap", name="Gift wrap", team=checkout),
        at=START,
    )
    weblab_services.experiment_conclude(
        actor=member,
        experiment=experiment,
        conclusion="stop",
        learning="Nobody wraps paperbacks: stop offering it on them.",
        result="lost",
        at=START + timedelta(days=14),
    )
    experiment.refresh_from_db()
    client.force_login(viewer)
    panel = _page(client, experiment.decision)
    assert f'href="{reverse("weblab:detail", args=[experiment.pk])}">Gift wrap</a>' in panel
    assert '<span class="badge wl-status-concluded">Concluded</span>' in panel
    assert "concluded: stop, lost" in panel
    assert ">Checkout</a>" in panel, "the experiment's team"
    assert NO_EXPERIMENT not in panel


def test_other_links_stay_listed(client, viewer, member, decider):
    decision = services.decision_create(
        actor=member,
        question="Do we hire a second buyer?",
        door=Door.TWO_WAY,
        information_pct=70,
        decide_by=timezone.localdate() + timedelta(days=5),
        decider=decider,
        options=OPTIONS,
        source=SourceInput(kind=SourceKind.OTHER, ref="plan-q3", title="The Q3 hiring plan"),
    )
    client.force_login(viewer)
    panel = _page(client, decision)
    assert "Other links" in panel
    assert "The Q3 hiring plan" in panel


@pytest.mark.usefixtures("viewer_client")
def test_the_page_reads_its_links_in_a_fixed_number_of_queries(
    client, member, decider, team, django_assert_max_num_queries
):
    one = _about(member, decider, _goal(team, member), question="Do we stock used books?")
    with django_assert_max_num_queries(40) as captured:
        client.get(reverse("decisions:detail", args=[one.pk]))
    baseline = len(captured)
    goals = [_goal(team, member, text=f"Ship {n}00 titles a day by 30 June") for n in range(1, 5)]
    many = _about(member, decider, *goals)
    with django_assert_max_num_queries(baseline):
        page = client.get(reverse("decisions:detail", args=[many.pk])).content.decode()
    assert all(goal.text in page for goal in goals)


def test_the_links_are_read_by_people_who_can_sign_in_only(member, decider):
    decision = selectors.decision_get_for_user(
        viewer=member, decision_id=_about(member, decider).pk
    )
    with pytest.raises(PermissionDenied):
        selectors.decision_linked(viewer=AnonymousUser(), decision=decision)


def test_a_link_that_names_a_record_is_shown_as_the_record_only(client, viewer, member, decider):
    prfaq = document_services.document_create(
        actor=member, kind="prfaq", title="Series Shelf", parts=prfaq_parts()
    )
    decision = services.decision_create(
        actor=member,
        question="Do we build Series Shelf this quarter?",
        door=Door.TWO_WAY,
        information_pct=70,
        decide_by=timezone.localdate() + timedelta(days=5),
        decider=decider,
        options=OPTIONS,
        source=SourceInput(kind=SourceKind.PRFAQ, ref=prfaq.slug, title="PR/FAQ: Series Shelf"),
    )
    client.force_login(viewer)
    panel = _page(client, decision)
    assert f'href="{reverse("documents:detail", args=[prfaq.pk])}">Series Shelf</a>' in panel
    assert '<span class="doc-status doc-status-draft">Draft</span>' in panel
    assert "Other links" not in panel


def test_the_api_gives_a_viewer_what_the_page_is_linked_to(client, viewer, member, team):
    goal = _goal(team, member)
    goal_review_add(
        actor=member,
        goal=goal,
        status="red",
        note="94.0% in stock in May, from 95.0% in April.",
        plan="Reorder the top 500 titles weekly instead of monthly.",
    )
    prfaq = document_services.document_create(
        actor=member, kind="prfaq", title="Series Shelf", parts=prfaq_parts()
    )
    checkout = team_create(actor=None, name="Checkout", leader=member)
    experiment = weblab_services.experiment_start(
        actor=member,
        experiment=make_experiment(member, key="gift-wrap", name="Gift wrap", team=checkout),
        at=START,
    )
    weblab_services.experiment_conclude(
        actor=member,
        experiment=experiment,
        conclusion="stop",
        learning="Nobody wraps paperbacks: stop offering it on them.",
        result="lost",
        at=START + timedelta(days=14),
    )
    experiment.refresh_from_db()
    decision = experiment.decision
    for kind, ref, title in (
        (SourceKind.GOAL, str(goal.pk), goal.text),
        (SourceKind.PRFAQ, prfaq.slug, "PR/FAQ: Series Shelf"),
        (SourceKind.OTHER, "plan-q3", "The Q3 hiring plan"),
    ):
        services.decision_link_source(
            actor=member, decision=decision, kind=kind, ref=ref, title=title
        )
    _, token = core_services.api_token_create(actor=viewer, name="script")
    as_viewer = {"Authorization": f"Bearer {token}"}

    body = client.get(f"/api/decisions/{decision.pk}", headers=as_viewer).json()
    linked = {slot["slot"]: slot for slot in body["linked"]}
    assert [slot["label"] for slot in body["linked"]] == ["Goal", "Team", "Document", "Experiment"]
    [goal_out] = linked["goal"]["records"]
    assert goal_out["url"] == reverse("goals:detail", args=[goal.pk])
    assert goal_out["status"] == "Red"
    assert goal_out["ref"] == str(goal.pk)
    assert sorted(record["title"] for record in linked["team"]["records"]) == [
        "Checkout",
        "Fulfilment",
    ]
    assert {record["status"] for record in linked["team"]["records"]} == {"Active"}
    [document_out] = linked["document"]["records"]
    assert (document_out["title"], document_out["status"]) == ("Series Shelf", "Draft")
    assert document_out["url"] == reverse("documents:detail", args=[prfaq.pk])
    [experiment_out] = linked["experiment"]["records"]
    assert (experiment_out["title"], experiment_out["status"]) == ("Gift wrap", "Concluded")
    assert "concluded: stop, lost" in experiment_out["detail"]
    assert "plan-q3" in [link["ref"] for link in body["links"]]
    assert client.get(f"/api/decisions/{decision.pk}").status_code == 401

    client.force_login(viewer)
    panel = _page(client, decision)
    for slot in body["linked"]:
        for record in slot["records"]:
            assert f'href="{record["url"]}">{record["title"]}</a>' in panel
