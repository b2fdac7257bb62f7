"""One way to page through every API list: ``limit`` 1-500, ``offset`` from 0, the total back.

A list endpoint takes ``page: Query[PageIn]`` and answers ``Page[ItemOut]``::

    @router.get("/things", response=Page[ThingOut])
    def thing_list(request, page: Query[PageIn]):
        return page_of(selectors.thing_list(viewer=request.user), page, render=_thing_out)

Out-of-range values are refused with a 422 naming the parameter, never clamped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000

T = TypeVar("T")


class PageIn(Schema):
    """Which slice of a list to return."""

    limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"How many items, 1-{MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip")


class Page(Schema, Generic[T]):
    """One slice of a list, and how many items the whole list holds."""

    items: list[T]
    total: int
    limit: int
    offset: int


def page_of(
    rows: QuerySet[Any] | Sequence[Any],
    page: PageIn,
    *,
    render: Callable[[list[Any]], list[Any]] | None = None,
) -> dict[str, Any]:
    """The slice of ``rows`` that ``page`` asks for; ``render`` turns the slice into items."""
    total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    chunk = list(rows[page.offset : page.offset + page.limit])
    return {
        "items": render(chunk) if render is not None else chunk,
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
    }
