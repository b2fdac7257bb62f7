"""Riverbend Books' hiring, for the demo: four roles, seventeen candidates, twelve loops.

Three roles are open and one is filled. Nine loops are finished over the past year (eight led
by certified Bar Raisers, one by the trainee and signed off), with real disagreement in them:
one ends in the Bar Raiser's veto, in one an interviewer changed their vote after reading the
others', in one an interviewer's feedback came in past due. Three loops are running: one has
feedback past due, one has all its feedback in and waits for the Bar Raiser's debrief, one is
next week. The Bar Raiser pool has four certified Bar Raisers and one in training. The company
has written three questions of its own beside the starter bank: one edited, one retired.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from dayone.server.core.demo import DemoContext, demo_loader
from dayone.server.decisions import services as decisions
from dayone.server.decisions.enums import StanceKind
from dayone.server.hiring import services
from dayone.server.hiring.enums import BarRaiserStatus, CheckInKind, RoleStatus, Stage
from dayone.server.hiring.models import BarRaiser, Loop
from dayone.server.teams import selectors as teams_selectors

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dayone.server.core.models import User
    from dayone.server.hiring.models import Candidate, Role
    from dayone.server.teams.models import Principle

CERTIFIED = ("isabel.costa", "olivia.bennett", "erik.johansson", "laura.chen")
TRAINEE = "mei.tan"
REVIEWERS = ("marcus.oyelaran", "priya.raman")


@dataclass(frozen=True)
class RoleSpec:
    key: str
    title: str
    team: str
    manager: str
    level: str
    headcount: int
    principles: tuple[str, ...]
    status: str = RoleStatus.OPEN


ROLES = (
    RoleSpec(
        "storefront",
        "Senior Software Engineer, Storefront",
        "storefront",
        "hannah.lindqvist",
        "L6",
        2,
        ("Customer Obsession", "Ownership", "Dive Deep", "Deliver Results"),
    ),
    RoleSpec(
        "search",
        "Applied Scientist, Search",
        "search-discovery",
        "kenji.watanabe",
        "L5",
        1,
        ("Are Right, A Lot", "Learn and Be Curious", "Dive Deep", "Invent and Simplify"),
    ),
    RoleSpec(
        "fulfilment",
        "Operations Analyst, Fulfilment",
        "fulfilment",
        "ryan.gallagher",
        "L5",
        1,
        ("Bias for Action", "Frugality", "Deliver Results", "Earn Trust"),
    ),
    RoleSpec(
        "payments",
        "Software Engineer, Payments",
        "checkout-payments",
        "nadia.petrova",
        "L5",
        1,
        ("Customer Obsession", "Insist on the Highest Standards", "Earn Trust", "Ownership"),
        RoleStatus.FILLED,
    ),
)

# What a candidate did, by principle: the evidence a strong and a weak showing leave.
GOOD = {
    "Customer Obsession": "Walked through 14 support tickets she read before redesigning the "
    "returns page, and showed how the redesign cut return contacts from 9% to 4% of orders.",
    "Ownership": "Found a nightly job that silently dropped 2% of orders, fixed it although it "
    "belonged to another team, and wrote the alarm that has caught it twice since.",
    "Dive Deep": "Traced a 300 ms slowdown to one database index by reading the query plans "
    "himself, and explained each step without notes when I asked.",
    "Deliver Results": "Shipped the checkout rewrite in 11 weeks against a 12-week plan, and "
    "named the two inputs he tracked every week to stay on it.",
    "Are Right, A Lot": "Described a ranking model she believed in, the A/B test that showed it "
    "lost 1.2% of clicks, and how she now asks a colleague to argue the other side first.",
    "Learn and Be Curious": "Taught himself causal inference from two textbooks in a quarter and "
    "used it to show a promotion moved 3% of sales, not the 11% the dashboard claimed.",
    "Invent and Simplify": "Replaced a 9-step vendor onboarding with a 3-field form; onboarding "
    "went from 6 days to 1 and the team deleted 2,000 lines of code.",
    "Bias for Action": "Rerouted 400 parcels to a second carrier within 2 hours of a strike "
    "notice, knowing the change could be undone the next day.",
    "Frugality": "Cut the sort centre's overtime by 30% by moving one shift by 90 minutes "
    "instead of asking for two more people.",
    "Earn Trust": "Told a vendor on the first call that their delivery data was wrong, showed "
    "the 3 worst days, and kept the relationship: they fixed it within a week.",
    "Insist on the Highest Standards": "Held a release for 2 days because refunds rounded the "
    "wrong way for 0.1% of orders, and added the test that would have caught it.",
}
WEAK = {
    "Customer Obsession": "Every example started from the team's roadmap; when asked which "
    "customer a feature served, she described the sprint goal instead.",
    "Ownership": "Described an outage in another team's service and said he raised a ticket; "
    "he did not know whether it was ever fixed.",
    "Dive Deep": "Quoted the dashboard's numbers for a drop in conversion but could not say "
    "how they were computed or what he checked beneath them.",
    "Deliver Results": "Two of the three projects described were cancelled, and for both the "
    "reasons given were other teams' delays, with no change of plan on his side.",
    "Are Right, A Lot": "Could not name a time she changed her mind; the one example offered "
    "ended with the data 'being wrong'.",
    "Learn and Be Curious": "Listed four online courses but no piece of work that used what "
    "they taught.",
    "Invent and Simplify": "Every solution added a tool or a step; asked what could be removed "
    "from the process he built, he answered that nothing could.",
    "Bias for Action": "Waited three weeks for a full cost analysis before trying a reversible "
    "change to the pick path, which cost an estimated 1,200 late orders.",
    "Frugality": "The answer to each constraint was a request for more headcount; no example "
    "of working around a limit.",
    "Earn Trust": "Described giving a colleague feedback by e-mail to their manager without "
    "speaking to the colleague first.",
    "Insist on the Highest Standards": "Shipped a payment change that met the ticket and fixed "
    "the failures later, and saw no problem with the order.",
}
REASON_YES = "On the evidence the candidate does better than half of the people in the role today."
REASON_NO = "The evidence does not show the candidate above half of the people in the role today."


@dataclass(frozen=True)
class LoopSpec:
    """A finished loop: days before the demo ends, the votes in seat order (the Bar Raiser
    last), the outcome, and the special cases."""

    role: str
    candidate: str
    source: str
    days_ago: int
    interviewers: tuple[str, ...]
    bar_raiser: str
    votes: tuple[int, ...]
    outcome: str
    rationale: str
    veto: str = ""
    changed_after_reading: int | None = None
    final_stage: str = ""
    checkin: tuple[bool, str] | None = None
    """The hiring manager's 90-day check-in on a hire: was it right, and why."""
    sign_off: str = ""
    """When a trainee leads: the certified Bar Raiser who signs the loop off, with the note."""
    sign_off_note: str = ""
    late: int | None = None
    """The seat whose feedback came in past due (a day after the others')."""


