"""Answers to anecdotes that disagree with a metric: the metric's owner says in writing why the
metric misses what customers say, or changes its definition (kept in the metric's history)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from dayone.server.core.access import ensure_can_write
from dayone.server.core.services import audit_record, model_snapshot
from dayone.server.core.validators import require_substance
from dayone.server.customers import rules
from dayone.server.customers.enums import AnswerKind
from dayone.server.customers.models import DisagreementAnswer, Theme

if TYPE_CHECKING:
    from dayone.server.core.models import User
    from dayone.server.wbr.models import Metric


@transaction.atomic
def disagreement_answer(
    *,
    actor: User,
    theme: Theme,
    metric: Metric,
    week_ending: dt.date,
    kind: str,
    text: str,
    definition: str = "",
) -> DisagreementAnswer:
    """Answer "anecdotes disagree with <metric>" for a week, in writing.

    ``kind`` is ``misses`` (why the metric does not see it) or ``redefined``: then
    ``definition`` is the metric's new definition, saved as a new version of the metric with
    the answer as its note.
    """
    from dayone.server.wbr import services as wbr_services

    ensure_can_write(actor)
    if not rules.disagreement_can_answer(actor, metric.owner_id):
        raise PermissionDenied(rules.ANSWER_NOT_OWNER.format(owner=metric.owner))
    if kind not in AnswerKind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(AnswerKind.values)}."})
    text = require_substance(text, field="text", what="answer")
    if DisagreementAnswer.objects.filter(
        theme=theme, metric=metric, week_ending=week_ending
    ).exists():
        raise ValidationError(rules.ANSWER_TWICE)
    version = None
    if kind == AnswerKind.REDEFINED:
        definition = definition.strip()
        if not definition:
            raise ValidationError({"definition": rules.NEW_DEFINITION_MISSING})
        if definition == metric.definition.strip():
            raise ValidationError({"definition": rules.SAME_DEFINITION})
        metric = wbr_services.metric_update(
            actor=actor, metric=metric, note=text, definition=definition
        )
        version = metric.version
    answer = DisagreementAnswer(
        theme=theme,
        metric=metric,
        week_ending=week_ending,
        kind=kind,
        text=text,
        metric_version=version,
        answered_by=actor,
    )
    answer.full_clean()
    answer.save()
    audit_record(
        actor=actor,
        action="disagreement.answer",
        target=answer,
        after=model_snapshot(answer, ("theme", "metric", "week_ending", "kind", "text")),
    )
    return answer
