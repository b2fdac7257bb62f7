"""Links people may store: a page of dayone or a web address, never something a browser runs.

A stored link is shown as ``<a href>``; ``javascript:``, ``data:`` and their disguises
(``java\\tscript:``, ``JaVaScRiPt:``, entity-encoded schemes) would run in the reader's browser.
Only two shapes pass: a path inside dayone (``/goals/4/``) and an ``http`` or ``https``
address with a host.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

LINK_NOT_SAFE = (
    "Give a web address starting with http:// or https://, or a path inside dayone starting "
    "with /; other kinds of link (such as javascript: or data:) are not accepted."
)
# Browsers drop tabs and line breaks inside a URL and read "\" as "/": refuse them outright.
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\<>\"'`]")
_web_address = URLValidator(schemes=["http", "https"])


def is_safe_link(url: str) -> bool:
    """Whether ``url`` is empty, a path inside dayone or an http(s) address with a host."""
    if url == "":
        return True
    if _UNSAFE_CHARACTERS.search(url):
        return False
    if url.startswith("/"):
        return not url.startswith("//")
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return False
    try:
        _web_address(url)
    except ValidationError:
        return False
    return True


def check_link(value: str, *, field: str) -> None:
    """Raise a ``ValidationError`` on ``field`` when ``value`` is not a safe link."""
    if not is_safe_link(value):
        raise ValidationError({field: LINK_NOT_SAFE})