FINISHED = (
    LoopSpec(
        "payments",
        "Amelia Grant",
        "Referral",
        330,
        ("samuel.adeyemi", "chloe.dubois", "tomas.herrera"),
        "isabel.costa",
        (4, 3, 3, 4),
        "hire",
        "Every interviewer found customer obsession and ownership with numbers behind them; "
        "the Bar Raiser's strong hire rested on the refunds example.",
        final_stage=Stage.HIRED,
        checkin=(
            True,
            "Rebuilt the refunds queue in her first two months; refund complaints fell by "
            "a third and she now runs the on-call rota.",
        ),
    ),
    LoopSpec(
        "payments",
        "Victor Lindgren",
        "Job board",
        290,
        ("samuel.adeyemi", "chloe.dubois", "omar.haddad"),
        "olivia.bennett",
        (2, 3, 2, 1),
        "no_hire",
        "Strong on standards in one interview, but no interviewer saw ownership beyond "
        "assigned tickets, and earning trust was weak in two.",
    ),
    LoopSpec(
        "storefront",
        "Priyanka Das",
        "Referral",
        240,
        ("tomas.herrera", "aisha.bello", "samuel.adeyemi"),
        "erik.johansson",
        (4, 4, 3, 3),
        "hire",
        "Four hire votes; the evidence on diving deep was the strongest of the year for this role.",
        final_stage=Stage.HIRED,
        checkin=(
            False,
            "Strong analysis, but two launches slipped by a month each and she has not yet "
            "owned a problem outside her own tickets.",
        ),
    ),
    LoopSpec(
        "storefront",
        "Marco Bellini",
        "Agency",
        180,
        ("tomas.herrera", "aisha.bello", "ben.whitaker"),
        "isabel.costa",
        (3, 3, 3, 1),
        "no_hire",
        "Three interviewers leaned hire on delivery, but the Bar Raiser found no ownership "
        "and a pattern of blaming other teams; the hiring team accepted the veto.",
        veto="Three of the four examples of delivery moved blame to other teams, and none "
        "showed ownership past the assigned work: this hire would lower the bar.",
    ),
    LoopSpec(
        "search",
        "Hiroshi Tanaka",
        "Conference",
        150,
        ("laura.chen", "omar.haddad", "mei.tan"),
        "olivia.bennett",
        (3, 2, 3, 2),
        "no_hire",
        "Split loop: strong curiosity, but being right a lot and diving deep were not "
        "shown; no interviewer was strongly in favour.",
    ),
    LoopSpec(
        "search",
        "Elena Petrov",
        "Referral",
        90,
        ("laura.chen", "omar.haddad", "grace.oneill"),
        "erik.johansson",
        (4, 2, 3, 3),
        "hire",
        "Curiosity and simplification were outstanding; one interviewer moved from inclined "
        "to not inclined after reading the others, on the diving deep evidence.",
        changed_after_reading=1,
        final_stage=Stage.OFFER,
    ),
    LoopSpec(
        "fulfilment",
        "Kwame Mensah",
        "Job board",
        60,
        ("mei.tan", "diego.santos", "fatima.zahra"),
        "isabel.costa",
        (3, 4, 3, 3),
        "hire",
        "Bias for action and frugality were shown with real numbers in every interview.",
        final_stage=Stage.OFFER,
    ),
    LoopSpec(
        "fulfilment",
        "Sara Holm",
        "Internal",
        30,
        ("mei.tan", "diego.santos", "chloe.dubois"),
        "olivia.bennett",
        (2, 3, 1, 2),
        "no_hire",
        "Earning trust and delivering results were weak across the loop; one interviewer "
        "leaned hire on frugality alone.",
        late=2,
    ),
    LoopSpec(
        "search",
        "Rosa Jimenez",
        "Referral",
        14,
        ("laura.chen", "omar.haddad", "grace.oneill"),
        "mei.tan",
        (3, 2, 2, 2),
        "no_hire",
        "Curious and quick, but no interviewer saw her dive beneath a dashboard, and being "
        "right a lot rested on one example.",
        sign_off="erik.johansson",
        sign_off_note="Mei kept the debrief on the evidence: she asked each interviewer for "
        "the example behind their vote and named the gap on diving deep before anyone voted.",
    ),
)

