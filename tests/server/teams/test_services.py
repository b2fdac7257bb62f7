from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dayone.server.core.models import AuditEntry
from dayone.server.teams import selectors, services
from dayone.server.teams.enums import InitiativeStatus, WarningKind
from dayone.server.teams.models import Initiative, Membership, Principle, TeamDependency
from tests.server.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


@pytest.fixture
def search(member):
    return services.team_create(actor=member, name="Search", leader=member)


@pytest.fixture
def catalog(member):
    return services.team_create(actor=member, name="Catalog")


class TestTeamCreate:
    def test_creates_the_team_with_its_leader_as_member_and_audits(self, member):
        team = services.team_create(actor=member, name="  Search & Discovery ", leader=member)
        assert team.name == "Search & Discovery"
        assert team.slug == "search-discovery"
        assert Membership.objects.filter(team=team, person=member, left_at=None).exists()
        assert AuditEntry.objects.filter(action="team.create", target_id=str(team.pk)).exists()

    def test_refuses_a_duplicate_name(self, member, search):
        with pytest.raises(ValidationError) as error:
            services.team_create(actor=member, name="search")
        assert error.value.message_dict == {"name": [services.TEAM_NAME_TAKEN]}

    def test_viewers_cannot_create_teams(self, viewer):
        with pytest.raises(PermissionDenied):
            services.team_create(actor=viewer, name="Search")


class TestMembers:
    def test_a_person_is_on_a_team_once(self, member, search):
        with pytest.raises(ValidationError) as error:
            services.team_member_add(actor=member, team=search, person=member)
        assert "already a member of Search" in error.value.message_dict["person"][0]

    def test_leaving_keeps_the_membership_and_allows_rejoining(self, member, search):
        person = UserFactory()
        services.team_member_add(actor=member, team=search, person=person)
        services.team_member_remove(actor=member, team=search, person=person)
        assert Membership.objects.filter(team=search, person=person).count() == 1
        assert Membership.objects.get(team=search, person=person).left_at is not None
        services.team_member_add(actor=member, team=search, person=person)
        assert Membership.objects.filter(team=search, person=person).count() == 2

    def test_removing_someone_not_on_the_team_names_the_field(self, member, search):
        with pytest.raises(ValidationError) as error:
            services.team_member_remove(actor=member, team=search, person=UserFactory())
        assert "person" in error.value.message_dict


class TestMetrics:
    def test_adds_a_known_metric_once(self, member, search):
        services.team_metric_add(actor=member, team=search, metric_key="search_click_rate")
        with pytest.raises(ValidationError, match="already measured"):
            services.team_metric_add(actor=member, team=search, metric_key="search_click_rate")

    def test_refuses_an_unknown_metric(self, member, search):
        with pytest.raises(ValidationError) as error:
            services.team_metric_add(actor=member, team=search, metric_key="happiness")
        assert "'happiness' is not a known metric" in error.value.message_dict["metric_key"][0]

    def test_removing_keeps_history(self, member, search):
        services.team_metric_add(actor=member, team=search, metric_key="searches")
        services.team_metric_remove(actor=member, team=search, metric_key="searches")
        assert search.metrics.get().removed_at is not None
        assert selectors.team_detail(viewer=member, slug=search.slug).metric_keys == []


class TestDependencies:
    def test_refuses_self_duplicates_and_cycles(self, member, search, catalog):
        data = services.team_create(actor=member, name="Data")
        services.team_dependency_add(actor=member, team=search, depends_on=catalog)
        services.team_dependency_add(actor=member, team=catalog, depends_on=data)
        with pytest.raises(ValidationError) as error:
            services.team_dependency_add(actor=member, team=search, depends_on=search)
        assert error.value.message_dict["depends_on"] == [services.DEPENDENCY_SELF]
        with pytest.raises(ValidationError, match="already depends on Catalog"):
            services.team_dependency_add(actor=member, team=search, depends_on=catalog)
        with pytest.raises(ValidationError) as error:
            services.team_dependency_add(actor=member, team=data, depends_on=search)
        message = error.value.message_dict["depends_on"][0]
        assert "Search -> Catalog -> Data" in message
        assert "would make a cycle" in message
        assert TeamDependency.objects.count() == 2

    def test_a_removed_dependency_no_longer_blocks(self, member, search, catalog):
        services.team_dependency_add(actor=member, team=search, depends_on=catalog)
        services.team_dependency_remove(actor=member, team=search, depends_on=catalog)
        services.team_dependency_add(actor=member, team=catalog, depends_on=search)
        assert selectors.dependency_edges(viewer=member) == [("Catalog", "Search")]


class TestInitiatives:
    def test_a_second_leader_is_refused_unless_handed_over(self, member, search):
        first, second = UserFactory(first_name="Ann", last_name="Lee"), UserFactory()
        initiative = services.initiative_create(
            actor=member, team=search, name="Semantic search", leader=first
        )
        with pytest.raises(ValidationError) as error:
            services.initiative_set_leader(actor=member, initiative=initiative, leader=second)
        assert (
            "already has a single-threaded leader, Ann Lee"
            in (error.value.message_dict["leader"][0])
        )
        services.initiative_set_leader(
            actor=member, initiative=initiative, leader=second, hand_over=True
        )
        initiative.refresh_from_db()
        assert initiative.leader == second
        entry = AuditEntry.objects.filter(action="initiative.update").get()
        assert (entry.before["leader"], entry.after["leader"]) == (first.pk, second.pk)

    def test_duplicate_names_in_a_team_are_refused(self, member, search):
        services.initiative_create(actor=member, team=search, name="Spelling")
        with pytest.raises(ValidationError) as error:
            services.initiative_create(actor=member, team=search, name="spelling")
        assert "name" in error.value.message_dict


