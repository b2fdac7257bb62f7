"""Every read of documents, permission-checked: the list with its filters, one document, its
versions and conflicts, its reviews, and the comments a viewer may see.

Silent reading is enforced here: while a reader of an open review has not marked their
reading done, the comments of others on that document are not returned to them, in the
pages or the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from dayone.server.core.access import ensure_can_read
from dayone.server.decisions.enums import SourceKind
from dayone.server.documents.enums import CommentState
from dayone.server.documents.models import (
    Comment,
    ConflictDraft,
    Document,
    DocumentVersion,
    Review,
    ReviewReader,
)
from dayone.server.documents.writing import DiffRow, diff_rows

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.server.decisions.models import Decision


@dataclass(frozen=True, slots=True)
class DocumentFilters:
    """What the documents list can be narrowed by (the page and the API share it)."""

    status: str = ""
    kind: str = ""
    owner: str = ""
    team: str = ""
    q: str = ""


def document_list(
    *, viewer: User | AnonymousUser, filters: DocumentFilters | None = None
) -> QuerySet[Document]:
    """Documents with their owner, team and latest version, most recently changed first,
    with ``version_count`` and ``open_comments``. ``q`` searches the title and the latest text."""
    ensure_can_read(viewer)
    filters = filters or DocumentFilters()
    documents = (
        Document.objects.select_related("owner", "team", "head")
        .annotate(
            version_count=Count("versions", distinct=True),
            open_comments=Count(
                "comments", filter=Q(comments__state=CommentState.OPEN), distinct=True
            ),
        )
        .order_by("-updated_at", "-pk")
    )
    if filters.status:
        documents = documents.filter(status=filters.status)
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.owner:
        documents = documents.filter(owner__username=filters.owner)
    if filters.team:
        documents = documents.filter(team__slug=filters.team)
    if filters.q:
        documents = documents.filter(
            Q(title__icontains=filters.q) | Q(head__body__icontains=filters.q)
        )
    return documents


def document_list_for_decision(
    *, viewer: User | AnonymousUser, decision: Decision
) -> QuerySet[Document]:
    """The documents a decision is about: those whose review ended in it, and the PR/FAQs it
    links to (its links loaded), by title."""
    ensure_can_read(viewer)
    refs = [link.ref for link in decision.links.all() if link.kind == SourceKind.PRFAQ]
    return (
        Document.objects.select_related("owner")
        .filter(Q(reviews__decision=decision) | Q(slug__in=refs))
        .distinct()
        .order_by("title", "pk")
    )


def document_owner_list(*, viewer: User | AnonymousUser) -> QuerySet[User]:
    """The people who own at least one document, for the owner filter."""
    ensure_can_read(viewer)
    owners = Document.objects.values("owner_id")
    return (
        get_user_model()
        .objects.filter(pk__in=owners)
        .order_by("first_name", "last_name", "username")
    )


def document_get_for_user(*, viewer: User | AnonymousUser, document_id: int) -> Document:
    """One document with its owner, team and latest version (raises ``Document.DoesNotExist``).
    Everyone signed in reads every document: narratives are written to be read."""
    ensure_can_read(viewer)
    return Document.objects.select_related("owner", "team", "head", "head__author").get(
        pk=document_id
    )


def version_list(*, viewer: User | AnonymousUser, document: Document) -> QuerySet[DocumentVersion]:
    """A document's versions, newest first, without their text."""
    ensure_can_read(viewer)
    return (
        DocumentVersion.objects.filter(document=document)
        .select_related("author")
        .defer("body", "parts")
        .order_by("-number")
    )


def version_get(
    *, viewer: User | AnonymousUser, document: Document, number: int
) -> DocumentVersion:
    """One version of a document (raises ``DocumentVersion.DoesNotExist``)."""
    ensure_can_read(viewer)
    return DocumentVersion.objects.select_related("author").get(document=document, number=number)


@dataclass(frozen=True, slots=True)
class VersionDiff:
    """Two versions side by side, with what changed."""

    old: DocumentVersion
    new: DocumentVersion
    rows: list[DiffRow]
    changed: int
    added: int
    removed: int


