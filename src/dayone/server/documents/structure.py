"""The structure of a PR/FAQ: its parts in order, with guidance, and the Markdown it prints as.

A PR/FAQ is written part by part, not on a blank page: the five customer questions first, then
the press release, then the external and the internal FAQ. Each version stores the parts and
the Markdown composed from them; the linter, the page count and the PDF read the Markdown, and
``PrFaq.locate`` maps a line of it back to the part it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a PR/FAQ: its key, its title and what to write in it."""

    key: str
    title: str
    guidance: str
    rows: int = 3


QUESTIONS: tuple[Part, ...] = (
    Part(
        "customer",
        "Who is the customer?",
        "Name one customer precisely: who they are, how many of them there are. "
        "'Readers who buy three or more books a month', not 'book lovers'.",
    ),
    Part(
        "problem",
        "What is the customer problem or opportunity?",
        "The problem as the customer lives it, with a number for how often or how much.",
    ),
    Part(
        "benefit",
        "What is the most important customer benefit?",
        "One benefit, the one that matters most. If you list five, you have not chosen.",
        2,
    ),
    Part(
        "evidence",
        "How do you know what customers need or want?",
        "Data, research, anecdotes: say where each comes from and how many customers it covers.",
    ),
    Part(
        "experience",
        "What does the customer experience look like?",
        "Walk through it from the customer's side, step by step, from first sight to first use.",
        4,
    ),
)

PRESS_RELEASE: tuple[Part, ...] = (
    Part(
        "heading",
        "Heading",
        "The product's name, in words a customer understands: 'Riverbend Books launches ...'.",
        1,
    ),
    Part(
        "subheading",
        "Subheading",
        "One sentence: who the customer is and the benefit they get.",
        2,
    ),
    Part(
        "summary",
        "Summary",
        "City, outlet, launch date, then what the product is and does, in three or four sentences.",
    ),
    Part(
        "problem",
        "Problem",
        "The problem from the customer's point of view. No solution yet.",
    ),
    Part(
        "solution",
        "Solution",
        "How the product solves the problem, simply; what it does not do, if that matters.",
        4,
    ),
    Part(
        "leader_quote",
        "Leader quote",
        "A quote from a company leader: why we built it, in their voice.",
        2,
    ),
    Part(
        "getting_started",
        "How to get started",
        "What a customer does today to begin: where to go, what it costs.",
        2,
    ),
    Part(
        "customer_quote",
        "Customer quote",
        "A believable customer, in their words, on the benefit they got.",
        2,
    ),
    Part(
        "call_to_action",
        "Call to action",
        "One closing sentence that tells the reader where to go next.",
        1,
    ),
)

INTERNAL_CATEGORIES: tuple[Part, ...] = (
    Part(
        "market",
        "Customer and market size",
        "Who exactly is the customer, how many are there, how many will adopt it.",
    ),
    Part(
        "assumptions",
        "Problems, solutions and assumptions",
        "What must be true for this to work; which assumption is the riskiest.",
    ),
    Part(
        "economics",
        "Economics and profit and loss (P&L)",
        "Price, unit economics, the investment up front and when it pays back.",
    ),
    Part(
        "risks",
        "Dependencies and risks",
        "Which teams and third parties we need, and what happens if one says no.",
    ),
    Part(
        "feasibility",
        "Feasibility",
        "The hard problems: engineering, the customer interface, third parties, the cost.",
    ),
)

EXTERNAL_FAQ_GUIDANCE = (
    "What customers and the press would ask: price, how it works, where to get it, where to get "
    "help. Answer with a yes, a no, a number or 'we don't know yet'."
)

CUSTOMER_QUESTIONS_HEADING = "Customer questions"
EXTERNAL_FAQ_HEADING = "External FAQ"
INTERNAL_FAQ_HEADING = "Internal FAQ"


