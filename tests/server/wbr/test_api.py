from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dayone.server.wbr import services
from dayone.server.wbr.models import Commentary, DataSource, Metric
from dayone.server.wbr.store import parquet_path
from tests.server.wbr.conftest import END

pytestmark = pytest.mark.django_db

CSV = b"Date,Orders\n2026-11-01,10\n2026-11-02,12\n"


def test_ingest_a_csv_and_define_a_metric_through_the_api(member_client, member):
    response = member_client.post(
        "/api/wbr/sources/csv",
        {"name": "Shop", "slug": "shop", "file": SimpleUploadedFile("shop.csv", CSV)},
    )
    assert response.status_code == 201, response.content
    assert response.json()["columns"] == ["Orders"]
    assert parquet_path("shop").exists()

    bad = member_client.post(
        "/api/wbr/sources/shop/csv",
        {"file": SimpleUploadedFile("new.csv", b"Date,Orders\n2026-11-03,oops\n")},
    )
    assert bad.status_code == 422
    assert bad.json()["detail"]["file"] == [
        "new.csv:2: value 'oops' in column 'Orders' is not a number"
    ]
    assert DataSource.objects.get().data_version == 1

    created = member_client.post(
        "/api/wbr/metrics",
        {
            "key": "orders",
            "name": "Orders",
            "definition": "Orders placed.",
            "owner": member.username,
            "source": "shop",
            "column": "Orders",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["versions"][0]["number"] == 1

    changed = member_client.patch(
        "/api/wbr/metrics/orders",
        {"definition": "Orders placed, by order date.", "note": "clearer", "version": 1},
        content_type="application/json",
    )
    assert changed.status_code == 200
    body = changed.json()
    assert body["version"] == 2
    assert body["versions"][0]["changes"] == {
        "definition": ["Orders placed.", "Orders placed, by order date."]
    }
    history = member_client.get("/api/wbr/metrics/orders/versions").json()
    assert [v["number"] for v in history] == [2, 1]

    assert body["better"] == ""
    direction = member_client.patch(
        "/api/wbr/metrics/orders",
        {"better": "higher", "note": "more orders are better", "version": 2},
        content_type="application/json",
    )
    assert direction.status_code == 200
    assert direction.json()["better"] == "higher"
    assert direction.json()["versions"][0]["changes"] == {"better": ["", "higher"]}
    wrong = member_client.patch(
        "/api/wbr/metrics/orders", {"better": "up", "version": 3}, content_type="application/json"
    )
    assert wrong.status_code == 422
    assert "better" in str(wrong.json()["detail"])


def test_unknown_references_name_the_field(member_client, member):
    response = member_client.post(
        "/api/wbr/metrics",
        {"key": "x", "name": "X", "definition": "X.", "owner": "nobody", "source": "none"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {"owner": ["No one signs in as 'nobody'."]}


def test_a_viewer_reads_the_catalogue_but_cannot_write(client, viewer, riverbend):
    client.force_login(viewer)
    listing = client.get("/api/wbr/metrics")
    assert listing.status_code == 200
    keys = [m["key"] for m in listing.json()]
    assert keys[0] == "sessions"  # deck order: the first section first
    assert "ship_to_deliver_hours" in keys
    refused = client.put(
        f"/api/wbr/metrics/orders/commentary/{END.isoformat()}",
        {"text": "Hello"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert "Viewers" in refused.json()["detail"]
    assert (
        client.post(
            "/api/wbr/sources/sql",
            {"name": "Q", "slug": "q", "query": "SELECT * FROM daily_business"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_the_why_and_the_deck_through_the_api(client, riverbend):
    owner = riverbend["nadia.petrova"]
    client.force_login(owner)
    response = client.put(
        f"/api/wbr/metrics/conversion/commentary/{END.isoformat()}",
        {"text": "Flat once the outage day is left out."},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["author"] == "nadia.petrova"
    refused = client.put(
        f"/api/wbr/metrics/ctd_hours/commentary/{END.isoformat()}",
        {"text": "Not mine."},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert Commentary.objects.filter(metric__key="ctd_hours").get().author.username == (
        "ryan.gallagher"
    )

    notes = client.get("/api/wbr/commentary", {"week": END.isoformat()}).json()
    assert {n["metric"] for n in notes} >= {"conversion", "orders", "ctd_hours"}

    deck = client.get("/api/wbr/deck").json()
    assert deck["week_ending"] == END.isoformat()
    assert deck["deck"]["format"] == "dayone-wbr-deck/1"
    assert deck["deck"]["metrics"]["click_to_ship_hours"]["box"]["last_week"] > 0
    assert deck["commentary"]["conversion"] == "Flat once the outage day is left out."
    assert client.get("/api/wbr/sources").json()[0]["slug"] == "riverbend_daily"


def test_bad_sql_through_the_api_is_a_clear_422(member_client, daily):
    response = member_client.post(
        "/api/wbr/sources/sql",
        {"name": "Q", "slug": "q", "query": "DROP TABLE daily_business"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "only SELECT is allowed" in response.json()["detail"]["query"][0]


def test_a_member_cannot_change_a_metric_they_do_not_own(member_client, riverbend):
    response = member_client.patch(
        "/api/wbr/metrics/orders", {"name": "Mine", "version": 1}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Metric.objects.get(key="orders").name == "Orders"
    assert services.OWNER_OR_ADMIN.split("(")[0] in response.json()["detail"]
