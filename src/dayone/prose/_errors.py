"""The errors of the writing linter: one base error, and a subclass per kind of bad input."""

from __future__ import annotations


class ProseError(Exception):
    """Base error of ``dayone.prose``: every error the engine raises on purpose is one of these."""


class RuleConfigError(ProseError):
    """A rule pack or configuration file is invalid; the message names the file, line and field."""


class UnknownKindError(ProseError, ValueError):
    """A document kind that the linter does not know (see ``Kind``)."""


class DocumentError(ProseError):
    """A document cannot be linted or laid out; the message names the line when there is one."""


class DocumentTooLargeError(DocumentError):
    """A document is longer than ``MAX_DOCUMENT_CHARS`` characters."""
