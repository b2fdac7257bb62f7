"""Links from a decision to what it is about in another part."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from dayone.server.core.access import ensure_can_write
from dayone.server.core.models import User
from dayone.server.core.services import audit_record, model_snapshot
from dayone.server.decisions.enums import (
    EventKind,
    SourceKind,
)
from dayone.server.decisions.models import (
    Decision,
    Link,
)
from dayone.server.decisions.services._common import now_or, record_event

LINK_KIND = "Choose where the decision comes from: {kinds}."
LINK_FIELDS = "A link needs the identifier and the title of what it points to."


@transaction.atomic
def decision_link_source(
    *,
    actor: User,
    decision: Decision,
    kind: str,
    ref: str,
    title: str,
    url: str = "",
    at: datetime | None = None,
) -> Link:
    """Link a decision to a PR/FAQ, an experiment, a goal or anything else. Linking twice is a no-op."""
    ensure_can_write(actor)
    if kind not in SourceKind.values:
        raise ValidationError(
            {"kind": LINK_KIND.format(kinds=", ".join(str(k) for k in SourceKind.values))}
        )
    if not str(ref).strip() or not title.strip():
        raise ValidationError({"ref": LINK_FIELDS})
    existing = decision.links.filter(kind=kind, ref=str(ref).strip()).first()
    if existing is not None:
        return existing
    link = Link(
        decision=decision,
        kind=kind,
        ref=str(ref).strip(),
        title=title.strip(),
        url=url.strip(),
        created_by=actor,
        created_at=now_or(at),
    )
    link.full_clean()
    link.save()
    audit_record(
        actor=actor,
        action="decision.link",
        target=decision,
        after=model_snapshot(link, ("kind", "ref", "title", "url")),
    )
    record_event(
        decision=decision,
        actor=actor,
        kind=EventKind.LINKED,
        summary=f"{actor} linked {link.get_kind_display().lower()} '{link.title}'.",
        at=at,
    )
    return link
