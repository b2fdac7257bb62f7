"""How decisions use the leadership principles, for the principles page: a decision uses a
principle when its question, context, options or rationale cite the principle by name.
Everyone signed in reads every decision, so every decision counts for every reader."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.urls import reverse

from dayone.server.core.access import ensure_can_read
from dayone.server.decisions.models import Decision, Option
from dayone.server.teams import selectors as teams_selectors
from dayone.server.teams.principle_uses import principles_cited

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.server.teams.models import Principle


def _texts(viewer: User | AnonymousUser) -> list[tuple[tuple[int, str], str]]:
    """Each decision, as (id, question), with all its words."""
    ensure_can_read(viewer)
    options: dict[int, list[str]] = defaultdict(list)
    for decision_id, label, pros, cons in Option.objects.values_list(
        "decision_id", "label", "pros", "cons"
    ):
        options[decision_id].extend((label, pros, cons))
    return [
        ((pk, question), "\n".join([question, context, rationale, *options[pk]]))
        for pk, question, context, rationale in Decision.objects.values_list(
            "pk", "question", "context", "rationale"
        ).order_by("-created_at", "-pk")
    ]


def decisions_per_principle(viewer: User | AnonymousUser) -> dict[int, int]:
    """Decisions citing each principle."""
    principles = list(teams_selectors.principle_list(viewer=viewer, include_inactive=True))
    cited = principles_cited(_texts(viewer), principles=principles)
    return {pk: len(found) for pk, found in cited.items()}


def decisions_citing(viewer: User | AnonymousUser, principle: Principle) -> list[tuple[str, str]]:
    """The decisions citing ``principle``, newest first, as (question, url)."""
    cited = principles_cited(_texts(viewer), principles=[principle])
    return [
        (question, reverse("decisions:detail", args=[pk]))
        for pk, question in cited.get(principle.pk, [])
    ]
