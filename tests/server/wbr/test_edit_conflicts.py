"""Two people change one metric's definition from the same version: the second is refused."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from dayone.server.core import services as core_services
from dayone.server.wbr import services
from dayone.server.wbr.models import Metric

pytestmark = pytest.mark.django_db

_NAMES = itertools.count()


def bearer(user):
    _, raw = core_services.api_token_create(actor=user, name=f"script {next(_NAMES)}")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def orders(member, tmp_path):
    csv = tmp_path / "shop.csv"
    csv.write_text("Date,Orders\n2026-11-01,10\n2026-11-02,12\n")
    shop = services.source_create_csv(
        actor=member, name="Shop", slug="shop", path=csv, file_name="shop.csv"
    )
    return services.metric_create(
        actor=member,
        key="orders",
        name="Orders",
        definition="Orders placed.",
        owner=member,
        source=shop,
        column="Orders",
    )


def patch(client, data, headers):
    return client.patch(
        "/api/wbr/metrics/orders", data, content_type="application/json", headers=headers
    )


def test_a_stale_definition_change_is_a_409_and_keeps_the_first(client, orders, member, admin):
    first = patch(client, {"definition": "Orders placed, by day.", "version": 1}, bearer(member))
    second = patch(client, {"definition": "Orders shipped.", "version": 1}, bearer(admin))

    assert first.status_code == 200, first.content
    assert first.json()["version"] == 2
    assert second.status_code == 409
    assert second.json()["version"] == 2
    metric = Metric.objects.get(key="orders")
    assert metric.definition == "Orders placed, by day."
    assert sorted(v.number for v in metric.versions.all()) == [1, 2]

    again = patch(client, {"definition": "Orders shipped."}, {**bearer(admin), "If-Match": "2"})
    assert again.status_code == 200, again.content
    assert again.json()["version"] == 3


def test_a_metric_change_without_a_version_is_refused(client, orders, member):
    response = patch(client, {"definition": "Orders placed, by day."}, bearer(member))
    assert response.status_code == 422
    assert "version" in response.json()["detail"]
    assert Metric.objects.get(key="orders").definition == "Orders placed."


def test_a_stale_metric_form_shows_the_conflict_and_keeps_what_was_typed(client, orders, member):
    client.force_login(member)
    url = reverse("wbr:metric_edit", args=["orders"])
    form = {
        "name": "Orders",
        "owner": member.pk,
        "role": "output",
        "unit": "count",
        "aggregation": "sum",
        "comparison": "percent",
        "source": "shop",
        "column": "Orders",
        "version": 1,
    }
    first = client.post(url, {**form, "definition": "Orders placed, by day."})
    assert first.status_code == 302, first.content.decode()[:3000]

    stale = client.post(url, {**form, "definition": "Orders shipped to the customer."})

    assert stale.status_code == 422
    page = stale.content.decode()
    assert "Orders shipped to the customer." in page
    assert "Saved meanwhile: Orders placed, by day." in page
    assert 'name="version" value="2"' in page
    assert Metric.objects.get(key="orders").definition == "Orders placed, by day."
