from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dayone.demo.people import PEOPLE
from dayone.server.core import services
from dayone.server.core.demo import DemoContext, last_week_ending
from dayone.server.decisions.demo import load_demo as load_decisions
from dayone.server.documents.demo import load_demo
from dayone.server.documents.models import Document
from dayone.server.teams.demo import load_demo as load_org
from tests.browser.conftest import screenshot
from tests.server.factories import metric_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "riverbend"


@pytest.fixture
def riverbend(transactional_db, tmp_path: Path, demo_people):
    services.organization_set(actor=None, name="Riverbend Books")
    people = demo_people
    end = last_week_ending(timezone.localdate())
    ctx = DemoContext(end=end, seed=7, people=people, warehouse=tmp_path, note=lambda _m: None)
    metric_catalogue(owner=people[PEOPLE[0].username])
    load_org(ctx)
    load_decisions(ctx)
    load_demo(ctx)
    return people


def sign_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("main h1")


def test_write_lint_save_compare_review_and_decide(page, live_server, riverbend):
    sign_in(page, live_server, "hannah.lindqvist")
    page.click("nav.sidebar >> text=Documents")
    page.wait_for_selector("table.doc-table")
    assert page.locator("table.doc-table tbody tr").count() == 3
    screenshot(page, "documents-list")
    page.select_option("select[name=status]", "not_now")
    page.wait_for_function("document.querySelectorAll('table.doc-table tbody tr').length === 1")
    assert page.locator("text=Semester textbook rental").is_visible()

    page.goto(f"{live_server.url}/documents/{Document.objects.get(slug='riverbend-plus').pk}/")
    page.wait_for_selector("#document-text")
    screenshot(page, "documents-detail-shipped")

    # a new PR/FAQ, part by part, with the linter live as you type
    page.goto(f"{live_server.url}/documents/")
    page.click("text=New PR/FAQ")
    page.wait_for_selector("text=1. The five customer questions")
    page.fill("#id_title", "Gift wrapping for every book")
    page.fill("#id_q_customer", "Customers who send a book as a gift: 18% of December orders.")
    page.fill("#id_pr_heading", "Riverbend Books wraps every gift")
    page.type("#id_pr_problem", "Gift buyers nearly always rewrap the book at home.", delay=5)
    finding = page.locator(".doc-finding[data-rule=weasel-words]")
    finding.wait_for()
    assert "Problem" in finding.inner_text()
    assert "'nearly' is a weasel word" in finding.inner_text()
    assert page.locator(".doc-page-meter[data-section=press-release]").is_visible()
    screenshot(page, "documents-editor-live-lint")
    page.fill("#id_ext_q_0", "How much does it cost?")
    page.fill("#id_ext_a_0", "$3.99 a book.")
    page.click("button:has-text('Save version 1')")
    page.wait_for_selector("text=Saved as version 1.")
    document = Document.objects.get(title="Gift wrapping for every book")

    # edit again: the finding goes away once the weasel word does
    page.click("a.button:has-text('Edit')")
    page.wait_for_selector("#id_pr_problem")
    page.fill("#id_pr_problem", "4 in 10 gift buyers rewrap the book at home.")
    page.fill("#id_note", "A number instead of 'nearly'")
    page.wait_for_function("!document.querySelector('.doc-finding[data-rule=weasel-words]')")
    page.click("button:has-text('Save new version')")
    page.wait_for_selector("text=Saved as version 2.")
    assert document.versions.count() == 2

    page.click("text=Compare versions")
    page.wait_for_selector("table.doc-diff")
    assert page.locator(".doc-diff-replace").count() >= 1
    assert page.locator(".doc-diff-new >> text=4 in 10 gift buyers").is_visible()
    screenshot(page, "documents-compare")

    # schedule a review with one reader
    page.goto(f"{live_server.url}/documents/{document.pk}/")
    page.click("summary:has-text('Schedule a review')")
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_scheduled_for", when)
    page.select_option("#id_readers", label="Kenji Watanabe")
    page.click("button:has-text('Schedule review')")
    page.wait_for_selector("text=Review scheduled")
    page.fill("#id_body", "Who pays for the ribbon? Put the cost in the internal FAQ.")
    page.click("button:has-text('Add comment')")
    page.wait_for_selector("text=Comment added.")

    # the reader reads in silence: the owner's comment stays hidden until done
    sign_in(page, live_server, "kenji.watanabe")
    assert page.locator("text=To read before the meeting").is_visible()
    screenshot(page, "documents-home-to-read")
    page.click(".home-panel-documents >> text=Gift wrapping for every book")
    page.wait_for_selector("#reading-timer")
    page.wait_for_function("document.getElementById('reading-clock').textContent !== '0:00'")
    assert not page.locator("text=Who pays for the ribbon?").is_visible()
    page.select_option("#id_section", "Problem")
    page.fill("#id_quote", "rewrap the book at home")
    page.fill("#id_body", "Where does 4 in 10 come from? Name the survey.")
    page.click("button:has-text('Add comment')")
    page.wait_for_selector(".doc-quote >> text=rewrap the book at home")
    screenshot(page, "documents-silent-reading")
    page.click('button:has-text("I\'m done reading")')
    page.wait_for_selector("text=Who pays for the ribbon?")

    # the owner ends the meeting in an outcome, linked to a decision
    sign_in(page, live_server, "hannah.lindqvist")
    page.goto(f"{live_server.url}/documents/{document.pk}/")
    page.check("input[name=outcome][value=iterate]")
    page.fill(
        "#id_outcome_note", "Answer the cost per book and cite the survey, then review again."
    )
    page.click("button:has-text('Record the outcome')")
    page.wait_for_selector("text=Review ended: iterate")
    decision_link = page.locator(".doc-decisions a")
    assert "Gift wrapping for every book" in decision_link.inner_text()
    screenshot(page, "documents-detail-outcome")
    decision_link.click()
    page.wait_for_selector("main h1")
    assert "/decisions/" in page.url


