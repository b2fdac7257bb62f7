"""Sign-in is required everywhere except the API, which authenticates its own way; every
response says how long the server worked on it; a request reads the tables' marks once."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from typing_extensions import override

from dayone.server.core.readcache import marks_read_once

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponseBase

API_PREFIX = "/api/"


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's login-required middleware, leaving ``/api/`` to token or session auth."""

    @override
    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if request.path_info.startswith(API_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class ServerTimingMiddleware:
    """``Server-Timing: app;dur=12.3``: the milliseconds Django spent on the response, shown in
    the browser's developer tools and read by the tests (time in a queue is not included)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
        return response


class MarksReadOnceMiddleware:
    """What a request reads from the cache is checked against the tables' marks as they were
    when it started (``core.readcache``), read once, and again after the request writes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with marks_read_once():
            return self.get_response(request)
