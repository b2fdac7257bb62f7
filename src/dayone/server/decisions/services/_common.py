"""What the writes of decisions share: the clock, who is involved, the history line,
notifications, and the facts the door policy reads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dayone.server.core.access import ensure_can_write
from dayone.server.core.models import User
from dayone.server.decisions import rules
from dayone.server.decisions.enums import (
    Status,
)
from dayone.server.decisions.models import (
    Decision,
    DecisionSettings,
    Event,
    Notification,
    Stance,
)

INFORMATION_RANGE = "Give the information at hand as a percentage from 0 to 100."
NOT_OPEN = "This decision is {status}: it cannot change. Supersede it with a new decision instead."
OPTIONS_DUPLICATE = "Each option needs its own name; '{label}' appears twice."
ONLY_OWNERS = "Only the proposer or the decider can change an open decision."


def now_or(at: datetime | None) -> datetime:
    return at if at is not None else timezone.now()


def today_of(at: datetime | None) -> date:
    return timezone.localdate(now_or(at))


def company_settings() -> DecisionSettings:
    return DecisionSettings.objects.order_by("pk").first() or DecisionSettings()


def ensure_open(decision: Decision) -> None:
    if decision.status != Status.OPEN:
        raise ValidationError(NOT_OPEN.format(status=decision.get_status_display().lower()))


def ensure_owner(actor: User, decision: Decision) -> None:
    ensure_can_write(actor)
    if actor.pk not in {decision.proposed_by_id, decision.decider_id} and not actor.is_admin:
        raise PermissionDenied(ONLY_OWNERS)


def participant_ids(decision: Decision) -> set[int]:
    """Everyone a decision concerns: decider, proposer, stakeholders and reviewers."""
    ids = {decision.decider_id, decision.proposed_by_id}
    ids.update(decision.stakeholders.values_list("pk", flat=True))
    ids.update(decision.reviewers.values_list("pk", flat=True))
    return ids


def voice_ids(decision: Decision) -> set[int]:
    """Who records a stance: the stakeholders and the reviewers."""
    ids = set(decision.stakeholders.values_list("pk", flat=True))
    ids.update(decision.reviewers.values_list("pk", flat=True))
    return ids


def decision_url(decision: Decision) -> str:
    """The page of a decision."""
    return reverse("decisions:detail", args=[decision.pk])


def record_event(
    *, decision: Decision, actor: User | None, kind: str, summary: str, at: datetime | None
) -> Event:
    event = Event(decision=decision, actor=actor, kind=kind, summary=summary[:300], at=now_or(at))
    event.full_clean()
    event.save()
    return event


def _email_enabled() -> bool:
    """E-mail goes out when SMTP is configured, or when a test collects the outbox."""
    backend = str(settings.EMAIL_BACKEND)
    return not backend.endswith("locmem.EmailBackend") or hasattr(mail, "outbox")


def _absolute(url: str) -> str:
    origins = list(getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
    return f"{origins[0].rstrip('/')}{url}" if origins else url


def notify(
    *,
    decision: Decision,
    recipient_ids: Iterable[int],
    message: str,
    actor: User | None,
    at: datetime | None = None,
) -> None:
    """Tell people in the app now, and by e-mail once the transaction commits."""
    ids = {pk for pk in recipient_ids if actor is None or pk != actor.pk}
    if not ids:
        return
    url = decision_url(decision)
    Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            decision=decision,
            message=message[:300],
            url=url,
            created_at=now_or(at),
        )
        for pk in sorted(ids)
    )
    if at is not None or not _email_enabled():
        return
    addresses = list(
        User.objects.filter(pk__in=ids, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    body = f"{message}\n\nOpen the decision: {_absolute(url)}\n"
    subject = f"[dayone] {message}"[:150]
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses]
    if messages:
        transaction.on_commit(lambda: mail.send_mass_mail(messages, fail_silently=True))


def current_stances(decision: Decision) -> dict[int, Stance]:
    """Each person's latest stance on a decision."""
    latest: dict[int, Stance] = {}
    for stance in decision.stances.order_by("created_at", "id"):
        latest[stance.person_id] = stance
    return latest


def door_facts(decision: Decision) -> rules.DoorFacts:
    """What the door policy reads about ``decision``, from its prefetched rows when there are."""
    latest: dict[int, str] = {}
    for stance in sorted(decision.stances.all(), key=lambda s: (s.created_at, s.pk)):
        latest[stance.person_id] = stance.kind
    return rules.DoorFacts(
        door=decision.door,
        status=decision.status,
        decider_id=decision.decider_id,
        decider_name=str(decision.decider),
        reviewers=[rules.Reviewer(r.pk, str(r)) for r in decision.reviewers.all()],
        stances=latest,
        open_escalations=[str(e.leader) for e in decision.escalations.all() if e.is_open],
        ruling=_ruling(decision),
    )


def _ruling(decision: Decision) -> tuple[int, str, str] | None:
    """The latest escalation ruling that names an option: it binds the decider."""
    rulings = [e for e in decision.escalations.all() if e.resolved_at and e.option_id]
    if not rulings:
        return None
    latest = max(rulings, key=lambda e: (e.resolved_at, e.pk))
    option = next(o for o in decision.options.all() if o.pk == latest.option_id)
    return option.pk, option.label, str(latest.leader)
