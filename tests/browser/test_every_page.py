"""Every page of the served demo, as an admin, a member and a viewer, on a desktop and on a
375 px phone: no console error or warning, no sideways scrolling, no serious or critical
accessibility violation (axe-core), no write form for a viewer, and a quick server."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import screenshot
from tests.demo_site import DEMO_PASSWORD, DETAIL, NOT_A_PAGE, Site, demo_server, parse

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.own_data]

PEOPLE = {"admin": "eleanor.voss", "member": "priya.raman", "viewer": "hana.novak"}
WIDTHS = {"desktop": 1280, "phone": 375}
SERVER_SECONDS = 1.0
SERIOUS = {"serious", "critical"}
# Write forms a viewer may keep: signing out, and API tokens for reading.
VIEWER_FORMS_ALLOWED = ("/logout/", "/account/")
WRITE_PAGE = re.compile(r"^/[\w/-]*/(new|edit)/?$")
ONE_THING = re.compile(
    r"^/(goals|teams|wbr/metrics|weblab/experiments|decisions|documents)/([\w-]+)/$"
)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with demo_server(tmp_path_factory.mktemp("demo-pages")) as (_, base, _, _):
        yield base


@pytest.fixture(scope="module")
def pages(served):
    """For each role: the navigation's pages as that role sees them, their sections' tabs and
    the lists a section page links to inside itself (the deck, anecdotes), and the first page of
    each kind of thing they link to."""
    by_role: dict[str, list[str]] = {}
    for role, username in PEOPLE.items():
        site = Site(served)
        site.sign_in(username, DEMO_PASSWORD)
        home = parse(site.get("/")[1])
        sections = [
            link for link in dict.fromkeys(home.nav) if link.startswith("/") and not _skip(link)
        ]
        inside: list[str] = []
        first_of_kind: dict[str, str] = {}
        for section in sections:
            found = parse(site.get(section)[1])
            inside += [link for link in found.subnav if not _skip(link)]
            inside += [
                link
                for link in found.links
                if section != "/" and link.startswith(section) and not _skip(link)
                if not ONE_THING.match(link) and not re.search(r"\d|[?#]", link)
            ]
        chosen = list(dict.fromkeys([*sections, *inside]))
        for path in chosen:
            for link in parse(site.get(path)[1]).links:
                match = ONE_THING.match(link)
                if match and (DETAIL.match(link) or match.group(2).isdigit()):
                    first_of_kind.setdefault(match.group(1), link)
        by_role[role] = [*chosen, *first_of_kind.values()]
    return by_role


def _skip(link: str) -> bool:
    return bool(NOT_A_PAGE.search(link) or WRITE_PAGE.search(link) or not link.startswith("/"))


@pytest.fixture(scope="module")
def write_pages(served, pages):
    """The pages an admin reaches in one click to add or change something."""
    site = Site(served)
    site.sign_in(PEOPLE["admin"], DEMO_PASSWORD)
    found = [
        link
        for path in pages["admin"]
        for link in parse(site.get(path)[1]).links
        if WRITE_PAGE.search(link)
    ]
    return list(dict.fromkeys(found))


def _problems(page, path: str, axe: Axe, role: str, messages: list[str]) -> list[str]:
    messages.clear()
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    if response is None or response.status != 200:
        return [f"answered {response.status if response else 'nothing'}"]
    found: list[str] = []
    timing = response.headers.get("server-timing", "")
    server = float(timing.split("dur=")[1]) / 1000 if "dur=" in timing else 0.0
    if "dur=" not in timing:
        found.append("no Server-Timing header")
    if server > SERVER_SECONDS:
        found.append(f"server took {server:.2f} s")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        found.append(f"scrolls sideways by {overflow} px")
    violations = axe.run(page).response["violations"]
    found += [f"axe {v['id']} ({v['impact']})" for v in violations if v["impact"] in SERIOUS]
    if role == "viewer" and path not in VIEWER_FORMS_ALLOWED:
        actions = page.evaluate(
            "Array.from(document.querySelectorAll('form'))"
            ".filter(f => (f.getAttribute('method') || '').toLowerCase() === 'post')"
            ".map(f => f.getAttribute('action') || location.pathname)"
        )
        found += [f"write form to {a}" for a in actions if not a.endswith(VIEWER_FORMS_ALLOWED)]
    return found + list(messages)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", PEOPLE)
def test_every_page_reads_well_for_everyone(browser, served, pages, role, width):
    context = browser.new_context(base_url=served, viewport={"width": WIDTHS[width], "height": 860})
    page = context.new_page()
    messages: list[str] = []
    page.on(
        "console",
        lambda m: (
            messages.append(f"{m.type}: {m.text[:160]}") if m.type in {"error", "warning"} else None
        ),
    )
    page.goto("/login/")
    page.fill("#id_username", PEOPLE[role])
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{served}/")
    axe = Axe()
    problems = {}
    for path in pages[role]:
        found = _problems(page, path, axe, role, messages)
        if found:
            problems[path] = found
    screenshot(page, f"every-page-{role}-{width}")
    context.close()
    assert len(pages[role]) >= 24, pages[role]
    assert problems == {}, problems


def test_a_viewer_following_a_shared_link_meets_no_write_form(browser, served, write_pages):
    context = browser.new_context(base_url=served)
    page = context.new_page()
    page.goto("/login/")
    page.fill("#id_username", PEOPLE["viewer"])
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{served}/")
    shown = {}
    for path in write_pages:
        response = page.goto(path)
        forms = page.locator("form[method=post]:not([action='/logout/'])").count()
        if response is None or response.status != 403 or forms:
            shown[path] = (response.status if response else None, forms)
        elif "can read everything but change nothing" not in page.inner_text("main"):
            shown[path] = "does not say what a viewer may do"
    context.close()
    assert len(write_pages) >= 6, write_pages
    assert shown == {}, shown
