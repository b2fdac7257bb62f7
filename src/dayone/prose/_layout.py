"""The printed page: lay a Markdown document out with real font metrics, count its pages.

Page counts are measured, not guessed: the document is typeset with ReportLab's platypus
(the standard PDF fonts, whose metrics ship with the library) on the page that ``PageSpec``
defines, and the PDF that comes out is the export. Measuring and exporting are the same
function, so the exported PDF always has the page count the linter reported.

Each part of a document that has its own limit starts on a new page: for a PR/FAQ, the
press release, the FAQ and the appendices. Appendices never count against a limit.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from markdown_it import MarkdownIt
from markdown_it.token import Token
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    PageBreak,
    Paragraph,
    Preformatted,
    SimpleDocTemplate,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError
from typing_extensions import override

from dayone.prose._errors import DocumentError
from dayone.prose._model import FONTS, Kind, PageSpec
from dayone.prose._text import WORD, _blank, check_size, normalise, split_front_matter

_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_SAFE_LINK = re.compile(r"(?i)^(https?:|mailto:)")
_INDENT = 18.0


@dataclass(frozen=True, slots=True)
class SectionRules:
    """How a document splits into parts, and the page limit of each part by kind."""

    limits: Mapping[str, int] = field(hash=False)
    faq_heading: str
    appendix_heading: str
    uncounted_heading: str

    def key(self) -> tuple[Any, ...]:
        """A hashable key for caching."""
        return (
            tuple(sorted(self.limits.items())),
            self.faq_heading,
            self.appendix_heading,
            self.uncounted_heading,
        )


@dataclass(frozen=True, slots=True)
class SectionMeasure:
    """The measured length of one part of a document.

    ``name`` is ``press-release``, ``faq``, ``narrative``, ``appendix``, ``uncounted`` (the
    five customer questions of a PR/FAQ) or ``document`` (when the kind is not known).
    ``overflow_line`` is the first source line (1-based) laid out past the limit, and
    ``overflow_words`` about how many words would have to go to meet it.
    """

    name: str
    start_line: int
    pages: int
    words: int
    limit: int | None = None
    overflow_line: int | None = None
    overflow_words: int = 0

    @property
    def over_limit(self) -> bool:
        """Whether this part runs past its page limit."""
        return self.limit is not None and self.pages > self.limit


@dataclass(frozen=True, slots=True)
class PageMeasure:
    """The page count of a document as it prints, in total and for each of its parts."""

    kind: Kind | None
    pages: int
    sections: tuple[SectionMeasure, ...]
    page: PageSpec

    def section(self, name: str) -> SectionMeasure | None:
        """The part called ``name``, if the document has one."""
        return next((s for s in self.sections if s.name == name), None)


# -- blocks ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Block:
    line: int
    flowables: list[Flowable]
    words: int
    heading: int = 0
    title: str = ""
    section: str = ""


class _Mark(Flowable):
    """An invisible flowable that records the page it lands on."""

    def __init__(self, record: list[int], index: int) -> None:
        super().__init__()
        self._record = record
        self._index = index
        self.width = self.height = 0

    @override
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self._record[self._index] = self.canv.getPageNumber()


class _Styles:
    def __init__(self, page: PageSpec) -> None:
        bold, italic, _ = FONTS[page.font]
        size, leading, space = page.font_size, page.leading, page.paragraph_space_pt
        self.page = page
        self.body = ParagraphStyle(
            "body", fontName=page.font, fontSize=size, leading=leading, spaceAfter=space
        )
        self.quote = ParagraphStyle("quote", parent=self.body, fontName=italic)
        self.cell = ParagraphStyle("cell", parent=self.body, spaceAfter=0)
        self.head_cell = ParagraphStyle("head_cell", parent=self.cell, fontName=bold)
        self.headings = [
            ParagraphStyle(
                f"h{level}",
                parent=self.body,
                fontName=bold,
                fontSize=round(size * scale, 2),
                leading=round(size * scale * page.line_spacing, 2),
                spaceBefore=space * (2 if level <= 2 else 1),
                spaceAfter=space,
            )
            for level, scale in enumerate((1.45, 1.25, 1.1, 1.0, 1.0, 1.0), start=1)
        ]
        code_size = max(4.0, round(size * 0.82, 2))
        self.code = ParagraphStyle(
            "code",
            fontName="Courier",
            fontSize=code_size,
            leading=round(code_size * 1.2, 2),
            spaceAfter=space,
        )
        self.code_chars = int((page.width - 2 * page.margin_pt) / (code_size * 0.6))


def _inline(token: Token) -> str:
    """ReportLab paragraph markup for an inline token; everything the user wrote is escaped."""
    out: list[str] = []
    links: list[bool] = []
    for child in token.children or ():
        kind = child.type
        if kind in _SIMPLE_TAGS:
            out.append(_SIMPLE_TAGS[kind])
        elif kind == "code_inline":
            out.append(f'<font face="Courier">{escape(child.content)}</font>')
        elif kind == "link_open":
            href = str(child.attrGet("href") or "")
            safe = bool(_SAFE_LINK.match(href))
            links.append(safe)
            if safe:
                out.append(f'<a href={quoteattr(href)} color="#1a4f8a">')
        elif kind == "link_close":
            if links and links.pop():
                out.append("</a>")
        elif kind == "image":
            out.append(f"<i>[{escape(child.content)}]</i>")
        elif kind != "html_inline":
            out.append(escape(child.content))
    return "".join(out)


_SIMPLE_TAGS = {
    "softbreak": " ",
    "hardbreak": "<br/>",
    "strong_open": "<b>",
    "strong_close": "</b>",
    "em_open": "<i>",
    "em_close": "</i>",
    "s_open": "<strike>",
    "s_close": "</strike>",
}


def _words(text: str) -> int:
    return len(WORD.findall(text))


class _Builder:
    """Turns markdown-it tokens into blocks of flowables, each tied to its source line."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.blocks: list[_Block] = []
        self.lists: list[list[int]] = []  # per open list: [next number or -1 for bullets]
        self.quotes = 0
        self.bullet: str | None = None

    def indent(self) -> float:
        return _INDENT * (len(self.lists) + self.quotes)

    def feed(self, tokens: Sequence[Token]) -> list[_Block]:
        i = 0
        while i < len(tokens):
            i = self._token(tokens, i)
        return self.blocks

    def _token(self, tokens: Sequence[Token], i: int) -> int:
        token = tokens[i]
        kind = token.type
        line = token.map[0] if token.map else 0
        if kind == "heading_open":
            level = int(token.tag[1:])
            inline = tokens[i + 1]
            style = self.styles.headings[level - 1]
            flowable = Paragraph(_inline(inline), style)
            self.blocks.append(
                _Block(line, [flowable], _words(inline.content), level, inline.content.strip())
            )
            return i + 3
        if kind == "paragraph_open":
            inline = tokens[i + 1]
            self._paragraph(inline, line)
            return i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else -1
            self.lists.append([start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            counter = self.lists[-1]
            if counter[0] < 0:
                self.bullet = "\u2022"
            else:
                self.bullet = f"{counter[0]}."
                counter[0] += 1
        elif kind == "blockquote_open":
            self.quotes += 1
        elif kind == "blockquote_close":
            self.quotes -= 1
        elif kind in ("fence", "code_block"):
            self._code(token, line)
        elif kind == "hr":
            rule = HRFlowable(width="100%", thickness=0.5, color=colors.grey, spaceAfter=6)
            self.blocks.append(_Block(line, [rule], 0))
        elif kind == "table_open":
            return self._table(tokens, i, line)
        return i + 1

    def _paragraph(self, inline: Token, line: int) -> None:
        style = self.styles.quote if self.quotes else self.styles.body
        indent = self.indent()
        if indent:
            style = ParagraphStyle(
                f"{style.name}-{indent}",
                parent=style,
                leftIndent=indent,
                bulletIndent=max(0.0, indent - _INDENT + 4),
            )
        markup = _inline(inline)
        bullet, self.bullet = self.bullet, None
        flowable = Paragraph(markup, style, bulletText=bullet)
        self.blocks.append(_Block(line, [flowable], _words(inline.content)))

    def _code(self, token: Token, line: int) -> None:
        text = token.content.rstrip("\n") or " "
        flowable = Preformatted(text, self.styles.code, maxLineLength=self.styles.code_chars)
        self.blocks.append(_Block(line, [flowable], _words(token.content)))

    def _table(self, tokens: Sequence[Token], i: int, line: int) -> int:
        rows: list[list[Paragraph]] = []
        header = 0
        words = 0
        style = self.styles.cell
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "thead_open":
                style = self.styles.head_cell
            elif token.type == "thead_close":
                style = self.styles.cell
            elif token.type == "tr_open":
                rows.append([])
                if style is self.styles.head_cell:
                    header += 1
            elif token.type == "inline":
                rows[-1].append(Paragraph(_inline(token), style))
                words += _words(token.content)
            i += 1
        columns = max((len(r) for r in rows), default=1)
        for row in rows:
            row.extend(Paragraph("", self.styles.cell) for _ in range(columns - len(row)))
        width = self.styles.page.width - 2 * self.styles.page.margin_pt - self.indent()
        table = Table(rows, colWidths=[width / columns] * columns, repeatRows=header)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        table.spaceAfter = self.styles.page.paragraph_space_pt
        self.blocks.append(_Block(line, [table], words))
        return i + 1


# -- sections ---------------------------------------------------------------------------------------


def _assign_sections(blocks: list[_Block], kind: Kind | None, rules: SectionRules) -> None:
    """Name the part of the document each block belongs to."""
    appendix = re.compile(rules.appendix_heading)
    faq = re.compile(rules.faq_heading)
    uncounted = re.compile(rules.uncounted_heading)
    prfaq = kind is Kind.PRFAQ
    base = "press-release" if prfaq else (kind.value if kind is not None else "document")
    current = base
    scope = 0  # heading level that opened an uncounted part
    for block in blocks:
        if block.heading and current != "appendix":
            if appendix.search(block.title):
                current = "appendix"
            elif prfaq and faq.search(block.title):
                current = base = "faq"
                scope = 0
            elif prfaq and base == "press-release" and uncounted.search(block.title):
                current, scope = "uncounted", block.heading
            elif scope and block.heading <= scope:
                current, scope = base, 0
        block.section = current


# -- build --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Result:
    pdf: bytes
    measure: PageMeasure


def _footer(canvas: Canvas, doc: Any) -> None:
    page: PageSpec = doc.dayone_page
    canvas.saveState()
    canvas.setFont(page.font, max(6.0, page.font_size - 2))
    canvas.setFillColor(colors.grey)
    canvas.drawCentredString(page.width / 2, page.margin_pt / 2, str(canvas.getPageNumber()))
    canvas.restoreState()


@lru_cache(maxsize=16)
def _build_cached(
    text: str, kind: Kind | None, page: PageSpec, rules_key: tuple[Any, ...], title: str
) -> _Result:
    limits, faq, appendix, uncounted = rules_key
    rules = SectionRules(dict(limits), faq, appendix, uncounted)
    return _build(text, kind, page, rules, title)


def _build(
    text: str, kind: Kind | None, page: PageSpec, rules: SectionRules, title: str
) -> _Result:
    check_size(text)
    source = normalise(text)
    _, fm_end = split_front_matter(source)
    if fm_end:
        source = _blank(source[:fm_end]) + source[fm_end:]
    styles = _Styles(page)
    blocks = _Builder(styles).feed(_MARKDOWN.parse(source))
    _assign_sections(blocks, kind, rules)
    starts = [0] * len(blocks)
    ends = [0] * len(blocks)
    story: list[Flowable] = []
    for index, block in enumerate(blocks):
        if index and block.section != blocks[index - 1].section:
            story.append(PageBreak())
        story.append(_Mark(starts, index))
        story.extend(block.flowables)
        story.append(_Mark(ends, index))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=(page.width, page.height),
        leftMargin=page.margin_pt,
        rightMargin=page.margin_pt,
        topMargin=page.margin_pt,
        bottomMargin=page.margin_pt,
        title=title,
        creator="dayone",
        invariant=True,
    )
    doc.dayone_page = page  # type: ignore[attr-defined]
    try:
        doc.build(story or [_Mark([0], 0)], onFirstPage=_footer, onLaterPages=_footer)
    except LayoutError:
        drawn = [i for i, p in enumerate(starts) if p]
        line = blocks[drawn[-1]].line if drawn else 0
        raise DocumentError(
            f"line {line + 1}: this block is too large to fit on one page and cannot be split"
        ) from None
    total = max(1, int(doc.page))
    return _Result(
        buffer.getvalue(),
        _measure(
            blocks=blocks, starts=starts, ends=ends, kind=kind, page=page, rules=rules, total=total
        ),
    )


def _measure(
    *,
    blocks: list[_Block],
    starts: list[int],
    ends: list[int],
    kind: Kind | None,
    page: PageSpec,
    rules: SectionRules,
    total: int,
) -> PageMeasure:
    order: list[str] = []
    first_line: dict[str, int] = {}
    pages: dict[str, int] = {}
    words: dict[str, int] = {}
    overflow: dict[str, int] = {}
    overflow_words: dict[str, int] = {}
    run_start = done = 0
    for index, block in enumerate(blocks):
        name = block.section
        if name not in pages:
            order.append(name)
            first_line[name] = block.line + 1
            pages[name] = words[name] = 0
        if index == 0 or blocks[index - 1].section != name:
            run_start = starts[index]
            done = pages[name]
        words[name] += block.words
        pages[name] = done + ends[index] - run_start + 1
        limit = rules.limits.get(name)
        if limit is not None and pages[name] > limit:
            overflow.setdefault(name, block.line + 1)
            overflow_words[name] = overflow_words.get(name, 0) + block.words
    sections = tuple(
        SectionMeasure(
            name=name,
            start_line=first_line[name],
            pages=pages[name],
            words=words[name],
            limit=rules.limits.get(name),
            overflow_line=overflow.get(name),
            overflow_words=overflow_words.get(name, 0),
        )
        for name in order
    )
    return PageMeasure(kind=kind, pages=total, sections=sections, page=page)


def measure(text: str, kind: Kind | None, page: PageSpec, rules: SectionRules) -> PageMeasure:
    """Lay ``text`` out and return its page counts (cached for repeated calls)."""
    return _build_cached(text, kind, page, rules.key(), "").measure


def render(
    text: str, kind: Kind | None, page: PageSpec, rules: SectionRules, title: str
) -> _Result:
    """Lay ``text`` out and return the PDF with its page counts."""
    return _build_cached(text, kind, page, rules.key(), title)
