"""The hiring engine's one error.

``HiringError`` (a ``ValueError``): an input the rules cannot read, such as a rating off the
scale or a loop whose times run backwards. Refusals of a loop plan are not errors: they come
back as ``Problem`` values so that every one is shown at once.
"""

from __future__ import annotations


class HiringError(ValueError):
    """An input the hiring rules cannot read; the message says what to change."""
