"""Riverbend Books' decisions over the past year: both doors, disagree and commit, escalations,
a reversal, a course correction, one decision made by exhaustion and one overdue escalation."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from dayone.server.core.demo import DemoContext, demo_loader
from dayone.server.decisions import services
from dayone.server.decisions.enums import Door, Outcome, SourceKind, StanceKind, SupersedeKind
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


SPECS: tuple[Spec, ...] = (
    Spec(
        "free-shipping-25",
        340,
        "Lower the free-shipping threshold from $35 to $25?",
        "Cart abandonment is 31% for carts between $25 and $35, against 22% overall. Two "
        "competitors moved to $25 in the spring. Finance estimates $38k a month in extra "
        "shipping cost at today's volume, before any lift in orders.",
        TWO,
        60,
        "sofia.marquez",
        "sofia.marquez",
        ("marcus.oyelaran", "nadia.petrova", "victor.almeida"),
        (
            ("Lower to $25", "Recovers carts stuck at $25-$35", "About $38k a month in shipping"),
            ("Keep $35", "Margin stays where it is", "Competitors advertise $25"),
            ("Test $29 first", "Limits the cost", "Six more weeks before we know"),
        ),
        decide_day=4,
        rationale="Two-way door: we can raise it again in a day if the margin hit is worse than the lift.",
        says=(
            Say("nadia.petrova", AGREE),
            Say(
                "marcus.oyelaran",
                DNC,
                "The lift in orders will not cover $38k a month; small baskets are our least "
                "profitable orders.",
                2,
            ),
            Say("victor.almeida", AGREE, day=3),
        ),
        review=(
            Outcome.WRONG,
            "Orders rose 2.1% but contribution margin fell 3.8 points; baskets under $30 doubled.",
        ),
    ),
    Spec(
        "free-shipping-35",
        250,
        "Raise the free-shipping threshold back to $35 for non-members?",
        "Ninety days at $25: orders +2.1%, average basket -$4.10, shipping cost per order +11%. "
        "Members keep free shipping at any basket size.",
        TWO,
        80,
        "marcus.oyelaran",
        "sofia.marquez",
        ("marcus.oyelaran", "hannah.lindqvist"),
        (
            (
                "Back to $35 for non-members",
                "Restores margin; members keep the perk",
                "Some customers notice",
            ),
            ("Stay at $25", "No change for customers", "Margin keeps bleeding"),
        ),
        decide_day=2,
        rationale="The data is in. We course-correct quickly rather than defend the first call.",
        says=(Say("marcus.oyelaran", AGREE), Say("hannah.lindqvist", AGREE)),
        supersedes="free-shipping-25",
        supersede_kind=SupersedeKind.REVERSAL,
        review=(Outcome.RIGHT, "Margin recovered within five weeks; order count flat."),
    ),
    Spec(
        "reno-fc",
        300,
        "Open a second fulfilment centre in Reno?",
        "West-coast orders take 4.1 days on average against 2.3 days east of the Mississippi. "
        "West-coast customers are 34% of orders and growing 9% a year. A 10-year lease in Reno "
        "costs $2.4M a year; a third-party logistics partner quotes $3.10 per order.",
        ONE,
        65,
        "daniel.kowalczyk",
        "eleanor.voss",
        ("ryan.gallagher", "diego.santos", "mei.tan"),
        (
            ("Lease in Reno", "Two-day delivery for 80% of the west", "$2.4M a year for 10 years"),
            (
                "Third-party logistics",
                "No lease; start in a month",
                "$3.10 per order, less control",
            ),
            ("Wait a year", "More demand data", "Delivery stays at 4.1 days"),
        ),
        decide_day=19,
        decided_info=68,
        rationale="Delivery speed is an input customers feel every order. The lease is a one-way "
        "door, so we asked for the 3PL quote first; at our volume the lease is cheaper from year three.",
        says=(
            Say("marcus.oyelaran", AGREE, day=5),
            Say("priya.raman", AGREE, day=6),
            Say(
                "ryan.gallagher",
                DNC,
                "We have not run two buildings before; I would start with a 3PL for a year.",
                7,
            ),
            Say("diego.santos", AGREE, day=7),
            Say("mei.tan", AGREE, day=8),
        ),
        review=(
            Outcome.TOO_EARLY,
            "Building fit-out is on schedule; first orders ship next quarter.",
        ),
    ),
    Spec(
        "search-vendor",
        270,
        "Switch the search vendor to an open-source engine we run ourselves?",
        "The current vendor's renewal is $420k a year, up 35%. Zero-result searches are 7.9%. An "
        "open-source engine would cost about $140k a year in hosting and one engineer's time.",
        ONE,
        60,
        "kenji.watanabe",
        "priya.raman",
        ("laura.chen", "omar.haddad", "grace.oneill"),
        (
            (
                "Switch to open source",
                "Saves ~$180k a year; we own ranking",
                "Three-month migration risk",
            ),
            ("Renew the vendor", "No migration", "$420k a year, no control over ranking"),
        ),
        decide_day=12,
        decided_info=70,
        rationale="We can tune ranking for books ourselves. The migration runs behind a Weblab "
        "experiment so we can fall back if relevance drops.",
        says=(
            Say("marcus.oyelaran", AGREE, day=3),
            Say("omar.haddad", AGREE, day=2),
            Say(
                "laura.chen",
                DNC,
                "Relevance will drop for a quarter while we rebuild synonyms and spelling; I would "
                "renew for one more year.",
                4,
            ),
            Say("grace.oneill", AGREE, day=5),
        ),
        review=(Outcome.RIGHT, "Zero-result rate fell from 7.9% to 5.2% after the switch."),
    ),
    Spec(
        "ebook-pricing",
        230,
        "Price new-release ebooks at 20% below hardcover instead of 10%?",
        "Ebook unit sales are flat year over year while hardcover grew 4%. Readers in the last "
        "survey called ebook prices 'too close to print' 212 times.",
        TWO,
        55,
        "victor.almeida",
        "sofia.marquez",
        ("victor.almeida", "isabel.costa", "arjun.mehta"),
        (
            ("20% below hardcover", "Matches what readers expect", "Publishers may push back"),
            ("Keep 10% below", "No publisher conversations", "Flat ebook sales"),
        ),
        decide_day=3,
        says=(
            Say("isabel.costa", AGREE),
            Say(
                "arjun.mehta",
                DNC,
                "Two large publishers will read this as a price war; I expect hard talks in renewals.",
                2,
            ),
        ),
        review=(Outcome.PARTLY, "Ebook units +9%; one publisher asked to exclude its list."),
    ),
    Spec(
        "gift-wrap",
        210,
        "Retire the gift-wrapping option at checkout?",
        "Gift-wrap is chosen on 0.6% of orders, costs $1.90 per wrap in labour, and causes 14% "
        "of packing errors at Columbus.",
        TWO,
        50,
        "ryan.gallagher",
        "daniel.kowalczyk",
        ("olivia.bennett", "hannah.lindqvist", "sofia.marquez"),
        (
            ("Retire it", "Fewer packing errors", "Some gift buyers will miss it"),
            ("Keep it", "Gift buyers are happy", "Errors and cost stay"),
            ("Keep it for December only", "Covers the peak", "Two processes to train"),
        ),
        choose=2,
        decide_day=96,
        decided_info=92,
        rationale="After many rounds: keep it for December only.",
        says=(
            Say("olivia.bennett", AGREE, day=2),
            Say("hannah.lindqvist", AGREE, day=3),
            Say("sofia.marquez", DNC, "Gift buyers are our best December customers.", 5, ""),
            Say("hannah.lindqvist", DNC, "On reflection the December volume matters.", 30),
            Say("olivia.bennett", DNC, "Contacts about missing wrap would rise.", 60),
        ),
        postpones=(
            "Waiting for December contact data",
            "Sofia wants the survey results",
            "Packing-error audit not finished",
            "We revisit it after the peak",
        ),
        window=10,
    ),
    Spec(
        "price-match",
        200,
        "Launch a price-match guarantee on print books?",
        "Price is the second reason in cancelled-cart surveys. Competitor prices are lower on "
        "18% of our top 5,000 titles, by $1.40 on average.",
        TWO,
        65,
        "victor.almeida",
        "sofia.marquez",
        ("victor.almeida", "olivia.bennett"),
        (
            ("Match any retailer", "Simple promise", "Open-ended cost"),
            ("No guarantee", "No cost", "Lost carts on price"),
        ),
        decide_day=5,
        says=(Say("victor.almeida", AGREE), Say("olivia.bennett", AGREE, day=2)),
        review=(
            Outcome.PARTLY,
            "Conversion +0.4 points, but matches against tiny sellers cost $21k.",
        ),
    ),
    Spec(
        "price-match-cap",
        150,
        "Limit the price-match guarantee to five named retailers?",
        "Half of the match cost came from 140 small marketplace sellers with one copy each.",
        TWO,
        75,
        "victor.almeida",
        "sofia.marquez",
        ("victor.almeida", "olivia.bennett"),
        (
            ("Five named retailers", "Cuts match cost by half", "A rule to explain"),
            ("Keep matching anyone", "Simple promise", "$21k a month"),
        ),
        decide_day=2,
        says=(Say("victor.almeida", AGREE), Say("olivia.bennett", AGREE)),
        supersedes="price-match",
        supersede_kind=SupersedeKind.CORRECTION,
    ),
    Spec(
        "one-click-reorder",
        180,
        "Ship the one-click reorder button for series readers?",
        "Weblab experiment: +3.1% orders from returning series readers (95% interval +1.2% to "
        "+5.0%), no change in returns.",
        TWO,
        70,
        "hannah.lindqvist",
        "hannah.lindqvist",
        ("aisha.bello", "ben.whitaker"),
        (
            ("Ship", "Customers get it now", ""),
            ("Iterate", "Try a bundle offer too", "Another cycle"),
            ("Stop", "", "Forgoes the lift"),
        ),
        decide_day=1,
        says=(Say("aisha.bello", AGREE), Say("ben.whitaker", AGREE)),
        link=(SourceKind.EXPERIMENT, "reorder-series", "One-click reorder for series readers"),
    ),
    Spec(
        "riverbend-plus",
        320,
        "Greenlight Riverbend Plus, a $49-a-year membership with free shipping and early releases?",
        "The PR/FAQ review ended with three open questions: cannibalisation of free-shipping "
        "orders, publisher appetite for early releases, and the break-even member count (41,000).",
        ONE,
        55,
        "sofia.marquez",
        "eleanor.voss",
        ("sofia.marquez", "daniel.kowalczyk", "isabel.costa"),
        (
            ("Greenlight", "Loyalty and repeat orders", "Break-even needs 41,000 members"),
            ("Another PR/FAQ round", "Answers the open questions", "Six weeks"),
        ),
        decide_day=10,
        decided_info=60,
        rationale="I disagree and commit: I doubt early releases will matter to readers as much as "
        "the team thinks, but the team has the conviction and the door's cost is bounded by a "
        "12-month pilot.",
        says=(
            Say("marcus.oyelaran", DNC, "Break-even at 41,000 members looks optimistic.", 3),
            Say("priya.raman", AGREE, day=3),
            Say("daniel.kowalczyk", AGREE, day=4),
            Say(
                "isabel.costa",
                ESCALATE,
                "Publishers will not grant early releases without exclusivity terms; this "
                "conflicts with Catalog's selection goal.",
                4,
                "eleanor.voss",
                30,
                "Pilot with publishers who accept early release without exclusivity; revisit in Q3.",
            ),
            Say(
                "isabel.costa", DNC, "Still worried about exclusivity, but the pilot limits it.", 6
            ),
            Say("sofia.marquez", AGREE, day=1),
        ),
        link=(SourceKind.PRFAQ, "riverbend-plus", "PR/FAQ: Riverbend Plus membership"),
        review=(Outcome.TOO_EARLY, "23,000 members after five months; renewals not due yet."),
    ),
    Spec(
        "cs-chat-hours",
        160,
        "Run customer-service chat 24/7 instead of 7am-11pm?",
        "Nine percent of chats arrive overnight and wait until morning; those contacts score 2.8 "
        "on satisfaction against 4.3.",
        TWO,
        70,
        "olivia.bennett",
        "olivia.bennett",
        ("jamal.carter", "ingrid.halvorsen"),
        (
            ("24/7 with two overnight associates", "No overnight wait", "$9k a month"),
            ("Overnight auto-replies only", "Cheap", "Customers still wait"),
        ),
        decide_day=2,
        says=(
            Say("jamal.carter", DNC, "Overnight shifts will be hard to staff in Columbus.", 1),
            Say("ingrid.halvorsen", AGREE),
        ),
        review=(Outcome.RIGHT, "Overnight satisfaction 4.1; no rise in attrition so far."),
    ),
    Spec(
        "fraud-rules",
        140,
        "Hold first orders over $300 for manual fraud review?",
        "Chargebacks cost $14k last quarter; 71% came from first orders above $300.",
        TWO,
        75,
        "chloe.dubois",
        "nadia.petrova",
        ("chloe.dubois", "samuel.adeyemi", "olivia.bennett"),
        (
            ("Hold for review", "Cuts most chargebacks", "Delays good customers by a day"),
            ("Score with the payments provider", "No delay", "Catches fewer"),
        ),
        choose=1,
        decide_day=3,
        says=(
            Say(
                "chloe.dubois", DNC, "The provider's score missed half of last quarter's fraud.", 1
            ),
            Say("samuel.adeyemi", AGREE),
            Say("olivia.bennett", AGREE, day=2),
        ),
        review=(
            Outcome.PARTLY,
            "Chargebacks down 40%, not the 70% manual review would have caught.",
        ),
    ),
    Spec(
        "carrier-switch",
        125,
        "Move ground parcels from one national carrier to two regional carriers?",
        "Regional carriers quote 12% less and one day faster in the Midwest; onboarding takes "
        "six weeks of Transportation's time.",
        TWO,
        65,
        "mei.tan",
        "daniel.kowalczyk",
        ("mei.tan", "ryan.gallagher"),
        (
            ("Two regional carriers", "12% cheaper, a day faster", "Two integrations"),
            ("Stay with the national carrier", "One integration", "Slower, dearer"),
        ),
        decide_day=6,
        says=(Say("mei.tan", AGREE), Say("ryan.gallagher", AGREE, day=2)),
    ),
    Spec(
        "data-warehouse",
        110,
        "Move the warehouse from nightly batch to hourly loads?",
        "Analysts wait until 10am for yesterday's numbers; the WBR deck is built by hand on "
        "Monday mornings.",
        TWO,
        60,
        "erik.johansson",
        "erik.johansson",
        ("tanisha.williams", "connor.walsh"),
        (
            ("Hourly loads", "Fresh data for the WBR", "Compute cost +$2k a month"),
            ("Keep nightly", "No change", "Stale numbers"),
        ),
        decide_day=1,
        says=(Say("tanisha.williams", AGREE),),
    ),
    Spec(
        "marketplace-fees",
        95,
        "Lower the marketplace seller commission from 15% to 12% for used books?",
        "Used-book selection is 38% below the leading competitor; sellers cite fees in 60% of "
        "exit surveys.",
        TWO,
        60,
        "isabel.costa",
        "sofia.marquez",
        ("isabel.costa", "arjun.mehta", "marcus.oyelaran"),
        (
            ("12% for used books", "More sellers and selection", "Lower take rate"),
            ("Keep 15%", "Take rate holds", "Selection gap stays"),
        ),
        decide_day=8,
        says=(
            Say("arjun.mehta", AGREE),
            Say("marcus.oyelaran", DNC, "Take rate falls before selection grows.", 2),
            Say(
                "isabel.costa",
                ESCALATE,
                "Finance and Retail are optimising different goals here.",
                3,
                "eleanor.voss",
                62,
                "Selection is this year's goal; do it for used books only and review in six months.",
            ),
            Say("isabel.costa", AGREE, day=6),
        ),
    ),
    Spec(
        "homepage-redesign",
        85,
        "Replace the homepage carousel with personalised 'next in series' rows?",
        "Carousel clicks are 0.4% of sessions; series rows in the app get 6.2%.",
        TWO,
        70,
        "ben.whitaker",
        "hannah.lindqvist",
        ("ben.whitaker", "aisha.bello", "kenji.watanabe"),
        (
            ("Series rows", "Far more engagement", "Merchandising loses a slot"),
            ("Keep the carousel", "Merchandising slot", "Few clicks"),
        ),
        decide_day=2,
        says=(Say("aisha.bello", AGREE), Say("kenji.watanabe", AGREE), Say("ben.whitaker", AGREE)),
        link=(SourceKind.EXPERIMENT, "homepage-series-rows", "Homepage series rows"),
    ),
    Spec(
        "returns-window",
        75,
        "Extend the returns window from 30 to 60 days?",
        "Returns are 2.1% of orders; 60% of late-return contacts are gifts.",
        TWO,
        80,
        "olivia.bennett",
        "daniel.kowalczyk",
        ("olivia.bennett", "fatima.zahra"),
        (
            ("60 days", "Fewer angry contacts", "Returns +0.2 points"),
            ("Keep 30 days", "No change", "Gift returns refused"),
        ),
        decide_day=21,
        decided_info=88,
        says=(Say("fatima.zahra", AGREE), Say("olivia.bennett", AGREE)),
    ),
    Spec(
        "payments-provider",
        70,
        "Add a second payments provider for card payments?",
        "Our only provider had two outages this year, 3h 40m in all, costing about $61k in orders.",
        ONE,
        70,
        "nadia.petrova",
        "priya.raman",
        ("samuel.adeyemi", "chloe.dubois"),
        (
            (
                "Second provider with failover",
                "Outages no longer stop checkout",
                "Integration and fees",
            ),
            ("Stay with one", "Simple", "Exposed to outages"),
        ),
        decide_day=9,
        rationale="Checkout availability is a customer promise; failover pays for itself in one outage.",
        says=(
            Say("marcus.oyelaran", AGREE, day=2),
            Say("samuel.adeyemi", AGREE),
            Say("chloe.dubois", DNC, "Two fraud models to tune.", 2),
        ),
    ),
    Spec(
        "audiobooks",
        60,
        "Start selling audiobooks?",
        "Audiobooks are the fastest-growing format (+24% a year in the US market). We would need "
        "a player, DRM licences and new publisher terms.",
        ONE,
        45,
        "sofia.marquez",
        "eleanor.voss",
        ("isabel.costa", "priya.raman", "hannah.lindqvist"),
        (
            ("Launch in 9 months", "Follows the readers", "Big build, new terms"),
            ("Partner with a distributor", "Faster, less build", "Thin margin"),
            ("Not now", "Focus", "Format shift passes us by"),
        ),
        choose=1,
        decide_day=14,
        decided_info=55,
        rationale="Partner first to learn what our readers buy; a build is a one-way door we can "
        "walk through later with data.",
        says=(
            Say("marcus.oyelaran", AGREE, day=3),
            Say("isabel.costa", AGREE, day=4),
            Say("priya.raman", AGREE, day=4),
            Say("hannah.lindqvist", DNC, "A partner's player will feel foreign in our app.", 5),
        ),
    ),
    Spec(
        "cs-knowledge-base",
        50,
        "Publish the customer-service knowledge base as a public help centre?",
        "Forty percent of contacts ask questions the internal knowledge base already answers.",
        TWO,
        70,
        "ingrid.halvorsen",
        "olivia.bennett",
        ("ingrid.halvorsen", "jamal.carter"),
        (("Publish", "Fewer contacts", "Articles need rewriting"), ("Keep internal", "", "")),
        decide_day=2,
        says=(Say("jamal.carter", AGREE),),
    ),
    Spec(
        "catalog-cleanup",
        42,
        "Delist 120,000 out-of-print titles with no sale in three years?",
        "They make up 9% of the catalogue and 31% of zero-result-adjacent search noise.",
        TWO,
        75,
        "rachel.goldberg",
        "isabel.costa",
        ("rachel.goldberg", "kenji.watanabe"),
        (
            ("Delist", "Cleaner search", "A few readers look for rare titles"),
            ("Keep", "Complete catalogue", "Noise"),
            ("Hide from search only", "Cleaner search; pages stay", "Two states to maintain"),
        ),
        choose=2,
        decide_day=4,
        says=(
            Say("kenji.watanabe", AGREE),
            Say("rachel.goldberg", DNC, "Hiding is half a fix.", 2),
        ),
    ),
    Spec(
        "same-day-columbus",
        30,
        "Offer same-day delivery in the Columbus metro area?",
        "A courier quotes $6.50 per order; 11% of Columbus orders are placed before noon.",
        TWO,
        62,
        "diego.santos",
        "daniel.kowalczyk",
        ("diego.santos", "mei.tan", "hannah.lindqvist"),
        (
            ("Pilot for 8 weeks", "Learn demand cheaply", "Courier cost"),
            ("Not now", "", "No learning"),
        ),
        decide_day=5,
        says=(Say("mei.tan", AGREE), Say("hannah.lindqvist", AGREE, day=2)),
    ),
    # Open decisions ---------------------------------------------------------------------------
    Spec(
        "buy-box",
        20,
        "Let marketplace sellers win the buy box against our own stock?",
        "Sellers beat our price on 22% of titles we stock. Letting them win the buy box would "
        "lower prices for readers and our own sales of those titles.",
        ONE,
        60,
        "isabel.costa",
        "eleanor.voss",
        ("isabel.costa", "sofia.marquez", "victor.almeida", "ryan.gallagher"),
        (
            ("Lowest landed price wins", "Lower prices for readers", "Our own units fall"),
            ("Our stock always wins", "Protects our units", "Readers pay more"),
        ),
        choose=None,
        says=(
            Say("victor.almeida", AGREE, day=2),
            Say(
                "ryan.gallagher",
                DNC,
                "Inventory we already bought will sit longer; I will plan for it.",
                3,
            ),
            Say("marcus.oyelaran", AGREE, day=4),
        ),
        window=30,
    ),
    Spec(
        "loyalty-points",
        12,
        "Replace the points programme with member-only prices?",
        "Points are redeemed on 6% of orders and cost 1.8% of revenue; readers in interviews "
        "could not say how many points they had.",
        TWO,
        75,
        "sofia.marquez",
        "sofia.marquez",
        ("victor.almeida", "olivia.bennett"),
        (
            ("Member prices", "Simple to understand", "Points holders need a transition"),
            ("Keep points", "No transition", "Costly and unloved"),
        ),
        choose=None,
        says=(Say("victor.almeida", AGREE, day=2),),
        window=21,
    ),
    Spec(
        "warehouse-robots",
        9,
        "Pilot goods-to-person robots in the Columbus fulfilment centre?",
        "Pick rate is 92 units an hour; the vendor claims 300. Pilot cost $380k for one zone.",
        TWO,
        40,
        "ryan.gallagher",
        "daniel.kowalczyk",
        ("ryan.gallagher", "diego.santos", "fatima.zahra"),
        (
            ("Pilot one zone", "Learn the real pick rate", "$380k"),
            ("Wait for the Reno building", "Design it in from day one", "A year later"),
        ),
        choose=None,
        says=(Say("diego.santos", AGREE),),
        link=(SourceKind.GOAL, "pick-rate-150", "Goal: 150 units an hour per picker by Q4"),
        window=3,
    ),
    Spec(
        "cs-outsourcing",
        6,
        "Outsource the December overflow of customer-service contacts?",
        "December contacts are 2.6 times the yearly average; last year the wait peaked at 47 "
        "minutes.",
        TWO,
        65,
        "jamal.carter",
        "olivia.bennett",
        ("jamal.carter", "ingrid.halvorsen"),
        (
            ("Outsource overflow", "Short waits in December", "Quality risk"),
            ("Hire seasonal associates", "Our quality bar", "Hiring takes 6 weeks"),
        ),
        choose=None,
        window=10,
    ),
)


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


@demo_loader(after=("goals",))
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
    for spec in SPECS:
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
