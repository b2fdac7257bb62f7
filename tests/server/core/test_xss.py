"""No script runs from what people type: script-injection attempts go into every text field and
every link field through the API, and the pages that show them render nothing executable.

A link field takes only a path inside dayone or an http(s) address; every other scheme, however
disguised, is refused with a message naming the field. Text is stored as typed and shown as text.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db.models import CharField, TextField
from django.utils import timezone

from dayone.server.core import services as core_services
from dayone.server.core.enums import Role
from tests.server.factories import UserFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    line
    for line in (Path(__file__).with_name("xss_payloads.txt")).read_text().splitlines()
    if line.strip() and not line.startswith("# ")
]
UNSAFE_LINKS = [
    "javascript:alert(5)",
    "JaVaScRiPt:alert(5)",
    " javascript:alert(5)",
    "java\tscript:alert(5)",
    "java\nscript:alert(5)",
    "javascript&colon;alert(5)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==",
    "vbscript:msgbox(5)",
    "//evil.invalid/x",
    "/\\evil.invalid/x",
    "\\\\evil.invalid\\x",
    "http://",
    'https://example.com/"onmouseover="alert(5)',
]
SAFE_LINKS = ["https://example.com/a?b=1#c", "http://intranet.local:8080/wiki", "/goals/3/"]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text", "data:application")
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}


class _Executable(HTMLParser):
    """Collects whatever in a page a browser would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "script" and not values.get("src") and values.get("type") != "application/json":
            self.found.append("inline <script>")
        source = values.get("src", "")
        if tag == "script" and source and (not source.startswith("/") or source.startswith("//")):
            self.found.append(f"<script src={values['src']!r}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta refresh>")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            squeezed = "".join(ch for ch in value if ch > " ").lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(DANGEROUS_SCHEMES):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and ("javascript:" in squeezed or "expression(" in squeezed):
                self.found.append(f"<{tag} style={value!r}>")


def executable_parts(html: str) -> list[str]:
    parser = _Executable()
    parser.feed(html)
    return parser.found


@functools.cache
def _openapi() -> dict[str, Any]:
    from dayone.server.api.api import api

    return api.get_openapi_schema()


def _strings(schema: dict[str, Any], parts: dict[str, Any], prefix: str) -> Iterator[str]:
    if "$ref" in schema:
        schema = parts[schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "allOf", "oneOf"):
        for option in schema.get(key, []):
            yield from _strings(option, parts, prefix)
    if "properties" in schema:
        for name, inner in schema["properties"].items():
            yield from _strings(inner, parts, f"{prefix}.{name}" if prefix else name)
    elif schema.get("type") == "array":
        yield from _strings(schema.get("items", {}), parts, f"{prefix}[]")
    elif schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
        yield prefix


def text_fields(method: str, path: str) -> list[str]:
    """The body fields of the API operation ``method path`` that take any text, read from the
    OpenAPI document (so a field added to a schema is tried too): dotted paths, ``[]`` for
    the items of a list. Choices, dates and numbers are left out."""
    document = _openapi()
    operation = document["paths"][path][method]
    parts = document["components"]["schemas"]
    content = operation.get("requestBody", {}).get("content", {})
    found = [field for body in content.values() for field in _strings(body["schema"], parts, "")]
    return list(dict.fromkeys(found))


def with_text(body: dict[str, Any], fields: Iterable[str], text: str) -> dict[str, Any]:
    """``body`` with ``text`` typed into each of ``fields`` (after what the field holds already,
    so a field that needs, say, a number keeps it)."""
    body = json.loads(json.dumps(body))
    for field in fields:
        _type_into(body, field.split("."), text)
    return body


def _type_into(node: Any, steps: list[str], text: str) -> None:
    name, rest = steps[0], steps[1:]
    is_list = name.endswith("[]")
    name = name.removesuffix("[]")
    if is_list:
        items = node.setdefault(name, [])
        if rest:
            for item in items:
                _type_into(item, rest, text)
        else:
            node[name] = [f"{item} {text}" if item else text for item in items] or [text]
    elif rest:
        _type_into(node.setdefault(name, {}), rest, text)
    else:
        node[name] = f"{node[name]} {text}" if node.get(name) else text


def typed_model_fields(*apps: str) -> set[str]:
    """``app.Model.field`` for every text field people could fill in the models of ``apps``."""
    found = set()
    for label in apps:
        for model in django_apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if (
                    isinstance(field, CharField | TextField)
                    and field.editable
                    and not field.choices
                    and not field.primary_key
                ):
                    found.add(f"{label}.{model.__name__}.{field.name}")
    return found


def model_fields_holding_script(*apps: str) -> set[str]:
    """The fields of :func:`typed_model_fields` of which some row holds a script attempt."""
    held = set()
    for name in typed_model_fields(*apps):
        label, model_name, field = name.split(".")
        model = django_apps.get_model(label, model_name)
        if model._default_manager.filter(**{f"{field}__icontains": "alert("}).exists():
            held.add(name)
    return held


@pytest.fixture
def people(db):
    return {
        "member": UserFactory(username="mallory", role=Role.MEMBER),
        "decider": UserFactory(username="dana", role=Role.MEMBER),
    }


@pytest.fixture
def api(client, people):
    _, raw = core_services.api_token_create(actor=people["member"], name="attacker")
    headers = {"Authorization": f"Bearer {raw}"}

    def call(method: str, path: str, body: dict[str, object]):
        return getattr(client, method)(path, body, content_type="application/json", headers=headers)

    return call


