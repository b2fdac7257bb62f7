from __future__ import annotations

from django.contrib import admin

from dayone.server.core.admin_base import ReadOnlyAdmin, ReadOnlyInline
from dayone.server.documents.models import (
    Comment,
    ConflictDraft,
    Document,
    DocumentVersion,
    Review,
    ReviewReader,
)


class VersionInline(ReadOnlyInline):
    model = DocumentVersion
    fields = ("number", "based_on", "note", "pages", "findings", "author", "created_at")
    readonly_fields = fields


class ReaderInline(ReadOnlyInline):
    model = ReviewReader


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Every save of a document is a version, made in the editor."""

    list_display = ("title", "kind", "status", "owner", "team", "updated_at")
    list_filter = ("kind", "status", "team")
    search_fields = ("title", "slug")
    inlines = (VersionInline,)


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ("document", "number", "author", "created_at")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    """A review's outcome is a decision of its own, made in the review."""

    list_display = ("document", "scheduled_for", "outcome", "decision")
    list_filter = ("outcome",)
    inlines = (ReaderInline,)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "document", "author", "state", "created_at")
    list_filter = ("state",)
    search_fields = ("body", "quote")


@admin.register(ConflictDraft)
class ConflictDraftAdmin(ReadOnlyAdmin):
    list_display = ("document", "author", "based_on", "head_number", "created_at", "closed_at")