class TestOverview:
    def test_flags_size_metrics_dependencies_and_leaders(self, member, admin, search, catalog):
        services.org_policy_update(actor=admin, two_pizza_limit=2, dependency_limit=0)
        for _ in range(2):
            services.team_member_add(actor=member, team=search, person=UserFactory())
        services.team_metric_add(actor=member, team=search, metric_key="searches")
        services.team_dependency_add(actor=member, team=search, depends_on=catalog)
        spread = UserFactory(first_name="Kenji", last_name="W")
        services.initiative_create(actor=member, team=search, name="A", leader=spread)
        # Recorded before a leader was limited to one active initiative.
        Initiative.objects.create(team=search, name="B", leader=spread)
        services.initiative_create(actor=member, team=catalog, name="C")
        services.initiative_create(
            actor=member, team=catalog, name="D", status=InitiativeStatus.DONE
        )

        overview = selectors.org_overview(viewer=member)

        kinds = {(w.kind, w.team_slug) for w in overview.warnings}
        assert (WarningKind.TOO_LARGE, "search") in kinds
        assert (WarningKind.NO_METRIC, "catalog") in kinds
        assert (WarningKind.NO_METRIC, "search") not in kinds
        assert (WarningKind.TOO_MANY_DEPENDENCIES, "search") in kinds
        assert (WarningKind.NO_LEADER, "catalog") in kinds
        assert [str(i) for i in overview.initiatives_without_leader] == ["C"]
        assert list(overview.spread_leaders) == [spread.pk]
        spread_warning = next(w for w in overview.warnings if w.kind == WarningKind.STL_SPREAD)
        assert "Kenji W is single-threaded leader of 2 initiatives (A, B)" in spread_warning.message

    def test_one_leader_one_active_initiative_and_no_viewer_leads(
        self, member, search, catalog, viewer
    ):
        kenji = UserFactory(first_name="Kenji", last_name="W")
        first = services.initiative_create(actor=member, team=search, name="A", leader=kenji)
        with pytest.raises(ValidationError, match="Kenji W already leads A, an active initiative"):
            services.initiative_create(actor=member, team=catalog, name="B", leader=kenji)
        second = services.initiative_create(actor=member, team=catalog, name="B")
        with pytest.raises(ValidationError, match="already leads A"):
            services.initiative_set_leader(actor=member, initiative=second, leader=kenji)
        with pytest.raises(ValidationError, match="can only read") as caught:
            services.initiative_set_leader(actor=member, initiative=second, leader=viewer)
        assert "leader" in caught.value.message_dict
        # A leader who hands one over may lead the next.
        services.initiative_set_leader(actor=member, initiative=first, leader=None, hand_over=True)
        services.initiative_set_leader(actor=member, initiative=second, leader=kenji)
        second.refresh_from_db()
        assert second.leader == kenji

    def test_a_team_leader_who_leads_another_teams_initiative_is_spread(
        self, member, search, catalog
    ):
        services.initiative_create(actor=member, team=catalog, name="Listings", leader=member)
        overview = selectors.org_overview(viewer=member)
        warning = next(w for w in overview.warnings if w.kind == WarningKind.STL_SPREAD)
        assert "also leads Search" in warning.message

    def test_only_admins_change_the_policy(self, member):
        with pytest.raises(PermissionDenied):
            services.org_policy_update(actor=member, two_pizza_limit=8, dependency_limit=3)

    def test_policy_limits_are_validated(self, admin):
        with pytest.raises(ValidationError) as error:
            services.org_policy_update(actor=admin, two_pizza_limit=1, dependency_limit=3)
        assert "two_pizza_limit" in error.value.message_dict


class TestPrinciples:
    def test_seed_adds_sixteen_once(self, admin):
        assert len(services.principles_seed(actor=admin)) == 16
        assert services.principles_seed(actor=admin) == []
        names = [p.name for p in selectors.principle_list(viewer=admin)]
        assert names[0] == "Customer Obsession"
        assert len(names) == 16

    def test_edits_keep_every_revision(self, admin, member):
        principle = services.principle_create(actor=admin, name="Frugality", description="Old.")
        with pytest.raises(PermissionDenied):  # editing a principle is for admins
            services.principle_update(
                actor=member, principle=principle, name="Frugality", description="New."
            )
        services.principle_update(
            actor=admin, principle=principle, name="Frugality", description="New.", note="Plainer"
        )
        revisions = list(selectors.principle_revisions(viewer=member, principle=principle))
        assert [(r.number, r.description) for r in revisions] == [(2, "New."), (1, "Old.")]
        services.principle_update(
            actor=admin, principle=principle, name="Frugality", description="New."
        )
        assert principle.revisions.count() == 2

    def test_inactive_principles_are_hidden_from_other_parts(self, admin, member):
        principle = services.principle_create(actor=admin, name="Think Big", description="Big.")
        services.principle_update(
            actor=admin, principle=principle, name="Think Big", description="Big.", is_active=False
        )
        assert list(selectors.principle_list(viewer=member)) == []
        assert Principle.objects.count() == 1

    def test_viewers_cannot_edit(self, admin, viewer):
        principle = services.principle_create(actor=admin, name="Dive Deep", description="Deep.")
        with pytest.raises(PermissionDenied):
            services.principle_update(
                actor=viewer, principle=principle, name="Dive", description="x"
            )
