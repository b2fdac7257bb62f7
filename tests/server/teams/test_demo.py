from __future__ import annotations

from datetime import date

import pytest

from dayone.server.core.demo import demo_load
from dayone.server.goals.enums import Outcome
from dayone.server.goals.models import Goal, GoalReview
from dayone.server.teams import selectors
from dayone.server.teams.enums import WarningKind
from dayone.server.teams.models import Principle

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_has_teams_with_the_intended_flaws_and_a_year_of_goals(settings, tmp_path):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    demo_load(today=date(2026, 11, 22))
    ceo = selectors.team_get(viewer=_ceo(), slug="leadership").leader
    overview = selectors.org_overview(viewer=ceo)
    flags = {(w.kind, w.team_slug) for w in overview.warnings}
    assert (WarningKind.TOO_LARGE, "customer-service") in flags
    assert (WarningKind.TOO_MANY_DEPENDENCIES, "storefront") in flags
    assert (WarningKind.NO_METRIC, "data-platform") in flags
    assert len(overview.teams) == 9
    assert [str(i) for i in overview.initiatives_without_leader] == ["Seller onboarding in a day"]
    assert len(overview.spread_leaders) == 1
    assert Principle.objects.count() == 16

    assert 35 <= Goal.objects.count() <= 50
    outcomes = set(Goal.objects.values_list("outcome", flat=True))
    assert {Outcome.OPEN, Outcome.MET, Outcome.NOT_MET} <= outcomes
    assert GoalReview.objects.count() > 150
    assert GoalReview.objects.exclude(jump_explanation="").exists()
    first = GoalReview.objects.order_by("reviewed_on").first()
    assert (date(2026, 11, 21) - first.reviewed_on).days > 300
    assert Goal.objects.filter(elevated=True, outcome=Outcome.OPEN).count() in range(3, 10)


def _ceo():
    from dayone.server.core.models import User

    return User.objects.get(username="eleanor.voss")
