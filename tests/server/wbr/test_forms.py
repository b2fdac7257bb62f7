from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dayone.server.wbr.models import DataSource, Metric, MetricVersion, Section
from dayone.server.wbr.store import parquet_path

pytestmark = pytest.mark.django_db


def test_add_a_csv_source_and_a_metric_from_the_pages(member_client, member):
    response = member_client.post(
        reverse("wbr:source_create"),
        {
            "name": "Shop",
            "slug": "shop",
            "file": SimpleUploadedFile("shop.csv", b"Date,Orders\n2026-11-01,3\n2026-11-02,4\n"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wbr:source", args=["shop"])
    source_page = member_client.get(response["Location"]).content.decode()
    assert "2 days from 1 Nov 2026 to 2 Nov 2026" in source_page
    assert "Upload new data" in source_page
    assert member_client.get(reverse("wbr:metric_create")).status_code == 200
    member_client.post(reverse("wbr:section_create"), {"name": "Buy"})
    section = Section.objects.get()
    response = member_client.post(
        reverse("wbr:metric_create"),
        {
            "key": "orders",
            "name": "Orders",
            "definition": "Orders placed.",
            "owner": member.pk,
            "role": "output",
            "unit": "orders",
            "aggregation": "sum",
            "source": "shop",
            "column": "Orders",
            "comparison": "percent",
            "section": section.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    metric = Metric.objects.get(key="orders")
    assert metric.section == section

    page = member_client.get(reverse("wbr:metric_edit", args=["orders"]))
    assert page.status_code == 200
    data = {
        "name": "Orders placed",
        "definition": "Orders placed, by order date.",
        "owner": member.pk,
        "role": "output",
        "unit": "orders",
        "aggregation": "sum",
        "source": "shop",
        "column": "Orders",
        "comparison": "percent",
        "section": section.pk,
        "note": "say when",
        "version": 1,
    }
    assert member_client.post(reverse("wbr:metric_edit", args=["orders"]), data).status_code == 302
    version = MetricVersion.objects.get(metric=metric, number=2)
    assert set(version.changes) == {"name", "definition"}
    assert version.note == "say when"
    body = member_client.get(reverse("wbr:metric", args=["orders"])).content.decode()
    assert "say when" in body
    assert "Orders placed, by order date." in body


def test_a_bad_csv_upload_shows_the_message_on_the_form_and_stores_nothing(member_client):
    response = member_client.post(
        reverse("wbr:source_create"),
        {
            "name": "Shop",
            "slug": "shop",
            "file": SimpleUploadedFile(
                "shop.csv", b"Date,Orders\n2026-11-01,3\n2026-11-02,4 units\n"
            ),
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert (
        "shop.csv:3: value &#x27;4 units&#x27; in column &#x27;Orders&#x27; is not a number" in body
    )
    assert not DataSource.objects.exists()
    assert not parquet_path("shop").exists()


def test_a_bad_query_shows_the_engine_message(member_client, daily):
    response = member_client.post(
        reverse("wbr:source_create"),
        {"name": "Q", "slug": "q", "query": "SELECT * FROM nowhere"},
    )
    assert response.status_code == 422
    assert "Table with name nowhere does not exist" in response.content.decode()
    good = member_client.post(
        reverse("wbr:source_create"),
        {
            "name": "Q",
            "slug": "q",
            "query": "WITH d AS (SELECT date, orders FROM daily_business) SELECT * FROM d",
        },
    )
    assert good.status_code == 302


def test_one_of_file_or_query(member_client):
    response = member_client.post(reverse("wbr:source_create"), {"name": "Q", "slug": "q"})
    assert response.status_code == 422
    assert "Upload a CSV file or write a SQL query" in response.content.decode()


def test_a_viewer_sees_no_write_buttons_and_cannot_post(client, viewer, riverbend):
    client.force_login(viewer)
    home = client.get(reverse("wbr:index")).content.decode()
    assert "Add a metric" not in home
    assert client.post(reverse("wbr:section_create"), {"name": "X"}).status_code == 403
    assert client.get(reverse("wbr:metric_edit", args=["orders"])).status_code == 403
    assert not Section.objects.filter(name="X").exists()


def test_new_data_through_the_page_is_checked_before_it_replaces_anything(member_client):
    member_client.post(
        reverse("wbr:source_create"),
        {
            "name": "Shop",
            "slug": "shop",
            "file": SimpleUploadedFile("a.csv", b"Date,Orders\n2026-11-01,3\n"),
        },
    )
    before = parquet_path("shop").read_bytes()
    url = reverse("wbr:source_upload", args=["shop"])
    bad = member_client.post(
        url, {"file": SimpleUploadedFile("b.csv", b"Date,Orders\nyesterday,3\n")}
    )
    assert bad.status_code == 422
    assert "b.csv:2: cannot read the date &#x27;yesterday&#x27;" in bad.content.decode()
    assert parquet_path("shop").read_bytes() == before
    good = member_client.post(
        url, {"file": SimpleUploadedFile("c.csv", b"Date,Orders\n2026-11-01,3\n2026-11-02,5\n")}
    )
    assert good.status_code == 302
    source = DataSource.objects.get()
    assert (source.row_count, source.file_name, source.data_version) == (2, "c.csv", 2)
