"""Riverbend Books' documents, for the demo: the Riverbend Plus PR/FAQ (approved and shipped),
the textbook rental PR/FAQ (not now) and the peak season narrative (go), each written over
several versions, commented on, and reviewed. Early versions keep a few of the linter's
findings, as first drafts do; reviews end in outcomes linked to decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.utils import timezone

from dayone.server.core.demo import DemoContext, demo_loader
from dayone.server.documents import services
from dayone.server.documents.enums import DocumentKind, DocumentStatus
from dayone.server.documents.models import Comment, Document, DocumentVersion, Review
from dayone.server.documents.structure import PrFaq
from dayone.server.teams import selectors as org_selectors

if TYPE_CHECKING:
    from dayone.server.core.models import User


@dataclass(frozen=True)
class Note:
    """A comment: who, on which version (0-based), the section, the passage and the text; then
    resolved in a later version, carried to it, or left open."""

    who: str
    version: int
    section: str
    quote: str
    body: str
    resolve: str = ""
    carry: bool = False
    review: int | None = None


@dataclass(frozen=True)
class Meeting:
    """A review: after which version (0-based), how many days after it, who reads, the outcome."""

    version: int
    days_after: int
    readers: tuple[str, ...]
    outcome: str
    note: str
    done: tuple[str, ...] = ()
    waivers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Spec:
    """One demo document and its history."""

    kind: str
    title: str
    slug: str
    owner: str
    team: str
    days_ago: tuple[int, ...]
    versions: tuple[Any, ...]
    notes: tuple[str, ...]
    comments: tuple[Note, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    shipped: bool = False


DATA = Path(__file__).with_name("demo_data")
DOCUMENTS = ("riverbend-plus", "textbook-rental", "peak-season-plan")
"""The data files, in the order they are loaded (the later ones refer to the earlier)."""


def _meeting(data: dict[str, Any]) -> Meeting:
    return Meeting(
        **{
            **data,
            "readers": tuple(data["readers"]),
            "done": tuple(data.get("done", ())),
            "waivers": tuple(tuple(waiver) for waiver in data.get("waivers", ())),
        }
    )


def _spec(data: dict[str, Any]) -> Spec:
    """One document of its data file: a PR/FAQ's versions as parts, a narrative's as text."""
    prfaq = data["kind"] == DocumentKind.PRFAQ
    return Spec(
        **{
            **data,
            "days_ago": tuple(data["days_ago"]),
            "versions": tuple(PrFaq.from_json(v) if prfaq else v for v in data["versions"]),
            "notes": tuple(data["notes"]),
            "comments": tuple(Note(**note) for note in data.get("comments", ())),
            "meetings": tuple(_meeting(meeting) for meeting in data.get("meetings", ())),
        }
    )


def demo_specs() -> tuple[Spec, ...]:
    """Riverbend Books' documents, in the order they are loaded."""
    return tuple(
        _spec(yaml.safe_load((DATA / f"{slug}.yaml").read_text(encoding="utf-8")))
        for slug in DOCUMENTS
    )


def _moment(ctx: DemoContext, days_ago: int, hour: int = 10) -> datetime:
    day = ctx.end - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _content(spec: Spec, version: Any) -> dict[str, Any]:
    if spec.kind == DocumentKind.PRFAQ:
        return {"parts": version}
    return {"body": version}


def _load_one(spec: Spec, ctx: DemoContext, people: dict[str, User]) -> Document:
    owner = people[spec.owner]
    team = org_selectors.team_get(viewer=owner, slug=spec.team)
    document = services.document_create(
        actor=owner,
        kind=spec.kind,
        title=spec.title,
        team=team,
        note=spec.notes[0],
        at=_moment(ctx, spec.days_ago[0]),
        **_content(spec, spec.versions[0]),
    )
    if document.slug != spec.slug:
        document.slug = spec.slug
        document.save(update_fields=["slug"])
    versions: list[DocumentVersion] = [document.head] if document.head else []
    comments: dict[int, Comment] = {}
    reviews: dict[int, Review] = {}
    for index in range(len(spec.versions)):
        if index:
            result = services.document_save(
                actor=owner,
                document=document,
                based_on=index,
                title=spec.title,
                note=spec.notes[index],
                at=_moment(ctx, spec.days_ago[index]),
                **_content(spec, spec.versions[index]),
            )
            assert result.version is not None  # noqa: S101 - nobody else edits the demo
            versions.append(result.version)
            _settle(spec, index, comments, people, ctx)
        for number, meeting in enumerate(spec.meetings):
            if meeting.version == index:
                reviews[number] = _schedule(spec, meeting, document, people, ctx)
        for position, note in enumerate(spec.comments):
            if note.version == index:
                at = _moment(ctx, spec.days_ago[index] - (2 if note.review is None else 0), 15)
                review = None
                if note.review is not None:
                    review = reviews[note.review]
                    at = review.scheduled_for + timedelta(minutes=10 + position)
                comments[position] = services.comment_add(
                    actor=people[note.who],
                    document=document,
                    section=note.section,
                    quote=note.quote,
                    body=note.body,
                    version=versions[index],
                    review=review,
                    at=at,
                )
        for number, meeting in enumerate(spec.meetings):
            if meeting.version == index:
                _conclude(meeting, reviews[number], people)
    if spec.shipped:
        services.document_set_status(actor=owner, document=document, status=DocumentStatus.SHIPPED)
    return document


def _settle(
    spec: Spec, index: int, comments: dict[int, Comment], people: dict[str, User], ctx: DemoContext
) -> None:
    """Resolve or carry the comments of the previous version when the next one is saved."""
    owner = people[spec.owner]
    for position, note in enumerate(spec.comments):
        comment = comments.get(position)
        if comment is None or comment.version.number != index or comment.state != "open":
            continue
        at = _moment(ctx, spec.days_ago[index], 11)
        if note.carry:
            comment = services.comment_carry(actor=owner, comment=comment, at=at)
            comments[position] = comment
        if note.resolve:
            services.comment_resolve(actor=owner, comment=comment, resolution=note.resolve, at=at)


def _schedule(
    spec: Spec, meeting: Meeting, document: Document, people: dict[str, User], ctx: DemoContext
) -> Review:
    when = _moment(ctx, spec.days_ago[meeting.version] - meeting.days_after, 14)
    return services.review_schedule(
        actor=people[spec.owner],
        document=document,
        scheduled_for=when,
        readers=[people[name] for name in meeting.readers],
        reading_minutes=25,
        at=when - timedelta(days=2),
    )


def _conclude(meeting: Meeting, review: Review, people: dict[str, User]) -> None:
    start = review.scheduled_for
    for offset, name in enumerate(meeting.done):
        services.review_reading_start(actor=people[name], review=review, at=start)
        services.review_reading_done(
            actor=people[name], review=review, at=start + timedelta(minutes=21 + offset)
        )
    owner = review.document.owner
    decided_at = start + timedelta(minutes=55)
    services.review_outcome_record(
        actor=owner,
        review=review,
        outcome=meeting.outcome,
        note=meeting.note,
        waivers=dict(meeting.waivers),
        at=decided_at,
    )


@demo_loader(after=("teams", "decisions"))
def load_demo(ctx: DemoContext) -> str:
    """Add Riverbend Books' PR/FAQs and narrative with their versions, comments and reviews."""
    people = dict(ctx.people)
    specs = demo_specs()
    made = [_load_one(spec, ctx, people) for spec in specs]
    versions = sum(len(spec.versions) for spec in specs)
    ctx.note(f"Added {len(made)} documents with {versions} versions")
    return f"{len(made)} documents"
