"""What a review needs before it ends in go: the reading done, and every open item answered or
waived in writing.

The module is pure: services hand it the facts of one review (``GoFacts``), it makes no query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

READING_NOT_DONE = (
    "A go needs the reading done: still reading or not yet read: {names}. Wait for them, or "
    "end the review in iterate and schedule it with the readers who attend."
)
ITEM_OPEN = "{item} Answer it, or waive it with a reason."

WAIVABLE: tuple[tuple[str, str], ...] = (
    ("questions", "Unanswered questions"),
    ("comments", "Open comments"),
    ("findings", "Writing-bar findings"),
    ("length", "Over the page limit"),
    ("readers", "No readers"),
    ("early", "Before the meeting"),
)
"""The open items a go may waive with a reason, by key, with the label a form shows."""


@dataclass(frozen=True)
class GoFacts:
    """What the go rules read about one review."""

    readers: Sequence[tuple[str, bool]]
    """Each reader's name and whether they finished reading."""
    unanswered: Sequence[str]
    """The questions of the reviewed version that have no answer."""
    open_comments: int
    findings: int
    over_limit: Sequence[tuple[str, int, int]]
    """The parts over their page limit: (part, pages, limit)."""
    minutes_to_meeting: int
    """Minutes until the meeting starts; zero or less once it has."""


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def reading_error(facts: GoFacts) -> str | None:
    """Why the reading is not done, or ``None``."""
    unread = [name for name, done in facts.readers if not done]
    return READING_NOT_DONE.format(names=", ".join(unread)) if unread else None


def open_items(facts: GoFacts) -> dict[str, str]:
    """The open items of a review by key, each with what is open."""
    items: dict[str, str] = {}
    if facts.unanswered:
        shown = "; ".join(f"'{q}'" for q in facts.unanswered[:3])
        more = f" and {len(facts.unanswered) - 3} more" if len(facts.unanswered) > 3 else ""
        count = _count(len(facts.unanswered), "question has", "questions have")
        items["questions"] = f"{count} no answer: {shown}{more}."
    if facts.open_comments:
        items["comments"] = (
            f"{_count(facts.open_comments, 'comment is', 'comments are')} still open."
        )
    if facts.findings:
        items["findings"] = f"The version has {facts.findings} open writing-bar findings."
    for part, pages, limit in facts.over_limit:
        items["length"] = f"The {part.lower()} runs {pages} pages; the limit is {limit}."
    if not facts.readers:
        items["readers"] = "Nobody read the document."
    if facts.minutes_to_meeting > 0:
        items["early"] = f"The meeting starts in {facts.minutes_to_meeting} minutes."
    return items


def go_errors(facts: GoFacts, waivers: Mapping[str, str]) -> dict[str, str]:
    """The open items not waived, by the form field that takes each waiver."""
    return {
        f"waive_{key}": ITEM_OPEN.format(item=item)
        for key, item in open_items(facts).items()
        if not waivers.get(key, "").strip()
    }
