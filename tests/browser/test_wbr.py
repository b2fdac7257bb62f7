from __future__ import annotations

import pytest
from django.utils import timezone

from dayone.demo.business import generate_daily, write_daily
from dayone.server.core import services
from dayone.server.core.demo import DemoContext, last_week_ending
from dayone.server.wbr.demo import load_demo
from dayone.server.wbr.models import Commentary
from tests.browser.conftest import SCREENSHOTS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "riverbend"


@pytest.fixture
def riverbend(transactional_db, settings, tmp_path, demo_people):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    end = last_week_ending(timezone.localdate())
    write_daily(settings.DAYONE_WAREHOUSE_DIR / "parquet", generate_daily(end=end, years=3))
    services.organization_set(actor=None, name="Riverbend Books")
    people = demo_people
    context = DemoContext(
        end=end,
        seed=7,
        people=people,
        warehouse=settings.DAYONE_WAREHOUSE_DIR,
        note=lambda _m: None,
    )
    load_demo(context)
    return end


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("main h1")


def test_open_the_deck_and_write_the_why(page, live_server, riverbend):
    end = riverbend
    sign_in(page, live_server, "diego.santos")
    page.click("nav.sidebar >> text=WBR")
    page.wait_for_selector("text=Metric catalogue")
    catalogue = page.locator("table.wbr-catalogue")
    assert "__Target" not in catalogue.first.inner_text()
    sessions = page.locator("tr:has(a[href='/wbr/metrics/sessions/']) td.wbr-target")
    assert sessions.inner_text() == "Sessions target, planned in Riverbend daily business"
    screenshot(page, "wbr-home")

    page.click("text=Open the deck")
    page.wait_for_selector("#metric-click_to_ship_hours .chart-vega svg", timeout=60_000)
    assert page.locator("article.wbr-metric").count() >= 30
    assert page.locator(f"text=Week ending {end:%A} {end.day} {end:%B %Y}").is_visible()
    panel = page.locator("#metric-click_to_ship_hours")
    panel.scroll_into_view_if_needed()
    assert panel.locator("table.wbr-box th").first.inner_text() == "LastWk"
    assert "Owner: Diego Santos" in panel.inner_text()
    page.locator("#metric-ctd_hours").scroll_into_view_if_needed()
    page.wait_for_selector("#metric-ctd_hours .chart-vega svg")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "wbr-deck-top.png"))

    panel.locator("button:has-text('Edit the why')").click()
    page.fill("#metric-click_to_ship_hours textarea", "Columbus is back on the automatic sorter.")
    panel.locator("button:has-text('Save the why')").click()
    page.wait_for_selector(
        "#metric-click_to_ship_hours >> text=Columbus is back on the automatic sorter."
    )
    note = Commentary.objects.get(metric__key="click_to_ship_hours", week_ending=end)
    assert note.text == "Columbus is back on the automatic sorter."
    assert note.author.username == "diego.santos"
    # Diego owns click to ship, not orders: no button there
    assert page.locator("#metric-orders button:has-text('why')").count() == 0

    page.reload()
    page.wait_for_selector(
        "#metric-click_to_ship_hours >> text=Columbus is back on the automatic sorter."
    )
    page.locator("#metric-click_to_ship_hours").scroll_into_view_if_needed()
    page.wait_for_selector("#metric-click_to_ship_hours .chart-vega svg")
    page.locator("#metric-click_to_ship_hours").screenshot(path=str(SCREENSHOTS / "wbr-why.png"))
    screenshot(page, "wbr-deck")

    # the deck is drawn: the catalogue shows last week's targets in the metrics' units
    page.goto(f"{live_server.url}/wbr/")
    target = page.locator("tr:has(a[href='/wbr/metrics/sessions/']) td.wbr-target")
    assert target.locator("strong").inner_text().endswith(" sessions")
    assert f"in the week ending {end.day} {end:%b}" in target.inner_text()
    assert "__Target" not in page.locator("main").inner_text()
    page.locator("table.wbr-catalogue").first.screenshot(
        path=str(SCREENSHOTS / "wbr-catalogue-targets.png")
    )


BOX_TONES = """() => [...document.querySelectorAll('article.wbr-metric')].map(article => ({
  better: article.querySelector('.wbr-better')?.textContent.trim() ?? '',
  cells: [...article.querySelectorAll('table.wbr-box tbody td')].map(td => ({
    text: td.textContent.trim(), tone: td.className.match(/wbr-(good|bad|neutral)/)?.[1] ?? ''
  })),
}))"""


def test_the_deck_colours_a_change_by_the_metric_direction(page, live_server, riverbend):
    sign_in(page, live_server, "priya.raman")
    page.goto(f"{live_server.url}/wbr/deck/")
    page.wait_for_selector("#metric-ctd_hours table.wbr-box")
    panels = page.evaluate(BOX_TONES)
    lower = [p for p in panels if p["better"].endswith("lower is better")]
    higher = [p for p in panels if p["better"].endswith("higher is better")]
    neither = [p for p in panels if not p["better"]]
    assert lower and higher and neither
    judged = 0
    for group, rise in ((lower, "bad"), (higher, "good")):
        fall = "good" if rise == "bad" else "bad"
        for panel in group:
            for cell in panel["cells"][1:]:
                if cell["text"].startswith("+") and cell["text"] not in ("+0.0%", "+0 bps"):
                    assert cell["tone"] == rise, (panel, cell)
                    judged += 1
                elif cell["text"].startswith("-"):
                    assert cell["tone"] == fall, (panel, cell)
                    judged += 1
    for panel in neither:
        assert {c["tone"] for c in panel["cells"]} <= {"", "neutral"}
    assert judged > 50
    page.locator("#metric-ctd_hours").screenshot(path=str(SCREENSHOTS / "wbr-direction.png"))


def test_the_metric_page_shows_the_computed_target_and_judgement_once_its_panel_is_drawn(
    page, live_server, riverbend
):
    end = riverbend
    sign_in(page, live_server, "priya.raman")
    page.goto(f"{live_server.url}/wbr/metrics/sessions/")
    target = page.locator("#metric-target")
    # the deck is not computed yet: the row says where the target comes from
    assert target.inner_text().startswith("Sessions target, planned in Riverbend daily business")
    assert target.locator("strong").count() == 0
    customers = page.locator("#extra-customers")
    assert "Disagreements are judged once the latest deck is computed." in customers.inner_text()
    page.wait_for_selector("#metric-sessions table.wbr-box", timeout=60_000)
    page.wait_for_selector("#metric-target strong")
    assert page.locator("#metric-target").count() == 1
    assert target.locator("strong").inner_text().endswith(" sessions")
    assert f"in the week ending {end.day} {end:%b}" in target.inner_text()
    assert "planned in Riverbend daily business" in target.inner_text()
    assert "from the column" in target.inner_text()
    # what customers say is judged against the deck just computed, in its place on the page
    assert customers.locator("h2").inner_text() == "What customers say"
    assert "Disagreements are judged once" not in customers.inner_text()
    assert page.locator("#panel-customers").count() == 1
    page.locator("#metric-sessions .chart-vega svg").wait_for()
    screenshot(page, "wbr-metric-target")
