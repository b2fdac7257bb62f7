from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from typing_extensions import override

from dayone.server.core import services
from dayone.server.core.admin_base import AuditedAdmin, ReadOnlyAdmin, ServiceAdmin
from dayone.server.core.models import ApiToken, AuditEntry, Organization, User


@admin.register(User)
class DayoneUserAdmin(AuditedAdmin, UserAdmin):  # type: ignore[type-arg]
    """People: details saved and audited; a role through the role service (admin rights
    follow the role); people are deactivated, never deleted, so their name stays on their work."""

    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("dayone", {"fields": ("role", "title")}))  # type: ignore[misc]
    readonly_fields = ("is_staff", "is_superuser", "last_login", "date_joined")

    @override
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @override
    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """A refusal of the role service (the last admin, a leader made a viewer) is shown on
        the screen, and nothing of the form is saved."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    @override
    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        role = form.cleaned_data.get("role")
        if change and "role" in form.changed_data:
            form.changed_data.remove("role")
        super().save_model(request, obj, form, change)
        if role is not None and User.objects.get(pk=obj.pk).role != role:
            services.user_set_role(actor=request.user, user=User.objects.get(pk=obj.pk), role=role)  # type: ignore[arg-type]


@admin.register(Organization)
class OrganizationAdmin(ServiceAdmin):
    list_display = ("name", "created_at")
    fields = ("name", "description")

    @override
    def service_save(self, *, actor: User, stored: Any, values: dict[str, Any]) -> None:
        services.organization_set(
            actor=actor, name=values["name"], description=values["description"]
        )


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are made and revoked in the app, where the raw token is shown once."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    exclude = ("digest",)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "target_repr")
    list_filter = ("action",)
