"""API of documents: list and search, read, write versions (with edit conflicts), compare,
lint, reviews with silent reading, comments and outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field, StrictBool

from dayone.server.core import selectors as core_selectors
from dayone.server.core.access import ensure_can_read
from dayone.server.core.api_types import ObjectIn, RowId
from dayone.server.core.pagination import Page, PageIn, page_of
from dayone.server.core.utils import current_user
from dayone.server.documents import selectors, services
from dayone.server.documents.enums import DocumentKind, ReviewOutcome
from dayone.server.documents.models import (
    DEFAULT_READING_MINUTES,
    Comment,
    ConflictDraft,
    Document,
    DocumentVersion,
    Review,
)
from dayone.server.documents.services import document_url
from dayone.server.documents.structure import (
    INTERNAL_CATEGORIES,
    PRESS_RELEASE,
    QA,
    QUESTIONS,
    PrFaq,
)
from dayone.server.documents.writing import LintReport, lint_text
from dayone.server.teams import selectors as org_selectors

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django.http import HttpRequest


router = Router(tags=["documents"])


class QAIn(ObjectIn):
    question: str = ""
    answer: str = ""


class PartsIn(ObjectIn):
    """A PR/FAQ's parts: the five questions and the press release by key, the external FAQ,
    and the internal FAQ by category."""

    questions: dict[str, str] = {}
    press: dict[str, str] = {}
    external: list[QAIn] = []
    internal: dict[str, list[QAIn]] = {}


class DocumentIn(Schema):
    kind: DocumentKind
    title: str
    team: str | None = None
    owner: str | None = None
    body: str = ""
    parts: PartsIn | None = None
    note: str = ""


class VersionIn(Schema):
    based_on: int
    title: str
    body: str = ""
    parts: PartsIn | None = None
    note: str = ""
    conflict: int | None = None


class LintIn(Schema):
    kind: DocumentKind
    title: str = ""
    body: str = ""
    parts: PartsIn | None = None


class DocumentReviewIn(Schema):
    scheduled_for: datetime
    readers: list[str]
    reading_minutes: int = DEFAULT_READING_MINUTES


class ReadingIn(Schema):
    done: StrictBool = False


class OutcomeIn(Schema):
    outcome: ReviewOutcome
    note: str
    waivers: dict[str, str] = Field(
        default_factory=dict,
        description="For a go with open items: item (questions, comments, findings, length, "
        "readers, early) to the reason for going ahead",
    )


class CommentIn(Schema):
    body: str
    section: str = ""
    quote: str = ""
    version: int | None = None
    review: int | None = None


class CommentResolveIn(Schema):
    resolution: str


class StatusIn(Schema):
    status: str


class DocumentFilterIn(Schema):
    status: str = ""
    kind: str = ""
    owner: str = ""
    team: str = ""
    q: str = ""


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    slug: str
    status: str
    owner: str
    team: str | None
    version: int | None
    pages: int | None
    updated_at: datetime
    url: str


class DocumentVersionOut(Schema):
    number: int
    based_on: int | None
    note: str
    pages: int
    findings: int
    author: str | None
    created_at: datetime


class VersionDetailOut(DocumentVersionOut):
    title: str
    body: str
    parts: dict[str, Any] | None


class ReaderOut(Schema):
    reader: str
    started_at: datetime | None
    done_at: datetime | None


class DocumentReviewOut(Schema):
    id: int
    version: int
    scheduled_for: datetime
    reading_minutes: int
    readers: list[ReaderOut]
    outcome: str
    outcome_note: str
    decided_at: datetime | None
    decision: int | None


class DocumentDetailOut(DocumentOut):
    head: VersionDetailOut | None
    reviews: list[DocumentReviewOut]


class CommentOut(Schema):
    id: int
    version: int
    review: int | None
    author: str
    section: str
    quote: str
    body: str
    state: str
    resolution: str
    carried_from: int | None
    created_at: datetime


class CommentsOut(Schema):
    comments: list[CommentOut]
    hidden: int
    reading_in_silence: bool


class WritingFindingOut(Schema):
    rule: str
    severity: str
    message: str
    suggestion: str | None
    line: int
    column: int
    part: str
    part_line: int


class SectionOut(Schema):
    name: str
    pages: int
    limit: int | None
    over: bool


class LintOut(Schema):
    pages: int
    sections: list[SectionOut]
    findings: list[WritingFindingOut]
    error: str


class DiffRowOut(Schema):
    tag: str
    old_number: int | None
    old: str
    new_number: int | None
    new: str


class DiffOut(Schema):
    old: int
    new: int
    changed: int
    added: int
    removed: int
    rows: list[DiffRowOut]


class ConflictOut(Schema):
    detail: str
    conflict: int
    based_on: int
    latest: int
    yours: str
    theirs: str


def _parts(parts: PartsIn | None) -> PrFaq:
    """The parts as written; unknown part names are refused, naming the field."""
    parts = parts or PartsIn()
    known = {
        "questions": {p.key for p in QUESTIONS},
        "press": {p.key for p in PRESS_RELEASE},
        "internal": {p.key for p in INTERNAL_CATEGORIES},
    }
    given: dict[str, Mapping[str, object]] = {
        "questions": parts.questions,
        "press": parts.press,
        "internal": parts.internal,
    }
    errors = {
        f"parts.{group}.{key}": f"No part '{key}'; use one of: {', '.join(sorted(known[group]))}."
        for group, values in given.items()
        for key in values
        if key not in known[group]
    }
    if errors:
        raise ValidationError(errors)

    def pairs(items: list[QAIn]) -> tuple[QA, ...]:
        out = (QA(i.question.strip(), i.answer.strip()) for i in items)
        return tuple(qa for qa in out if qa.question or qa.answer)

    return PrFaq(
        questions={p.key: parts.questions.get(p.key, "").strip() for p in QUESTIONS},
        press={p.key: parts.press.get(p.key, "").strip() for p in PRESS_RELEASE},
        external=pairs(parts.external),
        internal={p.key: pairs(parts.internal.get(p.key, [])) for p in INTERNAL_CATEGORIES},
    )


def _content(kind: str, body: str, parts: PartsIn | None) -> dict[str, Any]:
    if kind == DocumentKind.PRFAQ:
        return {"parts": _parts(parts)}
    return {"body": body}


def _document(request: HttpRequest, document_id: int) -> Document:
    try:
        return selectors.document_get_for_user(viewer=request.user, document_id=document_id)
    except Document.DoesNotExist as exc:
        raise Http404("No such document.") from exc


def _review(request: HttpRequest, review_id: int) -> Review:
    try:
        return selectors.review_get_for_user(viewer=request.user, review_id=review_id)
    except Review.DoesNotExist as exc:
        raise Http404("No such review.") from exc


def _comment(request: HttpRequest, comment_id: int) -> Comment:
    try:
        return selectors.comment_get_for_user(viewer=request.user, comment_id=comment_id)
    except Comment.DoesNotExist as exc:
        raise Http404("No such comment.") from exc


def _document_out(document: Document) -> dict[str, Any]:
    head = document.head
    return {
        "id": document.pk,
        "kind": document.kind,
        "title": document.title,
        "slug": document.slug,
        "status": document.status,
        "owner": document.owner.username,
        "team": document.team.slug if document.team else None,
        "version": head.number if head else None,
        "pages": head.pages if head else None,
        "updated_at": document.updated_at,
        "url": document_url(document),
    }


def _version_out(version: DocumentVersion, *, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": version.number,
        "based_on": version.based_on,
        "note": version.note,
        "pages": version.pages,
        "findings": version.findings,
        "author": version.author.username if version.author else None,
        "created_at": version.created_at,
    }
    if detail:
        out.update({"title": version.document.title, "body": version.body, "parts": version.parts})
    return out


def _review_out(review: Review) -> dict[str, Any]:
    return {
        "id": review.pk,
        "version": review.version.number,
        "scheduled_for": review.scheduled_for,
        "reading_minutes": review.reading_minutes,
        "readers": [
            {"reader": row.reader.username, "started_at": row.started_at, "done_at": row.done_at}
            for row in review.reader_rows.all()
        ],
        "outcome": review.outcome,
        "outcome_note": review.outcome_note,
        "decided_at": review.decided_at,
        "decision": review.decision_id,
    }


def _comment_out(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "version": comment.version.number,
        "review": comment.review_id,
        "author": comment.author.username,
        "section": comment.section,
        "quote": comment.quote,
        "body": comment.body,
        "state": comment.state,
        "resolution": comment.resolution,
        "carried_from": comment.carried_from_id,
        "created_at": comment.created_at,
    }


def _detail(request: HttpRequest, document_id: int) -> dict[str, Any]:
    document = _document(request, document_id)
    head = document.head
    return {
        **_document_out(document),
        "head": _version_out(head, detail=True) if head else None,
        "reviews": [
            _review_out(r) for r in selectors.review_list(viewer=request.user, document=document)
        ],
    }


def _lint_out(report: LintReport) -> dict[str, Any]:
    return {
        "pages": report.pages,
        "sections": [
            {"name": s.name, "pages": s.pages, "limit": s.limit, "over": s.over}
            for s in report.sections
        ],
        "findings": [
            {
                "rule": item.finding.rule,
                "severity": str(item.finding.severity),
                "message": item.finding.message,
                "suggestion": item.finding.suggestion,
                "line": item.finding.line,
                "column": item.finding.column,
                "part": item.part_key,
                "part_line": item.part_line,
            }
            for item in report.findings
        ],
        "error": report.error,
    }


@router.get("/", response=Page[DocumentOut], summary="Documents, filtered and searched")
def document_list(
    request: HttpRequest, filters: Query[DocumentFilterIn], page: Query[PageIn]
) -> dict[str, Any]:
    documents = selectors.document_list(
        viewer=request.user, filters=selectors.DocumentFilters(**filters.model_dump())
    )
    return page_of(documents, page, render=lambda chunk: [_document_out(d) for d in chunk])


@router.post("/", response={201: DocumentDetailOut}, summary="Start a document")
def document_create(request: HttpRequest, payload: DocumentIn) -> Status[dict[str, Any]]:
    document = services.document_create(
        actor=current_user(request),
        kind=payload.kind,
        title=payload.title,
        team=org_selectors.team_named(viewer=request.user, slug=payload.team),
        owner=core_selectors.user_named(viewer=request.user, username=payload.owner, field="owner"),
        note=payload.note,
        **_content(payload.kind, payload.body, payload.parts),
    )
    return Status(201, _detail(request, document.pk))


@router.post("/lint", response=LintOut, summary="Lint a text and measure its pages")
def document_lint(request: HttpRequest, payload: LintIn) -> dict[str, Any]:
    ensure_can_read(request.user)
    if payload.kind == DocumentKind.PRFAQ:
        body, spans = _parts(payload.parts).compose(payload.title)
        return _lint_out(lint_text(payload.kind, body, spans))
    return _lint_out(lint_text(payload.kind, payload.body))


@router.get("/{document_id}", response=DocumentDetailOut, summary="One document")
def document_detail(request: HttpRequest, document_id: int) -> dict[str, Any]:
    return _detail(request, document_id)


@router.get(
    "/{document_id}/versions", response=list[DocumentVersionOut], summary="Versions, newest first"
)
def version_list(request: HttpRequest, document_id: int) -> list[dict[str, Any]]:
    document = _document(request, document_id)
    return [_version_out(v) for v in selectors.version_list(viewer=request.user, document=document)]


@router.get(
    "/{document_id}/versions/{number}",
    response=VersionDetailOut,
    summary="One version with its text",
)
def version_detail(request: HttpRequest, document_id: int, number: int) -> dict[str, Any]:
    document = _document(request, document_id)
    try:
        version = selectors.version_get(viewer=request.user, document=document, number=number)
    except DocumentVersion.DoesNotExist as exc:
        raise Http404("No such version.") from exc
    version.document = document
    return _version_out(version, detail=True)


@router.post(
    "/{document_id}/versions",
    response={201: VersionDetailOut, 409: ConflictOut},
    summary="Save a new version based on the version you edited",
    description="When someone saved a newer version first, nothing is overwritten: the answer "
    "is 409 with both texts, and your text is kept as a conflict draft.",
)
def version_create(
    request: HttpRequest, document_id: int, payload: VersionIn
) -> Status[dict[str, Any]]:
    document = _document(request, document_id)
    conflict = None
    if payload.conflict is not None:
        try:
            conflict = selectors.conflict_get_for_user(
                viewer=request.user, conflict_id=payload.conflict
            )
        except ConflictDraft.DoesNotExist as exc:
            raise ValidationError({"conflict": "No such conflict draft of yours."}) from exc
    result = services.document_save(
        actor=current_user(request),
        document=document,
        based_on=payload.based_on,
        title=payload.title,
        note=payload.note,
        conflict=conflict,
        **_content(document.kind, payload.body, payload.parts),
    )
    if result.conflict is not None:
        draft = result.conflict
        document.refresh_from_db()
        head = document.head
        return Status(
            409,
            {
                "detail": f"Version {draft.head_number} was saved after version "
                f"{draft.based_on}; your text is kept as conflict draft {draft.pk}.",
                "conflict": draft.pk,
                "based_on": draft.based_on,
                "latest": draft.head_number,
                "yours": draft.body,
                "theirs": head.body if head else "",
            },
        )
    assert result.version is not None  # noqa: S101 - saved
    result.version.document = document
    return Status(201, _version_out(result.version, detail=True))


@router.get("/{document_id}/diff", response=DiffOut, summary="Compare two versions")
def version_diff(request: HttpRequest, document_id: int, old: RowId, new: RowId) -> dict[str, Any]:
    document = _document(request, document_id)
    try:
        diff = selectors.version_diff(viewer=request.user, document=document, old=old, new=new)
    except DocumentVersion.DoesNotExist as exc:
        raise Http404("No such version.") from exc
    return {
        "old": old,
        "new": new,
        "changed": diff.changed,
        "added": diff.added,
        "removed": diff.removed,
        "rows": [
            {
                "tag": r.tag,
                "old_number": r.old_number,
                "old": r.old,
                "new_number": r.new_number,
                "new": r.new,
            }
            for r in diff.rows
        ],
    }


@router.post("/{document_id}/status", response=DocumentDetailOut, summary="Ship, or back to draft")
def document_status(request: HttpRequest, document_id: int, payload: StatusIn) -> dict[str, Any]:
    document = _document(request, document_id)
    services.document_set_status(
        actor=current_user(request), document=document, status=payload.status
    )
    return _detail(request, document_id)


@router.post(
    "/{document_id}/reviews", response={201: DocumentReviewOut}, summary="Schedule a review"
)
def review_schedule(
    request: HttpRequest, document_id: int, payload: DocumentReviewIn
) -> Status[dict[str, Any]]:
    document = _document(request, document_id)
    review = services.review_schedule(
        actor=current_user(request),
        document=document,
        scheduled_for=payload.scheduled_for,
        readers=[
            core_selectors.user_get_by_username(viewer=request.user, username=name, field="readers")
            for name in payload.readers
        ],
        reading_minutes=payload.reading_minutes,
    )
    return Status(201, _review_out(_review(request, review.pk)))


@router.post(
    "/reviews/{review_id}/reading",
    response=DocumentReviewOut,
    summary="Start reading, or mark reading done",
)
def review_reading(request: HttpRequest, review_id: int, payload: ReadingIn) -> dict[str, Any]:
    review = _review(request, review_id)
    if payload.done:
        services.review_reading_done(actor=current_user(request), review=review)
    else:
        services.review_reading_start(actor=current_user(request), review=review)
    return _review_out(_review(request, review_id))


@router.post(
    "/reviews/{review_id}/outcome",
    response=DocumentReviewOut,
    summary="End the review: go, iterate or not now (links a decision)",
)
def review_outcome(request: HttpRequest, review_id: int, payload: OutcomeIn) -> dict[str, Any]:
    review = _review(request, review_id)
    services.review_outcome_record(
        actor=current_user(request),
        review=review,
        outcome=payload.outcome,
        note=payload.note,
        waivers=payload.waivers,
    )
    return _review_out(_review(request, review_id))


@router.get(
    "/{document_id}/comments",
    response=CommentsOut,
    summary="Comments (others' hidden while you read in silence)",
)
def comment_list(request: HttpRequest, document_id: int) -> dict[str, Any]:
    document = _document(request, document_id)
    view = selectors.comment_list_for_user(viewer=request.user, document=document)
    return {
        "comments": [_comment_out(c) for c in view.comments],
        "hidden": view.hidden,
        "reading_in_silence": view.silent is not None,
    }


@router.post(
    "/{document_id}/comments",
    response={201: CommentOut},
    summary="Comment on a passage",
)
def comment_add(
    request: HttpRequest, document_id: int, payload: CommentIn
) -> Status[dict[str, Any]]:
    document = _document(request, document_id)
    version = None
    if payload.version is not None:
        try:
            version = selectors.version_get(
                viewer=request.user, document=document, number=payload.version
            )
        except DocumentVersion.DoesNotExist as exc:
            raise ValidationError({"version": f"No version {payload.version}."}) from exc
    review = None
    if payload.review is not None:
        review = _review(request, payload.review)
        if review.document_id != document.pk:
            raise ValidationError({"review": "That review is of another document."})
        version = version or review.version
    comment = services.comment_add(
        actor=current_user(request),
        document=document,
        body=payload.body,
        section=payload.section,
        quote=payload.quote,
        version=version,
        review=review,
    )
    return Status(201, _comment_out(_comment(request, comment.pk)))


@router.post("/comments/{comment_id}/resolve", response=CommentOut, summary="Resolve a comment")
def comment_resolve(
    request: HttpRequest, comment_id: int, payload: CommentResolveIn
) -> dict[str, Any]:
    comment = _comment(request, comment_id)
    services.comment_resolve(
        actor=current_user(request), comment=comment, resolution=payload.resolution
    )
    return _comment_out(_comment(request, comment_id))


@router.post(
    "/comments/{comment_id}/carry",
    response={201: CommentOut},
    summary="Carry an open comment to the latest version",
)
def comment_carry(request: HttpRequest, comment_id: int) -> Status[dict[str, Any]]:
    comment = _comment(request, comment_id)
    carried = services.comment_carry(actor=current_user(request), comment=comment)
    return Status(201, _comment_out(_comment(request, carried.pk)))
