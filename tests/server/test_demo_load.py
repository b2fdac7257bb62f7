from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from dayone.demo.people import PEOPLE
from dayone.server.core import demo as core_demo
from dayone.server.core import services
from dayone.server.core.demo import (
    DemoConflictError,
    demo_load,
    demo_loaders,
    last_week_ending,
)
from dayone.server.core.models import Organization, User
from dayone.server.wbr import selectors as wbr_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouse(settings, tmp_path):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    return settings.DAYONE_WAREHOUSE_DIR


def test_week_ending_is_the_last_saturday_on_or_before_today():
    assert last_week_ending(date(2026, 11, 22)) == date(2026, 11, 21)  # Sunday -> the day before
    assert last_week_ending(date(2026, 11, 21)) == date(2026, 11, 21)  # Saturday itself
    assert last_week_ending(date(2026, 11, 20)) == date(2026, 11, 14)  # Friday -> last week's


def test_loads_people_with_roles_and_the_business_data_once(warehouse):
    result = demo_load(today=date(2026, 11, 22))
    assert result.created
    assert User.objects.count() == len(PEOPLE)
    ceo = User.objects.get(username=result.login)
    assert ceo.role == "admin"
    assert ceo.check_password("riverbend")
    assert all(person.check_password("riverbend") for person in User.objects.all())
    assert Organization.objects.get().is_demo
    assert (warehouse / "parquet" / "daily_business.parquet").exists()
    _forecasts_compare_with_the_whole_periods_plan(ceo)

    again = demo_load(today=date(2026, 11, 29))
    assert not again.created
    assert User.objects.count() == len(PEOPLE)


def test_refuses_a_data_folder_that_holds_another_company(warehouse):
    services.organization_set(actor=None, name="Acme")
    with pytest.raises(DemoConflictError, match="already holds Acme"):
        demo_load()
    assert not (warehouse / "parquet" / "daily_business.parquet").exists()
    assert User.objects.count() == 0


def test_every_app_registers_its_demo_loader_and_each_runs_after_the_parts_it_links_to():
    order = [part for part, _loader in demo_loaders()]
    assert {"teams", "wbr", "goals", "decisions", "documents", "weblab"} <= set(order)
    for part, (_loader, after) in core_demo._LOADERS.items():
        for earlier in after:
            assert order.index(earlier) < order.index(part), (earlier, part)


def test_a_loader_that_waits_on_an_unregistered_part_is_refused_by_name(monkeypatch):
    loaders = dict(core_demo._LOADERS)
    loaders["nowhere"] = (lambda _ctx: "", ("payroll",))
    monkeypatch.setattr(core_demo, "_LOADERS", loaders)
    with pytest.raises(ImproperlyConfigured, match="nowhere runs after payroll"):
        demo_loaders()


def test_loaders_that_wait_on_each_other_are_refused_as_a_circle(monkeypatch):
    demo_loaders()  # every app's loader registered, whichever test ran before in this process
    loaders = dict(core_demo._LOADERS)
    loaders["teams"] = (loaders["teams"][0], ("weblab",))
    monkeypatch.setattr(core_demo, "_LOADERS", loaders)
    with pytest.raises(ImproperlyConfigured, match="circle"):
        demo_loaders()


def _forecasts_compare_with_the_whole_periods_plan(reader):
    """The plan runs to the quarter's end, past the data: the deck's latest week is still the
    last week of data, and every month- and quarter-end forecast of a sum has its target."""
    when = wbr_selectors.deck_week(viewer=reader)
    assert when.week == date(2026, 11, 21)
    deck = wbr_selectors.deck_get(viewer=reader, when=when)
    forecasts = [
        f for r in deck.metrics.values() for f in (r.forecast, r.quarter_forecast) if f is not None
    ]
    assert {f.period for f in forecasts} == {"month", "quarter"}
    assert len(forecasts) >= 8
    for forecast in forecasts:
        assert forecast.target is not None, forecast
        assert forecast.target_days is None
        assert abs(forecast.gap_percent) < 25, forecast  # a plan and a forecast of one business
