"""What the server does with a document's text: render it safely, lint it and measure its
pages with ``dayone.prose``, export it to PDF, and compare two texts line by line."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

from dayone import prose
from dayone.server.documents.enums import DocumentKind
from dayone.server.documents.structure import Span, locate

MAX_BODY_CHARS = 120_000
"""The longest document the editor accepts: about 20,000 words, three times a six-page
narrative with its appendices. Larger pastes are refused, not cut."""

TOO_LARGE = (
    "This text has {size:,} characters; the limit is {limit:,} (about 20,000 words). "
    "A narrative fits on six pages: move detail to an appendix or another document."
)

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)
_TAGS = {
    "a", "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s",
    "code", "pre", "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_SECTION_LABELS = {
    "press-release": "Press release",
    "faq": "FAQ",
    "narrative": "Narrative",
    "uncounted": "Customer questions",
    "appendix": "Appendix",
    "document": "Document",
}


def render_markdown(text: str) -> str:
    """Markdown as HTML that is safe to show: raw HTML is escaped by the parser, then nh3
    keeps only plain formatting tags and http, https and mailto links."""
    html = _MARKDOWN.render(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def prose_kind(kind: str) -> prose.Kind:
    """The linter's kind for a document kind."""
    return prose.Kind.PRFAQ if kind == DocumentKind.PRFAQ else prose.Kind.NARRATIVE


def too_large(text: str) -> str | None:
    """The error for a text over the limit, or ``None``."""
    if len(text) > MAX_BODY_CHARS:
        return TOO_LARGE.format(size=len(text), limit=MAX_BODY_CHARS)
    return None


@dataclass(frozen=True, slots=True)
class LocatedFinding:
    """A linter finding with the part of the PR/FAQ it is in (empty for narratives)."""

    finding: prose.Finding
    part_key: str
    part: str
    part_line: int


@dataclass(frozen=True, slots=True)
class SectionPages:
    """The measured pages of one part against its limit."""

    name: str
    label: str
    pages: int
    limit: int | None

    @property
    def over(self) -> bool:
        """Whether the part runs past its limit."""
        return self.limit is not None and self.pages > self.limit


@dataclass(frozen=True, slots=True)
class LintReport:
    """What the linter says about a text, and its pages as it prints."""

    findings: tuple[LocatedFinding, ...]
    pages: int
    sections: tuple[SectionPages, ...]
    error: str = ""

    @property
    def counts(self) -> dict[str, int]:
        """Findings by severity."""
        out = {"error": 0, "warning": 0, "info": 0}
        for item in self.findings:
            out[str(item.finding.severity)] += 1
        return out


def lint_text(kind: str, body: str, spans: tuple[Span, ...] = ()) -> LintReport:
    """Lint ``body`` (the Markdown of a document of ``kind``) and measure its pages."""
    error = too_large(body)
    if error:
        return LintReport((), 0, (), error)
    resolved = prose_kind(kind)
    try:
        findings = prose.lint(body, kind=resolved)
        measured = prose.measure_pages(body, resolved)
    except prose.DocumentError as exc:
        return LintReport((), 0, (), str(exc))
    located = []
    for finding in findings:
        key, label, line = locate(spans, finding.line) if spans else ("", "", finding.line)
        located.append(LocatedFinding(finding, key, label, line))
    sections = tuple(
        SectionPages(s.name, _SECTION_LABELS.get(s.name, s.name), s.pages, s.limit)
        for s in measured.sections
        if s.name != "appendix" or s.pages
    )
    return LintReport(tuple(located), measured.pages, sections)


def export_pdf(kind: str, body: str, title: str) -> bytes:
    """The document as a PDF, laid out exactly as the linter measured it."""
    return prose.render_pdf(body, prose_kind(kind), title=title)


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of words in a changed line, and whether it is part of the change."""

    text: str
    changed: bool


_WORDS = re.compile(r"\s+|[^\s]+")


def _pieces(old: str, new: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """The words of two versions of a line, with the changed ones marked."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left: list[Piece] = []
    right: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        changed = tag != "equal"
        if i2 > i1:
            left.append(Piece("".join(a[i1:i2]), changed))
        if j2 > j1:
            right.append(Piece("".join(b[j1:j2]), changed))
    return tuple(left), tuple(right)


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One row of a side-by-side comparison: ``equal``, ``replace``, ``delete`` or ``insert``.
    A line changed on both sides has its words marked in ``old_pieces`` and ``new_pieces``."""

    tag: str
    old_number: int | None
    old: str
    new_number: int | None
    new: str
    old_pieces: tuple[Piece, ...] = ()
    new_pieces: tuple[Piece, ...] = ()


def diff_rows(old: str, new: str, *, context: int | None = None) -> list[DiffRow]:
    """Compare two texts line by line, side by side. With ``context``, unchanged runs longer
    than twice that are folded to a marker row (tag ``skip``)."""
    a, b = old.split("\n"), new.split("\n")
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            span = list(range(i2 - i1))
            if context is not None and len(span) > 2 * context + 1:
                keep = [*span[:context], -1, *span[len(span) - context :]]
                if i1 == 0:
                    keep = [-1, *span[len(span) - context :]]
                if i2 == len(a):
                    keep = [*span[:context], -1]
            else:
                keep = span
            for k in keep:
                if k < 0:
                    rows.append(DiffRow("skip", None, "", None, ""))
                else:
                    rows.append(DiffRow("equal", i1 + k + 1, a[i1 + k], j1 + k + 1, b[j1 + k]))
            continue
        height = max(i2 - i1, j2 - j1)
        for k in range(height):
            oi, nj = i1 + k, j1 + k
            both = oi < i2 and nj < j2
            left, right = _pieces(a[oi], b[nj]) if both else ((), ())
            rows.append(
                DiffRow(
                    tag if tag == "replace" else ("delete" if oi < i2 else "insert"),
                    oi + 1 if oi < i2 else None,
                    a[oi] if oi < i2 else "",
                    nj + 1 if nj < j2 else None,
                    b[nj] if nj < j2 else "",
                    left,
                    right,
                )
            )
    return rows
