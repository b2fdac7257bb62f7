from __future__ import annotations

import datetime as dt
import io
import json
import time

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dayone.server.wbr import selectors, services
from dayone.server.wbr.deck import deck_cached
from dayone.server.wbr.models import Metric
from dayone.server.wbr.store import parquet_path
from dayone.wbr import deck_to_json
from tests.server.wbr.conftest import END

pytestmark = pytest.mark.django_db


def test_the_deck_shows_every_metric_in_a_section_in_the_same_order_every_week(riverbend):
    ceo = riverbend["eleanor.voss"]
    this_week = selectors.deck_week(viewer=ceo)
    assert this_week.week == END
    assert this_week.is_latest
    deck = selectors.deck_get(viewer=ceo, when=this_week)
    earlier = selectors.deck_get(
        viewer=ceo, when=selectors.deck_week(viewer=ceo, week=END - dt.timedelta(weeks=5))
    )
    assert deck is not None
    assert earlier is not None
    assert earlier.week_ending == END - dt.timedelta(weeks=5)
    titles = [p.title for p in deck.panels]
    assert titles == [p.title for p in earlier.panels]
    assert titles[0] == "1. Discover"
    deck_keys = list(
        Metric.objects.filter(section__isnull=False)
        .order_by("section__position", "position")
        .values_list("key", flat=True)
    )
    charted = [p.lines[0].key for p in deck.panels if p.kind == "chart"]
    assert charted == deck_keys
    assert {"ctd_hours", "click_to_ship_hours", "ship_to_deliver_hours"} <= set(charted)
    ctd = deck.metrics["ctd_hours"]
    assert ctd.box.last_week == pytest.approx(
        deck.metrics["click_to_ship_hours"].box.last_week
        + deck.metrics["ship_to_deliver_hours"].box.last_week,
        rel=1e-6,
    )
    assert deck.metrics["orders"].forecast is not None  # a target from the plan column
    orders = deck.metrics["orders"]
    assert orders.quarter_forecast is not None
    assert orders.quarter_forecast.period == "quarter"
    assert orders.quarter_forecast.period_end == dt.date(2026, 12, 31)
    assert {c.period for c in orders.forecast_history} == {"month", "quarter"}
    body = json.loads(deck_to_json(deck))["metrics"]["orders"]
    assert body["quarter_forecast"]["period_end"] == "2026-12-31"
    assert len(body["forecast_history"]) == len(orders.forecast_history)
    assert deck.metrics["conversion"].box.comparison == "bps"


def test_a_week_that_is_not_a_week_ending_falls_back_to_the_latest(riverbend):
    when = selectors.deck_week(viewer=riverbend["eleanor.voss"], week=END - dt.timedelta(days=2))
    assert when.week == END
    assert END - dt.timedelta(weeks=12) in when.weeks


def test_decks_are_cached_per_catalogue_version_and_week(riverbend):
    ceo = riverbend["eleanor.voss"]
    when = selectors.deck_week(viewer=ceo)
    assert selectors.deck_get(viewer=ceo, when=when, compute=False) is None
    selectors.deck_get(viewer=ceo, when=when)
    started = time.perf_counter()
    assert selectors.deck_get(viewer=ceo, when=when, compute=False) is not None
    assert time.perf_counter() - started < 0.5
    services.metric_update(
        actor=ceo, metric=Metric.objects.get(key="orders"), definition="Orders placed, all."
    )
    changed = selectors.deck_week(viewer=ceo)
    assert changed.plan.version != when.plan.version
    assert deck_cached(changed.plan, END) is None


def test_a_source_the_deck_does_not_read_leaves_its_cache_alone(riverbend, tmp_path):
    ceo = riverbend["eleanor.voss"]
    when = selectors.deck_week(viewer=ceo)
    selectors.deck_get(viewer=ceo, when=when)
    path = tmp_path / "other.csv"
    path.write_text("Date,Visits\n2026-01-01,3\n2026-01-02,4\n")
    services.source_create_csv(
        actor=ceo, name="Other", slug="other", path=path, file_name="other.csv"
    )
    after = selectors.deck_week(viewer=ceo)
    assert after.plan is when.plan, "the plan is kept: no metric reads the new source"
    assert selectors.deck_get(viewer=ceo, when=after, compute=False) is not None