# Candidates without a finished loop: role, name, source, stage, days since they applied.
OTHERS = (
    ("fulfilment", "Maya Okafor", "Referral", Stage.DEBRIEF, 20),
    ("storefront", "Noor Rahman", "Referral", Stage.LOOP, 12),
    ("storefront", "Felix Wagner", "Job board", Stage.SCREEN, 6),
    ("storefront", "Olu Adebayo", "Agency", Stage.APPLIED, 2),
    ("search", "Lin Wei", "Conference", Stage.LOOP, 9),
    ("search", "Tom Becker", "Job board", Stage.WITHDRAWN, 40),
    ("fulfilment", "Ana Souza", "Referral", Stage.APPLIED, 3),
    ("payments", "Jonas Berg", "Job board", Stage.DECLINED, 300),
)


def _at(day: datetime, hour: int) -> datetime:
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def _seats(
    *,
    names: tuple[str, ...],
    raiser: str,
    principles: list[Principle],
    day: datetime,
    people: Mapping[str, User],
) -> list[services.SeatInput]:
    """Four seats over one day: the principles in pairs, so each is assessed twice."""
    pairs = [(0, 1), (1, 2), (2, 3), (3, 0)]
    return [
        services.SeatInput(
            interviewer=people[name],
            principles=[principles[a], principles[b]],
            starts_at=_at(day, 9 + 2 * index),
            ends_at=_at(day, 9 + 2 * index) + timedelta(minutes=50),
            is_bar_raiser=name == raiser,
        )
        for index, (name, (a, b)) in enumerate(zip((*names, raiser), pairs, strict=True))
    ]


