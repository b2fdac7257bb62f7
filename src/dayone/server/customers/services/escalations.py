"""The "?" escalations: a leader forwards an anecdote with a question to an owner, who has a
number of hours to close it with the root cause, the fix and the prevention, in writing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dayone.server.core.access import ensure_can_write
from dayone.server.core.services import audit_record, audited_save, model_snapshot
from dayone.server.core.validators import substance_error
from dayone.server.customers import rules
from dayone.server.customers.models import Anecdote, Escalation

if TYPE_CHECKING:
    from dayone.server.core.models import User

RAISED_FIELDS = ("anecdote", "question", "owner", "hours", "due_at")


@transaction.atomic
def escalation_raise(
    *,
    actor: User,
    anecdote: Anecdote,
    owner: User | None,
    hours: int = rules.DEFAULT_HOURS,
    question: str = "",
    now: dt.datetime | None = None,
) -> Escalation:
    """Forward ``anecdote`` to ``owner`` with a question (a bare "?" by default), due in ``hours``."""
    ensure_can_write(actor)
    errors: dict[str, str] = {}
    if owner is None:
        errors["owner"] = rules.NO_OWNER
    elif not owner.is_active:
        errors["owner"] = rules.OWNER_INACTIVE.format(name=owner)
    if not rules.MIN_HOURS <= hours <= rules.MAX_HOURS:
        errors["hours"] = rules.HOURS_OUT_OF_RANGE
    question = question.strip() or "?"
    if len(question) > rules.MAX_QUESTION:
        errors["question"] = rules.QUESTION_TOO_LONG
    if errors or owner is None:
        raise ValidationError(errors)
    now = now or timezone.now()
    escalation = Escalation(
        anecdote=anecdote,
        question=question,
        raised_by=actor,
        owner=owner,
        hours=hours,
        due_at=now + dt.timedelta(hours=hours),
        created_at=now,
    )
    escalation.full_clean()
    escalation.save()
    audit_record(
        actor=actor,
        action="escalation.raise",
        target=escalation,
        after=model_snapshot(escalation, RAISED_FIELDS),
    )
    return escalation


@transaction.atomic
def escalation_close(
    *,
    actor: User,
    escalation: Escalation,
    root_cause: str,
    fix: str,
    prevention: str,
    now: dt.datetime | None = None,
) -> Escalation:
    """Close an escalation with the root cause, the fix and the prevention, each in writing."""
    ensure_can_write(actor)
    if not escalation.is_open:
        raise ValidationError(rules.ALREADY_CLOSED)
    if not rules.escalation_can_close(actor, escalation):
        raise PermissionDenied(rules.NOT_YOURS)
    written = {"root_cause": root_cause, "fix": fix, "prevention": prevention}
    missing = {
        "root_cause": rules.ROOT_CAUSE_MISSING,
        "fix": rules.FIX_MISSING,
        "prevention": rules.PREVENTION_MISSING,
    }
    errors = {
        field: error
        for field, text in written.items()
        if (error := substance_error(text, what=field.replace("_", " "), missing=missing[field]))
    }
    if errors:
        raise ValidationError(errors)
    return audited_save(
        actor=actor,
        instance=escalation,
        action="escalation.close",
        changes={
            **{field: text.strip() for field, text in written.items()},
            "closed_at": now or timezone.now(),
            "closed_by": actor,
        },
    )
