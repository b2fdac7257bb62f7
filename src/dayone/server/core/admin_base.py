"""The admin keeps the app's rules.

Records the app keeps append-only or versioned (the audit log, versions, revisions, reviews,
stances, a decision's history, an experiment's results and learning) are shown read-only: no
add, no change, no delete. Every other admin write goes through the service the app uses, so it
is validated, versioned where the app versions, and audited: :class:`ServiceAdmin` subclasses
name that service, :class:`AuditedAdmin` saves plain settings rows through ``model_update``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from typing_extensions import override

from dayone.server.core.services import audit_record, model_snapshot, model_update

if TYPE_CHECKING:
    from django.forms import ModelForm
    from django.http import HttpRequest, HttpResponse

    from dayone.server.core.models import User


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """An append-only or versioned record: shown, never added, changed or deleted here."""

    @override
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @override
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @override
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """Rows of a record that the app appends or dates: listed, never edited here."""

    extra = 0
    can_delete = False
    show_change_link = False

    @override
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @override
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @override
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ServiceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """An admin screen whose saves call the app's service for the record.

    Records are created in the app and never deleted here. A subclass implements
    :meth:`service_save`, which receives the record as it is stored and the form's values; a
    ``ValidationError`` from the service is shown on the screen and nothing is saved.
    """

    @override
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @override
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def service_save(self, *, actor: User, stored: Any, values: dict[str, Any]) -> None:
        """Call the app's service to change ``stored`` to ``values`` (the form's cleaned data)."""
        raise NotImplementedError

    @override
    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        stored = type(obj)._default_manager.get(pk=obj.pk)
        self.service_save(actor=request.user, stored=stored, values=form.cleaned_data)  # type: ignore[arg-type]

    @override
    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        """Many-to-many values went to the service with the rest; inlines are read-only."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @override
    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A plain row (a section, a person's name) saved as the services save: validated, audited."""

    @override
    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        actor: User = request.user  # type: ignore[assignment]
        names = [
            f.name
            for f in obj._meta.concrete_fields
            if f.name in form.changed_data and not f.primary_key
        ]
        with transaction.atomic():
            if not change:
                obj.full_clean()
                obj.save()
                audit_record(
                    actor=actor,
                    action=f"{obj._meta.model_name}.create",
                    target=obj,
                    after=model_snapshot(obj, names),
                )
                return
            stored = type(obj)._default_manager.get(pk=obj.pk)
            model_update(
                instance=stored,
                fields=names,
                data={name: getattr(obj, name) for name in names},
                actor=actor,
            )

    @override
    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit_record(
                actor=request.user,  # type: ignore[arg-type]
                action=f"{obj._meta.model_name}.delete",
                target=obj,
                before=model_snapshot(obj, [f.name for f in obj._meta.concrete_fields]),
            )
            obj.delete()

    @override
    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
