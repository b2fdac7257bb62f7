"""Riverbend Books' documents, for the demo: the Riverbend Plus PR/FAQ (approved and shipped),
the textbook rental PR/FAQ (not now) and the peak season narrative (go), each written over
several versions, commented on, and reviewed. Early versions keep a few of the linter's
findings, as first drafts do; reviews end in outcomes linked to decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from dayone.server.core.demo import DemoContext, demo_loader
from dayone.server.documents import services
from dayone.server.documents.enums import DocumentKind, DocumentStatus, ReviewOutcome
from dayone.server.documents.models import Comment, Document, DocumentVersion, Review
from dayone.server.documents.structure import QA, PrFaq
from dayone.server.teams import selectors as org_selectors

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dayone.server.core.models import User


@dataclass(frozen=True)
class Note:
    """A comment: who, on which version (0-based), the section, the passage and the text; then
    resolved in a later version, carried to it, or left open."""

    who: str
    version: int
    section: str
    quote: str
    body: str
    resolve: str = ""
    carry: bool = False
    review: int | None = None


@dataclass(frozen=True)
class Meeting:
    """A review: after which version (0-based), how many days after it, who reads, the outcome."""

    version: int
    days_after: int
    readers: tuple[str, ...]
    outcome: str
    note: str
    done: tuple[str, ...] = ()
    waivers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Spec:
    """One demo document and its history."""

    kind: str
    title: str
    slug: str
    owner: str
    team: str
    days_ago: tuple[int, ...]
    versions: tuple[Any, ...]
    notes: tuple[str, ...]
    comments: tuple[Note, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    shipped: bool = False


def _prfaq(
    questions: dict[str, str],
    press: dict[str, str],
    external: tuple[tuple[str, str], ...] = (),
    internal: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
) -> PrFaq:
    return PrFaq(
        questions=questions,
        press=press,
        external=tuple(QA(q, a) for q, a in external),
        internal={
            key: tuple(QA(q, a) for q, a in pairs) for key, pairs in (internal or {}).items()
        },
    )


# -- Riverbend Plus ----------------------------------------------------------------------------

_PLUS_QUESTIONS = {
    "customer": "Readers who order from us at least once a month: 61,000 customers in the last "
    "twelve months, 14% of active customers and 46% of revenue.",
    "problem": "They pay for shipping on 38% of their orders, because a single paperback does "
    "not reach the $35 free-shipping threshold. In the spring survey, 1,240 of them said they "
    "wait and batch orders to save on shipping, and 31% said they buy the book elsewhere "
    "instead of waiting.",
    "benefit": "Every order ships free, with no minimum, in two days.",
    "evidence": "Order data for 12 months (2.3 million orders), the spring survey of 4,800 "
    "customers, and 26 customer-service contacts a week that ask for a shipping subscription.",
    "experience": "A reader adds one paperback to the cart and sees 'Free with Plus' next to "
    "the shipping line. One tap starts a 30-day free trial. The book arrives two days later, "
    "and the order page shows how much Plus has saved so far this year.",
}

_PLUS_PRESS_V1 = {
    "heading": "Riverbend Books launches Riverbend Plus",
    "subheading": "A membership for book lovers with significantly faster shipping and various perks.",
    "summary": "COLUMBUS, Ohio. Riverbend Books today announced Riverbend Plus, a membership "
    "program that will soon change how readers buy books online.",
    "problem": "Readers who buy often pay for shipping again and again. Many of them wait to "
    "batch their orders, and nearly a third give up and buy elsewhere.",
    "solution": "Riverbend Plus members get free shipping on every order, early access to "
    "new releases, and might get member prices on selected titles.",
    "leader_quote": '"Our best customers deserve the best experience," said Sofia Marquez, '
    "VP Retail.",
    "getting_started": "Readers can join at riverbend.example/plus.",
    "customer_quote": '"I love it," said a customer.',
    "call_to_action": "Join Riverbend Plus today.",
}

_PLUS_PRESS_V2 = {
    "heading": "Riverbend Books launches Riverbend Plus: free two-day shipping on every book",
    "subheading": "Readers who order every month get every order shipped free in two days, for "
    "$49 a year.",
    "summary": "COLUMBUS, Ohio, 3 March. Riverbend Books today launched Riverbend Plus, a $49 "
    "yearly membership. Members get free two-day shipping on every order with no minimum, "
    "and new releases from 40 partner publishers one week before publication.",
    "problem": "A reader who wants one paperback pays $4.99 to ship it, more than a third of "
    "the book's price. Our monthly readers paid for shipping on 38% of their orders last "
    "year. Many wait and batch their orders; 31% told us they buy the book elsewhere instead.",
    "solution": "With Riverbend Plus, every order ships free in two days, whether it is one "
    "paperback or ten hardbacks. Members see 'Free with Plus' in the cart, and their order "
    "page shows what they have saved this year.",
    "leader_quote": '"Our most loyal readers were paying us a tax for buying one book at a '
    'time," said Sofia Marquez, VP Retail at Riverbend Books. "Plus removes it."',
    "getting_started": "Readers start a 30-day free trial at riverbend.example/plus or from "
    "the cart. After the trial, Plus costs $49 a year, and members can cancel at any time.",
    "customer_quote": '"I used to keep a list and order five books every two months," said '
    'Jo Whitfield, a teacher in Dayton. "Now I order the next book in the series the night '
    'I finish the last one."',
    "call_to_action": "Start a free trial at riverbend.example/plus.",
}

_PLUS_PRESS_V3 = {
    **_PLUS_PRESS_V2,
    "summary": "COLUMBUS, Ohio, 3 March. Riverbend Books today launched Riverbend Plus, a $49 "
    "yearly membership. Members get free two-day shipping on every order with no minimum, "
    "and new releases from 12 partner publishers one week before publication.",
}

_PLUS_EXTERNAL_V1 = (
    ("How much does Riverbend Plus cost?", "$49 a year after a 30-day free trial."),
    ("Can I cancel?", "Yes, at any time from the account page."),
)
_PLUS_EXTERNAL_V2 = (
    *_PLUS_EXTERNAL_V1,
    (
        "What counts as two-day shipping?",
        "Orders placed by 2 pm arrive within two business days to 94% of US addresses. "
        "Alaska, Hawaii and Puerto Rico take up to five days, still free.",
    ),
    (
        "Do early releases cost more?",
        "No. Early releases cost the same as on publication day.",
    ),
    (
        "Can I share Plus with my family?",
        "Not at launch. We will decide on household sharing after six months of data.",
    ),
)

_PLUS_INTERNAL_V2 = {
    "market": (
        (
            "How many customers will join?",
            "We plan for 30,000 members in the first year: half of the 61,000 monthly "
            "readers. The trial converted 52% in the Columbus test in January.",
        ),
    ),
    "economics": (
        (
            "Does Plus make money?",
            "Each member pays $49 and costs us $31 a year in shipping we no longer charge, "
            "at today's order rate. Members in the test ordered 22% more often.",
        ),
    ),
    "risks": (
        (
            "What do we need from other teams?",
            "Checkout builds the membership and billing (six weeks). Fulfilment must absorb "
            "about 15% more two-day orders at Columbus.",
        ),
    ),
}

_PLUS_INTERNAL_V3 = {
    **_PLUS_INTERNAL_V2,
    "economics": (
        (
            "Does Plus make money?",
            "Each member pays $49 and costs us $31 a year in shipping we no longer charge, "
            "at today's order rate. Members in the test ordered 22% more often, which adds "
            "$38 of gross profit a year. Plus breaks even at 41,000 members, if we count "
            "the $1.1M to build it and market it in year one.",
        ),
        (
            "How much free shipping do we give away on orders that qualify today?",
            "$410,000 a year: members' orders over $35 already ship free. We counted it in "
            "the $31 a year.",
        ),
    ),
    "assumptions": (
        (
            "Which assumption is the riskiest?",
            "That members order 22% more often. The Columbus test ran for 8 weeks with "
            "1,900 members; we re-measure at 12 weeks before the national launch.",
        ),
    ),
    "feasibility": (
        (
            "Can we build it in time?",
            "Yes. Billing reuses the gift-card ledger. Checkout estimates six weeks with "
            "two engineers; the early-release feed needs one week from Catalog.",
        ),
    ),
    "risks": (
        (
            "What do we need from other teams?",
            "Checkout builds the membership and billing (six weeks). Fulfilment must absorb "
            "about 15% more two-day orders at Columbus; Daniel Kowalczyk's team confirmed "
            "18% headroom.",
        ),
        (
            "What if publishers do not grant early releases?",
            "12 of the 40 publishers we asked have agreed. Plus works without early "
            "releases: the test members ranked free shipping first (71%).",
        ),
    ),
}

PLUS = Spec(
    kind=DocumentKind.PRFAQ,
    title="Riverbend Plus membership",
    slug="riverbend-plus",
    owner="sofia.marquez",
    team="leadership",
    days_ago=(372, 361, 334),
    versions=(
        _prfaq(_PLUS_QUESTIONS, _PLUS_PRESS_V1, _PLUS_EXTERNAL_V1),
        _prfaq(_PLUS_QUESTIONS, _PLUS_PRESS_V2, _PLUS_EXTERNAL_V2, _PLUS_INTERNAL_V2),
        _prfaq(_PLUS_QUESTIONS, _PLUS_PRESS_V3, _PLUS_EXTERNAL_V2, _PLUS_INTERNAL_V3),
    ),
    notes=(
        "First draft",
        "Numbers instead of adjectives; the FAQ answers price, shipping and family sharing",
        "Break-even, the riskiest assumption, feasibility; 12 publishers, not 40",
    ),
    comments=(
        Note(
            "eleanor.voss",
            0,
            "Subheading",
            "for book lovers",
            "Who exactly? Every customer loves books. Name the readers this is for.",
            resolve="The subheading now names readers who order every month.",
        ),
        Note(
            "marcus.oyelaran",
            0,
            "Solution",
            "might get member prices on selected titles",
            "Either we offer member prices or we do not. If we do, the FAQ needs the margin.",
            resolve="Member prices are out of the launch; free shipping is the benefit.",
        ),
        Note(
            "daniel.kowalczyk",
            0,
            "Summary",
            "will soon change",
            "Give the launch date. Fulfilment plans its capacity from it.",
            resolve="3 March, in the summary.",
        ),
        Note(
            "marcus.oyelaran",
            1,
            "Internal FAQ: Economics and profit and loss (P&L)",
            "costs us $31 a year",
            "What is the break-even member count, with the build and the marketing in it?",
            resolve="Break-even at 41,000 members, in the economics answer.",
            carry=True,
            review=0,
        ),
        Note(
            "isabel.costa",
            1,
            "Summary",
            "new releases from 40 partner publishers",
            "We asked 40 publishers; 12 have said yes. The press release cannot claim 40.",
            resolve="Changed to 12 partner publishers, and the risk is in the internal FAQ.",
            review=0,
        ),
        Note(
            "priya.raman",
            1,
            "Internal FAQ: Feasibility",
            "",
            "Add the feasibility answer: billing is the part I worry about.",
            resolve="Billing reuses the gift-card ledger; six weeks with two engineers.",
            review=0,
        ),
        Note(
            "daniel.kowalczyk",
            2,
            "Internal FAQ: Dependencies and risks",
            "18% headroom",
            "Confirmed for the Columbus site through June. After June we need the second "
            "shift we planned for peak.",
            review=1,
        ),
    ),
    meetings=(
        Meeting(
            1,
            3,
            ("eleanor.voss", "marcus.oyelaran", "isabel.costa", "priya.raman"),
            ReviewOutcome.ITERATE,
            "The customer problem is clear and the test supports it. Come back with the "
            "break-even member count, the publishers who really agreed, and feasibility.",
            done=("eleanor.voss", "marcus.oyelaran", "isabel.costa", "priya.raman"),
        ),
        Meeting(
            2,
            13,
            ("eleanor.voss", "marcus.oyelaran", "daniel.kowalczyk", "isabel.costa"),
            ReviewOutcome.GO,
            "Go for a 12-month pilot: break-even at 41,000 members is within reach of the "
            "61,000 monthly readers. Re-measure order frequency at 12 weeks.",
            done=("eleanor.voss", "marcus.oyelaran", "daniel.kowalczyk", "isabel.costa"),
            waivers=(
                (
                    "comments",
                    "The open comment asks for the churn model, which the 12-week check answers.",
                ),
            ),
        ),
    ),
    shipped=True,
)

# -- Textbook rental (not now) -------------------------------------------------------------------

_RENT_QUESTIONS_V1 = {
    "customer": "College students who buy course textbooks online.",
    "problem": "Textbooks are very expensive and students only need them for one semester.",
    "benefit": "Students save money.",
    "experience": "A student searches for a textbook, chooses 'Rent for the semester', and "
    "returns the book with a prepaid label at the end of term.",
}
_RENT_QUESTIONS_V2 = {
    "customer": "Students at the 38 colleges within two-day shipping of Columbus who buy "
    "course textbooks online: about 210,000 students, of whom 9,400 bought a textbook from "
    "us last year.",
    "problem": "A new textbook costs $120 on average, and a student needs it for 15 weeks. "
    "Selling it back returns about 25% of the price, and only when the edition is still in "
    "use.",
    "benefit": "A student pays 45% of the list price for the semester and returns the book free.",
    "evidence": "Our textbook sales fall 60% in the two weeks a semester starts, when "
    "students compare prices; 340 search sessions a day in August include the word 'rent'. "
    "A survey of 600 student customers found 72% rented at least one book last year.",
    "experience": "A student searches by International Standard Book Number (ISBN) or course code, chooses 'Rent until 20 "
    "December', and pays $54 instead of $120. Two weeks before the due date we send a "
    "prepaid label; the student drops the box at any post office.",
}
_RENT_PRESS_V1 = {
    "heading": "Riverbend Books launches textbook rental",
    "subheading": "Students can now rent textbooks for a fraction of the price.",
    "summary": "COLUMBUS, Ohio. Riverbend Books today launched textbook rental for students.",
    "problem": "Students spend a lot of money on books they only use for a few months.",
    "solution": "Rent the textbook for the semester and send it back when you are done.",
    "call_to_action": "Rent your textbooks at riverbend.example/rent.",
}
_RENT_PRESS_V2 = {
    "heading": "Riverbend Books launches Semester Rental: course textbooks for 45% of the price",
    "subheading": "College students rent the textbooks they need for one term and send them "
    "back free.",
    "summary": "COLUMBUS, Ohio, 10 August. Riverbend Books today launched Semester Rental for "
    "students at 38 colleges in Ohio, Indiana and Kentucky. Students rent 14,000 course "
    "textbooks for 45% of the list price and return them free at the end of term.",
    "problem": "A student needs a $120 textbook for 15 weeks. Buying it and selling it back "
    "returns about $30, and nothing when a new edition comes out.",
    "solution": "Semester Rental charges $54 for the same book until the end of term. We "
    "send a prepaid label two weeks before the due date. A student who wants to keep the "
    "book pays the difference to the used price.",
    "leader_quote": '"Students told us they rent because they have to, not because they '
    'want to," said Isabel Costa, Head of Books Category. "We made it simple."',
    "getting_started": "Search by ISBN or course code at riverbend.example/rent and choose "
    "'Rent until 20 December'.",
    "customer_quote": '"My organic chemistry book cost me $51 instead of $140," said '
    "Dana Ortiz, a sophomore at Ohio State.",
    "call_to_action": "Find your course books at riverbend.example/rent.",
}
_RENT_EXTERNAL = (
    (
        "What if I damage the book?",
        "Normal wear is fine. Water damage or missing pages cost the used price of the book.",
    ),
    (
        "What if I return it late?",
        "We charge $5 a week for up to three weeks, then the difference to the used price.",
    ),
)
_RENT_INTERNAL_V2 = {
    "economics": (
        (
            "What margin does a rental make?",
            "A book rents 3.2 times before it is out of date. At 45% of list per rental and "
            "a cost of 78% of list, the margin is 22% of list per book after returns "
            "handling at $6.10 a return.",
        ),
    ),
    "risks": (
        (
            "What do we need from Fulfilment?",
            "A returns line to inspect and restock 30,000 books in the three weeks after "
            "each term. Columbus has no returns line today.",
        ),
    ),
}
_RENT_INTERNAL_V3 = {
    **_RENT_INTERNAL_V2,
    "market": (
        (
            "How many students will rent?",
            "We plan for 6,500 renters in the first autumn term, 3% of the 210,000 students, "
            "with 2.4 books each: 15,600 rentals.",
        ),
    ),
    "assumptions": (
        (
            "Which assumption is the riskiest?",
            "That a book rents 3.2 times. Publishers release new editions every 3 years on "
            "average; for the top 200 titles, every 2 years, which would cut it to 2.1.",
        ),
    ),
    "feasibility": (
        (
            "What must we build?",
            "Three things. Catalog adds a rental state to inventory (four weeks). Checkout adds "
            "due dates and late fees (five weeks). Fulfilment opens a returns line at Columbus: "
            "a lease, 9 people and $240,000 of equipment.",
        ),
    ),
}

RENTAL = Spec(
    kind=DocumentKind.PRFAQ,
    title="Semester textbook rental",
    slug="textbook-rental",
    owner="isabel.costa",
    team="catalog-selection",
    days_ago=(212, 199, 186),
    versions=(
        _prfaq(_RENT_QUESTIONS_V1, _RENT_PRESS_V1),
        _prfaq(_RENT_QUESTIONS_V2, _RENT_PRESS_V2, _RENT_EXTERNAL, _RENT_INTERNAL_V2),
        _prfaq(_RENT_QUESTIONS_V2, _RENT_PRESS_V2, _RENT_EXTERNAL, _RENT_INTERNAL_V3),
    ),
    notes=(
        "First draft",
        "Customer, problem and evidence with numbers; press release and FAQ",
        "Market size, the riskiest assumption and what we must build",
    ),
    comments=(
        Note(
            "arjun.mehta",
            0,
            "What is the customer problem or opportunity?",
            "very expensive",
            "How expensive? The average price of the books we sold to students was $118.",
            resolve="The problem now gives $120 and the 15 weeks.",
        ),
        Note(
            "victor.almeida",
            1,
            "Internal FAQ: Economics and profit and loss (P&L)",
            "the margin is 22% of list per book",
            "Our floor for a new category is 30%. What would get us there?",
            carry=True,
        ),
        Note(
            "ryan.gallagher",
            1,
            "Internal FAQ: Dependencies and risks",
            "Columbus has no returns line today",
            "A returns line is a lease and nine people. We cannot staff it before the "
            "peak season; the earliest is February.",
        ),
        Note(
            "marcus.oyelaran",
            2,
            "Internal FAQ: Problems, solutions and assumptions",
            "which would cut it to 2.1",
            "At 2.1 rentals a book the margin is negative. This is the number to watch.",
            review=0,
        ),
    ),
    meetings=(
        Meeting(
            2,
            6,
            ("sofia.marquez", "marcus.oyelaran", "victor.almeida", "ryan.gallagher"),
            ReviewOutcome.NOT_NOW,
            "Not now. The margin is 22% against our 30% floor, and 2.1 rentals a book would "
            "make it negative; Fulfilment cannot run a returns line before February. Revisit "
            "with a publisher buy-back agreement that takes the edition risk.",
            done=("sofia.marquez", "marcus.oyelaran", "victor.almeida", "ryan.gallagher"),
        ),
    ),
)

# -- Peak season narrative -------------------------------------------------------------------------

_PEAK_V1 = """# Peak season: shipping December's orders on time

