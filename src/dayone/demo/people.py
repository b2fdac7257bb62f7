"""The people and teams of Riverbend Books.

Forty people: a leadership team of five around the CEO and eight operating teams. Two
imperfections are deliberate, so the org view has something to flag: Customer Service has grown
past two pizzas (twelve people), and Storefront depends on five other teams. Data Platform has no
WBR metric yet.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Role = Literal["admin", "member", "viewer"]

EMAIL_DOMAIN = "riverbend.example"
"""The company's e-mail domain (reserved for examples, never delivered)."""


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who works at Riverbend Books and has an account in dayone."""

    first_name: str
    last_name: str
    username: str
    email: str
    title: str
    team: str
    role: Role
    reports_to: str | None
    leadership: bool

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True, slots=True)
class Team:
    """A team: what it owns, who leads it, which teams it needs and which metrics measure it.

    ``metrics`` name columns or ratios of the daily business table (``dayone.demo.columns``).
    """

    name: str
    slug: str
    mission: str
    leader: str
    depends_on: tuple[str, ...]
    metrics: tuple[str, ...]


def username_for(first_name: str, last_name: str) -> str:
    """The login name: ``first.last`` in lower-case ASCII letters.

    >>> username_for("Grace", "O'Neill")
    'grace.oneill'
    >>> username_for("Tomás", "Herrera")
    'tomas.herrera'
    """

    def plain(text: str) -> str:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(char for char in ascii_text.lower() if char.isalpha())

    return f"{plain(first_name)}.{plain(last_name)}"


LEADERSHIP = "Leadership"
STOREFRONT = "Storefront"
SEARCH = "Search & Discovery"
CHECKOUT = "Checkout & Payments"
FULFILMENT = "Fulfilment"
CUSTOMER_SERVICE = "Customer Service"
CATALOG = "Catalog & Selection"
PRICING = "Pricing"
DATA_PLATFORM = "Data Platform"

# first name, last name, title, team, role, manager (first.last), on the leadership team
_ROWS: tuple[tuple[str, str, str, str, Role, str | None, bool], ...] = (
    ("Eleanor", "Voss", "Chief Executive Officer", LEADERSHIP, "admin", None, True),
    ("Marcus", "Oyelaran", "Chief Financial Officer", LEADERSHIP, "member", "eleanor.voss", True),
    ("Priya", "Raman", "Chief Technology Officer", LEADERSHIP, "member", "eleanor.voss", True),
    ("Daniel", "Kowalczyk", "VP Operations", LEADERSHIP, "member", "eleanor.voss", True),
    ("Sofia", "Marquez", "VP Retail", LEADERSHIP, "member", "eleanor.voss", True),
    ("Hannah", "Lindqvist", "Head of Storefront", STOREFRONT, "member", "priya.raman", False),
    ("Tomás", "Herrera", "Software Engineer", STOREFRONT, "member", "hannah.lindqvist", False),
    ("Aisha", "Bello", "Front-End Engineer", STOREFRONT, "member", "hannah.lindqvist", False),
    ("Ben", "Whitaker", "UX Designer", STOREFRONT, "member", "hannah.lindqvist", False),
    ("Kenji", "Watanabe", "Head of Search", SEARCH, "member", "priya.raman", False),
    ("Laura", "Chen", "Applied Scientist", SEARCH, "member", "kenji.watanabe", False),
    ("Omar", "Haddad", "Software Engineer", SEARCH, "member", "kenji.watanabe", False),
    ("Grace", "O'Neill", "Product Manager", SEARCH, "member", "kenji.watanabe", False),
    ("Nadia", "Petrova", "Head of Checkout", CHECKOUT, "member", "priya.raman", False),
    ("Samuel", "Adeyemi", "Software Engineer", CHECKOUT, "member", "nadia.petrova", False),
    ("Chloé", "Dubois", "Payments Risk Analyst", CHECKOUT, "member", "nadia.petrova", False),
    (
        "Ryan",
        "Gallagher",
        "Fulfilment Operations Manager",
        FULFILMENT,
        "member",
        "daniel.kowalczyk",
        False,
    ),
    ("Mei", "Tan", "Transportation Planner", FULFILMENT, "member", "ryan.gallagher", False),
    ("Diego", "Santos", "Site Leader, Columbus", FULFILMENT, "member", "ryan.gallagher", False),
    ("Fatima", "Zahra", "Inventory Control Analyst", FULFILMENT, "member", "ryan.gallagher", False),
    (
        "Olivia",
        "Bennett",
        "Customer Service Manager",
        CUSTOMER_SERVICE,
        "member",
        "daniel.kowalczyk",
        False,
    ),
    ("Jamal", "Carter", "Team Lead", CUSTOMER_SERVICE, "member", "olivia.bennett", False),
    ("Ingrid", "Halvorsen", "Quality Analyst", CUSTOMER_SERVICE, "member", "olivia.bennett", False),
    (
        "Lucas",
        "Moreau",
        "Customer Service Associate",
        CUSTOMER_SERVICE,
        "member",
        "jamal.carter",
        False,
    ),
    (
        "Amara",
        "Nwosu",
        "Customer Service Associate",
        CUSTOMER_SERVICE,
        "member",
        "jamal.carter",
        False,
    ),
    (
        "Ethan",
        "Brooks",
        "Customer Service Associate",
        CUSTOMER_SERVICE,
        "member",
        "jamal.carter",
        False,
    ),
    (
        "Yuki",
        "Sato",
        "Customer Service Associate",
        CUSTOMER_SERVICE,
        "member",
        "jamal.carter",
        False,
    ),
    (
        "Carmen",
        "Ruiz",
        "Customer Service Associate",
        CUSTOMER_SERVICE,
        "member",
        "jamal.carter",
        False,
    ),
    (
        "Patrick",
        "Doyle",
        "Customer Service Associate",
        CUSTOMER_SERVICE,
        "member",
        "jamal.carter",
        False,
    ),
    (
        "Zara",
        "Ahmed",
        "Customer Service Associate",
        CUSTOMER_SERVICE,
        "member",
        "jamal.carter",
        False,
    ),
    (
        "Noah",
        "Fischer",
        "Customer Service Associate",
        CUSTOMER_SERVICE,
        "member",
        "jamal.carter",
        False,
    ),
    (
        "Leila",
        "Karimi",
        "Seasonal Customer Service Associate",
        CUSTOMER_SERVICE,
        "viewer",
        "jamal.carter",
        False,
    ),
    ("Isabel", "Costa", "Head of Books Category", CATALOG, "member", "sofia.marquez", False),
    ("Arjun", "Mehta", "Vendor Manager", CATALOG, "member", "isabel.costa", False),
    ("Rachel", "Goldberg", "Catalog Data Specialist", CATALOG, "member", "isabel.costa", False),
    ("Victor", "Almeida", "Pricing Manager", PRICING, "member", "sofia.marquez", False),
    ("Hana", "Novak", "Pricing Analyst (contractor)", PRICING, "viewer", "victor.almeida", False),
    ("Erik", "Johansson", "Data Platform Lead", DATA_PLATFORM, "member", "priya.raman", False),
    ("Tanisha", "Williams", "Data Engineer", DATA_PLATFORM, "member", "erik.johansson", False),
    ("Connor", "Walsh", "IT Operations Manager", DATA_PLATFORM, "admin", "erik.johansson", False),
)


def _person(row: tuple[str, str, str, str, Role, str | None, bool]) -> Person:
    first, last, title, team, role, manager, leadership = row
    username = username_for(first, last)
    return Person(
        first_name=first,
        last_name=last,
        username=username,
        email=f"{username}@{EMAIL_DOMAIN}",
        title=title,
        team=team,
        role=role,
        reports_to=manager,
        leadership=leadership,
    )


PEOPLE: tuple[Person, ...] = tuple(_person(row) for row in _ROWS)
"""Everyone, the CEO first."""

TEAMS: tuple[Team, ...] = (
    Team(
        name=LEADERSHIP,
        slug="leadership",
        mission="Set direction, allocate resources and own the company's results.",
        leader="eleanor.voss",
        depends_on=(),
        metrics=("revenue", "gross_profit", "active_customers"),
    ),
    Team(
        name=STOREFRONT,
        slug="storefront",
        mission="The website and apps: fast pages that turn visits into orders.",
        leader="hannah.lindqvist",
        depends_on=(SEARCH, CATALOG, PRICING, CHECKOUT, DATA_PLATFORM),
        metrics=("conversion", "slow_page_rate", "sessions"),
    ),
    Team(
        name=SEARCH,
        slug="search-discovery",
        mission="Help every reader find the next book: search, browse and recommendations.",
        leader="kenji.watanabe",
        depends_on=(CATALOG, DATA_PLATFORM),
        metrics=("search_click_rate", "zero_result_rate", "detail_page_views"),
    ),
    Team(
        name=CHECKOUT,
        slug="checkout-payments",
        mission="A checkout that never fails a customer who has decided to buy.",
        leader="nadia.petrova",
        depends_on=(DATA_PLATFORM,),
        metrics=("payment_failure_rate", "orders"),
    ),
    Team(
        name=FULFILMENT,
        slug="fulfilment",
        mission="Get every printed book to the customer's door fast and when promised.",
        leader="ryan.gallagher",
        depends_on=(CATALOG,),
        metrics=(
            "ctd_hours",
            "click_to_ship_hours",
            "ship_to_deliver_hours",
            "two_day_delivery_rate",
            "on_time_rate",
        ),
    ),
    Team(
        name=CUSTOMER_SERVICE,
        slug="customer-service",
        mission="Resolve every contact on the first try, and remove the reasons customers call.",
        leader="olivia.bennett",
        depends_on=(FULFILMENT, CHECKOUT),
        metrics=("contacts_per_order", "cancellation_rate", "return_rate"),
    ),
    Team(
        name=CATALOG,
        slug="catalog-selection",
        mission="Every book a reader might want, listed correctly and in stock.",
        leader="isabel.costa",
        depends_on=(DATA_PLATFORM,),
        metrics=("selection", "in_stock_rate", "new_titles_added", "active_sellers"),
    ),
    Team(
        name=PRICING,
        slug="pricing",
        mission="Prices customers can trust: matched or better than the competition.",
        leader="victor.almeida",
        depends_on=(CATALOG,),
        metrics=("price_competitiveness", "gross_margin"),
    ),
    Team(
        name=DATA_PLATFORM,
        slug="data-platform",
        mission="Reliable data and infrastructure for every other team.",
        leader="erik.johansson",
        depends_on=(),
        metrics=(),
    ),
)
"""Every team, the leadership team first."""
