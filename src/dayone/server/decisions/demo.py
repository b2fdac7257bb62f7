"""Riverbend Books' decisions over the past year: both doors, disagree and commit, escalations,
a reversal, a course correction, one decision made by exhaustion and one overdue escalation."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.utils import timezone

from dayone.server.core.demo import DemoContext, demo_loader
from dayone.server.decisions import services
from dayone.server.decisions.enums import Door, StanceKind
from dayone.server.decisions.models import Decision, Escalation
from dayone.server.decisions.services import OptionInput

if TYPE_CHECKING:
    from dayone.server.core.models import User

ONE, TWO = Door.ONE_WAY, Door.TWO_WAY
AGREE, DNC, ESCALATE = StanceKind.AGREE, StanceKind.DISAGREE_COMMIT, StanceKind.ESCALATE


@dataclass(frozen=True)
class Say:
    """A stance: who, what, the objection, and how many days after the proposal."""

    who: str
    kind: str
    objection: str = ""
    day: int = 1
    escalate_to: str = ""
    resolve_hours: int = 0
    resolution: str = ""


@dataclass(frozen=True)
class Spec:
    """One demo decision, from proposal to review."""

    key: str
    days_ago: int
    question: str
    context: str
    door: str
    info: int
    proposer: str
    decider: str
    stakeholders: tuple[str, ...]
    options: tuple[tuple[str, str, str], ...]
    choose: int | None = 0
    decide_day: int = 3
    decided_info: int | None = None
    rationale: str = ""
    says: tuple[Say, ...] = ()
    postpones: tuple[str, ...] = ()
    review: tuple[str, str] | None = None
    supersedes: str = ""
    supersede_kind: str = ""
    link: tuple[str, str, str] | None = None
    window: int = 14
    extra: dict[str, str] = field(default_factory=dict)


DATA = Path(__file__).with_name("demo_data") / "decisions.yaml"


def _spec(data: dict[str, Any]) -> Spec:
    """One decision of the data file, its lists read as the tuples ``Spec`` holds."""
    fields = dict(data)
    fields["says"] = tuple(Say(**say) for say in fields.get("says", ()))
    for name in ("stakeholders", "postpones", "review", "link"):
        if name in fields:
            fields[name] = tuple(fields[name])
    fields["options"] = tuple(tuple(option) for option in fields["options"])
    return Spec(**fields)


def demo_specs() -> tuple[Spec, ...]:
    """Riverbend Books' decisions, in the order they are loaded."""
    return tuple(_spec(item) for item in yaml.safe_load(DATA.read_text(encoding="utf-8")))


def _moment(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _stance(
    spec_say: Say, *, decision: Decision, people: dict[str, User], at: datetime, ruling: int
) -> None:
    person = people[spec_say.who]
    services.stance_record(
        actor=person,
        decision=decision,
        kind=spec_say.kind,
        objection=spec_say.objection,
        commitment="I disagree and commit." if spec_say.kind == DNC else "",
        escalate_to=people[spec_say.escalate_to] if spec_say.escalate_to else None,
        at=at,
    )
    if spec_say.kind == ESCALATE and spec_say.resolve_hours:
        escalation = Escalation.objects.get(stance__decision=decision, resolved_at__isnull=True)
        services.escalation_resolve(
            actor=people[spec_say.escalate_to],
            escalation=escalation,
            resolution=spec_say.resolution,
            option=list(decision.options.all())[ruling],
            at=at + timedelta(hours=spec_say.resolve_hours),
        )


def _load_one(
    spec: Spec,
    *,
    ctx: DemoContext,
    people: dict[str, User],
    made: dict[str, Decision],
    rng: random.Random,
) -> Decision:
    proposed_on = ctx.end - timedelta(days=spec.days_ago)
    proposed_at = _moment(proposed_on, 9 + rng.randrange(0, 4), rng.randrange(0, 60))
    common: dict[str, Any] = {
        "actor": people[spec.proposer],
        "question": spec.question,
        "context": spec.context,
        "door": spec.door,
        "information_pct": spec.info,
        "decide_by": proposed_on + timedelta(days=spec.window),
        "decider": people[spec.decider],
        "stakeholders": [people[name] for name in spec.stakeholders],
        "options": [OptionInput(*option) for option in spec.options],
        "at": proposed_at,
    }
    if spec.supersedes:
        decision = services.decision_supersede(
            decision=made[spec.supersedes], kind=spec.supersede_kind, **common
        )
    else:
        decision = services.decision_create(**common)
    if spec.link:
        kind, ref, title = spec.link
        services.decision_link_source(
            actor=people[spec.proposer],
            decision=decision,
            kind=kind,
            ref=ref,
            title=title,
            at=proposed_at,
        )
    for say in spec.says:
        _stance(
            say,
            decision=decision,
            people=people,
            at=proposed_at + timedelta(days=say.day, hours=rng.randrange(0, 6)),
            ruling=spec.choose or 0,
        )
    for number, reason in enumerate(spec.postpones, start=1):
        moved_at = proposed_at + timedelta(days=number * 18)
        services.decision_postpone(
            actor=people[spec.decider],
            decision=decision,
            decide_by=proposed_on + timedelta(days=spec.window + number * 21),
            reason=reason,
            at=moved_at,
        )
    if spec.choose is None:
        return decision
    decided_at = proposed_at + timedelta(days=spec.decide_day, hours=rng.randrange(1, 7))
    option = list(decision.options.all())[spec.choose]
    services.decision_decide(
        actor=people[spec.decider],
        decision=decision,
        option=option,
        rationale=spec.rationale,
        information_pct=spec.decided_info,
        at=decided_at,
    )
    if spec.review:
        outcome, note = spec.review
        review_at = decided_at + timedelta(days=45 if spec.door == TWO else 90)
        if review_at.date() < ctx.end:
            services.review_record(
                actor=people[spec.decider],
                decision=decision,
                outcome=outcome,
                note=note,
                at=review_at,
            )
    return decision


@demo_loader()
def load_demo(ctx: DemoContext) -> str:
    """Add Riverbend Books' decisions: deterministic for ``ctx.seed``, dated before ``ctx.end``."""
    people = dict(ctx.people)
    rng = random.Random(ctx.seed)  # noqa: S311 - demo data, not security
    services.decision_settings_update(
        actor=people["eleanor.voss"],
        reviewers=[people["marcus.oyelaran"], people["priya.raman"]],
        information_target_pct=70,
        escalation_hours=48,
        exhaustion_rounds=3,
    )
    made: dict[str, Decision] = {}
    for spec in demo_specs():
        made[spec.key] = _load_one(spec, ctx=ctx, people=people, made=made, rng=rng)
    # One misalignment escalated three days before the demo week ends: its clock has run out.
    buy_box = made["buy-box"]
    services.stance_record(
        actor=people["sofia.marquez"],
        decision=buy_box,
        kind=ESCALATE,
        objection="Retail's unit goal and Catalog's price goal pull in opposite directions; "
        "no number of meetings will settle it.",
        escalate_to=people["eleanor.voss"],
        at=_moment(ctx.end - timedelta(days=3), 16, 20),
    )
    ctx.note(f"Added {len(made)} decisions")
    return f"{len(made)} decisions"
