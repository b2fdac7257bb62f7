"""The parts of dayone, in the order the navigation shows them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Section:
    """One top-level part of the product."""

    key: str
    label: str
    url_name: str
    summary: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


SECTIONS: tuple[Section, ...] = (
    Section(
        "documents",
        "Documents",
        "documents:index",
        "PR/FAQs and six-page narratives, written to a bar and reviewed in silence first.",
    ),
    Section(
        "wbr",
        "WBR",
        "wbr:index",
        "Input and output metrics, reviewed every week in the same deck.",
    ),
    Section(
        "weblab",
        "Weblab",
        "weblab:index",
        "Experiments from assignment to decision: many small bets, read with sound statistics.",
    ),
    Section(
        "decisions",
        "Decisions",
        "decisions:index",
        "One-way and two-way doors, disagree and commit, escalation before exhaustion.",
    ),
    Section(
        "teams",
        "Teams & Goals",
        "teams:index",
        "Single-threaded teams, their initiatives and their S-Team-style goals.",
    ),
    Section(
        "hiring",
        "Hiring",
        "hiring:index",
        "Interview loops with a Bar Raiser, written feedback before the debrief.",
    ),
    Section(
        "customers",
        "Customers",
        "customers:index",
        "Customer anecdotes beside the metrics, and ideas that need a written no.",
    ),
)


def active_section(path: str) -> str | None:
    """The key of the section a URL path belongs to, for highlighting the navigation."""
    prefixes = {
        "/documents": "documents",
        "/wbr": "wbr",
        "/weblab": "weblab",
        "/decisions": "decisions",
        "/teams": "teams",
        "/goals": "teams",
        "/hiring": "hiring",
        "/customers": "customers",
    }
    for prefix, key in prefixes.items():
        if path.startswith(prefix):
            return key
    return None
