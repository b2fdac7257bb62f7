"""A decision's document, for the decision's page: the PR/FAQ or narrative it came from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dayone.server.decisions.enums import SourceKind
from dayone.server.decisions.linked import Finder, LinkedRecord, linked_register
from dayone.server.documents import selectors
from dayone.server.documents.services import document_url

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dayone.server.core.models import User
    from dayone.server.decisions.models import Decision
    from dayone.server.documents.models import Document


def document_record(document: Document) -> LinkedRecord:
    """A document as a decision's page lists it: its kind, owner and state."""
    return LinkedRecord(
        title=document.title,
        url=document_url(document),
        status=document.get_status_display(),
        badge=f"doc-status doc-status-{document.status}",
        detail=f"{document.get_kind_display()} · owned by {document.owner}",
        team_id=document.team_id,
        ref=document.slug,
    )


def _find(viewer: User | AnonymousUser, decision: Decision) -> list[LinkedRecord]:
    documents = selectors.document_list_for_decision(viewer=viewer, decision=decision)
    return [document_record(document) for document in documents]


def register_linked() -> None:
    """The decision's page shows the PR/FAQ or narrative it came from."""
    linked_register(
        Finder(
            slot="document",
            label="Document",
            empty="No document: no PR/FAQ or narrative led to this decision.",
            find=_find,
            kinds=(SourceKind.PRFAQ, SourceKind.OTHER),  # a narrative's review links as other
            order=20,
        )
    )