def version_diff(
    *, viewer: User | AnonymousUser, document: Document, old: int, new: int
) -> VersionDiff:
    """Compare two versions of a document line by line (unchanged runs folded)."""
    first = version_get(viewer=viewer, document=document, number=old)
    second = version_get(viewer=viewer, document=document, number=new)
    rows = diff_rows(first.body, second.body, context=3)
    edits = [r for r in rows if r.tag not in {"equal", "skip"}]
    changed = sum(1 for r in edits if r.old_number is not None and r.new_number is not None)
    added = sum(1 for r in edits if r.old_number is None)
    removed = sum(1 for r in edits if r.new_number is None)
    return VersionDiff(first, second, rows, changed, added, removed)


def conflict_list_for_user(
    *, viewer: User | AnonymousUser, document: Document
) -> QuerySet[ConflictDraft]:
    """The viewer's own open conflict drafts of a document, newest first."""
    ensure_can_read(viewer)
    return ConflictDraft.objects.filter(
        document=document, author_id=viewer.pk, closed_at__isnull=True
    ).order_by("-created_at", "-pk")


def conflict_get_for_user(*, viewer: User | AnonymousUser, conflict_id: int) -> ConflictDraft:
    """One of the viewer's own conflict drafts (raises ``ConflictDraft.DoesNotExist``)."""
    ensure_can_read(viewer)
    return ConflictDraft.objects.select_related("document", "document__head").get(
        pk=conflict_id, author_id=viewer.pk
    )


def _reviews() -> QuerySet[Review]:
    return Review.objects.select_related("version", "created_by", "decision").prefetch_related(
        Prefetch("reader_rows", queryset=ReviewReader.objects.select_related("reader"))
    )


def review_list(*, viewer: User | AnonymousUser, document: Document) -> list[Review]:
    """A document's reviews with their readers, the latest first."""
    ensure_can_read(viewer)
    return list(_reviews().filter(document=document).order_by("-scheduled_for", "-pk"))


def review_get_for_user(*, viewer: User | AnonymousUser, review_id: int) -> Review:
    """One review with its document and readers (raises ``Review.DoesNotExist``)."""
    ensure_can_read(viewer)
    return (
        _reviews().select_related("document", "document__owner", "document__head").get(pk=review_id)
    )


def reading_in_progress(*, viewer: User | AnonymousUser, document: Document) -> ReviewReader | None:
    """The viewer's reading of an open review of this document that they have not finished:
    while there is one, they read in silence."""
    ensure_can_read(viewer)
    return (
        ReviewReader.objects.select_related("review")
        .filter(
            reader_id=viewer.pk,
            done_at__isnull=True,
            review__document=document,
            review__outcome="",
        )
        .order_by("review__scheduled_for", "pk")
        .first()
    )


def reading_queue(*, viewer: User | AnonymousUser) -> list[ReviewReader]:
    """The open reviews the viewer is a reader of and has not finished reading, soonest first."""
    ensure_can_read(viewer)
    return list(
        ReviewReader.objects.select_related("review", "review__document", "review__version")
        .filter(reader_id=viewer.pk, done_at__isnull=True, review__outcome="")
        .order_by("review__scheduled_for", "pk")
    )


@dataclass(frozen=True, slots=True)
class CommentView:
    """The comments a viewer may see, and how many are hidden while they read in silence."""

    comments: list[Comment]
    hidden: int
    silent: ReviewReader | None


def comment_list_for_user(*, viewer: User | AnonymousUser, document: Document) -> CommentView:
    """A document's comments, oldest first, with their version and author. A reader who has
    not finished the silent reading of an open review sees only their own."""
    ensure_can_read(viewer)
    silent = reading_in_progress(viewer=viewer, document=document)
    comments = Comment.objects.filter(document=document).select_related(
        "author", "version", "resolved_by", "carried_from__version"
    )
    hidden = 0
    if silent is not None:
        hidden = comments.exclude(author_id=viewer.pk).count()
        comments = comments.filter(author_id=viewer.pk)
    return CommentView(list(comments.order_by("created_at", "pk")), hidden, silent)


def comment_get_for_user(*, viewer: User | AnonymousUser, comment_id: int) -> Comment:
    """One comment the viewer may see (raises ``Comment.DoesNotExist``; a comment hidden by
    silent reading is not found)."""
    ensure_can_read(viewer)
    comment = Comment.objects.select_related("document", "document__head", "version", "author").get(
        pk=comment_id
    )
    silent = reading_in_progress(viewer=viewer, document=comment.document)
    if silent is not None and comment.author_id != viewer.pk:
        raise Comment.DoesNotExist
    return comment
