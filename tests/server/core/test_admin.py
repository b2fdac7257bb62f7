"""The admin keeps the app's rules: kept records are read-only, other writes go through the
services (validated, versioned, audited)."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.forms.models import model_to_dict
from django.urls import reverse

from dayone.server.core import services as core_services
from dayone.server.core.demo import demo_load
from dayone.server.core.models import AuditEntry, User
from dayone.server.customers.enums import Channel
from dayone.server.customers.models import Anecdote, Theme
from dayone.server.teams import services as team_services
from dayone.server.teams.models import PrincipleRevision
from dayone.server.wbr import services as wbr_services
from dayone.server.wbr.models import DataSource, MetricVersion, Section

pytestmark = pytest.mark.django_db

KEPT = (
    "core.auditentry",
    "core.apitoken",
    "decisions.decision",
    "decisions.stance",
    "decisions.escalation",
    "decisions.review",
    "decisions.event",
    "documents.document",
    "documents.documentversion",
    "documents.review",
    "documents.comment",
    "goals.goal",
    "goals.goalreview",
    "metrics.metricversion",
    "metrics.datasource",
    "metrics.commentary",
    "org.principlerevision",
    "weblab.experiment",
    "customers.anecdote",
    "customers.theme",
)
"""Records the app keeps append-only or versioned, or changes only under its own rules."""


def _url(label: str, view: str, *args: object) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def _form_data(response) -> dict[str, object]:
    """What a browser would post back from an admin change form, unchanged."""
    data: dict[str, object] = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


@pytest.mark.slow
def test_every_kept_record_is_read_only_in_the_admin(client, settings, tmp_path):
    settings.DAYONE_WAREHOUSE_DIR = tmp_path / "warehouse"
    ceo = User.objects.get(username=demo_load(today=date(2026, 11, 22)).login)
    assert ceo.is_superuser
    core_services.api_token_create(actor=ceo, name="deploys")
    theme = Theme.objects.create(label="Late deliveries", centroid=b"")
    Anecdote.objects.create(
        text="My order came a week late.",
        channel=Channel.EMAIL,
        said_on=date(2026, 11, 20),
        fingerprint="late-1",
        theme=theme,
    )
    client.force_login(ceo)
    admin_client = client
    for label in KEPT:
        model = apps.get_model(label)
        model_admin = admin.site._registry[model]
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"the demo has no {label}"
        before = model_to_dict(obj)
        count = model._default_manager.count()

        assert admin_client.get(_url(label, "changelist")).status_code == 200, label
        page = admin_client.get(_url(label, "change", obj.pk))
        assert page.status_code == 200, label
        assert b'name="_save"' not in page.content, label
        assert admin_client.post(_url(label, "change", obj.pk), {}).status_code == 403, label
        assert admin_client.post(_url(label, "delete", obj.pk), {"post": "yes"}).status_code == (
            403
        ), label
        assert admin_client.post(_url(label, "add"), {}).status_code == 403, label
        bulk = admin_client.post(
            _url(label, "changelist"),
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        )
        assert bulk.status_code in {200, 302}, label
        assert model._default_manager.count() == count, label
        obj.refresh_from_db()
        assert model_to_dict(obj) == before, label
        request = page.wsgi_request
        for inline in model_admin.get_inline_instances(request, obj):
            assert not inline.has_add_permission(request, obj), (label, inline.model)
            assert not inline.has_change_permission(request, obj), (label, inline.model)
            assert not inline.has_delete_permission(request, obj), (label, inline.model)


def test_no_admin_screen_edits_a_kept_record_inline():
    """Versions, revisions, reviews, stances and dated rows appear only as read-only lists."""
    kept = {apps.get_model(label) for label in KEPT} | {
        apps.get_model("org", "membership"),
        apps.get_model("org", "teammetric"),
        apps.get_model("org", "teamdependency"),
        apps.get_model("documents", "reviewreader"),
        apps.get_model("decisions", "option"),
        apps.get_model("decisions", "link"),
        apps.get_model("weblab", "experimentmetric"),
    }
    for model_admin in admin.site._registry.values():
        for inline_class in model_admin.inlines:
            inline = inline_class(model_admin.model, admin.site)
            if inline.model in kept:
                assert not inline.can_delete, inline_class
                assert inline.has_add_permission.__qualname__.startswith("ReadOnlyInline")


@pytest.fixture
def source(db):
    return DataSource.objects.create(name="Orders", slug="orders", kind="sql", columns=["orders"])


def test_a_metric_changed_in_the_admin_gets_a_new_version_and_an_audit_entry(
    admin_client, admin, source
):
    metric = wbr_services.metric_create(
        actor=admin,
        key="orders",
        name="Orders",
        definition="Orders placed.",
        owner=admin,
        source=source,
        column="orders",
    )
    url = _url("metrics.metric", "change", metric.pk)
    data = _form_data(admin_client.get(url))
    data["definition"] = "Orders placed and paid, net of cancellations."
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    metric.refresh_from_db()
    assert metric.version == 2
    version = MetricVersion.objects.get(metric=metric, number=2)
    assert version.changes["definition"][1] == "Orders placed and paid, net of cancellations."
    assert version.changed_by == admin
    entry = AuditEntry.objects.filter(action="metric.update").get()
    assert entry.actor == admin
    assert entry.after["definition"] == "Orders placed and paid, net of cancellations."


def test_a_service_refusal_in_the_admin_is_shown_and_saves_nothing(admin_client, admin):
    team_services.team_create(actor=admin, name="Catalog", mission="Every book findable.")
    other = team_services.team_create(actor=admin, name="Storefront", mission="Pages that sell.")
    url = _url("org.team", "change", other.pk)
    data = _form_data(admin_client.get(url))
    data["name"] = "catalog"
    response = admin_client.post(url, data, follow=True)
    assert "already" in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Storefront"
    assert not AuditEntry.objects.filter(action="team.update").exists()


def test_a_principle_changed_in_the_admin_keeps_a_revision(admin_client, admin):
    principle = team_services.principle_create(
        actor=admin, name="Customer Obsession", description="Start with the customer."
    )
    url = _url("org.principle", "change", principle.pk)
    data = _form_data(admin_client.get(url))
    data["description"] = "Leaders start with the customer and work backwards."
    assert admin_client.post(url, data).status_code == 302
    assert list(
        PrincipleRevision.objects.filter(principle=principle).values_list("number", flat=True)
    ) == [2, 1]
    assert AuditEntry.objects.filter(action="principle.update", actor=admin).exists()


def test_a_role_changed_in_the_admin_goes_through_the_role_rules(admin_client, admin, member):
    url = _url("core.user", "change", member.pk)
    data = _form_data(admin_client.get(url))
    data["role"] = "admin"
    data["title"] = "Head of books"
    assert admin_client.post(url, data).status_code == 302
    member = User.objects.get(pk=member.pk)
    assert (member.role, member.is_staff, member.is_superuser) == ("admin", True, True)
    assert member.title == "Head of books"
    assert AuditEntry.objects.filter(action="user.update", target_id=str(member.pk)).count() == 2
    assert admin_client.post(
        _url("core.user", "delete", member.pk), {"post": "yes"}
    ).status_code == (403)


def test_a_section_changed_in_the_admin_is_audited(admin_client, admin):
    section = wbr_services.section_create(actor=admin, name="Traffic")
    url = _url("metrics.section", "change", section.pk)
    data = _form_data(admin_client.get(url))
    data["name"] = "Traffic and reach"
    assert admin_client.post(url, data).status_code == 302
    assert Section.objects.get(pk=section.pk).name == "Traffic and reach"
    entry = AuditEntry.objects.get(action="section.update")
    assert (entry.actor, entry.before, entry.after) == (
        admin,
        {"name": "Traffic"},
        {"name": "Traffic and reach"},
    )
