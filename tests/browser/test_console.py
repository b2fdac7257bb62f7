"""The browser tests fail on what the console reports: an error, a warning or an uncaught
exception fails the test; a page the test meant to be refused does not."""

from __future__ import annotations

import pytest

from tests.browser.conftest import console_problems

pytestmark = [pytest.mark.browser]


def test_an_error_a_warning_and_an_uncaught_exception_are_reported(browser):
    context = browser.new_context()
    page = context.new_page()
    problems = console_problems(page)
    page.set_content(
        "<script>console.error('broken'); console.warn('old spec');"
        "setTimeout(function () { throw new Error('boom'); }, 0);</script>"
    )
    page.wait_for_timeout(200)
    context.close()
    assert [p.split(":")[0] for p in problems] == ["error", "warning", "uncaught"], problems


def test_a_page_meant_to_be_refused_is_not_a_problem_but_a_missing_script_is(browser):
    context = browser.new_context()
    page = context.new_page()
    problems = console_problems(page)
    page.route("http://dayone.test/**", lambda route: route.fulfill(status=404, body="gone"))
    page.route(
        "http://dayone.test/refused/",
        lambda route: route.fulfill(
            status=403,
            content_type="text/html",
            body="<p>Not allowed</p><script src='/missing.js'></script>",
        ),
    )
    page.goto("http://dayone.test/refused/")
    page.wait_for_load_state("networkidle")
    context.close()
    assert len(problems) == 1, problems
    assert "missing.js" in problems[0]
