from __future__ import annotations

from datetime import date

import pytest

from dayone.demo.load import DemoConflictError, demo_load, last_week_ending
from dayone.demo.people import PEOPLE
from dayone.server.core import services
from dayone.server.core.models import Organization, User

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

    again = demo_load(today=date(2026, 11, 29))
    assert not again.created
    assert User.objects.count() == len(PEOPLE)


def test_refuses_a_data_folder_that_holds_another_company(warehouse):
    services.organization_set(actor=None, name="Acme")
    with pytest.raises(DemoConflictError, match="already holds Acme"):
        demo_load()
    assert not (warehouse / "parquet" / "daily_business.parquet").exists()
    assert User.objects.count() == 0
