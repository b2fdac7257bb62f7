"""The errors raised by the WBR engine."""

from __future__ import annotations


class WbrError(Exception):
    """Base class of every error the WBR engine raises."""


class ConfigError(WbrError):
    """A WBR config cannot be read or is not valid.

    ``where`` names the file and line (``deck.yaml:12``) when they are known.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.reason = message
        where = file or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


class DataError(WbrError):
    """The daily data cannot be read or is not valid.

    ``file``, ``line`` and ``column`` name the place of the fault when they are known.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.reason = message
        where = file or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


class RenderError(WbrError):
    """A deck cannot be written as HTML or PDF."""
