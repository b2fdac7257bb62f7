"""Value types of the writing linter: severities, document kinds, findings and the page."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from typing_extensions import override

from dayone.prose._errors import RuleConfigError, UnknownKindError

_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class Severity(enum.StrEnum):
    """How serious a finding is. Severities compare by rank: info < warning < error.

    >>> Severity.WARNING >= Severity.INFO
    True
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _SEVERITY_RANK[self.value]

    @override
    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    @override
    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    @override
    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    @override
    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Return the severity named ``value`` (``info``, ``warning`` or ``error``).

        Raises ``RuleConfigError`` for any other name.
        """
        try:
            return cls(value.strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise RuleConfigError(
                f"unknown severity {value!r} (expected one of: {names})"
            ) from None


class Kind(enum.StrEnum):
    """The kinds of document the linter knows, each with its own page limits.

    >>> Kind.parse("narrative")
    <Kind.NARRATIVE: 'narrative'>
    """

    PRFAQ = "prfaq"
    PRESS_RELEASE = "press-release"
    FAQ = "faq"
    NARRATIVE = "narrative"

    @classmethod
    def parse(cls, value: str | Kind) -> Kind:
        """Return the kind named ``value``; raise ``UnknownKindError`` for an unknown name."""
        if isinstance(value, Kind):
            return value
        try:
            return cls(value.strip().lower())
        except ValueError:
            names = ", ".join(k.value for k in cls)
            raise UnknownKindError(
                f"unknown document kind {value!r} (expected one of: {names})"
            ) from None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a document.

    Lines and columns are 1-based and count characters (code points). ``end_line`` and
    ``end_column`` point just past the last character of the passage, as in SARIF.
    ``offset`` and ``end_offset`` are the same span as 0-based character offsets into the
    text that was linted (after line endings are normalised to ``\\n``), for editors.
    Offsets and columns count code points: a browser editor, which counts UTF-16 code units,
    must convert them for characters outside the Basic Multilingual Plane (emoji).
    """

    rule: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as plain JSON-ready data."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "offset": self.offset,
            "end_offset": self.end_offset,
        }


PAGE_SIZES: dict[str, tuple[float, float]] = {
    "letter": (612.0, 792.0),
    "a4": (595.2756, 841.8898),
}

FONTS: dict[str, tuple[str, str, str]] = {
    # regular: (bold, italic, bold italic); the standard PDF fonts, whose metrics ship with
    # the PDF library, so layout needs no font file.
    "Times-Roman": ("Times-Bold", "Times-Italic", "Times-BoldItalic"),
    "Helvetica": ("Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
    "Courier": ("Courier-Bold", "Courier-Oblique", "Courier-BoldOblique"),
}


@dataclass(frozen=True, slots=True)
class PageSpec:
    """The printed page that page limits are measured on, and that PDF export prints.

    The default is the common narrative format: US Letter, one-inch margins, Times 11 pt on
    1.2 line spacing, 6 pt between paragraphs.

    >>> PageSpec().describe()
    'letter, 1.0 in margins, Times-Roman 11 pt'
    """

    size: str = "letter"
    margin_pt: float = 72.0
    font: str = "Times-Roman"
    font_size: float = 11.0
    line_spacing: float = 1.2
    paragraph_space_pt: float = 6.0

    def __post_init__(self) -> None:
        if self.size not in PAGE_SIZES:
            names = ", ".join(PAGE_SIZES)
            raise RuleConfigError(f"page size {self.size!r} is unknown (expected one of: {names})")
        if self.font not in FONTS:
            names = ", ".join(FONTS)
            raise RuleConfigError(f"font {self.font!r} is unknown (expected one of: {names})")
        width, height = PAGE_SIZES[self.size]
        if not 0 <= self.margin_pt < min(width, height) / 3:
            raise RuleConfigError(f"margin_pt {self.margin_pt} is out of range")
        if not 4 <= self.font_size <= 36:
            raise RuleConfigError(f"font_size {self.font_size} is out of range (4 to 36)")
        if not 0.8 <= self.line_spacing <= 3:
            raise RuleConfigError(f"line_spacing {self.line_spacing} is out of range (0.8 to 3)")
        if not 0 <= self.paragraph_space_pt <= 72:
            raise RuleConfigError(
                f"paragraph_space_pt {self.paragraph_space_pt} is out of range (0 to 72)"
            )

    @property
    def width(self) -> float:
        """Page width in points."""
        return PAGE_SIZES[self.size][0]

    @property
    def height(self) -> float:
        """Page height in points."""
        return PAGE_SIZES[self.size][1]

    @property
    def leading(self) -> float:
        """Distance between baselines in points."""
        return round(self.font_size * self.line_spacing, 3)

    def describe(self) -> str:
        """A short human description, used in page-limit messages."""
        margin = round(self.margin_pt / 72, 2)
        size = int(self.font_size) if self.font_size == int(self.font_size) else self.font_size
        return f"{self.size}, {margin} in margins, {self.font} {size} pt"