def test_a_narrative_shows_its_six_page_limit_as_you_type(page, live_server, riverbend):
    sign_in(page, live_server, "ryan.gallagher")
    page.goto(f"{live_server.url}/documents/new/?kind=narrative")
    page.fill("#id_title", "Returns at Columbus")
    paragraph = (
        "Columbus received 9,400 returns in October, 2.3% of orders; each took 11 minutes to "
        "inspect and restock, and 18% waited more than a week on the dock.\n\n"
    )
    page.fill("#id_body", "# Returns at Columbus\n\n" + paragraph * 70)
    page.type("#id_body", "We might fix it soon.")
    meter = page.locator(".doc-page-meter[data-section=narrative]")
    meter.wait_for()
    page.wait_for_selector(".doc-finding[data-rule=vague-time]")
    assert "of 6" in meter.inner_text()
    pages = int(meter.locator(".doc-page-count").inner_text().split()[0])
    assert 1 < pages <= 6
    screenshot(page, "documents-narrative-editor")
    page.fill("#id_body", "# Returns at Columbus\n\n" + paragraph * 200)
    page.wait_for_selector(".doc-page-meter.doc-over[data-section=narrative]")
    page.wait_for_selector(".doc-finding[data-rule=page-limit]")
    screenshot(page, "documents-narrative-over-limit")
    page.fill("#id_body", "word " * 26_000)  # 130,000 characters: over the limit
    page.wait_for_selector(".doc-lint-error >> text=the limit is 120,000")
    page.click("button:has-text('Save version 1')")
    expect(page.locator(".doc-lint-error >> text=the limit is 120,000")).to_be_visible()
    assert not Document.objects.filter(title="Returns at Columbus").exists()
    page.fill("#id_body", "# Returns at Columbus\n\n" + paragraph * 200)
    page.click("button:has-text('Save version 1')")
    page.wait_for_selector("text=Saved as version 1.")
    assert Document.objects.get(title="Returns at Columbus").head.pages > 6


def test_an_edit_conflict_keeps_both_texts(page, live_server, riverbend):
    from dayone.server.documents import services as document_services

    document = Document.objects.get(slug="peak-season-plan")
    sign_in(page, live_server, "ryan.gallagher")
    page.goto(f"{live_server.url}/documents/{document.pk}/edit/")
    page.wait_for_selector("#id_body")
    original = document.head.body
    # someone else saves while this editor is open
    document_services.document_save(
        actor=riverbend["mei.tan"],
        document=document,
        based_on=document.head.number,
        title=document.title,
        body=document.head.body + "\nMei's addition: the carrier confirmed 10 pm.\n",
    )
    page.fill("#id_body", original + "\nRyan's addition: 140 pickers hired.\n")
    page.click("button:has-text('Save new version')")
    page.wait_for_selector("text=Not saved: someone saved first")
    assert page.locator(".doc-diff-old >> text=Mei's addition").is_visible()
    assert page.locator(".doc-diff-new >> text=Ryan's addition").is_visible()
    assert page.locator(".doc-diff-new >> text=Mei's addition").count() == 0
    screenshot(page, "documents-conflict")
    page.click("text=Take up my draft")
    page.wait_for_selector("#id_body")
    assert "Ryan's addition" in page.input_value("#id_body")
    page.fill(
        "#id_body",
        page.input_value("#id_body") + "\nMei's addition: the carrier confirmed 10 pm.\n",
    )
    page.click("button:has-text('Save new version')")
    page.wait_for_selector("text=Saved as version 5.")
    assert page.locator("#document-text table").is_visible()  # the appendix's forecast
    screenshot(page, "documents-narrative-detail")
    body = Document.objects.get(pk=document.pk).head.body
    assert "Ryan's addition" in body
    assert "Mei's addition" in body
