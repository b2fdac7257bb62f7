"""Writes of the company's own question bank: an admin adds a behavioural question to a
principle, with what a strong and a weak answer show, edits it (every wording is kept as a
revision, and an edit names the version it was made from) and retires it.

Questions are the company's wording of its principles, so they follow the principles' rule:
admins change them, everyone reads them.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from dayone.server.core.models import User
from dayone.server.core.services import audit_record, audited_save, model_snapshot, model_update
from dayone.server.core.validators import require_substance
from dayone.server.core.versions import version_bump, version_lock
from dayone.server.hiring.models import InterviewQuestion, InterviewQuestionRevision
from dayone.server.hiring.questions import questions_for
from dayone.server.hiring.services._common import now_or
from dayone.server.teams.models import Principle

ONLY_ADMINS = (
    "Only an admin adds, edits or retires the company's interview questions, as with the "
    "principles they ask about."
)
PRINCIPLE_RETIRED = (
    "'{principle}' is retired: add questions to one of the principles the company uses."
)
NOT_A_QUESTION = (
    "Write the question as a question, ending with '?', or as a request such as 'Tell me "
    "about a time ...'."
)
TAKEN = "'{principle}' already has this question{where}; write a different one."
RETIRED_ALREADY = "This question was retired on {date}: it is no longer in the bank or the kits."
RETIRED_EDIT = "This question is retired: it can no longer change. Add a new one instead."
ASKS = ("tell me", "describe", "walk me", "give me", "talk me", "share ")
FIELDS = ("text", "strong", "weak")


def _ensure_admin(actor: User) -> None:
    if not actor.is_active or not actor.is_admin:
        raise PermissionDenied(ONLY_ADMINS)


def _clean(*, text: str, strong: str, weak: str) -> dict[str, str]:
    """The three texts stripped, each refused on its own field when it says too little."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for field, value, what in (
        ("text", text, "question"),
        ("strong", strong, "strong answer: what it shows"),
        ("weak", weak, "weak answer: what it shows"),
    ):
        try:
            cleaned[field] = require_substance(value, field=field, what=what)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    words = cleaned.get("text", "")
    if words and not words.endswith("?") and not words.lower().startswith(ASKS):
        errors.setdefault("text", []).append(NOT_A_QUESTION)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _ensure_new(principle: Principle, text: str, *, exclude: int | None = None) -> None:
    """Refuse a question the principle already has, in the starter bank or the company's."""
    wanted = " ".join(text.lower().split())
    if any(" ".join(q.text.lower().split()) == wanted for q in questions_for(principle.name)):
        message = TAKEN.format(principle=principle, where=" in the starter bank")
        raise ValidationError({"text": message})
    own = InterviewQuestion.objects.filter(principle=principle, retired_at__isnull=True)
    if exclude is not None:
        own = own.exclude(pk=exclude)
    if any(" ".join(t.lower().split()) == wanted for t in own.values_list("text", flat=True)):
        raise ValidationError({"text": TAKEN.format(principle=principle, where="")})


def _revise(question: InterviewQuestion, *, actor: User | None, note: str) -> None:
    last = question.revisions.order_by("-number").values_list("number", flat=True).first()
    revision = InterviewQuestionRevision(
        question=question,
        number=(last or 0) + 1,
        text=question.text,
        strong=question.strong,
        weak=question.weak,
        note=note.strip()[:200],
        author=actor,
    )
    revision.full_clean()
    revision.save()


@transaction.atomic
def question_create(
    *,
    actor: User | None,
    principle: Principle,
    text: str,
    strong: str,
    weak: str,
    at: datetime | None = None,
) -> InterviewQuestion:
    """Add one of the company's questions to a principle (admins), with its first revision."""
    if actor is not None:
        _ensure_admin(actor)
    if not principle.is_active:
        raise ValidationError({"principle": PRINCIPLE_RETIRED.format(principle=principle)})
    cleaned = _clean(text=text, strong=strong, weak=weak)
    _ensure_new(principle, cleaned["text"])
    question = InterviewQuestion(
        principle=principle, created_by=actor, created_at=now_or(at), **cleaned
    )
    question.full_clean()
    question.save()
    _revise(question, actor=actor, note="First version.")
    audit_record(
        actor=actor,
        action="question.create",
        target=question,
        after=model_snapshot(question, ("principle", *FIELDS)),
    )
    return question


@transaction.atomic
def question_update(
    *,
    actor: User,
    question: InterviewQuestion,
    text: str,
    strong: str,
    weak: str,
    note: str = "",
    version: int | None = None,
) -> InterviewQuestion:
    """Edit a company question (admins). The earlier wording stays in its revisions.

    ``version`` is the version the edit was made from: when someone saved after it, the edit is
    refused (``EditConflictError``) and nothing changes."""
    _ensure_admin(actor)
    question = version_lock(instance=question, expected=version)
    if question.is_retired:
        raise ValidationError({"text": RETIRED_EDIT})
    cleaned = _clean(text=text, strong=strong, weak=weak)
    _ensure_new(question.principle, cleaned["text"], exclude=question.pk)
    question, changed = model_update(instance=question, fields=FIELDS, data=cleaned, actor=actor)
    if changed:
        version_bump(question)
        _revise(question, actor=actor, note=note)
    return question


@transaction.atomic
def question_retire(
    *, actor: User, question: InterviewQuestion, at: datetime | None = None
) -> InterviewQuestion:
    """Retire a company question (admins): it leaves the bank and the kits, its history stays."""
    _ensure_admin(actor)
    question = version_lock(instance=question, expected=None)
    if question.retired_at is not None:
        date = f"{question.retired_at:%d %b %Y}"
        raise ValidationError({"__all__": RETIRED_ALREADY.format(date=date)})
    question = audited_save(
        actor=actor, instance=question, action="question.retire", changes={"retired_at": now_or(at)}
    )
    version_bump(question)
    return question
