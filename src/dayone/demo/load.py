"""Load the demo company, Riverbend Books, into an empty dayone.

This is the one module of ``dayone.demo`` that talks to the server: it writes the generated
business data into the analytical store and the people into the application database.
Loading twice keeps what is there; loading into a data folder that holds another company is
refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from dayone.demo.business import generate_daily, write_daily
from dayone.demo.people import PEOPLE
from dayone.server.core.models import Organization, User
from dayone.server.core.services import organization_set, user_create
from dayone.server.decisions import demo as decisions_demo
from dayone.server.documents import demo as documents_demo
from dayone.server.goals import demo as goals_demo
from dayone.server.teams import demo as org_demo
from dayone.server.wbr import demo as metrics_demo
from dayone.server.weblab import demo as weblab_demo

if TYPE_CHECKING:
    from collections.abc import Mapping

DEMO_ORGANIZATION = "Riverbend Books"
DEMO_DESCRIPTION = "An online bookstore: print, ebooks and a marketplace of independent sellers."
DEMO_PASSWORD = "riverbend"  # noqa: S105 - the published password of the demo company


class DemoConflictError(Exception):
    """The data folder already holds a company that is not the demo."""


@dataclass(frozen=True)
class DemoContext:
    """What each part's demo loader gets: the week the demo ends on, the seed, and the people."""

    end: date
    seed: int
    people: Mapping[str, User]
    warehouse: Path
    note: Callable[[str], None]


DemoLoader = Callable[[DemoContext], str]
"""A part's demo loader: adds its records for Riverbend Books and returns a short summary."""

# Each part of the server contributes its slice of the demo company, in this order (later parts
# link to earlier ones: goals to teams and metrics, decisions to documents and goals...).
DEMO_LOADERS: tuple[DemoLoader, ...] = (
    org_demo.load_demo,
    metrics_demo.load_demo,
    goals_demo.load_demo,
    decisions_demo.load_demo,
    documents_demo.load_demo,
    weblab_demo.load_demo,
)


@dataclass(frozen=True)
class DemoResult:
    """What ``demo_load`` did."""

    created: bool
    organization: str
    login: str
    summary: str


def last_week_ending(today: date, weekday: int = 5) -> date:
    """The most recent week-ending day on or before ``today`` (Saturday by default)."""
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _login() -> str:
    return PEOPLE[0].username


def demo_load(
    *, seed: int = 7, today: date | None = None, progress: Callable[[str], None] | None = None
) -> DemoResult:
    """Load Riverbend Books unless it is already there. Deterministic for a seed and a day."""
    note = progress or (lambda _message: None)
    existing = Organization.objects.order_by("pk").first()
    if existing is not None and existing.is_demo:
        return DemoResult(False, existing.name, _login(), "already loaded")
    if existing is not None or User.objects.exists():
        name = existing.name if existing is not None else "people"
        raise DemoConflictError(
            f"the data folder {settings.DAYONE_HOME} already holds {name}; the demo loads only "
            "into an empty one. Set DAYONE_HOME to another folder to try the demo."
        )
    end = last_week_ending(today or date.today())  # noqa: DTZ011 - the company's local calendar day
    note(f"Generating three years of daily business data to {end:%a %d %b %Y}")
    daily = generate_daily(end=end, years=3, seed=seed)
    warehouse = Path(settings.DAYONE_WAREHOUSE_DIR)
    parquet = write_daily(warehouse / "parquet", daily)
    try:
        with transaction.atomic():
            note(f"Adding {len(PEOPLE)} people")
            organization = organization_set(
                actor=None, name=DEMO_ORGANIZATION, description=DEMO_DESCRIPTION, is_demo=True
            )
            people = {}
            for person in PEOPLE:
                people[person.username] = user_create(
                    actor=None,
                    username=person.username,
                    password=None,
                    role=person.role,
                    email=person.email,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    title=person.title,
                )
            # One hash for the one published password: hashing it forty times costs seconds.
            hashed = make_password(DEMO_PASSWORD)
            User.objects.filter(pk__in=[user.pk for user in people.values()]).update(
                password=hashed
            )
            for user in people.values():
                user.password = hashed
            context = DemoContext(end=end, seed=seed, people=people, warehouse=warehouse, note=note)
            summaries = [loader(context) for loader in DEMO_LOADERS]
    except BaseException:
        parquet.unlink(missing_ok=True)
        raise
    summary = ", ".join(
        [f"{len(PEOPLE)} people", f"{daily.num_rows} days of business data", *summaries]
    )
    return DemoResult(True, organization.name, _login(), summary)
