"""A fast, line-based reader of Markdown blocks, for the linter.

The linter needs to know which lines hold prose (paragraphs, headings, table rows), which
hold code or HTML, and where each block starts and ends. This reader answers that in one
pass over the lines, several times faster than a full CommonMark parse; the test suite
checks it against markdown-it on every fixture. Rendering (``_layout``) uses markdown-it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTE = re.compile(r"[ \t]*(?:>[ \t]?)+")
_LIST = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_FENCE = re.compile(
    r"[ \t]*(?:>[ \t]?)*(?:[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+)*[ \t]{0,3}(`{3,}|~{3,})(.*)$"
)
_ATX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]{0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(r"[ \t]{0,3}(=+|-+)[ \t]*$")
_BREAK = re.compile(r"[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_DELIMITER = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_REFERENCE = re.compile(r"[ \t]{0,3}\[[^\]]+\]:[ \t]*\S")
_HTML_START = re.compile(
    r"[ \t]{0,3}(?:"
    r"(?P<comment><!--)"
    r"|(?P<raw><(?:script|pre|style|textarea)(?:[\s>]|$))"
    r"|(?P<pi><\?)"
    r"|(?P<decl><![A-Za-z])"
    r"|(?P<cdata><!\[CDATA\[)"
    r"|(?P<block></?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col"
    r"|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame"
    r"|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav"
    r"|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th"
    r"|thead|title|tr|track|ul)(?:[\s/>]|$))"
    r"|(?P<tag>(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+"
    r"|'[^']*'|\"[^\"]*\"))?)*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*$)"
    r")",
    re.IGNORECASE,
)
_HTML_END = {
    "comment": "-->",
    "pi": "?>",
    "decl": ">",
    "cdata": "]]>",
}
_RAW_END = re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Block:
    """A block of lines ``start`` to ``end`` (0-based, end excluded).

    ``kind`` is ``paragraph``, ``heading`` or ``table`` (prose), or ``code`` or ``html``.
    """

    kind: str
    start: int
    end: int
    level: int = 0


def _blank(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    if stripped[0] != ">":
        return False
    quote = _QUOTE.match(line)
    return quote is not None and not line[quote.end() :].strip()


def read_blocks(lines: list[str]) -> list[Block]:
    """The blocks of a Markdown document given as its lines (without line breaks)."""
    reader = _Reader(lines)
    reader.run()
    return reader.blocks


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.paragraph: int | None = None  # first line of the open paragraph
        self.quoted = False  # whether the open paragraph is in a block quote
        self.in_list = False

    def close(self, end: int, kind: str = "paragraph", level: int = 0) -> None:
        if self.paragraph is not None and end > self.paragraph:
            self.blocks.append(Block(kind, self.paragraph, end, level))
        self.paragraph = None

    def run(self) -> None:
        lines = self.lines
        i = 0
        count = len(lines)
        while i < count:
            i = self.line(i)
        self.close(count)

    def line(self, i: int) -> int:  # noqa: PLR0911, PLR0912 - one branch per kind of block
        line = self.lines[i]
        if _blank(line):
            self.close(i)
            return i + 1
        first = line[0]
        if first.isalpha() and (self.paragraph is not None or "|" not in line):
            # plain text at the margin: no block starts with a letter
            if self.paragraph is None:  # a block at the margin after a blank line ends a list
                self.in_list = False
                self.paragraph, self.quoted = i, False
            return i + 1
        fence = _FENCE.match(line)
        if fence is not None and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            self.close(i)
            return self.fenced(i, fence.group(1))
        indent = len(line) - len(line.lstrip(" \t"))
        if self.paragraph is None and indent == 0 and _LIST.match(line) is None:
            self.in_list = False  # a block at the margin, after a blank line, ends a list
        expanded = len(line[:indent].expandtabs(4))
        if expanded >= 4 and self.paragraph is None and not self.in_list:
            return self.indented(i)
        html = _HTML_START.match(line)
        if html is not None and (self.paragraph is None or html.lastgroup != "tag"):
            self.close(i)
            return self.html(i, html.lastgroup or "tag", html.end())
        heading = _ATX.match(line)
        if heading is not None:
            self.close(i)
            self.blocks.append(Block("heading", i, i + 1, len(heading.group(1))))
            return i + 1
        if self.paragraph is not None and not self.quoted and _SETEXT.match(line):
            level = 1 if line.strip()[0] == "=" else 2
            self.close(i, "heading", level)
            return i + 1
        if _BREAK.match(line):
            self.close(i)
            return i + 1
        listed = _LIST.match(line)
        if listed is not None and self._starts_item(line, listed):
            self.close(i)
            self.in_list = True
            self.paragraph, self.quoted = i, line.lstrip().startswith(">")
            return i + 1
        if self.paragraph is None:
            if i + 1 < len(self.lines) and "|" in line and _DELIMITER.match(self.lines[i + 1]):
                return self.table(i)
            if _REFERENCE.match(line):
                return i + 1
            self.paragraph, self.quoted = i, line.lstrip().startswith(">")
            return i + 1
        if line.lstrip().startswith(">") and not self.quoted:
            self.close(i)
            self.paragraph, self.quoted = i, True
        return i + 1

    def _starts_item(self, line: str, listed: re.Match[str]) -> bool:
        """Whether a list marker starts an item here: only a non-empty bullet or an item
        numbered 1 can interrupt a paragraph."""
        if self.paragraph is None or self.in_list:
            return True
        marker = listed.group().strip().lstrip(">").strip()
        if not line[listed.end() :].strip():
            return False
        return not marker[0].isdigit() or marker[:-1] == "1"

    def fenced(self, i: int, fence: str) -> int:
        closing = re.compile(
            rf"[ \t]*(?:>[ \t]?)*[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$"
        )
        end = i + 1
        while end < len(self.lines) and not closing.match(self.lines[end]):
            end += 1
        end = min(end + 1, len(self.lines))
        self.blocks.append(Block("code", i, end))
        return end

    def indented(self, i: int) -> int:
        end = i + 1
        last = i + 1
        while end < len(self.lines):
            line = self.lines[end]
            if line.strip():
                if len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(4)) < 4:
                    break
                last = end + 1
            end += 1
        self.blocks.append(Block("code", i, last))
        return last

    def html(self, i: int, kind: str, opened: int) -> int:
        lines = self.lines
        end = i
        if kind in _HTML_END:
            marker = _HTML_END[kind]
            if marker not in lines[i][opened:]:
                end += 1
                while end < len(lines) and marker not in lines[end]:
                    end += 1
        elif kind == "raw":
            while end < len(lines) and not _RAW_END.search(lines[end]):
                end += 1
        else:
            while end + 1 < len(lines) and not _blank(lines[end + 1]):
                end += 1
        end = min(end + 1, len(lines))
        self.blocks.append(Block("html", i, end))
        return end

    def table(self, i: int) -> int:
        self.blocks.append(Block("table", i, i + 1))
        end = i + 2
        while end < len(self.lines):
            line = self.lines[end]
            if _blank(line) or _ATX.match(line) or _FENCE.match(line) or _BREAK.match(line):
                break
            self.blocks.append(Block("table", end, end + 1))
            end += 1
        return end
