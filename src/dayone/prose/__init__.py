"""The writing linter: Amazon's writing bar for narratives and PR/FAQs, as a library.

Lint a Markdown document, measure its pages on the printed page, and export it to PDF with
the same layout::

    >>> from dayone.prose import lint, measure_pages
    >>> [f.rule for f in lint("Nearly all members saw a significant gain.")]
    ['weasel-words', 'unquantified-claims']
    >>> measure_pages("# Plan\\n\\nShip the reader app by 30 June.", "narrative").pages
    1

Rules are data: YAML rule packs (``BUILTIN_PACKS``) that a configuration file extends,
changes or switches off (``load_rules``), and that inline comments switch off for a line or
a passage (``<!-- dayone-lint: ignore weasel-words -->``,
``<!-- dayone-lint: disable passive-voice -->`` ... ``<!-- dayone-lint: enable -->``).

Exception tree::

    ProseError
    ├── RuleConfigError        a rule pack or configuration file is invalid
    ├── UnknownKindError       an unknown document kind (also a ValueError)
    └── DocumentError          a document cannot be linted or laid out
        └── DocumentTooLargeError
"""

from dayone.prose._checks import CHECKS, CheckType
from dayone.prose._errors import (
    DocumentError,
    DocumentTooLargeError,
    ProseError,
    RuleConfigError,
    UnknownKindError,
)
from dayone.prose._layout import PageMeasure, SectionMeasure
from dayone.prose._lint import COMMENT_RULE, lint, measure_pages, render_pdf, sentences
from dayone.prose._model import Finding, Kind, PageSpec, Severity
from dayone.prose._report import report_json, report_sarif, report_text, summarise
from dayone.prose._rules import (
    BUILTIN_PACKS,
    Rule,
    RuleSet,
    default_rules,
    load_rules,
    parse_rules,
)
from dayone.prose._text import MAX_DOCUMENT_CHARS

__all__ = [
    "BUILTIN_PACKS",
    "CHECKS",
    "COMMENT_RULE",
    "MAX_DOCUMENT_CHARS",
    "CheckType",
    "DocumentError",
    "DocumentTooLargeError",
    "Finding",
    "Kind",
    "PageMeasure",
    "PageSpec",
    "ProseError",
    "Rule",
    "RuleConfigError",
    "RuleSet",
    "SectionMeasure",
    "Severity",
    "UnknownKindError",
    "default_rules",
    "lint",
    "load_rules",
    "measure_pages",
    "parse_rules",
    "render_pdf",
    "report_json",
    "report_sarif",
    "report_text",
    "sentences",
    "summarise",
]
