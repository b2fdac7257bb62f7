"""JSON bodies the API can store: values no database keeps are refused before any view runs.

Python's JSON reader accepts what neither SQLite nor PostgreSQL can store, and each used to
end in a 500: a lone UTF-16 surrogate (``"a\\ud800"``), a NUL character, an integer beyond
64 bits (an id of 2^63) and the non-numbers ``NaN``, ``Infinity`` and ``1e400``. Such a body is
answered 422 with one entry per offending value, in the API's validation format, its ``loc``
naming the field: ``{"detail": [{"loc": ["body", "stakeholder_ids", 0], "msg": ...}]}``.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse

from dayone.server.core.middleware import API_PREFIX

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from django.http import HttpRequest, HttpResponseBase

INT64 = (-(2**63), 2**63 - 1)
SURROGATE = "Text must be valid Unicode: a lone UTF-16 surrogate (such as \\ud800) is not."
NUL = "Text must not contain the NUL character (\\u0000)."
TOO_LARGE = f"A whole number must lie between {INT64[0]:,} and {INT64[1]:,}."
NOT_FINITE = "A number must be finite: NaN, Infinity and numbers beyond 1e308 are not."
_WRITES = frozenset({"POST", "PUT", "PATCH"})


class _NotFinite:
    """Stands in for NaN, Infinity or an overflowing float while the body is read."""


_NOT_FINITE = _NotFinite()


def _number(text: str) -> float | _NotFinite:
    value = float(text)
    return value if math.isfinite(value) else _NOT_FINITE


def _text_problem(text: str) -> str | None:
    if "\x00" in text:
        return NUL
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE
    return None


def _problems(
    value: Any, loc: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        message = _text_problem(value)
        if message is not None:
            yield loc, message
    elif isinstance(value, _NotFinite):
        yield loc, NOT_FINITE
    elif isinstance(value, int) and not isinstance(value, bool):
        if not INT64[0] <= value <= INT64[1]:
            yield loc, TOO_LARGE
    elif isinstance(value, dict):
        for key, item in value.items():
            message = _text_problem(key)
            if message is not None:
                yield (*loc, key.encode("utf-8", "backslashreplace").decode()), message
            else:
                yield from _problems(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _problems(item, (*loc, index))


def unstorable(body: bytes) -> list[dict[str, Any]]:
    """What in a JSON ``body`` cannot be stored, in the API's validation-error format; ``[]``
    when all of it can, or when it is not JSON at all (the API then answers 400 itself)."""
    try:
        data = json.loads(body, parse_constant=lambda _: _NOT_FINITE, parse_float=_number)
    except (ValueError, RecursionError):
        return []
    return [
        {"type": "unstorable", "loc": ["body", *loc], "msg": message}
        for loc, message in _problems(data, ())
    ]


class StorableBodyMiddleware:
    """Answers 422 to an API write whose JSON body holds a value no database can store."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            request.method in _WRITES
            and request.path_info.startswith(API_PREFIX)
            and request.content_type == "application/json"
        ):
            try:
                body = request.body
            except RequestDataTooBig:
                return self.get_response(request)  # the API answers 413 naming the limit
            problems = unstorable(body)
            if problems:
                return JsonResponse({"detail": problems}, status=422)
        return self.get_response(request)
