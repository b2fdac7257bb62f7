"""Sign-in throttling, with django-axes: wrong passwords lock an account and an address out.

After ``DAYONE_LOGIN_FAILURE_LIMIT`` wrong passwords (default 5) for one username, or from one
address, sign-in is refused for a while, even with the right password. The wait doubles with
every further round of failures within a day: 5 minutes, then 10, 20... up to a day. Failures
during a lock-out extend it. An admin lifts a lock-out on the People page; both the lock-out and
its lifting are in the audit log.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from axes.helpers import get_client_ip_address
from axes.models import AccessFailureLog
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from django.http import HttpRequest

LOCKOUT_FIRST = timedelta(minutes=5)
LOCKOUT_LONGEST = timedelta(days=1)
FAILURE_WINDOW = timedelta(days=1)


def login_cool_off(request: HttpRequest | None) -> timedelta:
    """How long a lock-out lasts: doubled for every round of failures in the last day."""
    if request is None:
        return LOCKOUT_FIRST
    username = request.POST.get("username", "")
    address = get_client_ip_address(request)
    recent = AccessFailureLog.objects.filter(attempt_time__gte=timezone.now() - FAILURE_WINDOW)
    matching = Q(ip_address=address) | Q(username=username) if username else Q(ip_address=address)
    rounds = max(1, recent.filter(matching).count() // int(settings.AXES_FAILURE_LIMIT))
    pause: timedelta = min(LOCKOUT_FIRST * 2 ** min(rounds - 1, 20), LOCKOUT_LONGEST)
    return pause


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
