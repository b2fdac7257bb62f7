"""How hiring uses the leadership principles, for the principles page: roles that name a
principle, and loops with an interview assessing it. A count names no candidate, so everyone
who reads the principles reads it; the roles are those the viewer may read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count

from dayone.server.core.access import ensure_can_read
from dayone.server.hiring.models import Interview, Role
from dayone.server.hiring.selectors import role_list

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User


def roles_per_principle(viewer: User | AnonymousUser) -> dict[int, int]:
    """Roles naming each principle."""
    roles = role_list(viewer=viewer).order_by().values("pk")
    rows = (
        Role.principles.through.objects.filter(role_id__in=roles)
        .values("principle_id")
        .annotate(n=Count("role_id"))
    )
    return {row["principle_id"]: row["n"] for row in rows}


def loops_per_principle(viewer: User | AnonymousUser) -> dict[int, int]:
    """Interview loops in which someone assesses each principle."""
    ensure_can_read(viewer)
    rows = Interview.principles.through.objects.values("principle_id").annotate(
        n=Count("interview__loop_id", distinct=True)
    )
    return {row["principle_id"]: row["n"] for row in rows}
