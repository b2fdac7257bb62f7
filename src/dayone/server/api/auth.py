"""API authentication: a bearer token from the account page, or the browser's session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth
from typing_extensions import override

from dayone.server.core.selectors import api_token_authenticate
from dayone.server.core.services import api_token_touch

if TYPE_CHECKING:
    from django.http import HttpRequest


TOKEN_REFUSED = "This API token is unknown, revoked or belongs to someone who cannot sign in."  # noqa: S105


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer dy_...``; only active tokens of active people pass.

    A request that sends a bearer token is judged by that token alone: a wrong one is a 401,
    never a fall back to the browser session (whose CSRF check would answer 403).
    """

    @override
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = api_token_authenticate(token)
        if found is None:
            raise AuthenticationError(message=TOKEN_REFUSED)
        api_token_touch(token=found)
        request.user = found.user
        return found.user


API_AUTH = [ApiTokenAuth(), SessionAuth()]
