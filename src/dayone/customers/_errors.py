"""The errors raised by the customers engine."""

from __future__ import annotations


class CustomerError(Exception):
    """Base class of every error the customers engine raises."""


class IntakeError(CustomerError, ValueError):
    """Anecdotes cannot be read from a file or a payload.

    ``file``, ``line`` and ``column`` name the place of the fault when they are known, and the
    message starts with them (``calls.csv:12: column channel: ...``).
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
        if column is not None:
            message = f"column {column}: {message}"
        super().__init__(f"{where}: {message}" if where else message)


class ModelMissingError(CustomerError):
    """The sentence-embedding model is not installed, so themes by meaning cannot be built."""
