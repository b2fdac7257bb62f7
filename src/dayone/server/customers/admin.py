from __future__ import annotations

from django.contrib import admin

from dayone.server.core.admin_base import ReadOnlyAdmin
from dayone.server.customers.models import Anecdote, AnecdoteImport, Theme, ThemeRegrouping


@admin.register(Theme)
class ThemeAdmin(ReadOnlyAdmin):
    """Themes are renamed, merged and split on the customers page, which keeps them."""

    list_display = ("label", "kept", "updated_at")
    search_fields = ("label",)
    exclude = ("centroid",)


@admin.register(Anecdote)
class AnecdoteAdmin(ReadOnlyAdmin):
    """Anecdotes are verbatim: captured or imported, redacted on the way in."""

    list_display = ("said_on", "channel", "theme", "source")
    list_filter = ("channel", "source")
    search_fields = ("text", "external_id", "customer_ref")
    exclude = ("vector",)


@admin.register(AnecdoteImport)
class AnecdoteImportAdmin(ReadOnlyAdmin):
    list_display = ("name", "source", "received", "created", "created_at")


@admin.register(ThemeRegrouping)
class ThemeRegroupingAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "anecdotes", "themes", "moved")
