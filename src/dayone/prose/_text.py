"""Markdown to prose: the text the rules read, with every position kept.

The document is read into blocks (``_blocks``). Everything that is not prose (code
blocks and spans, HTML, URLs, link targets, list and quote markers, front matter) is blanked
out with spaces, so that the *masked* text has exactly the same length and line breaks as the
source: an offset found in the masked text is the offset in the source. Rules then run plain
regular expressions over the masked text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml

from dayone.prose._blocks import read_blocks
from dayone.prose._errors import DocumentError, DocumentTooLargeError

MAX_DOCUMENT_CHARS = 2_000_000
"""The longest document, in characters, that the linter accepts (about 300,000 words)."""


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:.*\n)*?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
_FIRST_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?|[-+*][ \t]+|\d{1,9}[.)][ \t]+)*(?:#{1,6}(?=\s|$))?")
_NEXT_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.MULTILINE)
_HEADING_CLOSE = re.compile(r"[ \t]+#+[ \t]*$", re.MULTILINE)
_INLINE = re.compile(
    r"(?=[`<\]hfw&])(?:(?P<code>(?P<ticks>`+)[\s\S]*?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<comment><!--[\s\S]*?-->)"
    r"|<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>]+)>"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"
    r"|\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
    r"|\]\[[^\]]*\]"
    r"|(?:https?|ftp)://[^\s<>\"')\]]*[^\s<>\"')\].,;:!?]"
    r"|www\.[^\s<>\"')\]]*[^\s<>\"')\].,;:!?]"
    r"|&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIRECTIVE = re.compile(r"<!--\s*dayone-lint\s*:\s*(?P<verb>[\w-]*)(?P<args>[\s\S]*?)-->")
WORD = re.compile(r"\d(?:[\d,.]*\d)?(?:%|[A-Za-z]+)?|[^\W\d_](?:[\w'’-]*[^\W_])?")  # noqa: RUF001
_NON_SPACE = re.compile(r"[^\s|]")
_ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "inc", "ltd", "co", "corp"),
        *("vs", "e.g", "i.e", "u.s", "u.k", "no", "fig", "approx"),
    }
)
_CLOSERS = "[\"'”’)\\]]*"  # noqa: RUF001 - quotes and brackets after the full stop
# A sentence ends at ! or ?, at a full stop that does not follow an abbreviation or an
# initial and is not followed by a lower-case word, and at a table cell border.
_SENTENCE_END = re.compile(
    rf"[!?][.!?]*{_CLOSERS}(?=\s|$)"
    r"|\.(?<!\b[A-Z]\.)"
    + "".join(rf"(?<!\b(?i:{re.escape(a)})\.)" for a in sorted(_ABBREVIATIONS))
    + rf"\.*{_CLOSERS}(?=\s|$)(?!\s+[a-z])"
    r"|\|"
)


def _blank(text: str) -> str:
    """Spaces of the same length as ``text``, keeping its line breaks."""
    if "\n" not in text:
        return " " * len(text)
    return "\n".join(" " * len(part) for part in text.split("\n"))


def normalise(text: str) -> str:
    """Normalise line endings to ``\\n`` (offsets and columns refer to this text)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\x00", "\ufffd")


