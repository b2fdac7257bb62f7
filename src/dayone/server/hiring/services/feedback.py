"""Writes of feedback: submit a version, and note when an interviewer first read others'.

A submission rates every assigned principle with written evidence, votes overall on the same
scale and says whether the candidate raises the bar, with a reason. Submitting the same thing
twice stores one version; a change is a new version, flagged when its author had read others'
feedback. The audit log records that feedback came in, never what it says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dayone import hiring
from dayone.server.core.models import User
from dayone.server.core.services import audit_record
from dayone.server.core.validators import substance_error
from dayone.server.hiring import rules
from dayone.server.hiring.enums import EventKind
from dayone.server.hiring.models import Feedback, FeedbackRating, Interview
from dayone.server.hiring.services._common import now_or, record_event

OVERALL_MISSING = (
    "Give your overall vote: there is no middle, choose the side the evidence leans to."
)
RAISES_BAR_MISSING = "Say whether the candidate raises the bar: yes or no."
REASON_MISSING = "Say why the candidate does or does not raise the bar, against the role's bar."


@dataclass(frozen=True)
class RatingInput:
    """One principle's rating (a key such as ``inclined``, or 1 to 4) and its evidence."""

    rating: str | int | None
    evidence: str = ""


def _rating(value: str | int | None, field: str) -> int | None:
    if value in {None, ""}:
        return None
    try:
        return int(hiring.Rating.from_value(value))  # type: ignore[arg-type]
    except hiring.HiringError as exc:
        raise ValidationError({field: str(exc)}) from None


def _latest(interview: Interview) -> Feedback | None:
    return interview.feedback.order_by("-version").prefetch_related("ratings").first()


def _same(
    latest: Feedback,
    overall: int,
    raises_bar: bool,
    reason: str,
    ratings: dict[int, tuple[int, str]],
) -> bool:
    if (latest.overall, latest.raises_bar, latest.raises_bar_reason) != (
        overall,
        raises_bar,
        reason,
    ):
        return False
    stored = {r.principle_id: (r.rating, r.evidence) for r in latest.ratings.all()}
    return stored == ratings


def _validate(
    *,
    interview: Interview,
    overall: str | int | None,
    raises_bar: bool | None,
    raises_bar_reason: str,
    ratings: Mapping[int, RatingInput],
) -> tuple[dict[int, tuple[int, str]], int]:
    """The ratings by principle and the overall vote; every problem at once, by field."""
    assigned = list(interview.principles.order_by("position", "name"))
    errors: dict[str, str] = {}
    cleaned: dict[int, tuple[int, str]] = {}
    assigned_ids = {p.pk for p in assigned}
    for principle_id in ratings:
        if principle_id not in assigned_ids:
            errors[f"rating_{principle_id}"] = rules.NOT_ASSIGNED.format(principle=principle_id)
    for principle in assigned:
        given = ratings.get(principle.pk, RatingInput(None))
        value = _rating(given.rating, f"rating_{principle.pk}")
        evidence = given.evidence.strip()
        if value is None:
            errors[f"rating_{principle.pk}"] = rules.RATING_MISSING.format(principle=principle.name)
        if not evidence:
            errors[f"evidence_{principle.pk}"] = rules.EVIDENCE_MISSING.format(
                principle=principle.name
            )
        if value is not None and evidence:
            cleaned[principle.pk] = (value, evidence)
    vote = _rating(overall, "overall")
    if vote is None:
        errors["overall"] = OVERALL_MISSING
    if raises_bar is None:
        errors["raises_bar"] = RAISES_BAR_MISSING
    reason_error = substance_error(raises_bar_reason, what="reason", missing=REASON_MISSING)
    if reason_error:
        errors["raises_bar_reason"] = reason_error
    if errors or vote is None:
        raise ValidationError(errors)
    return cleaned, vote


@transaction.atomic
def feedback_submit(
    *,
    actor: User,
    interview: Interview,
    overall: str | int | None,
    raises_bar: bool | None,
    raises_bar_reason: str,
    ratings: Mapping[int, RatingInput],
    at: datetime | None = None,
) -> Feedback:
    """Submit (or amend) the actor's feedback for their interview. ``ratings`` is keyed by
    principle id; every assigned principle needs a rating and evidence."""
    interview = (
        Interview.objects.select_for_update().select_related("loop__candidate").get(pk=interview.pk)
    )
    if actor.pk != interview.interviewer_id:
        raise PermissionDenied(rules.NOT_IN_LOOP)
    when = now_or(at)
    if interview.starts_at > when:
        start = timezone.localtime(interview.starts_at)
        raise ValidationError(
            {"__all__": rules.NOT_HAPPENED.format(start=f"{start:%a %d %b %H:%M}")}
        )
    if interview.loop.is_closed:
        raise ValidationError({"__all__": rules.LOOP_CLOSED})
    cleaned, vote = _validate(
        interview=interview,
        overall=overall,
        raises_bar=raises_bar,
        raises_bar_reason=raises_bar_reason,
        ratings=ratings,
    )
    if raises_bar is None:  # refused by _validate; this tells the type checker
        raise ValidationError({"raises_bar": RAISES_BAR_MISSING})
    reason = raises_bar_reason.strip()
    latest = _latest(interview)
    if latest is not None and _same(latest, vote, raises_bar, reason, cleaned):
        return latest
    feedback = Feedback(
        interview=interview,
        version=1 if latest is None else latest.version + 1,
        overall=vote,
        raises_bar=raises_bar,
        raises_bar_reason=reason,
        submitted_at=when,
        after_reading=latest is not None and interview.read_others_at is not None,
    )
    feedback.full_clean()
    feedback.save()
    FeedbackRating.objects.bulk_create(
        FeedbackRating(feedback=feedback, principle_id=pk, rating=value, evidence=evidence)
        for pk, (value, evidence) in cleaned.items()
    )
    audit_record(
        actor=actor,
        action="feedback.submit",
        target=feedback,
        after={"version": feedback.version, "after_reading": feedback.after_reading},
    )
    words = (
        "submitted feedback"
        if feedback.version == 1
        else f"amended feedback (version {feedback.version})"
    )
    record_event(
        candidate=interview.loop.candidate,
        actor=actor,
        kind=EventKind.FEEDBACK,
        summary=f"{actor} {words}.",
        at=when,
    )
    return feedback


def feedback_mark_read(
    *, actor: User, interview: Interview | None, at: datetime | None = None
) -> None:
    """Note the first time an interviewer read others' feedback in their loop (so a later
    change is marked 'changed after reading'). Not audited: it is a read."""
    if interview is None or interview.interviewer_id != actor.pk or interview.read_others_at:
        return
    interview.read_others_at = now_or(at)
    interview.save(update_fields=["read_others_at"])
