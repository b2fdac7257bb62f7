"""Every write of documents: create, save a version, take up a conflict, review, comment.

Versions are append-only. Each save names the version it was based on; when someone else
saved in between, the save is refused and its text kept as a conflict draft that its writer
can take up, so an edit conflict never loses either side.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from dayone.server.core.access import ensure_can_read, ensure_can_write
from dayone.server.core.services import audit_record, audited_save, model_snapshot
from dayone.server.core.validators import require_substance, substance_error
from dayone.server.decisions import services as decision_services
from dayone.server.decisions.enums import Door as DecisionDoor
from dayone.server.decisions.enums import SourceKind, SupersedeKind
from dayone.server.decisions.enums import Status as DecisionStatus
from dayone.server.documents import rules
from dayone.server.documents.enums import (
    CommentState,
    DocumentKind,
    DocumentStatus,
    ReviewOutcome,
)
from dayone.server.documents.models import (
    DEFAULT_READING_MINUTES,
    Comment,
    ConflictDraft,
    Document,
    DocumentVersion,
    Review,
    ReviewReader,
)
from dayone.server.documents.structure import QUESTIONS, PrFaq
from dayone.server.documents.writing import MAX_BODY_CHARS, TOO_LARGE, lint_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from dayone.server.core.models import User
    from dayone.server.decisions.models import Decision
    from dayone.server.teams.models import Team

TITLE_REQUIRED = "Give the document a title."
TITLE_TOO_LONG = "Keep the title under 200 characters."
KIND_UNKNOWN = "Choose a PR/FAQ or a narrative."
NOTHING_WRITTEN = "Write something before saving: an empty version helps nobody."
CONFLICT_CLOSED = "This conflict draft is already taken up or discarded."
CONFLICT_NOT_YOURS = "Only the person who wrote a conflict draft can take it up or discard it."
STATUS_MOVE = "A document that is {current} cannot become {new}."
STATUS_BY_REVIEW = "A document goes into review when a review is scheduled."
READERS_REQUIRED = "Name at least one reader."
REVIEW_NOT_NOW = "A document that is {status} is not reviewed: move it back to draft first."
REVIEW_ALREADY_OPEN = "This document already has a review scheduled; end it in an outcome first."
REVIEWABLE = frozenset({DocumentStatus.DRAFT, DocumentStatus.APPROVED})
READING_MINUTES = "Silent reading takes between 5 and 60 minutes."
REVIEW_NEEDS_VERSION = "Save a version before scheduling a review."
REVIEW_CLOSED = "This review has ended ({outcome}); it can no longer change."
NOT_A_READER = "Only the readers of this review read it silently."
OUTCOME_UNKNOWN = "Choose go, iterate or not now."
OUTCOME_NOTE = "Say why: the outcome of a review is a decision, and decisions have reasons."
OUTCOME_REFUSED = (
    "The document's owner, the person who scheduled the review or an admin records the outcome."
)
COMMENT_REQUIRED = "Write the comment."
OTHER_DOCUMENT = "That {what} belongs to another document."
QUOTE_NOT_FOUND = "This passage is not in version {number}: quote the text as it is written."
RESOLUTION_REQUIRED = "Say how the comment was resolved."
COMMENT_NOT_OPEN = "This comment is already {state}."
CARRY_NOTHING_NEWER = "There is no newer version to carry the comment to."

# A review, not a person, moves a document into review; the rest follow the outcome or its owner.
STATUS_MOVES: dict[str, frozenset[str]] = {
    DocumentStatus.DRAFT: frozenset(),
    DocumentStatus.IN_REVIEW: frozenset({DocumentStatus.DRAFT}),
    DocumentStatus.APPROVED: frozenset({DocumentStatus.SHIPPED, DocumentStatus.DRAFT}),
    DocumentStatus.NOT_NOW: frozenset({DocumentStatus.DRAFT}),
    DocumentStatus.SHIPPED: frozenset(),
}
OUTCOME_STATUS = {
    ReviewOutcome.GO: DocumentStatus.APPROVED,
    ReviewOutcome.ITERATE: DocumentStatus.DRAFT,
    ReviewOutcome.NOT_NOW: DocumentStatus.NOT_NOW,
}
DOCUMENT_FIELDS = ("kind", "title", "slug", "owner", "team", "status")


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What a save did: a new version, or a refused save kept as a conflict draft."""

    version: DocumentVersion | None = None
    conflict: ConflictDraft | None = None

    @property
    def saved(self) -> bool:
        """Whether the save made a new version."""
        return self.version is not None


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def document_url(document: Document) -> str:
    """The page of a document."""
    return reverse("documents:detail", args=[document.pk])


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70].strip("-") or "document"
    slug, n = base, 1
    while Document.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _content(
    *, kind: str, title: str, body: str, parts: PrFaq | None
) -> tuple[str, dict[str, object] | None]:
    """Validate a version's text and return its Markdown and parts. Errors name the field."""
    errors: dict[str, str] = {}
    title = " ".join(title.split())
    if not title:
        errors["title"] = TITLE_REQUIRED
    elif len(title) > 200:
        errors["title"] = TITLE_TOO_LONG
    stored: dict[str, object] | None = None
    if kind == DocumentKind.PRFAQ:
        parts = parts or PrFaq()
        texts = parts.texts()
        markdown = parts.compose(title)[0]
        if len(markdown) > MAX_BODY_CHARS:
            field = max(texts, key=lambda name: len(texts[name]))
            errors[field] = TOO_LARGE.format(size=len(markdown), limit=MAX_BODY_CHARS)
        elif parts.is_empty():
            errors["q_customer"] = NOTHING_WRITTEN
        stored = parts.to_json()
    elif kind == DocumentKind.NARRATIVE:
        markdown = body.replace("\r\n", "\n").strip() + "\n"
        if len(markdown) > MAX_BODY_CHARS:
            errors["body"] = TOO_LARGE.format(size=len(markdown), limit=MAX_BODY_CHARS)
        elif not markdown.strip():
            errors["body"] = NOTHING_WRITTEN
    else:
        errors["kind"] = KIND_UNKNOWN
        markdown = ""
    if errors:
        raise ValidationError(errors)
    return markdown, stored