def _decision_body(people, question: str, context: str = "") -> dict[str, object]:
    return {
        "question": question,
        "door": "two_way",
        "information_pct": 70,
        "decide_by": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "decider_id": people["decider"].pk,
        "options": [{"label": "Yes"}, {"label": "No"}],
        "context": context,
    }


def _page(client, user, path: str) -> str:
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def test_link_fields_refuse_every_scheme_but_http_and_paths_inside_dayone(api, people):
    created = api("post", "/api/decisions", _decision_body(people, "Which carrier for Q1?"))
    assert created.status_code == 201, created.content
    decision_id = created.json()["id"]
    for number, url in enumerate(UNSAFE_LINKS):
        link = {"kind": "other", "ref": f"r{number}", "title": "Notes", "url": url}
        refused = api("post", f"/api/decisions/{decision_id}/links", link)
        assert refused.status_code == 422, (url, refused.status_code, refused.content)
        assert "url" in refused.content.decode(), url
        from_source = api("post", "/api/decisions/from-source", link)
        assert from_source.status_code == 422, (url, from_source.content)
        experiment = {
            "key": f"exp-{number}",
            "name": "Banner",
            "hypothesis": "A banner lifts sign-ups.",
            "source": {"kind": "other", "ref": "x", "title": "Notes", "url": url},
            "metrics": [{"key": "purchase", "role": "primary"}],
        }
        refused_experiment = api("post", "/api/weblab/experiments", experiment)
        assert refused_experiment.status_code == 422, (url, refused_experiment.content)
    for number, url in enumerate(SAFE_LINKS):
        link = {"kind": "other", "ref": f"ok{number}", "title": "Notes", "url": url}
        accepted = api("post", f"/api/decisions/{decision_id}/links", link)
        assert accepted.status_code == 201, (url, accepted.content)
    links = api("get", f"/api/decisions/{decision_id}", {}).json()["links"]
    assert [link["url"] for link in links] == SAFE_LINKS


def test_script_in_any_text_field_is_shown_as_text_on_every_page(client, api, people):
    stored: list[tuple[str, str]] = []
    for number, payload in enumerate(PAYLOADS):
        decision = api("post", "/api/decisions", _decision_body(people, payload, context=payload))
        if decision.status_code == 201:
            stored.append(("decision", f"/decisions/{decision.json()['id']}/"))
        document = api(
            "post", "/api/documents/", {"kind": "narrative", "title": payload, "body": payload}
        )
        if document.status_code == 201:
            document_id = document.json()["id"]
            stored.append(("document", f"/documents/{document_id}/"))
            api("post", f"/api/documents/{document_id}/comments", {"body": payload})
        team = api(
            "post", "/api/org/teams", {"name": f"Team {number} {payload}"[:80], "mission": payload}
        )
        if team.status_code == 201:
            stored.append(("team", f"/teams/{team.json()['slug']}/"))
        experiment = api(
            "post",
            "/api/weblab/experiments",
            {
                "key": f"xss-{number}",
                "name": payload[:120],
                "hypothesis": payload,
                "metrics": [{"key": "purchase", "role": "primary"}],
            },
        )
        if experiment.status_code == 201:
            stored.append(("experiment", f"/weblab/experiments/{experiment.json()['id']}/"))
    kinds = {kind for kind, _ in stored}
    assert kinds == {"decision", "document", "team", "experiment"}, stored
    assert len(stored) >= 2 * len(PAYLOADS), "most payloads should be stored as text"
    pages = [path for _, path in stored] + [
        "/",
        "/decisions/",
        "/documents/",
        "/teams/",
        "/weblab/experiments/",
    ]
    for path in pages:
        html = _page(client, people["member"], path)
        assert executable_parts(html) == [], path


def test_the_checker_sees_what_a_browser_would_run():
    assert executable_parts('<p>ok</p><script type="application/json">{}</script>') == []
    assert executable_parts("<img src=x onerror=alert(1)>") == ["<img onerror=...>"]
    assert executable_parts('<a href=" java\tscript:alert(1)">x</a>') != []
    assert executable_parts("<script>alert(1)</script>") == ["inline <script>"]
    assert executable_parts('<script src="/static/app.js"></script>') == []
    assert executable_parts("<SCRIPT SRC=http://xss.invalid/xss.js></SCRIPT>") != []


def test_every_page_forbids_inline_script_and_javascript_urls(client, people):
    client.force_login(people["member"])
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_script_typed_into_forms_and_link_titles_is_shown_as_text(client, api, people):
    created = api("post", "/api/decisions", _decision_body(people, "Which carrier for Q2?"))
    decision_id = created.json()["id"]
    client.force_login(people["member"])
    for number, payload in enumerate(PAYLOADS):
        link = {"kind": "other", "ref": f"t{number}", "title": payload, "url": "https://x.test/"}
        assert api("post", f"/api/decisions/{decision_id}/links", link).status_code == 201
        client.post(
            "/teams/new/", {"name": f"Form team {number} {payload}"[:80], "mission": payload}
        )
    teams = client.get("/teams/").content.decode()
    assert teams.count("Form team") >= len(PAYLOADS) // 2, "most form payloads are stored"
    for path in (f"/decisions/{decision_id}/", "/teams/", "/"):
        assert executable_parts(_page(client, people["member"], path)) == [], path
