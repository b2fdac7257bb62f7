"""Every response carries the Content-Security-Policy, and no template of any app holds an
inline script or an event-handler attribute that the policy would have to allow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import dayone.server
from dayone.server.core import services

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(Path(dayone.server.__file__).parent.glob("*/templates/**/*.html"))
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def _assert_strict(response, what: str) -> None:
    assert "Content-Security-Policy" in response.headers, what
    directives = _directives(response)
    assert "'unsafe-inline'" not in directives["script-src"], what
    assert directives["object-src"] == "'none'", what
    assert directives["frame-ancestors"] == "'none'", what
    assert response.headers["X-Frame-Options"] == "DENY", what


def test_templates_are_found():
    assert len(TEMPLATES) >= 50


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=lambda path: str(path.relative_to(path.parents[2]))
)
def test_no_template_holds_inline_script_or_event_handlers(template):
    text = template.read_text(encoding="utf-8")
    for attributes in SCRIPT_TAG.findall(text):
        assert "src=" in attributes or "application/json" in attributes, (template, attributes)
    assert not EVENT_ATTRIBUTE.search(text), template
    assert not JAVASCRIPT_URL.search(text), template


def test_every_kind_of_response_carries_the_policy(client, member):
    client.raise_request_exception = False
    _, raw = services.api_token_create(actor=member, name="script")
    bearer = {"Authorization": f"Bearer {raw}"}
    anonymous = [
        ("/login/", {}),
        ("/", {}),  # the redirect to sign in
        ("/api/people", {}),  # 401 JSON
        ("/api/people", bearer),  # JSON
        ("/api/openapi.json", bearer),
        ("/api/no-such-route", bearer),  # 404 JSON
    ]
    for path, headers in anonymous:
        _assert_strict(client.get(path, headers=headers), path)
    _assert_strict(
        client.post("/api/org/teams", "{bad", content_type="application/json", headers=bearer),
        "400",
    )
    client.force_login(member)
    for path in ("/", "/decisions/", "/documents/", "/goals/", "/teams/", "/wbr/", "/no-such/"):
        _assert_strict(client.get(path), path)


def test_the_template_checks_see_what_a_browser_would_run():
    assert EVENT_ATTRIBUTE.search('<button type="button"\n onclick="go()">')
    assert JAVASCRIPT_URL.search("<a href='javascript:go()'>")
    assert SCRIPT_TAG.findall("<script>go()</script>") == [""]
    assert not EVENT_ATTRIBUTE.search('<p class="once">on=1</p>')
