"""Who may do what. Services and selectors call these; templates only mirror them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from dayone.server.core.models import User

P = ParamSpec("P")
R = TypeVar("R")

READ_ONLY_MESSAGE = (
    "Viewers can read everything but change nothing. Ask an admin for the member role."
)
ADMIN_ONLY_MESSAGE = "Only admins can do this."


def ensure_can_read(user: User | AnonymousUser) -> None:
    """Signed-in, active people read; everyone else is refused."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Sign in to see this.")


def ensure_can_write(user: User | AnonymousUser) -> None:
    """Admins and members write; viewers and strangers are refused."""
    ensure_can_read(user)
    if not user.can_write:  # type: ignore[union-attr]
        raise PermissionDenied(READ_ONLY_MESSAGE)


def ensure_admin(user: User | AnonymousUser) -> None:
    """Only admins manage people, tokens of others and settings."""
    ensure_can_read(user)
    if not user.is_admin:  # type: ignore[union-attr]
        raise PermissionDenied(ADMIN_ONLY_MESSAGE)


def writers_only(
    view: Callable[Concatenate[HttpRequest, P], R],
) -> Callable[Concatenate[HttpRequest, P], R]:
    """A page that exists to change something: a viewer is refused before any form is drawn, so
    they never type into a form they cannot send (the 403 page says what their role allows)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> R:
        ensure_can_write(request.user)
        return view(request, *args, **kwargs)

    return wrapped