## Where we are

Last December we shipped 412,000 orders from Columbus, 2.3 times a normal month. Click to
deliver (CTD) rose from 2.9 days to 4.6 days in the week before Christmas, and 7,900 orders
arrived after 24 December. Contacts per order doubled.

This year we expect significantly more orders, and we should be ready for them.

## What went wrong

The pick rate fell from 142 to 118 units an hour per picker in the last two weeks, because
most of the seasonal pickers started in December and were still learning the site. The
carrier's last pickup at 6 pm left 3,000 packed orders on the dock every night.

## The plan

We hire seasonal pickers early, add a second shift, and ask the carrier for a later pickup.
"""

_PEAK_V2 = """# Peak season: shipping December's orders on time

## Where we are

Last December we shipped 412,000 orders from Columbus, 2.3 times a normal month. Click to
deliver (CTD), the days from order to arrival, rose from 2.9 days to 4.6 days in the week
before Christmas, and 7,900 orders arrived after 24 December. Contacts per order went from
0.08 to 0.17, and 41% of those contacts asked where an order was.

Finance forecasts 468,000 orders for December this year, 14% more than last year, with the
peak day at 24,000 orders on 14 December.

## What went wrong last year

The pick rate fell from 142 to 118 units an hour per picker in the last two weeks. Of the
96 seasonal pickers, 71 started after 1 December; a new picker reaches the site's pick
rate after about 12 shifts. We ran one shift, so every backlog carried to the next day.

