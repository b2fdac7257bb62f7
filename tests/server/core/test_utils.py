"""The interface helpers every app's views share: who asks, the form post, the audited save."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.test import RequestFactory

from dayone.server.core import services
from dayone.server.core.models import AuditEntry, Organization
from dayone.server.core.utils import action_post, current_user, form_post

pytestmark = pytest.mark.django_db


class NameForm(forms.Form):
    name = forms.CharField()


def _post(user, data=None):
    request = RequestFactory().post("/", data or {})
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _said(request):
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_current_user_is_the_signed_in_person_and_refuses_anonymous(member):
    assert current_user(_post(member)) == member
    with pytest.raises(PermissionDenied):
        current_user(_post(AnonymousUser()))


class TestFormPost:
    def test_valid_post_calls_the_service_says_so_and_redirects(self, member):
        request = _post(member, {"name": "Ada"})
        form = NameForm(request.POST)
        done = form_post(
            request,
            form,
            lambda data: data["name"].upper(),
            message=lambda result: f"{result} saved.",
            then=lambda result: HttpResponseRedirect(f"/{result}/"),
        )
        assert done is not None
        assert done["Location"] == "/ADA/"
        assert _said(request) == [("success", "ADA saved.")]

    def test_a_service_error_lands_on_its_field_and_nothing_is_said(self, member):
        request = _post(member, {"name": "Ada"})
        form = NameForm(request.POST)

        def refuse(data):
            raise ValidationError({"name": "Taken.", "other": "Top of the form."})

        assert form_post(request, form, refuse, then=HttpResponseRedirect("/")) is None
        assert form.errors == {"name": ["Taken."], "__all__": ["Top of the form."]}
        assert _said(request) == []

    def test_an_invalid_or_unposted_form_does_not_call_the_service(self, member):
        called = []
        request = _post(member, {})
        form = NameForm(request.POST)
        assert form_post(request, form, called.append, then=HttpResponseRedirect("/")) is None
        get = RequestFactory().get("/")
        assert form_post(get, NameForm(), called.append, then=HttpResponseRedirect("/")) is None
        assert called == []
        assert "name" in form.errors


class TestActionPost:
    def test_success_and_refusal_both_redirect_with_a_message(self, member):
        request = _post(member)
        done = action_post(request, lambda: None, message="Done.", then=HttpResponseRedirect("/a/"))
        assert (done["Location"], _said(request)) == ("/a/", [("success", "Done.")])

        def refuse():
            raise ValidationError("Not now.")

        request = _post(member)
        done = action_post(request, refuse, message="Done.", then=HttpResponseRedirect("/b/"))
        assert (done["Location"], _said(request)) == ("/b/", [("error", "Not now.")])


class TestAuditedSave:
    def test_sets_validates_saves_and_records_before_and_after(self, admin):
        organization = services.organization_set(actor=admin, name="Riverbend Books")
        services.audited_save(
            actor=admin,
            instance=organization,
            action="organization.rename",
            changes={"name": "Riverbend Ltd"},
            note={"reason": "New owners"},
        )
        organization.refresh_from_db()
        assert organization.name == "Riverbend Ltd"
        entry = AuditEntry.objects.get(action="organization.rename")
        assert entry.before == {"name": "Riverbend Books"}
        assert entry.after == {"name": "Riverbend Ltd", "reason": "New owners"}

    def test_an_invalid_value_saves_nothing_and_records_nothing(self, admin):
        organization = services.organization_set(actor=admin, name="Riverbend Books")
        with pytest.raises(ValidationError):
            services.audited_save(
                actor=admin,
                instance=organization,
                action="organization.rename",
                changes={"name": ""},
            )
        assert Organization.objects.get().name == "Riverbend Books"
        assert not AuditEntry.objects.filter(action="organization.rename").exists()
