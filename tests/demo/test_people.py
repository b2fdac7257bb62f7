from __future__ import annotations

from collections import Counter

from dayone.demo import EMAIL_DOMAIN, METRIC_COLUMNS, PEOPLE, RATIOS, TEAMS, username_for


def test_about_forty_people_with_unique_usernames_and_emails():
    assert 35 <= len(PEOPLE) <= 45
    assert len({p.username for p in PEOPLE}) == len(PEOPLE)
    assert len({p.email for p in PEOPLE}) == len(PEOPLE)
    for person in PEOPLE:
        assert person.email == f"{person.username}@{EMAIL_DOMAIN}"
        assert person.username == username_for(person.first_name, person.last_name)
        assert person.username.isascii()
        assert person.full_name == f"{person.first_name} {person.last_name}"


def test_ceo_comes_first_and_is_an_admin():
    ceo = PEOPLE[0]
    assert ceo.title == "Chief Executive Officer"
    assert ceo.role == "admin"
    assert ceo.reports_to is None
    assert ceo.leadership


def test_roles():
    roles = Counter(p.role for p in PEOPLE)
    assert roles["admin"] == 2
    assert roles["viewer"] == 2
    assert roles["member"] == len(PEOPLE) - 4
    ops_admin = next(p for p in PEOPLE[1:] if p.role == "admin")
    assert "Operations" in ops_admin.title


def test_everyone_but_the_ceo_reports_to_someone_in_the_company():
    usernames = {p.username for p in PEOPLE}
    assert [p for p in PEOPLE if p.reports_to is None] == [PEOPLE[0]]
    assert all(p.reports_to in usernames for p in PEOPLE[1:])


def test_teams_are_consistent_with_people():
    names = [t.name for t in TEAMS]
    assert len(set(names)) == len(names)
    assert 8 <= len(TEAMS) <= 10
    assert {p.team for p in PEOPLE} == set(names)
    by_username = {p.username: p for p in PEOPLE}
    for team in TEAMS:
        assert by_username[team.leader].team == team.name
        assert set(team.depends_on) <= set(names) - {team.name}


def test_one_team_is_larger_than_two_pizzas_and_one_has_many_dependencies():
    sizes = Counter(p.team for p in PEOPLE)
    assert [name for name, size in sizes.items() if size > 10] == ["Customer Service"]
    most = max(TEAMS, key=lambda t: len(t.depends_on))
    assert most.name == "Storefront"
    assert len(most.depends_on) >= 2 + max(len(t.depends_on) for t in TEAMS if t is not most)


def test_leadership_team():
    leaders = [p for p in PEOPLE if p.leadership]
    assert {p.team for p in leaders} == {"Leadership"}
    assert 4 <= len(leaders) <= 6


def test_team_metrics_exist_in_the_business_data():
    known = {c.name for c in METRIC_COLUMNS} | {r.name for r in RATIOS}
    for team in TEAMS:
        assert set(team.metrics) <= known, team.name
    fulfilment = next(t for t in TEAMS if t.name == "Fulfilment")
    assert {"ctd_hours", "click_to_ship_hours", "ship_to_deliver_hours"} <= set(fulfilment.metrics)