def _add_version(
    *,
    actor: User,
    document: Document,
    markdown: str,
    parts: dict[str, object] | None,
    note: str,
    based_on: int | None,
    at: datetime,
) -> DocumentVersion:
    number = (document.head.number if document.head else 0) + 1
    report = lint_text(document.kind, markdown)
    version = DocumentVersion(
        document=document,
        number=number,
        based_on=based_on,
        body=markdown,
        parts=parts,
        note=note.strip()[:200],
        pages=report.pages,
        findings=len(report.findings),
        author=actor,
        created_at=at,
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def document_create(
    *,
    actor: User,
    kind: str,
    title: str,
    team: Team | None = None,
    owner: User | None = None,
    body: str = "",
    parts: PrFaq | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Document:
    """Start a PR/FAQ or a narrative with its first version. The writer owns it unless
    someone else is named."""
    ensure_can_write(actor)
    markdown, stored = _content(kind=kind, title=title, body=body, parts=parts)
    now = _now(at)
    title = " ".join(title.split())
    document = Document(
        kind=kind,
        title=title,
        slug=_unique_slug(title),
        owner=owner or actor,
        team=team,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    document.full_clean()
    document.save()
    version = _add_version(
        actor=actor,
        document=document,
        markdown=markdown,
        parts=stored,
        note=note or "First draft",
        based_on=None,
        at=now,
    )
    document.head = version
    document.save(update_fields=["head"])
    audit_record(
        actor=actor,
        action="document.create",
        target=document,
        after=model_snapshot(document, DOCUMENT_FIELDS),
    )
    return document


@transaction.atomic
def document_save(
    *,
    actor: User,
    document: Document,
    based_on: int,
    title: str,
    body: str = "",
    parts: PrFaq | None = None,
    note: str = "",
    conflict: ConflictDraft | None = None,
    at: datetime | None = None,
) -> SaveResult:
    """Save a new version based on version ``based_on``.

    When someone saved a newer version in the meantime, nothing is overwritten: the text is
    kept as a conflict draft for its writer (returned in the result) and no version is made.
    Saving from a conflict draft closes it.
    """
    ensure_can_write(actor)
    if conflict is not None and conflict.document_id != document.pk:
        raise ValidationError({"conflict": OTHER_DOCUMENT.format(what="conflict draft")})
    markdown, stored = _content(kind=document.kind, title=title, body=body, parts=parts)
    now = _now(at)
    locked = (
        Document.objects.select_for_update(of=("self",)).select_related("head").get(pk=document.pk)
    )
    head = locked.head.number if locked.head else 0
    if based_on != head:
        draft = ConflictDraft(
            document=locked,
            based_on=based_on,
            head_number=head,
            title=" ".join(title.split()),
            body=markdown,
            parts=stored,
            note=note.strip()[:200],
            author=actor,
            created_at=now,
        )
        draft.full_clean()
        draft.save()
        audit_record(
            actor=actor,
            action="document.conflict",
            target=locked,
            after={"based_on": based_on, "head": head, "conflict": draft.pk},
        )
        return SaveResult(conflict=draft)
    before = model_snapshot(locked, ("title", "head"))
    version = _add_version(
        actor=actor,
        document=locked,
        markdown=markdown,
        parts=stored,
        note=note,
        based_on=based_on,
        at=now,
    )
    locked.head = version
    locked.title = " ".join(title.split())
    locked.updated_at = now
    locked.full_clean()
    locked.save(update_fields=["head", "title", "updated_at"])
    if conflict is not None:
        _close_conflict(actor=actor, conflict=conflict, at=now)
    audit_record(
        actor=actor,
        action="document.save",
        target=locked,
        before=before,
        after=model_snapshot(locked, ("title", "head")),
    )
    document.head, document.title, document.updated_at = version, locked.title, now
    return SaveResult(version=version)


def _close_conflict(*, actor: User, conflict: ConflictDraft, at: datetime) -> None:
    if conflict.author_id != actor.pk:
        raise PermissionDenied(CONFLICT_NOT_YOURS)
    if conflict.closed_at is not None:
        raise ValidationError(CONFLICT_CLOSED)
    conflict.closed_at = at
    conflict.save(update_fields=["closed_at"])


@transaction.atomic
def conflict_discard(*, actor: User, conflict: ConflictDraft) -> ConflictDraft:
    """Its writer puts a conflict draft away (it stays in the audit log and the database)."""
    ensure_can_write(actor)
    _close_conflict(actor=actor, conflict=conflict, at=timezone.now())
    audit_record(
        actor=actor,
        action="document.conflict_discard",
        target=conflict.document,
        before={"conflict": conflict.pk, "closed_at": None},
        after=model_snapshot(conflict, ("closed_at",)),
    )
    return conflict


@transaction.atomic
def document_set_details(
    *, actor: User, document: Document, owner: User, team: Team | None
) -> Document:
    """Change who owns a document and which team it belongs to."""
    ensure_can_write(actor)
    return audited_save(
        actor=actor,
        instance=document,
        action="document.details",
        changes={"owner": owner, "team": team},
    )


@transaction.atomic
def document_set_status(*, actor: User, document: Document, status: str) -> Document:
    """Move a document on: an approved PR/FAQ ships; a 'not now' one returns to draft."""
    ensure_can_write(actor)
    if status == DocumentStatus.IN_REVIEW:
        raise ValidationError({"status": STATUS_BY_REVIEW})
    if status not in STATUS_MOVES.get(document.status, frozenset()):
        current = DocumentStatus(document.status).label.lower()
        new = DocumentStatus(status).label.lower() if status in DocumentStatus.values else status
        raise ValidationError({"status": STATUS_MOVE.format(current=current, new=new)})
    return audited_save(
        actor=actor, instance=document, action="document.status", changes={"status": status}
    )


@transaction.atomic
def review_schedule(
    *,
    actor: User,
    document: Document,
    scheduled_for: datetime,
    readers: Iterable[User],
    reading_minutes: int = DEFAULT_READING_MINUTES,
    at: datetime | None = None,
) -> Review:
    """Schedule a review of the latest version with its readers; the document goes into review."""
    ensure_can_write(actor)
    people = list(dict.fromkeys(readers))
    errors: dict[str, str] = {}
    if not people:
        errors["readers"] = READERS_REQUIRED
    if not 5 <= reading_minutes <= 60:
        errors["reading_minutes"] = READING_MINUTES
    if document.head is None:
        errors["scheduled_for"] = REVIEW_NEEDS_VERSION
    elif document.reviews.filter(outcome="").exists():
        errors["scheduled_for"] = REVIEW_ALREADY_OPEN
    elif document.status not in REVIEWABLE:
        status = DocumentStatus(document.status).label.lower()
        errors["scheduled_for"] = REVIEW_NOT_NOW.format(status=status)
    if errors:
        raise ValidationError(errors)
    assert document.head is not None  # noqa: S101 - checked above
    review = Review(
        document=document,
        version=document.head,
        scheduled_for=scheduled_for,
        reading_minutes=reading_minutes,
        created_by=actor,
        created_at=_now(at),
    )
    review.full_clean()
    review.save()
    ReviewReader.objects.bulk_create([ReviewReader(review=review, reader=p) for p in people])
    before = model_snapshot(document, ("status",))
    document.status = DocumentStatus.IN_REVIEW
    document.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="document.review_schedule",
        target=document,
        before=before,
        after={
            "status": document.status,
            "review": review.pk,
            "version": review.version.number,
            "scheduled_for": scheduled_for.isoformat(),
            "readers": [p.pk for p in people],
        },
    )
    return review


def _reader_row(actor: User, review: Review) -> ReviewReader:
    row = ReviewReader.objects.filter(review=review, reader=actor).first()
    if row is None:
        raise PermissionDenied(NOT_A_READER)
    return row


def _ensure_review_open(review: Review) -> None:
    if not review.is_open:
        outcome = ReviewOutcome(review.outcome).label.lower()
        raise ValidationError(REVIEW_CLOSED.format(outcome=outcome))


@transaction.atomic
def review_reading_start(
    *, actor: User, review: Review, at: datetime | None = None
) -> ReviewReader:
    """A reader opens the document for silent reading; the timer starts once. Readers with
    the viewer role read too: their reading is their own."""
    ensure_can_read(actor)
    _ensure_review_open(review)
    row = _reader_row(actor, review)
    if row.started_at is None:
        row.started_at = _now(at)
        row.save(update_fields=["started_at"])
        audit_record(
            actor=actor,
            action="document.reading_start",
            target=review.document,
            before={"review": review.pk, "started_at": None},
            after={"review": review.pk, "started_at": row.started_at.isoformat()},
        )
    return row


@transaction.atomic
def review_reading_done(*, actor: User, review: Review, at: datetime | None = None) -> ReviewReader:
    """A reader is done reading: from now on they see what the others wrote."""
    ensure_can_read(actor)
    _ensure_review_open(review)
    row = _reader_row(actor, review)
    now = _now(at)
    if row.done_at is None:
        row.started_at = row.started_at or now
        row.done_at = now
        row.save(update_fields=["started_at", "done_at"])
        audit_record(
            actor=actor,
            action="document.reading_done",
            target=review.document,
            before={"review": review.pk, "done_at": None},
            after={"review": review.pk, "done_at": now.isoformat()},
        )
    return row


def _may_decide(actor: User, review: Review) -> bool:
    document = review.document
    return actor.is_admin or actor.pk in {document.owner_id, review.created_by_id}


def review_go_facts(review: Review, *, at: datetime | None = None) -> rules.GoFacts:
    """What the go rules read about ``review``: readers, open questions and comments, findings,
    pages over the limit, and the time to the meeting."""
    version, document = review.version, review.document
    unanswered: list[str] = []
    if document.kind == DocumentKind.PRFAQ:
        parts = PrFaq.from_json(version.parts)
        unanswered = [p.title for p in QUESTIONS if not parts.questions.get(p.key)]
        pairs = [*parts.external, *(qa for qas in parts.internal.values() for qa in qas)]
        unanswered += [qa.question for qa in pairs if qa.question and not qa.answer]
    report = lint_text(document.kind, version.body)
    counts = report.counts
    rows = review.reader_rows.select_related("reader").order_by("pk")
    seconds = (review.scheduled_for - _now(at)).total_seconds()
    return rules.GoFacts(
        readers=[(str(row.reader), row.done_at is not None) for row in rows],
        unanswered=unanswered,
        open_comments=document.comments.filter(state=CommentState.OPEN).count(),
        findings=counts["error"] + counts["warning"],
        over_limit=[
            (s.label, s.pages, s.limit) for s in report.sections if s.over and s.limit is not None
        ],
        minutes_to_meeting=math.ceil(seconds / 60),
    )


def _check_go(review: Review, waivers: Mapping[str, str], at: datetime | None) -> dict[str, str]:
    """The waivers a go needs, each checked for substance; raises when something is open."""
    facts = review_go_facts(review, at=at)
    reading = rules.reading_error(facts)
    if reading:
        raise ValidationError({"outcome": reading})
    errors = rules.go_errors(facts, waivers)
    items = rules.open_items(facts)
    kept: dict[str, str] = {}
    for key in items:
        if f"waive_{key}" in errors:
            continue
        problem = substance_error(waivers.get(key, ""), what="waiver")
        if problem:
            errors[f"waive_{key}"] = problem
        else:
            kept[key] = waivers[key].strip()
    if errors:
        raise ValidationError(errors)
    return kept


def _outcome_decision(
    *, actor: User, review: Review, outcome: str, note: str, at: datetime
) -> Decision:
    """A new decision, decided at once, that says what the review decided. A later outcome of
    the same document is a new decision that reverses (or corrects) the previous one."""
    document = review.document
    label = ReviewOutcome(outcome).label
    kind = SourceKind.PRFAQ if document.kind == DocumentKind.PRFAQ else SourceKind.OTHER
    prefix = "PR/FAQ" if document.kind == DocumentKind.PRFAQ else "Narrative"
    title = f"{prefix}: {document.title}"
    previous = (
        Review.objects.filter(document=document, decision__isnull=False)
        .exclude(pk=review.pk)
        .select_related("decision")
        .order_by("-decided_at", "-pk")
        .first()
    )
    common: dict[str, Any] = {
        "actor": actor,
        "question": f"Go ahead with '{document.title}'?",
        "context": f"Review of version {review.version.number} ended in {label.lower()}: {note}",
        "door": DecisionDoor.TWO_WAY,
        "information_pct": 70,
        "decide_by": timezone.localdate(at),
        "decider": actor,
        "options": [decision_services.OptionInput(str(o.label)) for o in ReviewOutcome],
        "at": at,
    }
    before = previous.decision if previous is not None else None
    if before is not None and before.status == DecisionStatus.DECIDED:
        same = previous is not None and previous.outcome == outcome
        decision = decision_services.decision_supersede(
            decision=before,
            kind=SupersedeKind.CORRECTION if same else SupersedeKind.REVERSAL,
            by_source=True,
            **common,
        )
        decision_services.decision_link_source(
            actor=actor,
            decision=decision,
            kind=kind,
            ref=document.slug,
            title=title,
            url=document_url(document),
            at=at,
        )
    else:
        decision = decision_services.decision_create(
            source=decision_services.SourceInput(
                kind, document.slug, title, document_url(document)
            ),
            kept_by_source=True,
            **common,
        )
    chosen = decision.options.get(label=label)
    return decision_services.decision_decide(
        actor=actor, decision=decision, option=chosen, rationale=note, at=at
    )


@transaction.atomic
def review_outcome_record(
    *,
    actor: User,
    review: Review,
    outcome: str,
    note: str,
    waivers: Mapping[str, str] | None = None,
    at: datetime | None = None,
) -> Review:
    """End the review in go, iterate or not now, with the reasons. The document's status
    follows, and a decision records the outcome, decided at once: the two always agree.

    A go needs the reading done and every open item (unanswered questions, open comments,
    writing-bar findings, pages over the limit, no readers, before the meeting) answered or
    waived in ``waivers`` (item key to reason, see ``rules.WAIVABLE``).
    """
    ensure_can_write(actor)
    _ensure_review_open(review)
    if not _may_decide(actor, review):
        raise PermissionDenied(OUTCOME_REFUSED)
    errors: dict[str, str] = {}
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = OUTCOME_UNKNOWN
    note_error = substance_error(note, what="reason", missing=OUTCOME_NOTE)
    if note_error:
        errors["outcome_note"] = note_error
    if errors:
        raise ValidationError(errors)
    kept = _check_go(review, waivers or {}, at) if outcome == ReviewOutcome.GO else {}
    now = _now(at)
    document = review.document
    decision = _outcome_decision(
        actor=actor, review=review, outcome=outcome, note=note.strip(), at=now
    )
    review.outcome, review.outcome_note, review.decided_at = outcome, note.strip(), now
    review.decision, review.waivers = decision, kept
    review.full_clean()
    review.save(update_fields=["outcome", "outcome_note", "decided_at", "decision", "waivers"])
    before = model_snapshot(document, ("status",))
    document.status = OUTCOME_STATUS[ReviewOutcome(outcome)]
    document.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="document.review_outcome",
        target=document,
        before=before,
        after={
            "status": document.status,
            "review": review.pk,
            "outcome": outcome,
            "decision": decision.pk,
            "waivers": kept,
        },
    )
    return review


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


@transaction.atomic
def comment_add(
    *,
    actor: User,
    document: Document,
    body: str,
    section: str = "",
    quote: str = "",
    version: DocumentVersion | None = None,
    review: Review | None = None,
    at: datetime | None = None,
) -> Comment:
    """Comment on a passage of a version (the latest unless named): the section it is in and
    the words quoted, which must be in that version."""
    ensure_can_write(actor)
    version = version or document.head
    errors: dict[str, str] = {}
    if not body.strip():
        errors["body"] = COMMENT_REQUIRED
    elif len(body) > MAX_BODY_CHARS // 10:
        errors["body"] = TOO_LARGE.format(size=len(body), limit=MAX_BODY_CHARS // 10)
    if version is None:
        errors["body"] = REVIEW_NEEDS_VERSION
    elif version.document_id != document.pk:
        errors["version"] = OTHER_DOCUMENT.format(what="version")
    elif review is not None and review.document_id != document.pk:
        errors["review"] = OTHER_DOCUMENT.format(what="review")
    elif quote.strip() and _squash(quote) not in _squash(version.body):
        errors["quote"] = QUOTE_NOT_FOUND.format(number=version.number)
    if errors:
        raise ValidationError(errors)
    assert version is not None  # noqa: S101 - checked above
    comment = Comment(
        document=document,
        version=version,
        review=review,
        section=section.strip()[:200],
        quote=" ".join(quote.split()),
        body=body.strip(),
        author=actor,
        created_at=_now(at),
    )
    comment.full_clean()
    comment.save()
    audit_record(
        actor=actor,
        action="document.comment",
        target=document,
        after=model_snapshot(comment, ("version", "review", "section", "quote", "body")),
    )
    return comment


def _ensure_comment_open(comment: Comment) -> None:
    if comment.state != CommentState.OPEN:
        state = CommentState(comment.state).label.lower()
        raise ValidationError(COMMENT_NOT_OPEN.format(state=state))


@transaction.atomic
def comment_resolve(
    *, actor: User, comment: Comment, resolution: str, at: datetime | None = None
) -> Comment:
    """Close a comment with how it was resolved (usually: fixed in the next version)."""
    ensure_can_write(actor)
    _ensure_comment_open(comment)
    require_substance(
        resolution, field="resolution", what="resolution", missing=RESOLUTION_REQUIRED
    )
    before = model_snapshot(comment, ("state", "resolution"))
    comment.state = CommentState.RESOLVED
    comment.resolution = resolution.strip()
    comment.resolved_by = actor
    comment.resolved_at = _now(at)
    comment.full_clean()
    comment.save(update_fields=["state", "resolution", "resolved_by", "resolved_at"])
    audit_record(
        actor=actor,
        action="document.comment_resolve",
        target=comment.document,
        before=before,
        after=model_snapshot(comment, ("state", "resolution")),
    )
    return comment


@transaction.atomic
def comment_carry(*, actor: User, comment: Comment, at: datetime | None = None) -> Comment:
    """Carry an open comment to the latest version: it stays open there, and the original
    points to it. A quote no longer in the new text is kept, marked as gone by the reader."""
    ensure_can_write(actor)
    _ensure_comment_open(comment)
    head = comment.document.head
    if head is None or head.number <= comment.version.number:
        raise ValidationError(CARRY_NOTHING_NEWER)
    now = _now(at)
    carried = Comment(
        document=comment.document,
        version=head,
        section=comment.section,
        quote=comment.quote,
        body=comment.body,
        author=comment.author,
        carried_from=comment,
        created_at=now,
    )
    carried.full_clean()
    carried.save()
    comment.state = CommentState.CARRIED
    comment.resolved_by, comment.resolved_at = actor, now
    comment.save(update_fields=["state", "resolved_by", "resolved_at"])
    audit_record(
        actor=actor,
        action="document.comment_carry",
        target=comment.document,
        before={"comment": comment.pk, "version": comment.version.number},
        after={"comment": carried.pk, "version": head.number},
    )
    return carried