def _submit(*, person: User, loop: Loop, vote: int, at: datetime, shift: int = 0) -> None:
    interview = loop.interviews.get(interviewer=person)
    ratings = {}
    for index, principle in enumerate(interview.principles.order_by("position")):
        rating = max(1, min(4, vote + (shift if index == 1 else 0)))
        text = (GOOD if rating >= 3 else WEAK)[principle.name]
        ratings[principle.pk] = services.RatingInput(rating, text)
    services.feedback_submit(
        actor=person,
        interview=interview,
        overall=vote,
        raises_bar=vote >= 3,
        raises_bar_reason=REASON_YES if vote >= 3 else REASON_NO,
        ratings=ratings,
        at=at,
    )


def _finish(
    spec: LoopSpec,
    *,
    role: Role,
    principles: list[Principle],
    ctx: DemoContext,
    people: Mapping[str, User],
) -> Loop:
    day = timezone.make_aware(datetime.combine(ctx.end - timedelta(days=spec.days_ago), time(0)))
    candidate = services.candidate_create(
        actor=role.hiring_manager,
        role=role,
        name=spec.candidate,
        email=_email(spec.candidate),
        source=spec.source,
        at=day - timedelta(days=21),
    )
    services.candidate_set_stage(
        actor=role.hiring_manager,
        candidate=candidate,
        stage=Stage.SCREEN,
        at=day - timedelta(days=14),
    )
    seats = _seats(
        names=spec.interviewers,
        raiser=spec.bar_raiser,
        principles=principles,
        day=day,
        people=people,
    )
    loop = services.loop_plan(
        actor=role.hiring_manager,
        candidate=candidate,
        seats=seats,
        sign_off=people[spec.sign_off] if spec.sign_off else None,
        at=day - timedelta(days=7),
    )
    names = (*spec.interviewers, spec.bar_raiser)
    for index, (name, vote) in enumerate(zip(names, spec.votes, strict=True)):
        first = vote + 1 if spec.changed_after_reading == index else vote
        at = _at(day, 15 + index) + timedelta(hours=index * 3)
        _submit(
            person=people[name],
            loop=loop,
            vote=first,
            at=at + timedelta(days=1) if spec.late == index else at,
            shift=-1 if index % 2 else 0,
        )
    if spec.changed_after_reading is not None:
        person = people[names[spec.changed_after_reading]]
        interview = loop.interviews.get(interviewer=person)
        services.feedback_mark_read(
            actor=person, interview=interview, at=day + timedelta(days=1, hours=10)
        )
        _submit(
            person=person,
            loop=loop,
            vote=spec.votes[spec.changed_after_reading],
            at=day + timedelta(days=1, hours=11),
            shift=-1,
        )
    closed_at = day + timedelta(days=2, hours=14)
    raiser = people[spec.bar_raiser]
    services.debrief_close(
        actor=raiser,
        loop=loop,
        outcome=spec.outcome,
        rationale=spec.rationale,
        veto_reason=spec.veto,
        at=closed_at,
    )
    loop.refresh_from_db()
    if spec.sign_off:
        loop = services.loop_sign_off(
            actor=people[spec.sign_off],
            loop=loop,
            note=spec.sign_off_note,
            at=closed_at + timedelta(days=1),
        )
    decision = loop.decision
    if decision is not None:
        for reviewer in REVIEWERS:
            decisions.stance_record(
                actor=people[reviewer],
                decision=decision,
                kind=StanceKind.AGREE,
                at=closed_at + timedelta(hours=3),
            )
        option = decision.options.get(label="Hire" if spec.outcome == "hire" else "No hire")
        decisions.decision_decide(
            actor=role.hiring_manager,
            decision=decision,
            option=option,
            rationale=f"The debrief's outcome, on its evidence: {spec.rationale}",
            at=closed_at + timedelta(hours=6),
        )
    if spec.final_stage == Stage.HIRED:
        services.candidate_set_stage(
            actor=role.hiring_manager,
            candidate=candidate,
            stage=Stage.HIRED,
            at=closed_at + timedelta(days=5),
        )
    if spec.checkin is not None:
        right, note = spec.checkin
        services.checkin_record(
            actor=role.hiring_manager,
            loop=loop,
            kind=CheckInKind.DAYS_90,
            right_hire=right,
            note=note,
            at=closed_at + timedelta(days=95),
        )
    return loop


