from django.contrib import admin

from dayone.server.documents.models import (
    Comment,
    ConflictDraft,
    Document,
    DocumentVersion,
    Review,
    ReviewReader,
)


class VersionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DocumentVersion
    extra = 0
    fields = ("number", "based_on", "note", "pages", "findings", "author", "created_at")
    readonly_fields = fields
    can_delete = False


class ReaderInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ReviewReader
    extra = 0


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "kind", "status", "owner", "team", "updated_at")
    list_filter = ("kind", "status", "team")
    search_fields = ("title", "slug")
    inlines = (VersionInline,)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("document", "scheduled_for", "outcome", "decision")
    list_filter = ("outcome",)
    inlines = (ReaderInline,)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "document", "author", "state", "created_at")
    list_filter = ("state",)
    search_fields = ("body", "quote")


@admin.register(ConflictDraft)
class ConflictDraftAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("document", "author", "based_on", "head_number", "created_at", "closed_at")