The carrier's last pickup at 6 pm left an average of 3,000 packed orders on the dock each
night from 12 to 22 December. Those orders lost a day before they moved.

## The plan

1. Hire 140 seasonal pickers by 1 November, so that each has 20 shifts before the peak
   week. Recruiting starts on 15 September with the agency we used in the spring.
2. Run a second shift from 2 pm to 10:30 pm, Monday to Saturday, from 16 November to 23
   December.
3. Move the last carrier pickup to 10 pm from 1 December. The carrier agreed, for $2,800 a
   week.
4. Publish the last order date for Christmas delivery (19 December for standard shipping)
   on every product page from 1 December.

## What it costs

The plan costs $612,000: $505,000 for seasonal labour, $64,000 for the second shift's
supervisors, $17,000 for the late pickup and $26,000 for training. Last year the late
orders cost $188,000 in refunds and credits, and the contacts cost $96,000.

## How we will know

We review the plan every week in the Weekly Business Review (WBR) from 1 November. The plan has
three inputs: pickers hired and trained, the pick rate in a picker's first 20 shifts, and
packed orders left on the dock at the last pickup. The output is CTD in the week before
Christmas: the goal is 3.2 days or less.
"""

_PEAK_CUSTOMERS = """## What customers told us

Customer Service logged 5,300 contacts about late orders between 14 and 31 December. We read
a sample of 400. Three stories stand for most of them.

