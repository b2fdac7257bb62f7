"""Riverbend Books' teams, initiatives and leadership principles, for the demo.

Deliberate imperfections for the org view to flag: Customer Service has twelve people (past two
pizzas), Storefront depends on five teams (two more than the limit of three), Data Platform has
no metric, one team leader also leads another team's initiative, and one initiative has no
leader.
"""

from __future__ import annotations

from datetime import timedelta

from dayone.demo.people import PEOPLE, TEAMS
from dayone.server.core.demo import DemoContext, demo_loader
from dayone.server.teams import services
from dayone.server.teams.enums import InitiativeStatus

# team, initiative, description, single-threaded leader (None: nobody yet), months running, status
INITIATIVES: tuple[tuple[str, str, str, str | None, int, str], ...] = (
    (
        "Storefront",
        "Two-second pages",
        "Every page renders in under two seconds on a mid-range phone.",
        "aisha.bello",
        7,
        InitiativeStatus.ACTIVE,
    ),
    (
        "Storefront",
        "Reader app",
        "A native app for buying and reading on iOS and Android.",
        "tomas.herrera",
        10,
        InitiativeStatus.ACTIVE,
    ),
    (
        "Search & Discovery",
        "Semantic search",
        "Find books by what readers mean, not only the words they type.",
        "laura.chen",
        8,
        InitiativeStatus.ACTIVE,
    ),
    (
        "Search & Discovery",
        "Recommendations on every page",
        "Next-book suggestions on detail, cart and order pages.",
        "ryan.gallagher",
        4,
        InitiativeStatus.ACTIVE,
    ),
    (
        "Checkout & Payments",
        "Payment retries",
        "Retry soft declines with a second processor before the customer sees an error.",
        "chloe.dubois",
        6,
        InitiativeStatus.ACTIVE,
    ),
    (
        "Checkout & Payments",
        "One-click reorder",
        "Reorder a past book in one click.",
        "samuel.adeyemi",
        12,
        InitiativeStatus.DONE,
    ),
    (
        "Fulfilment",
        "Second carrier",
        "A second carrier in the Midwest so two-day delivery survives a carrier's bad week.",
        "mei.tan",
        9,
        InitiativeStatus.ACTIVE,
    ),
    (
        "Fulfilment",
        "Columbus sort centre",
        "Sort parcels in Columbus instead of shipping them to the carrier's hub.",
        "diego.santos",
        5,
        InitiativeStatus.ACTIVE,
    ),
    (
        "Customer Service",
        "Where is my order, answered",
        "Self-service tracking that removes the top reason customers contact us.",
        "ingrid.halvorsen",
        6,
        InitiativeStatus.ACTIVE,
    ),
    (
        "Catalog & Selection",
        "Backlist in stock",
        "Keep the 50,000 best-selling backlist titles ready to ship.",
        "arjun.mehta",
        11,
        InitiativeStatus.ACTIVE,
    ),
    (
        "Catalog & Selection",
        "Seller onboarding in a day",
        "Independent sellers list their first book within a day of signing up.",
        None,
        2,
        InitiativeStatus.ACTIVE,
    ),
    (
        "Pricing",
        "Daily price matching",
        "Check and match the main competitors' prices every day.",
        "victor.almeida",
        8,
        InitiativeStatus.ACTIVE,
    ),
    (
        "Data Platform",
        "Metrics by 6 a.m.",
        "The daily business table is complete by 06:00 every day.",
        "tanisha.williams",
        3,
        InitiativeStatus.ACTIVE,
    ),
)


@demo_loader(after=("wbr",))
def load_demo(ctx: DemoContext) -> str:
    """Teams with members, metrics and dependencies; initiatives with leaders; the principles."""
    people = ctx.people
    managers = {person.username: person.reports_to for person in PEOPLE}
    teams = {}
    for spec in TEAMS:
        sponsor = managers.get(spec.leader)
        team = services.team_create(
            actor=None,
            name=spec.name,
            slug=spec.slug,
            mission=spec.mission,
            leader=people[spec.leader],
            reports_to=people[sponsor] if sponsor and spec.name != "Leadership" else None,
            is_leadership=spec.name == "Leadership",
        )
        teams[spec.name] = team
        for person in PEOPLE:
            if person.team == spec.name and person.username != spec.leader:
                services.team_member_add(actor=None, team=team, person=people[person.username])
        for key in spec.metrics:
            services.team_metric_add(actor=None, team=team, metric_key=key)
    for spec in TEAMS:
        for other in spec.depends_on:
            services.team_dependency_add(actor=None, team=teams[spec.name], depends_on=teams[other])
    for team_name, name, description, leader, months, status in INITIATIVES:
        services.initiative_create(
            actor=None,
            team=teams[team_name],
            name=name,
            description=description,
            leader=people[leader] if leader else None,
            status=status,
            leader_since=ctx.end - timedelta(days=30 * months),
        )
    principles = services.principles_seed(actor=None)
    return f"{len(teams)} teams, {len(INITIATIVES)} initiatives, {len(principles)} principles"
