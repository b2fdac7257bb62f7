from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dayone.server.core.models import AuditEntry
from dayone.server.wbr import selectors, services
from dayone.server.wbr.enums import Aggregation, MetricRole
from dayone.server.wbr.models import Commentary, Metric, MetricVersion
from tests.server.wbr.conftest import END

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(daily, member):
    return services.source_create_sql(
        actor=member, name="Daily", slug="daily", query="SELECT * FROM daily_business"
    )


@pytest.fixture
def orders(source, member):
    return services.metric_create(
        actor=member,
        key="orders",
        name="Orders",
        definition="Orders placed.",
        owner=member,
        source=source,
        column="orders",
        target_column="orders__Target",
    )


def test_a_member_adds_a_metric_with_its_first_version(orders, member):
    assert orders.version == 1
    version = MetricVersion.objects.get(metric=orders)
    assert version.number == 1
    assert version.changed_by == member
    assert version.definition["column"] == "orders"
    assert version.definition["owner"] == member.get_full_name()
    assert AuditEntry.objects.filter(action="metric.create", target_id=str(orders.pk)).exists()


def test_a_viewer_cannot_add_a_metric(source, viewer):
    with pytest.raises(PermissionDenied):
        services.metric_create(
            actor=viewer,
            key="x",
            name="X",
            definition="X.",
            owner=viewer,
            source=source,
            column="orders",
        )
    assert not Metric.objects.exists()


def test_every_definition_change_appends_a_version_with_what_changed(orders, member, admin):
    services.metric_update(
        actor=member, metric=orders, definition="Orders placed, by order date.", note="clearer"
    )
    services.metric_update(actor=admin, metric=orders, name="Orders placed")
    versions = list(selectors.metric_versions(viewer=member, metric=orders))
    assert [v.number for v in versions] == [3, 2, 1]
    assert versions[0].changes == {"name": ["Orders", "Orders placed"]}
    assert versions[0].changed_by == admin
    assert versions[1].changes == {
        "definition": ["Orders placed.", "Orders placed, by order date."]
    }
    assert versions[1].note == "clearer"
    assert versions[2].definition["definition"] == "Orders placed."


def test_moving_a_metric_in_the_deck_is_not_a_new_version(orders, member):
    section = services.section_create(actor=member, name="Buy")
    services.metric_update(actor=member, metric=orders, section=section, position=20)
    orders.refresh_from_db()
    assert orders.section == section
    assert orders.version == 1
    assert MetricVersion.objects.filter(metric=orders).count() == 1


def test_nothing_changed_records_nothing(orders, member):
    services.metric_update(actor=member, metric=orders, name="Orders")
    assert MetricVersion.objects.filter(metric=orders).count() == 1
    assert not AuditEntry.objects.filter(action="metric.update").exists()


def test_only_the_owner_or_an_admin_changes_a_metric(orders, admin):
    other = type(admin).objects.create(username="olga", role="member")
    with pytest.raises(PermissionDenied, match="owner"):
        services.metric_update(actor=other, metric=orders, name="Mine now")
    orders.refresh_from_db()
    assert orders.name == "Orders"
    services.metric_update(actor=admin, metric=orders, name="Orders (all channels)")
    orders.refresh_from_db()
    assert orders.name == "Orders (all channels)"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": " "}, "name", "name"),
        ({"definition": ""}, "definition", "definition"),
        ({"column": "nope"}, "column", "no column 'nope'"),
        ({"target_column": "nope"}, "target_column", "no column 'nope'"),
        ({"source": None}, "source", "data source"),
        ({"aggregation": Aggregation.RATIO}, "numerator", "numerator"),
        ({"drives": "self"}, "drives", "Only an input"),
    ],
)
def test_invalid_definitions_name_the_field_and_change_nothing(
    orders, member, changes, field, message
):
    if changes.get("drives") == "self":
        changes = {"drives": [orders]}
    with pytest.raises(ValidationError) as caught:
        services.metric_update(actor=member, metric=orders, **changes)
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])
    orders.refresh_from_db()
    assert orders.version == 1
    assert orders.name == "Orders"


