"""The company's decision settings, and a person's notifications."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from dayone.server.core.access import ensure_admin
from dayone.server.core.models import User
from dayone.server.core.services import audit_record, model_snapshot, model_update
from dayone.server.decisions.models import (
    DecisionSettings,
    Notification,
)

SETTINGS_FIELDS = ("information_target_pct", "escalation_hours", "exhaustion_rounds")


@transaction.atomic
def decision_settings_update(
    *,
    actor: User,
    reviewers: Iterable[User],
    information_target_pct: int,
    escalation_hours: int,
    exhaustion_rounds: int,
) -> DecisionSettings:
    """Admins set who reviews one-way doors and the thresholds the flags use."""
    ensure_admin(actor)
    company = DecisionSettings.objects.order_by("pk").first()
    data = {
        "information_target_pct": information_target_pct,
        "escalation_hours": escalation_hours,
        "exhaustion_rounds": exhaustion_rounds,
    }
    if company is None:
        company = DecisionSettings(**data)
        company.full_clean()
        company.save()
        audit_record(
            actor=actor,
            action="decisionsettings.create",
            target=company,
            after=model_snapshot(company, SETTINGS_FIELDS),
        )
    else:
        company, _ = model_update(instance=company, fields=SETTINGS_FIELDS, data=data, actor=actor)
    wanted = {p.pk for p in reviewers if p.is_active}
    current = set(company.reviewers.values_list("pk", flat=True))
    if wanted != current:
        company.reviewers.set(sorted(wanted))
        audit_record(
            actor=actor,
            action="decisionsettings.reviewers",
            target=company,
            before={"reviewers": sorted(current)},
            after={"reviewers": sorted(wanted)},
        )
    return company


@transaction.atomic
def notification_mark_read(*, actor: User, ids: Sequence[int] | None = None) -> int:
    """Mark the actor's own notifications read (all of them when ``ids`` is ``None``)."""
    if not actor.is_authenticated:
        raise PermissionDenied("Sign in to see this.")
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    count = unread.update(read_at=timezone.now())
    if count:
        audit_record(
            actor=actor,
            action="notification.read",
            target=actor,
            after={"count": count},
        )
    return count