def test_missing_data_is_shown_as_missing_with_a_warning(client, admin, tmp_path):
    rows = ["Date,Orders"]
    day = dt.date(2026, 1, 1)
    while day <= END:
        if day != END - dt.timedelta(days=2):  # a Thursday without a row
            rows.append(f"{day.isoformat()},{100 + day.day}")
        day += dt.timedelta(days=1)
    path = tmp_path / "gap.csv"
    path.write_text("\n".join(rows) + "\n")
    source = services.source_create_csv(
        actor=admin, name="Gap", slug="gap", path=path, file_name="gap.csv"
    )
    section = services.section_create(actor=admin, name="Buy")
    services.metric_create(
        actor=admin,
        key="orders",
        name="Orders",
        definition="Orders.",
        owner=admin,
        source=source,
        column="Orders",
        section=section,
    )
    client.force_login(admin)
    body = client.get(reverse("wbr:deck_body"), {"week": END.isoformat()}).content.decode()
    assert "missing data" in body
    assert "Missing data: " in body
    assert "—" in body  # last week, WoW and MTD are missing, not zero
    assert (END - dt.timedelta(days=2)).isoformat() in body


def test_the_why_is_in_the_web_deck_and_in_the_printed_pdf(client, riverbend):
    owner = riverbend["ryan.gallagher"]
    metric = Metric.objects.get(key="two_day_delivery_rate")
    services.commentary_set(
        actor=owner, metric=metric, week_ending=END, text="Carrier Midway added a Sunday run."
    )
    client.force_login(owner)
    html = client.get(reverse("wbr:deck_body"), {"week": END.isoformat()}).content.decode()
    assert "Carrier Midway added a Sunday run." in html

    response = client.get(reverse("wbr:deck_pdf"), {"week": END.isoformat()})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Carrier Midway added a Sunday run." in flat
    assert "Click to ship (hours)" in flat
    demo_why = selectors.commentary_for_week(viewer=owner, week_ending=END)["orders"].text
    assert " ".join(demo_why.split(". ")[0].split()) in flat


def test_the_deck_page_draws_its_panels_once_and_reads_the_why_fresh(client, riverbend):
    owner = riverbend["ryan.gallagher"]
    client.force_login(owner)
    earlier = (END - dt.timedelta(weeks=1)).isoformat()
    first = client.get(reverse("wbr:deck_body"), {"week": END.isoformat()}).content.decode()
    metric = Metric.objects.get(key="two_day_delivery_rate")
    services.commentary_set(
        actor=owner, metric=metric, week_ending=END, text="Carrier Midway added a Sunday run."
    )
    again = client.get(reverse("wbr:deck_body"), {"week": END.isoformat()}).content.decode()
    assert "Carrier Midway added a Sunday run." not in first
    assert "Carrier Midway added a Sunday run." in again
    assert again.count("wbr-box") == first.count("wbr-box") > 10
    other = client.get(reverse("wbr:deck_body"), {"week": earlier}).content.decode()
    assert "Carrier Midway added a Sunday run." not in other
    boxes = [page.split('id="metric-orders"')[1].split("</table>")[0] for page in (again, other)]
    assert boxes[0] != boxes[1], "each week draws its own numbers"


def test_the_deck_page_without_metrics_says_how_to_start(admin_client):
    body = admin_client.get(reverse("wbr:deck")).content.decode()
    assert "No deck yet" in body


def test_a_deck_that_cannot_be_computed_says_why(client, admin, tmp_path):
    path = tmp_path / "shop.csv"
    path.write_text("Date,Orders\n2026-11-27,1\n2026-11-28,2\n")
    source = services.source_create_csv(
        actor=admin, name="Shop", slug="shop", path=path, file_name="shop.csv"
    )
    section = services.section_create(actor=admin, name="Buy")
    services.metric_create(
        actor=admin,
        key="orders",
        name="Orders",
        definition="Orders.",
        owner=admin,
        source=source,
        column="Orders",
        section=section,
    )
    parquet_path("shop").unlink()  # the stored table went missing
    client.force_login(admin)
    response = client.get(reverse("wbr:deck_body"))
    body = response.content.decode()
    assert "The deck cannot be computed" in body
    assert "shop" in body
    pdf = client.get(reverse("wbr:deck_pdf"))
    assert pdf.status_code == 422
    assert "shop" in pdf.content.decode()