A grandmother in Toledo ordered a boxed set of the Wren Valley books for her grandson on 15
December. The tracking page said "arriving 20 December" until the evening of 22 December, then
"delayed". The set arrived on 27 December. She wrote: "Tell me on the 15th that it will not
make it, and I go to a shop."

A teacher in Columbus ordered 28 copies of one novel for her class on 9 December and received
them in three boxes over nine days. She started the unit after the break instead of before it.

A reader in Louisville ordered a single hardback on 21 December, the day after our last order
date for Christmas delivery. Nothing on the product page told her. She asked for a refund on
26 December and has not ordered since.

The lesson is the same in all three: customers forgive a late date they know about; they do
not forgive a promise we break. The plan below changes what we promise as well as when we ship.

"""

_PEAK_APPENDIX = """

## Appendix: the weekly forecast and the staffing plan

| Week starting | Orders (forecast) | Pickers needed | Pickers on site | Shifts |
|---|---|---|---|---|
| 16 November | 82,000 | 118 | 124 | 2 |
| 23 November | 104,000 | 149 | 152 | 2 |
| 30 November | 112,000 | 161 | 164 | 2 |
| 7 December | 121,000 | 174 | 176 | 2 |
| 14 December | 131,000 | 188 | 190 | 2 |
| 21 December | 48,000 | 69 | 190 | 1 |