def test_a_ratio_cannot_use_itself(source, member, orders):
    sessions = services.metric_create(
        actor=member,
        key="sessions",
        name="Sessions",
        definition="Visits.",
        owner=member,
        source=source,
        column="sessions",
    )
    conversion = services.metric_create(
        actor=member,
        key="conversion",
        name="Conversion",
        definition="Orders per session.",
        owner=member,
        aggregation=Aggregation.RATIO,
        numerator=orders,
        denominator=sessions,
    )
    other = services.metric_create(
        actor=member,
        key="other",
        name="Other",
        definition="Conversion per session.",
        owner=member,
        aggregation=Aggregation.RATIO,
        numerator=conversion,
        denominator=sessions,
    )
    with pytest.raises(ValidationError, match="would use itself through other"):
        services.metric_update(actor=member, metric=conversion, numerator=other)
    with pytest.raises(ValidationError, match="itself"):
        services.metric_update(actor=member, metric=conversion, denominator=conversion)


def test_inputs_drive_outputs_only(source, member, orders):
    speed = services.metric_create(
        actor=member,
        key="speed",
        name="Speed",
        definition="Hours.",
        owner=member,
        source=source,
        column="ctd_hours_sum",
        role=MetricRole.INPUT,
        drives=[orders],
    )
    assert list(speed.drives.all()) == [orders]
    with pytest.raises(ValidationError, match="not an output"):
        services.metric_create(
            actor=member,
            key="speed2",
            name="Speed 2",
            definition="Hours.",
            owner=member,
            source=source,
            column="ctd_hours_sum",
            role=MetricRole.INPUT,
            drives=[speed],
        )


def test_duplicate_keys_are_refused(orders, member, source):
    with pytest.raises(ValidationError, match="already exists"):
        services.metric_create(
            actor=member,
            key="orders",
            name="Orders",
            definition="x",
            owner=member,
            source=source,
            column="orders",
        )


# The why -------------------------------------------------------------------------------------


def test_the_owner_writes_and_rewrites_the_why(orders, member):
    first = services.commentary_set(actor=member, metric=orders, week_ending=END, text="Up 3%.")
    again = services.commentary_set(actor=member, metric=orders, week_ending=END, text="Up 4%.")
    assert first.pk == again.pk
    assert Commentary.objects.get().text == "Up 4%."
    update = AuditEntry.objects.get(action="commentary.update")
    assert update.before["text"] == "Up 3%."
    assert update.after["text"] == "Up 4%."


def test_a_member_cannot_write_the_why_of_a_metric_they_do_not_own(orders, admin):
    other = type(admin).objects.create(username="olga", role="member")
    with pytest.raises(PermissionDenied, match="owner"):
        services.commentary_set(actor=other, metric=orders, week_ending=END, text="Mine.")
    assert not Commentary.objects.exists()
    services.commentary_set(actor=admin, metric=orders, week_ending=END, text="Admin's why.")
    assert Commentary.objects.get().author == admin


def test_a_viewer_writes_no_why_even_as_owner(orders, viewer, admin):
    services.metric_update(actor=admin, metric=orders, owner=viewer)
    with pytest.raises(PermissionDenied, match="Viewers"):
        services.commentary_set(actor=viewer, metric=orders, week_ending=END, text="Hello.")
    assert not Commentary.objects.exists()


@pytest.mark.parametrize(
    ("week", "text", "message"),
    [
        (END, "  ", "Write the why"),
        (END - dt.timedelta(days=1), "Fine.", "not one"),
        (dt.date(2999, 1, 5), "Fine.", "has not ended"),
    ],
)
def test_the_why_needs_text_and_a_past_saturday(orders, member, week, text, message):
    with pytest.raises(ValidationError, match=message):
        services.commentary_set(actor=member, metric=orders, week_ending=week, text=text)
    assert not Commentary.objects.exists()
