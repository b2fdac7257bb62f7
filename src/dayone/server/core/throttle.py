"""Sign-in throttling, with django-axes: wrong passwords lock an account and an address out.

After ``DAYONE_LOGIN_FAILURE_LIMIT`` wrong passwords (default 5) for one username, or from one
address, sign-in is refused for a while, even with the right password. The wait doubles with
every further round of failures within a day: 5 minutes, then 10, 20... up to a day. Failures
during a lock-out extend it. An admin lifts a lock-out on the People page; both the lock-out and
its lifting are in the audit log.

API bearer tokens are throttled the same way, by address: every unknown token counts as a
failure of the pseudo-account ``API token from <address>`` and of the address, so that
``DAYONE_LOGIN_FAILURE_LIMIT`` random tokens from one address pause both bearer tokens and
sign-in from it (a JSON 429 on the API), with the same growing pauses, audit entries and
admin lift on the People page.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Q
from django.http import HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import timezone

from dayone.server.core.templatetags.durations import duration_words

if TYPE_CHECKING:
    from django.http import HttpRequest

LOCKOUT_FIRST = timedelta(minutes=5)
LOCKOUT_LONGEST = timedelta(days=1)
FAILURE_WINDOW = timedelta(days=1)


def _posted_form(request: HttpRequest) -> QueryDict:
    """The form the request posted, empty when its body is not one that parses (multipart with
    no boundary). After a failed parse Django keeps ``request.POST`` empty, so axes, which reads
    it too, cannot fail over it either: the client gets the API's answer, not a bare 400."""
    try:
        return request.POST
    except MultiPartParserError:
        return request.POST


def login_cool_off(request: HttpRequest | None) -> timedelta:
    """How long a lock-out lasts: doubled for every round of failures in the last day."""
    if request is None:
        return LOCKOUT_FIRST
    username = _posted_form(request).get("username", "")
    address = get_client_ip_address(request)
    recent = AccessFailureLog.objects.filter(attempt_time__gte=timezone.now() - FAILURE_WINDOW)
    matching = Q(ip_address=address) | Q(username=username) if username else Q(ip_address=address)
    rounds = max(1, recent.filter(matching).count() // int(settings.AXES_FAILURE_LIMIT))
    pause: timedelta = min(LOCKOUT_FIRST * 2 ** min(rounds - 1, 20), LOCKOUT_LONGEST)
    return pause


TOKENS_PAUSED = (
    "Too many unknown API tokens or wrong passwords from this address ({limit} in a row): "
    "bearer tokens and sign-in from it are paused for {pause}. An admin can lift the pause on "
    "the People page."
)


def bearer_credentials(request: HttpRequest) -> dict[str, str]:
    """The pseudo-account under which unknown bearer tokens from this address are counted."""
    return {"username": f"API token from {get_client_ip_address(request)}"}


def bearer_allowed(request: HttpRequest) -> bool:
    """Whether this address may present bearer tokens now (not paused)."""
    return bool(AxesProxyHandler.is_allowed(request, bearer_credentials(request)))


def bearer_failed(request: HttpRequest) -> None:
    """Count an unknown or revoked bearer token against its address."""
    _posted_form(request)
    user_login_failed.send(
        sender=__name__, credentials=bearer_credentials(request), request=request
    )


def paused_message(request: HttpRequest) -> str:
    """What a paused client is told: the limit, and how long the pause lasts."""
    limit = int(settings.AXES_FAILURE_LIMIT)
    return TOKENS_PAUSED.format(limit=limit, pause=duration_words(login_cool_off(request)))


def lockout_response(
    request: HttpRequest, _response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """A pause, as JSON on the API and as the "Sign-in paused" page elsewhere."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": paused_message(request)}, status=429)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": (credentials or {}).get("username", ""),
        "cooloff_timedelta": login_cool_off(request),
    }
    return render(request, "registration/locked_out.html", context, status=429)


def record_lockout(*, username: str | None = None, ip_address: str | None = None, **_: Any) -> None:
    """Write a lock-out to the audit log (axes' ``user_locked_out`` signal)."""
    from axes.models import AccessAttempt

    from dayone.server.core.services import audit_record

    attempt = (
        AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=ip_address))
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None:
        return
    audit_record(
        actor=None,
        action="login.lockout",
        target=attempt,
        after={"username": username, "ip_address": ip_address},
    )