def _email(name: str) -> str:
    return name.lower().replace(" ", ".") + "@mail.example"


def _running(
    *,
    role: Role,
    candidate: Candidate,
    names: tuple[str, ...],
    raiser: str,
    principles: list[Principle],
    day: datetime,
    people: Mapping[str, User],
    submitted: int,
) -> Loop:
    seats = _seats(names=names, raiser=raiser, principles=principles, day=day, people=people)
    loop = services.loop_plan(
        actor=role.hiring_manager, candidate=candidate, seats=seats, at=day - timedelta(days=5)
    )
    for name, vote in list(zip((*names, raiser), (3, 2, 4, 3), strict=True))[:submitted]:
        _submit(person=people[name], loop=loop, vote=vote, at=_at(day, 20))
    return loop


def _questions(*, admin: User, by_name: Mapping[str, Principle], start: datetime) -> None:
    """The company's own questions: one on books, edited once; one on the shop floor; one
    retired when the starter bank's question did its job better."""
    books = services.question_create(
        actor=admin,
        principle=by_name["Customer Obsession"],
        text="Tell me about a reader whose complaint changed what you built.",
        strong="Names the reader and the complaint, shows the change it led to and what it did "
        "for other readers afterwards.",
        weak="Talks about readers in general, or about a survey score, not one reader.",
        at=start + timedelta(days=30),
    )
    services.question_update(
        actor=admin,
        question=books,
        text="Tell me about one reader whose complaint changed what you built or sold.",
        strong=books.strong,
        weak=books.weak,
        note="Booksellers change what they stock, not only what they build.",
    )
    services.question_create(
        actor=admin,
        principle=by_name["Frugality"],
        text="Describe a time the shop floor or the warehouse lacked something you needed, "
        "and what you did without it.",
        strong="Worked around the limit with what was there, and says what it saved in money "
        "or in hours.",
        weak="Waited for the budget, or asked for more people as the first answer.",
        at=start + timedelta(days=45),
    )
    retired = services.question_create(
        actor=admin,
        principle=by_name["Ownership"],
        text="Tell me about a time you owned something?",
        strong="Gives one specific example they saw through to the end.",
        weak="Answers in general terms, about the team rather than themselves.",
        at=start + timedelta(days=50),
    )
    services.question_retire(actor=admin, question=retired, at=start + timedelta(days=120))