Pickers needed assume 142 units an hour for trained pickers and 118 for pickers in their
first 20 shifts, 1.9 units an order and 7.5 productive hours a shift.
"""

_PEAK_V3 = (
    _PEAK_V2.replace(
        "## What went wrong last year", _PEAK_CUSTOMERS + "## What went wrong last year"
    )
    .replace(
        "## What it costs",
        """## What we considered and did not do

We looked at opening the Reno site a month early. It would cut CTD in the West by a day,
but Reno has 30 trained people and would need 90; it stays on its March plan. We also
looked at a second carrier for Ohio. Two carriers would halve the risk of a missed pickup,
but the second carrier's rate is 18% higher and its network has no Sunday delivery.

## What it costs""",
    )
    .replace(
        "We review the plan every week",
        "Ryan Gallagher owns the plan. We review it every week",
    )
    + _PEAK_APPENDIX
)

PEAK = Spec(
    kind=DocumentKind.NARRATIVE,
    title="Peak season: shipping December's orders on time",
    slug="peak-season-plan",
    owner="ryan.gallagher",
    team="fulfilment",
    days_ago=(118, 109, 101),
    versions=(_PEAK_V1, _PEAK_V2, _PEAK_V3),
    notes=(
        "First draft",
        "Forecast, causes with numbers, the plan with dates, the cost, the metrics",
        "What customers told us, the alternatives, the owner and the weekly forecast",
    ),
    comments=(
        Note(
            "daniel.kowalczyk",
            0,
            "Where we are",
            "significantly more orders",
            "How many more? Finance has a forecast by week; use it.",
            resolve="468,000 orders, 14% more, peak day 24,000.",
        ),
        Note(
            "mei.tan",
            0,
            "What went wrong",
            "The carrier's last pickup at 6 pm",
            "The carrier offered a 10 pm pickup last year for $2,800 a week. Ask again.",
            resolve="In the plan: 10 pm from 1 December.",
        ),
        Note(
            "marcus.oyelaran",
            1,
            "What it costs",
            "The plan costs $612,000",
            "What did we consider instead? A second carrier or opening Reno early?",
            resolve="Added what we considered and did not do: Reno early and a second carrier.",
            carry=True,
        ),
        Note(
            "olivia.bennett",
            1,
            "The plan",
            "Publish the last order date for Christmas delivery",
            "Customer Service will use the same date in every answer. Send us the final date "
            "by 20 November.",
        ),
    ),
    meetings=(
        Meeting(
            2,
            5,
            ("daniel.kowalczyk", "marcus.oyelaran", "olivia.bennett", "mei.tan", "diego.santos"),
            ReviewOutcome.GO,
            "Go. Hire 140 seasonal pickers by 1 November and run the second shift from 16 "
            "November; the $612,000 is in the peak budget. Weekly review in the WBR from 1 "
            "November.",
            done=(
                "daniel.kowalczyk",
                "marcus.oyelaran",
                "olivia.bennett",
                "mei.tan",
                "diego.santos",
            ),
            waivers=(
                (
                    "comments",
                    "The open comment on overtime costs is settled in the first weekly review.",
                ),
            ),
        ),
    ),
)

