from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dayone.demo.people import PEOPLE
from dayone.server.core import services
from dayone.server.core.demo import DemoContext, last_week_ending
from dayone.server.weblab.demo import load_demo
from dayone.server.weblab.models import Experiment
from tests.browser.conftest import screenshot
from tests.server.factories import metric_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "riverbend"


@pytest.fixture
def riverbend(transactional_db, settings, tmp_path, demo_people):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    services.organization_set(actor=None, name="Riverbend Books")
    people = demo_people
    metric_catalogue(owner=people[PEOPLE[0].username])
    end = last_week_ending(timezone.localdate())
    load_demo(
        DemoContext(
            end=end,
            seed=7,
            people=people,
            warehouse=settings.DAYONE_WAREHOUSE_DIR,
            note=lambda _m: None,
        )
    )
    return people


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("main h1")


def test_run_an_experiment_from_definition_to_learning(page, live_server, riverbend):
    sign_in(page, live_server, "nadia.petrova")
    page.click("nav.sidebar >> text=Weblab")
    page.wait_for_selector("text=Running now")
    assert page.locator("text=Typo-tolerant search").is_visible()
    page.wait_for_selector(".chart-vega svg, .chart-vega canvas")
    screenshot(page, "weblab-home")

    # the SRM experiment's results say so, loudly
    srm = Experiment.objects.get(key="paypal-express-button")
    page.goto(f"{live_server.url}/weblab/experiments/{srm.pk}/")
    page.wait_for_selector(".wl-srm")
    assert "Sample ratio mismatch" in page.locator(".wl-srm").inner_text()
    page.wait_for_selector(".wl-metric .chart-vega svg, .wl-metric .chart-vega canvas")
    screenshot(page, "weblab-results-srm")

    # a won experiment: interval charts, breakdown by platform, a linked decision
    won = Experiment.objects.get(key="delivery-promise-badge")
    page.goto(f"{live_server.url}/weblab/experiments/{won.pk}/")
    page.wait_for_selector("table.wl-results")
    assert page.locator(".wl-decision-link").is_visible()
    assert page.locator("text=By platform").is_visible()
    page.select_option("select[name=correction]", "bh")
    page.wait_for_selector("text=p-values corrected (BH)")
    screenshot(page, "weblab-results-won")

    # define, start and conclude a new one
    page.goto(f"{live_server.url}/weblab/experiments/new/")
    page.fill("#id_name", "Saved cards first at checkout")
    page.fill("#id_key", "saved-cards-first")
    page.fill(
        "#id_hypothesis",
        "Returning customers pay faster when their saved card is preselected.",
    )
    page.fill("#id_weights", "0.5, 0.4")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector(".field-invalid")
    assert page.locator("text=The weights must sum to 1; they sum to 0.9.").is_visible()
    screenshot(page, "weblab-form-error")
    page.fill("#id_weights", "0.5, 0.5")
    page.click("button:has-text('Save draft')")
    page.wait_for_selector("text=Experiment saved as a draft")
    page.click("button:has-text('Start')")
    expect(page.locator("text=Plan before starting: set the sample size")).to_be_visible()
    expect(page.locator("#id_planned_units")).to_have_value(re.compile(r"^\d+$"))
    screenshot(page, "weblab-plan")
    page.fill("#id_planned_days", "14")
    page.click("button:has-text('Save the plan')")
    expect(page.locator("text=Planned: the experiment can start.")).to_be_visible()
    page.click("button:has-text('Start')")
    page.wait_for_selector("text=Started: units are assigned from now.")
    page.wait_for_selector("#results .wl-nodata, #results .wl-units")
    screenshot(page, "weblab-started")
    page.check("input[name=conclusion][value=iterate]")
    page.click("button:has-text('Conclude')")
    page.wait_for_selector("text=Write the learning")
    page.check("input[name=conclusion][value=iterate]")
    page.fill(
        "#id_learning",
        "Too few returning customers in a week to read; rerun with a longer window.",
    )
    page.click("button:has-text('Conclude')")
    page.wait_for_selector("text=Concluded: the learning is in the archive.")
    assert page.locator(".wl-decision-link").is_visible()
    screenshot(page, "weblab-concluded")

    page.click("nav.wl-tabs >> text=Archive of learnings")
    page.fill("input[name=q]", "longer window")
    page.click("button:has-text('Search')")
    page.wait_for_selector(".wl-learning")
    assert page.locator(".wl-learning").count() == 1
    assert page.locator("text=Saved cards first at checkout").is_visible()
    screenshot(page, "weblab-archive")

    page.click("nav.wl-tabs >> text=Portfolio")
    page.wait_for_selector(".chart-vega svg, .chart-vega canvas")
    screenshot(page, "weblab-portfolio")
