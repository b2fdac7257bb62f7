"""How hiring uses the leadership principles, for the principles page: roles that name a
principle, and loops with an interview assessing it."""

from __future__ import annotations

from django.db.models import Count

from dayone.server.hiring.models import Interview, Role


def roles_per_principle() -> dict[int, int]:
    """Roles naming each principle."""
    rows = Role.principles.through.objects.values("principle_id").annotate(n=Count("role_id"))
    return {row["principle_id"]: row["n"] for row in rows}


def loops_per_principle() -> dict[int, int]:
    """Interview loops in which someone assesses each principle."""
    rows = Interview.principles.through.objects.values("principle_id").annotate(
        n=Count("interview__loop_id", distinct=True)
    )
    return {row["principle_id"]: row["n"] for row in rows}