SPECS: tuple[Spec, ...] = (PLUS, RENTAL, PEAK)


def _moment(ctx: DemoContext, days_ago: int, hour: int = 10) -> datetime:
    day = ctx.end - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _content(spec: Spec, version: Any) -> dict[str, Any]:
    if spec.kind == DocumentKind.PRFAQ:
        return {"parts": version}
    return {"body": version}


def _load_one(spec: Spec, ctx: DemoContext, people: dict[str, User]) -> Document:
    owner = people[spec.owner]
    team = org_selectors.team_get(viewer=owner, slug=spec.team)
    document = services.document_create(
        actor=owner,
        kind=spec.kind,
        title=spec.title,
        team=team,
        note=spec.notes[0],
        at=_moment(ctx, spec.days_ago[0]),
        **_content(spec, spec.versions[0]),
    )
    if document.slug != spec.slug:
        document.slug = spec.slug
        document.save(update_fields=["slug"])
    versions: list[DocumentVersion] = [document.head] if document.head else []
    comments: dict[int, Comment] = {}
    reviews: dict[int, Review] = {}
    for index in range(len(spec.versions)):
        if index:
            result = services.document_save(
                actor=owner,
                document=document,
                based_on=index,
                title=spec.title,
                note=spec.notes[index],
                at=_moment(ctx, spec.days_ago[index]),
                **_content(spec, spec.versions[index]),
            )
            assert result.version is not None  # noqa: S101 - nobody else edits the demo
            versions.append(result.version)
            _settle(spec, index, comments, people, ctx)
        for number, meeting in enumerate(spec.meetings):
            if meeting.version == index:
                reviews[number] = _schedule(spec, meeting, document, people, ctx)
        for position, note in enumerate(spec.comments):
            if note.version == index:
                at = _moment(ctx, spec.days_ago[index] - (2 if note.review is None else 0), 15)
                review = None
                if note.review is not None:
                    review = reviews[note.review]
                    at = review.scheduled_for + timedelta(minutes=10 + position)
                comments[position] = services.comment_add(
                    actor=people[note.who],
                    document=document,
                    section=note.section,
                    quote=note.quote,
                    body=note.body,
                    version=versions[index],
                    review=review,
                    at=at,
                )
        for number, meeting in enumerate(spec.meetings):
            if meeting.version == index:
                _conclude(meeting, reviews[number], people)
    if spec.shipped:
        services.document_set_status(actor=owner, document=document, status=DocumentStatus.SHIPPED)
    return document


