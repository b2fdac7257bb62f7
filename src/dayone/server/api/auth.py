"""API authentication: a bearer token from the account page, or the browser's session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth
from typing_extensions import override

from dayone.server.core.selectors import api_token_authenticate
from dayone.server.core.services import api_token_touch
from dayone.server.core.throttle import bearer_allowed, bearer_failed, paused_message

if TYPE_CHECKING:
    from django.http import HttpRequest


TOKEN_REFUSED = "This API token is unknown, revoked or belongs to someone who cannot sign in."  # noqa: S105


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer dy_...``; only active tokens of active people pass.

    A request that sends a bearer token is judged by that token alone: a wrong one is a 401,
    never a fall back to the browser session (whose CSRF check would answer 403). Unknown
    tokens count against the caller's address like wrong passwords: after
    ``DAYONE_LOGIN_FAILURE_LIMIT`` of them, every token from that address is refused with a
    429 for a growing pause (``dayone.server.core.throttle``).
    """

    @override
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not bearer_allowed(request):
            raise HttpError(429, paused_message(request))
        found = api_token_authenticate(token)
        if found is None:
            bearer_failed(request)
            raise AuthenticationError(message=TOKEN_REFUSED)
        api_token_touch(token=found)
        request.user = found.user
        return found.user


API_AUTH = [ApiTokenAuth(), SessionAuth()]