def test_the_printed_deck_is_cached_until_the_why_changes(client, riverbend, monkeypatch):
    printed = []

    def fake_pdf(deck, *, commentary=None, extra=(), beside=None):
        printed.append(dict(commentary or {}))
        return b"%PDF-1.7 deck"

    monkeypatch.setattr(selectors, "render_pdf", fake_pdf)
    client.force_login(riverbend["eleanor.voss"])
    url = reverse("wbr:deck_pdf")
    assert client.get(url).content == b"%PDF-1.7 deck"
    client.get(url)
    assert len(printed) == 1
    services.commentary_set(
        actor=riverbend["eleanor.voss"],
        metric=Metric.objects.get(key="units"),
        week_ending=END,
        text="Black Friday week.",
    )
    client.get(url)
    assert len(printed) == 2
    assert printed[1]["units"] == "Black Friday week."


def test_a_server_warming_up_prints_the_deck_and_draws_its_panels_before_any_reader(
    client, riverbend, monkeypatch
):
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    from dayone.server.wbr.views import deck_page_warm

    printed = []

    def fake_pdf(deck, *, commentary=None, extra=(), beside=None):
        printed.append(deck.week_ending)
        return b"%PDF-1.7 warmed"

    monkeypatch.setattr(selectors, "render_pdf", fake_pdf)
    selectors.deck_warm()
    deck_page_warm()
    assert printed == [END]
    ceo = riverbend["eleanor.voss"]
    key = selectors.deck_key(selectors.deck_week(viewer=ceo))
    assert cache.get(make_template_fragment_key("wbr-panel-top", [key, "orders", True]))
    client.force_login(ceo)
    assert client.get(reverse("wbr:deck_pdf")).content == b"%PDF-1.7 warmed"
    assert printed == [END], "the reader gets the PDF printed while warming up"


def test_a_viewer_after_a_member_sees_no_link_to_a_write_form_in_the_cached_panels(
    client, riverbend
):
    from dayone.server.core.enums import Role
    from tests.server.factories import UserFactory

    client.force_login(riverbend["eleanor.voss"])
    week = {"week": END.isoformat()}
    assert "+ anecdote" in client.get(reverse("wbr:deck_body"), week).content.decode()
    client.force_login(UserFactory(username="reader", role=Role.VIEWER))
    assert "+ anecdote" not in client.get(reverse("wbr:deck_body"), week).content.decode()


def test_the_deck_body_drawn_for_one_reader_is_given_only_to_readers_who_may_do_the_same(
    client, riverbend
):
    owner = riverbend["ryan.gallagher"]
    other = next(
        person
        for person in riverbend.values()
        if person.can_write and not person.is_admin and person != owner
    )
    metric = Metric.objects.get(key="two_day_delivery_rate")
    assert metric.owner == owner
    week = {"week": END.isoformat()}
    write_why = reverse("wbr:why", args=[metric.key, END.isoformat()])

    def body(reader) -> str:
        client.force_login(reader)
        return client.get(reverse("wbr:deck_body"), week).content.decode()

    assert write_why in body(owner)
    assert write_why not in body(other)
    assert write_why in body(owner)
    services.commentary_set(
        actor=owner, metric=metric, week_ending=END, text="Carrier Midway added a Sunday run."
    )
    assert "Carrier Midway added a Sunday run." in body(other)


def test_the_deck_follows_a_section_and_an_owner_renamed_without_a_new_metric_version(
    client, riverbend
):
    ceo = riverbend["eleanor.voss"]
    when = selectors.deck_week(viewer=ceo)
    assert selectors.deck_week(viewer=ceo).plan is when.plan, "nothing changed: the same plan"
    selectors.deck_get(viewer=ceo, when=when)
    section = Metric.objects.get(key="orders").section
    section.description = "Where a reader first meets us."
    section.save()
    owner = Metric.objects.get(key="orders").owner
    owner.first_name = "Renamed"
    owner.save()
    plan = selectors.deck_week(viewer=ceo).plan
    orders = next(m for m in plan.config.metrics if m.name == "orders")
    assert orders.owner.startswith("Renamed")
    client.force_login(ceo)
    html = client.get(reverse("wbr:deck_body"), {"week": END.isoformat()}).content.decode()
    assert "Where a reader first meets us." in html


def test_new_data_for_a_source_the_deck_reads_makes_a_new_plan(riverbend):
    ceo = riverbend["eleanor.voss"]
    when = selectors.deck_week(viewer=ceo)
    source = Metric.objects.get(key="orders").source
    source.data_version += 1  # as an upload of new data does
    source.save()
    after = selectors.deck_week(viewer=ceo)
    assert after.plan is not when.plan
    assert after.plan.version != when.plan.version
