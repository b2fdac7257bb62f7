from django.contrib import admin

from dayone.server.customers.models import Anecdote, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("label", "kept", "updated_at")
    search_fields = ("label",)
    exclude = ("centroid",)


@admin.register(Anecdote)
class AnecdoteAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("said_on", "channel", "theme", "source")
    list_filter = ("channel", "source")
    search_fields = ("text", "external_id", "customer_ref")
    raw_id_fields = ("theme", "captured_by")
    exclude = ("vector",)