def _settle(
    spec: Spec, index: int, comments: dict[int, Comment], people: dict[str, User], ctx: DemoContext
) -> None:
    """Resolve or carry the comments of the previous version when the next one is saved."""
    owner = people[spec.owner]
    for position, note in enumerate(spec.comments):
        comment = comments.get(position)
        if comment is None or comment.version.number != index or comment.state != "open":
            continue
        at = _moment(ctx, spec.days_ago[index], 11)
        if note.carry:
            comment = services.comment_carry(actor=owner, comment=comment, at=at)
            comments[position] = comment
        if note.resolve:
            services.comment_resolve(actor=owner, comment=comment, resolution=note.resolve, at=at)


def _schedule(
    spec: Spec, meeting: Meeting, document: Document, people: dict[str, User], ctx: DemoContext
) -> Review:
    when = _moment(ctx, spec.days_ago[meeting.version] - meeting.days_after, 14)
    return services.review_schedule(
        actor=people[spec.owner],
        document=document,
        scheduled_for=when,
        readers=[people[name] for name in meeting.readers],
        reading_minutes=25,
        at=when - timedelta(days=2),
    )


def _conclude(meeting: Meeting, review: Review, people: dict[str, User]) -> None:
    start = review.scheduled_for
    for offset, name in enumerate(meeting.done):
        services.review_reading_start(actor=people[name], review=review, at=start)
        services.review_reading_done(
            actor=people[name], review=review, at=start + timedelta(minutes=21 + offset)
        )
    owner = review.document.owner
    decided_at = start + timedelta(minutes=55)
    services.review_outcome_record(
        actor=owner,
        review=review,
        outcome=meeting.outcome,
        note=meeting.note,
        waivers=dict(meeting.waivers),
        at=decided_at,
    )


@demo_loader(after=("teams", "decisions"))
def load_demo(ctx: DemoContext) -> str:
    """Add Riverbend Books' PR/FAQs and narrative with their versions, comments and reviews."""
    people = dict(ctx.people)
    made = [_load_one(spec, ctx, people) for spec in SPECS]
    versions = sum(len(spec.versions) for spec in SPECS)
    ctx.note(f"Added {len(made)} documents with {versions} versions")
    return f"{len(made)} documents"
