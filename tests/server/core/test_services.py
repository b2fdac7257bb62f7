from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dayone.server.core import selectors, services
from dayone.server.core.enums import Role
from dayone.server.core.models import ApiToken, AuditEntry, User

pytestmark = pytest.mark.django_db


class TestUserCreate:
    def test_creates_person_with_hashed_password_and_audit_entry(self, admin):
        person = services.user_create(
            actor=admin, username="  bea ", password="a long enough secret", role=Role.VIEWER
        )
        assert person.username == "bea"
        assert person.check_password("a long enough secret")
        assert "a long enough secret" not in person.password
        entry = AuditEntry.objects.get(action="user.create", target_id=str(person.pk))
        assert entry.actor == admin
        assert entry.before is None
        assert entry.after["role"] == "viewer"
        assert "password" not in entry.after

    def test_without_a_password_the_person_cannot_sign_in_yet(self, admin):
        person = services.user_create(actor=admin, username="dee", password=None)
        assert not person.has_usable_password()
        assert not person.check_password("")

    def test_duplicate_username_is_refused_case_insensitively(self, admin):
        with pytest.raises(ValidationError) as raised:
            services.user_create(actor=admin, username="ADA", password="a long enough secret")
        assert raised.value.message_dict == {"username": [services.USERNAME_TAKEN]}

    def test_weak_password_names_the_field(self, admin):
        with pytest.raises(ValidationError) as raised:
            services.user_create(actor=admin, username="cy", password="short")
        assert "password" in raised.value.message_dict
        assert not User.objects.filter(username="cy").exists()

    @pytest.mark.parametrize("role", [Role.MEMBER, Role.VIEWER])
    def test_only_admins_add_people(self, role):
        from tests.server.factories import UserFactory

        actor = UserFactory(role=role)
        with pytest.raises(PermissionDenied):
            services.user_create(actor=actor, username="eve", password="a long enough secret")
        assert not User.objects.filter(username="eve").exists()


class TestUserSetRole:
    def test_change_is_audited_with_before_and_after(self, admin, member):
        services.user_set_role(actor=admin, user=member, role=Role.VIEWER)
        member.refresh_from_db()
        assert member.role == Role.VIEWER
        entry = AuditEntry.objects.get(action="user.update")
        assert entry.before == {"role": "member"}
        assert entry.after == {"role": "viewer"}

    def test_last_admin_cannot_be_demoted(self, admin):
        with pytest.raises(ValidationError):
            services.user_set_role(actor=admin, user=admin, role=Role.MEMBER)
        admin.refresh_from_db()
        assert admin.role == Role.ADMIN

    def test_unchanged_role_writes_nothing(self, admin, member):
        services.user_set_role(actor=admin, user=member, role=Role.MEMBER)
        assert not AuditEntry.objects.filter(action="user.update").exists()


class TestApiTokens:
    def test_last_use_is_noted_at_most_once_a_minute(self, member):
        token, _ = services.api_token_create(actor=member, name="reporting")
        services.api_token_touch(token=ApiToken.objects.get(pk=token.pk))
        first = ApiToken.objects.get(pk=token.pk).last_used_at
        assert first is not None
        services.api_token_touch(token=ApiToken.objects.get(pk=token.pk))
        assert ApiToken.objects.get(pk=token.pk).last_used_at == first
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
        services.api_token_touch(token=ApiToken.objects.get(pk=token.pk))
        assert ApiToken.objects.get(pk=token.pk).last_used_at > first

    def test_only_a_digest_is_stored_and_the_raw_token_authenticates(self, member):
        token, raw = services.api_token_create(actor=member, name="checkout service")
        assert raw.startswith("dy_")
        assert raw not in {token.digest, token.prefix}
        stored = ApiToken.objects.get(pk=token.pk)
        assert stored.digest == services.token_digest(raw)
        assert selectors.api_token_authenticate(raw).user == member
        assert selectors.api_token_authenticate(raw + "x") is None

    def test_revoked_tokens_and_inactive_people_do_not_authenticate(self, member):
        token, raw = services.api_token_create(actor=member, name="ci")
        services.api_token_revoke(actor=member, token=token)
        assert selectors.api_token_authenticate(raw) is None
        _, raw2 = services.api_token_create(actor=member, name="ci")
        member.is_active = False
        member.save(update_fields=["is_active"])
        assert selectors.api_token_authenticate(raw2) is None

    def test_duplicate_active_name_is_refused(self, member):
        services.api_token_create(actor=member, name="ci")
        with pytest.raises(ValidationError) as raised:
            services.api_token_create(actor=member, name="ci")
        assert raised.value.message_dict == {"name": [services.TOKEN_NAME_TAKEN]}

    def test_a_member_cannot_revoke_someone_elses_token(self, member, viewer):
        token, _ = services.api_token_create(actor=viewer, name="mine")
        with pytest.raises(PermissionDenied):
            services.api_token_revoke(actor=member, token=token)
        token.refresh_from_db()
        assert token.revoked_at is None


class TestSelectors:
    def test_audit_log_is_for_admins_only(self, admin, member, viewer):
        assert selectors.audit_list(viewer=admin).count() == 0
        for person in (member, viewer):
            with pytest.raises(PermissionDenied):
                selectors.audit_list(viewer=person)

    def test_token_fetch_is_limited_to_the_owner(self, member, viewer):
        token, _ = services.api_token_create(actor=viewer, name="mine")
        with pytest.raises(ApiToken.DoesNotExist):
            selectors.api_token_get_for_user(viewer=member, token_id=token.pk)
        assert selectors.api_token_get_for_user(viewer=viewer, token_id=token.pk) == token

    def test_organization_name_before_and_after_it_is_set(self, admin):
        assert selectors.organization_name() == selectors.DEFAULT_ORGANIZATION_NAME
        services.organization_set(actor=admin, name="Riverbend Books")
        assert selectors.organization_name() == "Riverbend Books"
        services.organization_set(actor=admin, name="Riverbend Books Ltd")
        entry = AuditEntry.objects.get(action="organization.update")
        assert entry.before == {"name": "Riverbend Books"}
        assert entry.after == {"name": "Riverbend Books Ltd"}
