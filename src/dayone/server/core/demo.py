"""Load the demo company, Riverbend Books, into an empty dayone.

``dayone.demo`` generates the company (its people and three years of business) without Django;
this module writes the business data into the analytical store and the people into the
application database, then runs every app's demo loader. An app contributes its slice of the
demo in its own ``demo.py``, registered with ``@demo_loader`` (found as the admin finds
``admin.py``), and names the parts its records link to, so the loaders run in an order that
respects those links. Loading twice keeps what is there; loading into a data folder that holds
another company is refused.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.compute as pc
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from dayone.demo.business import generate_daily, write_daily
from dayone.demo.people import PEOPLE
from dayone.server.core.models import Organization, User
from dayone.server.core.services import organization_set, user_create

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pyarrow as pa

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

_LOADERS: dict[str, tuple[DemoLoader, tuple[str, ...]]] = {}


def demo_part(module: str) -> str:
    """The part a demo module belongs to: ``dayone.server.goals.demo`` -> ``goals``."""
    return module.rsplit(".", 2)[-2]


def demo_loader(*, after: tuple[str, ...] = ()) -> Callable[[DemoLoader], DemoLoader]:
    """Register an app's demo loader. ``after`` names the parts whose records it links to
    (goals link to teams and metrics): their loaders run first."""

    def register(loader: DemoLoader) -> DemoLoader:
        _LOADERS[demo_part(loader.__module__)] = (loader, after)
        return loader

    return register


def demo_loaders() -> list[tuple[str, DemoLoader]]:
    """Every registered loader, each after the parts it names; a part named but never
    registered, or a circle of parts, is a configuration error that names them."""
    autodiscover_modules("demo")
    for part, (_loader, after) in _LOADERS.items():
        unknown = sorted(set(after) - set(_LOADERS))
        if unknown:
            raise ImproperlyConfigured(
                f"the demo loader of {part} runs after {', '.join(unknown)}, which has no "
                "demo loader: register one with @demo_loader or remove the name"
            )
    graph = TopologicalSorter({part: after for part, (_loader, after) in _LOADERS.items()})
    try:
        order = list(graph.static_order())
    except CycleError as error:
        raise ImproperlyConfigured(
            f"the demo loaders wait on each other in a circle: {' -> '.join(error.args[1])}"
        ) from error
    return [(part, _LOADERS[part][0]) for part in order]


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


def demo_people_create(password: str = DEMO_PASSWORD) -> dict[str, User]:
    """Riverbend Books' people, by username, all with ``password``."""
    people = {
        person.username: user_create(
            actor=None,
            username=person.username,
            password=None,
            role=person.role,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            title=person.title,
        )
        for person in PEOPLE
    }
    # One hash for the one password: hashing it forty times costs seconds.
    hashed = make_password(password)
    User.objects.filter(pk__in=[user.pk for user in people.values()]).update(password=hashed)
    for user in people.values():
        user.password = hashed
    return people


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
    # the plan is set for the quarter, as a finance team sets it: it runs on past the data
    daily = generate_daily(end=end, years=3, seed=seed, plans_through=_quarter_end(end))
    warehouse = Path(settings.DAYONE_WAREHOUSE_DIR)
    parquet = write_daily(warehouse / "parquet", daily)
    try:
        with transaction.atomic():
            note(f"Adding {len(PEOPLE)} people")
            organization = organization_set(
                actor=None, name=DEMO_ORGANIZATION, description=DEMO_DESCRIPTION, is_demo=True
            )
            people = demo_people_create()
            context = DemoContext(end=end, seed=seed, people=people, warehouse=warehouse, note=note)
            summaries = [loader(context) for _part, loader in demo_loaders()]
    except BaseException:
        parquet.unlink(missing_ok=True)
        raise
    summary = ", ".join(
        [f"{len(PEOPLE)} people", f"{_days_of_data(daily, end)} days of business data", *summaries]
    )
    return DemoResult(True, organization.name, _login(), summary)


def _quarter_end(day: date) -> date:
    """The last day of ``day``'s calendar quarter (the demo's fiscal year is the calendar's)."""
    last_month = (day.month - 1) // 3 * 3 + 3
    return date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def _days_of_data(daily: pa.Table, end: date) -> int:
    """The table's days up to ``end``: the plan's rows after it hold no data."""
    return int(pc.sum(pc.less_equal(daily.column("date"), end)).as_py())
