"""The dedupe fingerprint: the same anecdote arriving twice is stored once.

>>> fingerprint(external_id="", text="On hold  for 40 minutes!") == fingerprint(
...     external_id="", text="on hold for 40 minutes!")
True
>>> fingerprint(external_id="T-1", text="a") == fingerprint(external_id="T-1", text="b")
True
"""

from __future__ import annotations

import hashlib
import re

_SPACE = re.compile(r"\s+")


def fingerprint(*, external_id: str, text: str, source: str = "") -> str:
    """A hex digest naming one anecdote: its ``source`` and external id, else its content.

    Content is compared without case and with runs of white space collapsed, so a copy pasted
    twice with a stray space is still the same anecdote.
    """
    if external_id.strip():
        key = f"id\x1f{source}\x1f{external_id.strip()}"
    else:
        key = "text\x1f" + _SPACE.sub(" ", text.casefold()).strip()
    return hashlib.sha256(key.encode()).hexdigest()