@demo_loader(after=("teams", "decisions"))
def load_demo(ctx: DemoContext) -> str:
    """Add Riverbend Books' roles, candidates, loops, feedback and Bar Raisers."""
    people = dict(ctx.people)
    start = timezone.make_aware(datetime.combine(ctx.end - timedelta(days=400), time(9)))
    for name in CERTIFIED:
        raiser = services.bar_raiser_nominate(
            actor=people["eleanor.voss"], person=people[name], at=start
        )
        BarRaiser.objects.filter(pk=raiser.pk).update(
            status=BarRaiserStatus.CERTIFIED, certified_at=start + timedelta(days=60)
        )
    trainee = services.bar_raiser_nominate(
        actor=people["ryan.gallagher"], person=people[TRAINEE], at=start + timedelta(days=200)
    )
    services.bar_raiser_advance(actor=people["ryan.gallagher"], raiser=trainee)
    by_name = {p.name: p for p in teams_selectors.principle_list(viewer=people["eleanor.voss"])}
    roles: dict[str, Role] = {}
    role_principles: dict[str, list[Principle]] = {}
    for spec in ROLES:
        role_principles[spec.key] = [by_name[name] for name in spec.principles]
        roles[spec.key] = services.role_create(
            actor=None,
            title=spec.title,
            team=teams_selectors.team_get(viewer=people["eleanor.voss"], slug=spec.team),
            hiring_manager=people[spec.manager],
            level=spec.level,
            headcount=spec.headcount,
            bar="Better than half of the people in this role today: a hire raises the average "
            "of the team on every principle below, shown with evidence.",
            principles=role_principles[spec.key],
            at=start,
        )
    loops = [
        _finish(
            spec,
            role=roles[spec.role],
            principles=role_principles[spec.role],
            ctx=ctx,
            people=people,
        )
        for spec in FINISHED
    ]
    now = timezone.now()
    running = 0
    for key, name, source, stage, days in OTHERS:
        role = roles[key]
        candidate = services.candidate_create(
            actor=role.hiring_manager,
            role=role,
            name=name,
            email=_email(name),
            source=source,
            at=now - timedelta(days=days),
        )
        if stage == Stage.LOOP and key == "storefront":
            _running(
                role=role,
                candidate=candidate,
                names=("tomas.herrera", "aisha.bello", "omar.haddad"),
                raiser="laura.chen",
                principles=role_principles[key],
                day=now - timedelta(days=3),
                people=people,
                submitted=2,
            )
            running += 1
        elif stage == Stage.DEBRIEF:
            _running(
                role=role,
                candidate=candidate,
                names=("diego.santos", "fatima.zahra", "chloe.dubois"),
                raiser="isabel.costa",
                principles=role_principles[key],
                day=now - timedelta(days=5),
                people=people,
                submitted=4,
            )
            services.candidate_set_stage(
                actor=role.hiring_manager,
                candidate=candidate,
                stage=Stage.DEBRIEF,
                at=now - timedelta(days=4),
            )
            running += 1
        elif stage == Stage.LOOP:
            _running(
                role=role,
                candidate=candidate,
                names=("omar.haddad", "grace.oneill", "tanisha.williams"),
                raiser="isabel.costa",
                principles=role_principles[key],
                day=now + timedelta(days=4),
                people=people,
                submitted=0,
            )
            running += 1
        elif stage != Stage.APPLIED:
            services.candidate_set_stage(
                actor=role.hiring_manager,
                candidate=candidate,
                stage=stage,
                at=now - timedelta(days=max(days - 2, 0)),
            )
    services.role_set_status(
        actor=roles["payments"].hiring_manager, role=roles["payments"], status=RoleStatus.FILLED
    )
    _questions(admin=people["eleanor.voss"], by_name=by_name, start=start)
    return f"{len(roles)} roles, {len(FINISHED) + len(OTHERS)} candidates, {len(loops) + running} loops"