@dataclass(frozen=True, slots=True)
class QA:
    """A question and its answer."""

    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class Span:
    """Where a part sits in the composed Markdown: lines ``start`` to ``end`` (1-based)."""

    key: str
    label: str
    start: int
    end: int


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _pairs(value: Any) -> tuple[QA, ...]:
    if not isinstance(value, list):
        return ()
    out = []
    for item in value:
        if isinstance(item, dict):
            qa = QA(_text(item.get("question")), _text(item.get("answer")))
            if qa.question or qa.answer:
                out.append(qa)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PrFaq:
    """The parts of one version of a PR/FAQ."""

    questions: dict[str, str] = field(default_factory=dict)
    press: dict[str, str] = field(default_factory=dict)
    external: tuple[QA, ...] = ()
    internal: dict[str, tuple[QA, ...]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> PrFaq:
        """Read the stored parts; unknown keys and wrong types are dropped."""
        data = data if isinstance(data, dict) else {}
        questions = data.get("questions") or {}
        press = data.get("press") or {}
        internal = data.get("internal") or {}
        return cls(
            questions={p.key: _text(questions.get(p.key)) for p in QUESTIONS},
            press={p.key: _text(press.get(p.key)) for p in PRESS_RELEASE},
            external=_pairs(data.get("external")),
            internal={
                p.key: _pairs(internal.get(p.key) if isinstance(internal, dict) else None)
                for p in INTERNAL_CATEGORIES
            },
        )

    def to_json(self) -> dict[str, Any]:
        """The parts as stored with a version."""

        def pairs(items: tuple[QA, ...]) -> list[dict[str, str]]:
            return [{"question": qa.question, "answer": qa.answer} for qa in items]

        return {
            "questions": {p.key: self.questions.get(p.key, "") for p in QUESTIONS},
            "press": {p.key: self.press.get(p.key, "") for p in PRESS_RELEASE},
            "external": pairs(self.external),
            "internal": {p.key: pairs(self.internal.get(p.key, ())) for p in INTERNAL_CATEGORIES},
        }

    def texts(self) -> dict[str, str]:
        """Every written field by its form name, for size checks and error messages."""
        out: dict[str, str] = {}
        for p in QUESTIONS:
            out[f"q_{p.key}"] = self.questions.get(p.key, "")
        for p in PRESS_RELEASE:
            out[f"pr_{p.key}"] = self.press.get(p.key, "")
        for n, qa in enumerate(self.external):
            out[f"ext_q_{n}"], out[f"ext_a_{n}"] = qa.question, qa.answer
        for p in INTERNAL_CATEGORIES:
            for n, qa in enumerate(self.internal.get(p.key, ())):
                out[f"int_{p.key}_q_{n}"], out[f"int_{p.key}_a_{n}"] = qa.question, qa.answer
        return out

    def is_empty(self) -> bool:
        """True when nothing at all is written."""
        return not any(self.texts().values())

    def compose(self, title: str) -> tuple[str, tuple[Span, ...]]:
        """The Markdown the PR/FAQ prints as, and where each part sits in it.

        The customer questions come under their own heading, which the page limits do not
        count; the press release opens with its heading (the title when none is written);
        the FAQ headings start the FAQ part.
        """
        out = _Writer()
        if any(self.questions.get(p.key) for p in QUESTIONS):
            out.add(
                "customer_questions", CUSTOMER_QUESTIONS_HEADING, f"## {CUSTOMER_QUESTIONS_HEADING}"
            )
            for p in QUESTIONS:
                if self.questions.get(p.key):
                    out.add(f"q_{p.key}", p.title, f"### {p.title}")
                    out.add(f"q_{p.key}", p.title, self.questions[p.key])
        heading = self.press.get("heading") or title.strip() or "Press release"
        out.add("pr_heading", "Heading", f"# {_line(heading)}")
        for p in PRESS_RELEASE[1:]:
            text = self.press.get(p.key, "")
            if text:
                out.add(
                    f"pr_{p.key}", p.title, f"*{_line(text)}*" if p.key == "subheading" else text
                )
        if self.external:
            out.add("external", EXTERNAL_FAQ_HEADING, f"# {EXTERNAL_FAQ_HEADING}")
            out.pairs("ext", "External FAQ", self.external, "##")
        if any(self.internal.get(p.key) for p in INTERNAL_CATEGORIES):
            out.add("internal", INTERNAL_FAQ_HEADING, f"# {INTERNAL_FAQ_HEADING}")
            for p in INTERNAL_CATEGORIES:
                items = self.internal.get(p.key, ())
                if items:
                    out.add(f"int_{p.key}", p.title, f"## {p.title}")
                    out.pairs(f"int_{p.key}", p.title, items, "###")
        return "\n".join(out.lines) + "\n", tuple(out.spans)


def _line(text: str) -> str:
    return " ".join(text.split())


class _Writer:
    """Markdown written part by part, remembering the lines of each part."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.spans: list[Span] = []

    def add(self, key: str, label: str, text: str) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        start = len(self.lines) + 1
        self.lines.extend(text.split("\n"))
        self.spans.append(Span(key, label, start, len(self.lines)))

    def pairs(self, prefix: str, label: str, items: tuple[QA, ...], level: str) -> None:
        for n, qa in enumerate(items):
            name = f"{label} {n + 1}"
            self.add(f"{prefix}_q_{n}", name, f"{level} {_line(qa.question) or 'Question'}")
            if qa.answer:
                self.add(f"{prefix}_a_{n}", name, qa.answer)


def locate(spans: tuple[Span, ...], line: int) -> tuple[str, str, int]:
    """The part a line of the composed Markdown belongs to: its field key, its label and the
    line within the part (1-based)."""
    for span in spans:
        if span.start <= line <= span.end:
            return span.key, span.label, line - span.start + 1
    return "", "", line


PRFAQ_SECTIONS: tuple[str, ...] = (
    *(p.title for p in QUESTIONS),
    *(p.title for p in PRESS_RELEASE),
    EXTERNAL_FAQ_HEADING,
    *(f"{INTERNAL_FAQ_HEADING}: {p.title}" for p in INTERNAL_CATEGORIES),
)
"""The parts of a PR/FAQ a comment can be anchored to."""


def markdown_headings(text: str) -> list[str]:
    """The headings of a Markdown document (outside code blocks), in order: the sections of a
    narrative that a comment can be anchored to."""
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and stripped.startswith("#"):
            title = stripped.lstrip("#").strip().rstrip("#").strip()
            if title and stripped[len(stripped) - len(stripped.lstrip("#")) :].startswith(" "):
                out.append(title)
    return out
