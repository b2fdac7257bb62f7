"""How documents use the leadership principles, for the principles page: a document uses a
principle when its title or its latest version cites the principle by name. Everyone signed in
reads every document, so every document counts for every reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from dayone.server.core.access import ensure_can_read
from dayone.server.documents.models import Document
from dayone.server.teams import selectors as teams_selectors
from dayone.server.teams.principle_uses import principles_cited

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.server.teams.models import Principle


def _texts(viewer: User | AnonymousUser) -> list[tuple[tuple[int, str], str]]:
    """Each document, as (id, title), with its title and latest text."""
    ensure_can_read(viewer)
    return [
        ((pk, title), f"{title}\n{body or ''}")
        for pk, title, body in Document.objects.values_list("pk", "title", "head__body").order_by(
            "-updated_at", "-pk"
        )
    ]


def documents_per_principle(viewer: User | AnonymousUser) -> dict[int, int]:
    """Documents citing each principle."""
    principles = list(teams_selectors.principle_list(viewer=viewer, include_inactive=True))
    cited = principles_cited(_texts(viewer), principles=principles)
    return {pk: len(found) for pk, found in cited.items()}


def documents_citing(viewer: User | AnonymousUser, principle: Principle) -> list[tuple[str, str]]:
    """The documents citing ``principle``, most recently changed first, as (title, url)."""
    cited = principles_cited(_texts(viewer), principles=[principle])
    return [
        (title, reverse("documents:detail", args=[pk])) for pk, title in cited.get(principle.pk, [])
    ]