def split_front_matter(text: str) -> tuple[dict[str, Any], int]:
    """Return the YAML front matter of ``text`` (or ``{}``) and its length in characters.

    Raises ``DocumentError`` naming the line when the front matter is not a YAML mapping.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, 0
    try:
        data = yaml.safe_load(match.group("body")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 2}: " if mark is not None else ""
        raise DocumentError(f"{line}front matter is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise DocumentError("line 2: front matter must be a YAML mapping (key: value lines)")
    return data, match.end()


def check_size(text: str) -> None:
    """Raise ``DocumentTooLargeError`` when ``text`` is over ``MAX_DOCUMENT_CHARS``."""
    if len(text) > MAX_DOCUMENT_CHARS:
        raise DocumentTooLargeError(
            f"the document has {len(text):,} characters; the limit is {MAX_DOCUMENT_CHARS:,}"
        )


@dataclass(frozen=True, slots=True)
class Region:
    """A block of prose: a paragraph, a heading or a table row. Offsets are 0-based."""

    start: int
    end: int
    kind: str
    level: int = 0


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline ``<!-- dayone-lint: ... -->`` comment."""

    verb: str
    rules: tuple[str, ...]
    line: int
    target_line: int
    offset: int
    end_offset: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: offsets of its text, and whether it is a heading."""

    start: int
    end: int
    heading: bool


class Prose:
    """A document prepared for the rules: masked text, blocks, words and sentences."""

    def __init__(self, text: str) -> None:
        check_size(text)
        self.source = normalise(text)
        self.front_matter, fm_end = split_front_matter(self.source)
        starts = [0]
        starts.extend(m.end() for m in re.finditer("\n", self.source))
        self.line_starts = starts
        self.regions: list[Region] = []
        self.directives: list[Directive] = []
        self.masked = self._mask(fm_end)

    # -- positions -------------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        """0-based line of a character offset."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def line_end(self, line: int) -> int:
        """Offset of the end of a 0-based line (before its line break)."""
        if line + 1 < len(self.line_starts):
            return self.line_starts[line + 1] - 1
        return len(self.source)

    # -- masking ---------------------------------------------------------------------------

    def _mask(self, fm_end: int) -> str:
        source = self.source
        body = _blank(source[:fm_end]) + source[fm_end:] if fm_end else source
        pieces: list[str] = []
        done = 0
        for block in read_blocks(body.split("\n")):
            start = self.line_starts[block.start]
            end = self.line_end(block.end - 1)
            if block.kind == "html":
                self._find_directives(source[start:end], start)
            elif block.kind != "code":
                pieces.append(_blank(source[done:start]))
                pieces.append(self._mask_region(start, end, block.kind))
                self.regions.append(Region(start, end, block.kind, block.level))
                done = end
        pieces.append(_blank(source[done:]))
        self.directives.sort(key=lambda d: d.offset)
        return "".join(pieces)

    def _mask_region(self, start: int, end: int, kind: str) -> str:
        raw = self.source[start:end]
        first = _FIRST_PREFIX.match(raw)
        if first is not None and first.end():
            raw = _blank(raw[: first.end()]) + raw[first.end() :]
        newline = raw.find("\n")
        if newline >= 0:
            head, tail = raw[: newline + 1], raw[newline + 1 :]
            raw = head + _NEXT_PREFIX.sub(lambda m: _blank(m.group()), tail)
        if kind == "heading":
            raw = _HEADING_CLOSE.sub(lambda m: _blank(m.group()), raw)

        def blank_inline(match: re.Match[str]) -> str:
            if match.group("comment") is not None:
                self._find_directives(match.group(), start + match.start())
            return _blank(match.group())

        raw = _INLINE.sub(blank_inline, raw)
        if "@" in raw:
            raw = _EMAIL.sub(lambda m: _blank(m.group()), raw)
        return raw.replace("*", " ").replace("_", " ").replace("~", " ").replace("\\", " ")

    def _find_directives(self, text: str, base: int) -> None:
        for match in _DIRECTIVE.finditer(text):
            offset, end_offset = base + match.start(), base + match.end()
            rules = tuple(r for r in re.split(r"[\s,]+", match.group("args")) if r)
            line = self.line_of(end_offset - 1)
            self.directives.append(
                Directive(
                    verb=match.group("verb").lower(),
                    rules=rules,
                    line=self.line_of(offset),
                    target_line=self._ignore_target(offset, end_offset, line),
                    offset=offset,
                    end_offset=end_offset,
                )
            )

    def _ignore_target(self, offset: int, end_offset: int, line: int) -> int:
        """The line an ``ignore`` comment applies to: its own, if it shares it with text."""
        first = self.line_of(offset)
        before = self.source[self.line_starts[first] : offset]
        after = self.source[end_offset : self.line_end(line)]
        if before.strip() or after.strip():
            return line if after.strip() else first
        for candidate in range(line + 1, len(self.line_starts)):
            start = self.line_starts[candidate]
            if self.source[start : self.line_end(candidate)].strip():
                return candidate
        return line

    # -- words and sentences ---------------------------------------------------------------

    @cached_property
    def lower(self) -> str | None:
        """The masked text in lower case, with the same offsets; ``None`` in the rare case
        that lower-casing changes the length of the text (some non-Latin letters)."""
        lower = self.masked.lower()
        return lower if len(lower) == len(self.masked) else None

    def count_words(self, start: int, end: int) -> int:
        """How many words lie between two offsets."""
        return len(WORD.findall(self.masked, start, end))

    @cached_property
    def sentences(self) -> list[Sentence]:
        """The sentences of the prose, in order; a heading is one sentence."""
        masked = self.masked
        out: list[Sentence] = []
        add = out.append
        ends = _SENTENCE_END.finditer
        start_of = _NON_SPACE.search
        for region in self.regions:
            if region.kind == "heading":
                add(Sentence(region.start, region.end, heading=True))
                continue
            first = region.start
            for match in ends(masked, region.start, region.end):
                end = match.start() if match.group() == "|" else match.end()
                begin = start_of(masked, first, end)
                if begin is not None:
                    add(Sentence(begin.start(), end, heading=False))
                first = match.end()
            begin = start_of(masked, first, region.end)
            if begin is not None:
                end = region.end
                while end > begin.start() and masked[end - 1].isspace():
                    end -= 1
                add(Sentence(begin.start(), end, heading=False))
        return out

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains ``offset``, if any."""
        sentences = self.sentences
        starts = self._sentence_starts
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0 and sentences[index].start <= offset < sentences[index].end:
            return sentences[index]
        return None

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def region_at(self, offset: int) -> Region | None:
        """The block of prose that contains ``offset``, if any."""
        index = bisect.bisect_right(self._region_starts, offset) - 1
        if index >= 0 and self.regions[index].start <= offset < self.regions[index].end:
            return self.regions[index]
        return None

    @cached_property
    def _region_starts(self) -> list[int]:
        return [r.start for r in self.regions]
