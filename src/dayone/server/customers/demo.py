"""Riverbend Books' customers, for the demo: about 2,000 anecdotes over the past year across
the channels, in themes that follow the company's own incidents (the Columbus sorter failure
shows as late parcels, the Lakeshore stock-out as back-orders, the checkout outage as failed
payments), the support line whose callers "could not reach a person" three times as often in
the last two months while contacts per order stayed flat, open and closed "?" escalations, and
ideas in every status: a no overturned by another leader, and the yes that became the
Riverbend Plus PR/FAQ.

Anecdotes are written from a few phrasings per theme with the details varied; with the
sentence-embedding model installed each phrasing is embedded once (about a hundred texts), so
the load stays fast and themes and similar ideas work as they do on real data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.utils import timezone

from dayone.customers import embed, fingerprint, model_available
from dayone.demo.incidents import FC_OUTAGE, SITE_OUTAGE, STOCK_OUT, SUPPORT_LINE
from dayone.server.core.demo import DemoContext, demo_loader
from dayone.server.customers import services
from dayone.server.customers.enums import Source
from dayone.server.customers.models import Anecdote, Idea, Theme, vector_bytes
from dayone.server.documents.models import Document
from dayone.server.teams.models import Team
from dayone.server.wbr.models import Metric

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from dayone.demo.incidents import Incident

DAYS = 364
SEGMENTS = ("Print reader", "Ebook reader", "Student", "Marketplace buyer", "Riverbend Plus")
SEVERITIES = ("low", "medium", "high")
SCALE = 1.5
"""All weekly rates scaled together so the year holds about 2,000 anecdotes."""


@dataclass(frozen=True)
class ThemeSpec:
    """One theme of the demo: its label, team, metrics, weekly rate, channels and phrasings."""

    label: str
    team: str
    metrics: tuple[str, ...]
    per_week: float
    channels: tuple[str, ...]
    texts: tuple[str, ...]
    incident: Incident | None = None
    surge: float = 0.0
    kept: bool = False


THEMES: tuple[ThemeSpec, ...] = (
    ThemeSpec(
        "Could not reach a person",
        "customer-service",
        ("contacts_per_order",),
        2.0,
        ("call", "email", "social", "survey"),
        (
            "I was on hold for {n} minutes and then the line just went dead.",
            "The phone line rings out, nobody ever picks up.",
            "No reply to my two e-mails about order {order}, it has been {d} days.",
            "The chat bot kept sending me to the FAQ, I never got to talk to a human.",
            "Waited {n} minutes to speak to someone, gave up and called my bank instead.",
            "Your support number plays music forever and then hangs up on me.",
        ),
        kept=True,
    ),
    ThemeSpec(
        "Parcel arrived late",
        "fulfilment",
        ("ctd_hours",),
        3.0,
        ("support", "email", "social", "review"),
        (
            "My order was promised in two days and took {d}.",
            "The book for my daughter's birthday arrived {d} days late.",
            "Tracking has said 'preparing to ship' for {d} days.",
            "Still waiting for order {order}, it should have come last week.",
            "Delivery was late again, the second time this month.",
        ),
        incident=FC_OUTAGE,
        surge=9.0,
    ),
    ThemeSpec(
        "Book out of stock or back-ordered",
        "catalog-selection",
        ("in_stock_rate",),
        2.0,
        ("support", "review", "email", "survey"),
        (
            "The book I ordered was back-ordered after I paid for it.",
            "Half of my reading list shows as out of stock.",
            "You cancelled my order because the title was unavailable, after {d} days.",
            "Why list books you cannot get? Back-ordered for {d} weeks now.",
        ),
        incident=STOCK_OUT,
        surge=5.0,
    ),
    ThemeSpec(
        "Payment failed at checkout",
        "checkout-payments",
        ("payment_failure_rate",),
        0.8,
        ("support", "social", "email"),
        (
            "Checkout kept failing with an error and my card was charged twice.",
            "Could not pay: the page spun and then said something went wrong.",
            "I tried three cards and none went through at checkout.",
        ),
        incident=SITE_OUTAGE,
        surge=60.0,
    ),
    ThemeSpec(
        "Search does not find the book",
        "search-discovery",
        ("zero_result_rate",),
        3.0,
        ("survey", "review", "support"),
        (
            "Searching the exact title gave me nothing, I found it on page three of a browse.",
            "Your search does not understand an author's name with an accent.",
            "I typed the ISBN and got zero results.",
            "Search shows colouring books when I look for the novel.",
        ),
    ),
    ThemeSpec(
        "Shipping costs too much",
        "pricing",
        (),
        4.0,
        ("survey", "review", "social"),
        (
            "Shipping cost more than the paperback itself.",
            "I would order more if delivery were free over a smaller amount.",
            "Paid ${n} for postage on one book, that is too much.",
            "Your delivery charge made me buy the book elsewhere.",
        ),
    ),
    ThemeSpec(
        "Ebook will not open",
        "storefront",
        (),
        2.5,
        ("support", "email", "review"),
        (
            "The ebook downloads but the app says the file is damaged.",
            "My ebook will not open on my reader, it keeps asking me to sign in.",
            "Bought an ebook and it is still not in my library after {d} days.",
        ),
    ),
    ThemeSpec(
        "Packed with care",
        "fulfilment",
        (),
        5.0,
        ("review", "social", "survey", "visit"),
        (
            "The books arrived beautifully packed, not a single bent corner.",
            "Lovely packaging and a handwritten thank-you note, made my day.",
            "Great service, the parcel was well protected and on time.",
            "Every order comes in perfect condition, thank you.",
        ),
    ),
    ThemeSpec(
        "Damaged or wrong book",
        "fulfilment",
        ("return_rate",),
        2.0,
        ("support", "email", "review"),
        (
            "The cover was torn and the spine cracked when it arrived.",
            "I received a different book from the one I ordered.",
            "The box was crushed and the hardback inside was dented.",
        ),
    ),
)


def _rates(spec: ThemeSpec, days: NDArray[np.datetime64], end: dt.date) -> NDArray[np.float64]:
    """Expected anecdotes a day for a theme: its base rate, its incident's surge, and three times
    the base rate of "could not reach a person" while the support line's evening queue is
    unstaffed (the calls that contacts per order never counts)."""
    rate = np.full(days.shape, SCALE * spec.per_week / 7.0)
    if spec.incident is not None:
        rate = rate * (1.0 + spec.surge * spec.incident.intensity(days, end))
    if spec.label == "Could not reach a person":
        rate = rate * (1.0 + 2.0 * SUPPORT_LINE.intensity(days, end))
    return rate


def _fill(rng: np.random.Generator, text: str) -> str:
    return text.format(
        n=int(rng.integers(20, 75)),
        d=int(rng.integers(3, 12)),
        order=int(rng.integers(10**6, 10**7)),
    )


def _vectors() -> dict[str, bytes]:
    """Each phrasing's vector (one embed call for all), or none without the model."""
    if not model_available():
        return {}
    phrasings = [text for spec in THEMES for text in spec.texts]
    sample = [text.format(n=40, d=5, order=4817263) for text in phrasings]
    return {p: vector_bytes(v) for p, v in zip(phrasings, embed(sample), strict=True)}


def _anecdotes(ctx: DemoContext, vectors: dict[str, bytes]) -> dict[str, Theme]:
    rng = np.random.default_rng(ctx.seed + 17)
    start = ctx.end - dt.timedelta(days=DAYS)
    days = np.arange(np.datetime64(start, "D"), np.datetime64(ctx.end, "D") + 1)
    teams = {t.slug: t for t in Team.objects.all()}
    metrics = {m.key: m for m in Metric.objects.all()}
    people = list(ctx.people.values())
    themes: dict[str, Theme] = {}
    rows: list[Anecdote] = []
    links: list[tuple[int, list[str]]] = []
    for spec in THEMES:
        counts = rng.poisson(_rates(spec, days, ctx.end))
        theme = Theme.objects.create(
            label=spec.label, kept=spec.kept, centroid=b"", team=teams.get(spec.team)
        )
        theme.metrics.set([metrics[k] for k in spec.metrics if k in metrics])
        themes[spec.label] = theme
        member_vectors = []
        for day, count in zip(days, counts, strict=True):
            for _ in range(int(count)):
                phrasing = spec.texts[int(rng.integers(len(spec.texts)))]
                n = len(rows)
                external = f"RB-{n + 1:05d}"
                rows.append(
                    Anecdote(
                        text=_fill(rng, phrasing),
                        channel=spec.channels[int(rng.integers(len(spec.channels)))],
                        said_on=day.astype(dt.date),
                        customer_ref=f"C-{int(rng.integers(10**5, 10**6))}",
                        segment=SEGMENTS[int(rng.integers(len(SEGMENTS)))],
                        severity=SEVERITIES[int(rng.integers(3))],
                        product_area=spec.team,
                        external_id=external,
                        source=Source.DEMO,
                        fingerprint=fingerprint(external_id=external, text="", source=Source.DEMO),
                        theme=theme,
                        vector=vectors.get(phrasing),
                        captured_by=people[int(rng.integers(len(people)))],
                    )
                )
                links.append((n, [k for k in spec.metrics if k in metrics]))
                if phrasing in vectors:
                    member_vectors.append(np.frombuffer(vectors[phrasing], dtype=np.float32))
        if member_vectors:
            centre = np.mean(member_vectors, axis=0)
            theme.centroid = vector_bytes(centre / np.linalg.norm(centre))
            theme.save(update_fields=["centroid"])
    Anecdote.objects.bulk_create(rows, batch_size=500)
    through = Anecdote.metrics.through
    through.objects.bulk_create(
        [
            through(anecdote_id=rows[n].pk, metric_id=metrics[key].pk)
            for n, keys in links
            for key in keys
        ],
        batch_size=1000,
    )
    return themes


def _at(ctx: DemoContext, days_ago: float, hour: int = 10) -> dt.datetime:
    day = ctx.end - dt.timedelta(days=int(days_ago))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _escalations(ctx: DemoContext, themes: dict[str, Theme]) -> int:
    p = ctx.people
    cases = (
        ("Could not reach a person", "eleanor.voss", "olivia.bennett", 20, 48, True),
        ("Parcel arrived late", "daniel.kowalczyk", "ryan.gallagher", 22, 24, True),
        ("Payment failed at checkout", "priya.raman", "nadia.petrova", 2, 24, False),
        ("Could not reach a person", "daniel.kowalczyk", "olivia.bennett", 1, 48, False),
        ("Book out of stock or back-ordered", "sofia.marquez", "isabel.costa", 140, 72, True),
    )
    answers = {
        "Could not reach a person": (
            "Calls after 6 pm went to a queue nobody staffed since the rota changed in spring.",
            "We staffed the evening queue again and called back the customers who gave up.",
            "Rota changes now need the queue coverage report signed before they start.",
        ),
        "Parcel arrived late": (
            "The Columbus sorter failed and parcels waited two days for manual sorting.",
            "We moved the backlog to Reno and told every customer with a late parcel.",
            "The sorter has a spare drive on site and a tested fallback to manual lanes.",
        ),
        "Book out of stock or back-ordered": (
            "Lakeshore stopped shipping and our listings kept showing their stock as available.",
            "We hid Lakeshore-only titles and offered the customers a refund or a wait.",
            "Listings now read each wholesaler's stock feed daily and hide what is stale.",
        ),
    }
    for label, raiser, owner, days_ago, hours, closed in cases:
        anecdote = (
            Anecdote.objects.filter(
                theme=themes[label], said_on__lte=ctx.end - dt.timedelta(days=days_ago)
            )
            .order_by("-said_on", "pk")
            .first()
        )
        if anecdote is None:
            continue
        raised = _at(ctx, days_ago, 9)
        escalation = services.escalation_raise(
            actor=p[raiser], anecdote=anecdote, owner=p[owner], hours=hours, now=raised
        )
        if closed:
            root, fix, prevention = answers[label]
            services.escalation_close(
                actor=p[owner],
                escalation=escalation,
                root_cause=root,
                fix=fix,
                prevention=prevention,
                now=raised + dt.timedelta(hours=hours * 0.6),
            )
    return len(cases)


@dataclass(frozen=True)
class IdeaSpec:
    """One demo idea and what happened to it: each answer is (leader, answer, reason, days_ago;
    leader ``UP`` means the next level up)."""

    title: str
    proposer: str
    team: str
    customer: str
    problem: str
    evidence: str
    theme: str
    days_ago: int
    answers: tuple[tuple[str, str, str, int], ...] = ()
    ask: str = ""
    small: bool = False
    voters: int = 3
    document: str = ""
    merge_into: str = ""


NO_NOW = "Not this quarter: the evening rota and the new phone system take the whole team."
IDEAS: tuple[IdeaSpec, ...] = (
    IdeaSpec(
        "Riverbend Plus: free two-day shipping for members",
        "sofia.marquez",
        "leadership",
        "Readers who buy a book or more a month and pay for shipping each time.",
        "Shipping costs more than a paperback, so frequent readers split orders or buy elsewhere.",
        "Survey comments and reviews every week say shipping costs too much.",
        "Shipping costs too much",
        300,
        answers=(("eleanor.voss", "yes", "", 290),),
        voters=9,
        document="riverbend-plus",
    ),
    IdeaSpec(
        "Call back instead of keeping callers on hold",
        "olivia.bennett",
        "customer-service",
        "Customers who phone us about a late or missing order.",
        "They wait on hold for half an hour and hang up without an answer.",
        "'Could not reach a person' anecdotes tripled in the last two months.",
        "Could not reach a person",
        40,
        answers=(
            ("daniel.kowalczyk", "no", NO_NOW, 36),
            ("priya.raman", "yes", "", 30),
        ),
        voters=7,
    ),
    IdeaSpec(
        "Text customers when a parcel will be late",
        "mei.tan",
        "fulfilment",
        "Customers whose parcel misses the promised day.",
        "They find out only when the book does not come, and then they call us.",
        "Late-parcel anecdotes rose ninefold in the week the Columbus sorter failed.",
        "Parcel arrived late",
        20,
        answers=(("ryan.gallagher", "yes", "", 18),),
        small=True,
        voters=5,
    ),
    IdeaSpec(
        "Show a wholesaler's stock only when its feed is fresh",
        "fatima.zahra",
        "catalog-selection",
        "Readers who order a title that our wholesaler cannot ship.",
        "They pay, wait, and are told weeks later the book is back-ordered.",
        "Back-order anecdotes during the Lakeshore stock-out, and the escalation closed then.",
        "Book out of stock or back-ordered",
        130,
        answers=(
            (
                "isabel.costa",
                "no",
                "Not on its own: the catalog rebuild next quarter replaces the stock feed.",
                125,
            ),
        ),
        voters=2,
    ),
    IdeaSpec(
        "Search that forgives accents and ISBN hyphens",
        "grace.oneill",
        "search-discovery",
        "Readers who search by an author's name or an ISBN.",
        "Exact searches return nothing, so they leave for another shop.",
        "Search anecdotes every week, and the zero-result rate.",
        "Search does not find the book",
        60,
        ask="kenji.watanabe",
        voters=4,
    ),
    IdeaSpec(
        "A person answers the phone within two minutes",
        "tomas.herrera",
        "customer-service",
        "Customers who phone the support line.",
        "The line rings out and nobody picks up.",
        "Anecdotes about the phone line.",
        "Could not reach a person",
        25,
        voters=2,
        merge_into="Call back instead of keeping callers on hold",
    ),
    IdeaSpec(
        "Reader app opens damaged ebooks again",
        "aisha.bello",
        "storefront",
        "Ebook readers whose download says the file is damaged.",
        "They paid and cannot read the book.",
        "Ebook anecdotes to support and in reviews.",
        "Ebook will not open",
        14,
        answers=(
            (
                "hannah.lindqvist",
                "no",
                "The fault is in the publisher's files, which we cannot change from the app.",
                12,
            ),
            ("UP", "", "", 10),
        ),
        voters=3,
    ),
    IdeaSpec(
        "Retry a failed payment with another card on the same page",
        "samuel.adeyemi",
        "checkout-payments",
        "Customers whose payment fails at checkout.",
        "They start again from the cart and many give up.",
        "Payment anecdotes during the checkout outage.",
        "Payment failed at checkout",
        2,
        voters=1,
    ),
)


def _ideas(ctx: DemoContext, themes: dict[str, Theme]) -> int:
    p = ctx.people
    teams = {t.slug: t for t in Team.objects.all()}
    rng = np.random.default_rng(ctx.seed + 29)
    texts = [services.idea_text(s.title, s.problem) for s in IDEAS]
    vectors: list[bytes | None] = (
        [vector_bytes(v) for v in embed(texts)] if model_available() else [None] * len(IDEAS)
    )
    made: dict[str, Idea] = {}
    voters_pool = [u for name, u in p.items() if name != "eleanor.voss" and u.can_write]
    for spec, vector in zip(IDEAS, vectors, strict=True):
        proposer = p[spec.proposer]
        evidence = list(
            Anecdote.objects.filter(
                theme=themes[spec.theme], said_on__lte=ctx.end - dt.timedelta(days=spec.days_ago)
            ).order_by("-said_on", "pk")[:4]
        )
        idea = services.idea_submit(
            actor=proposer,
            title=spec.title,
            customer=spec.customer,
            problem=spec.problem,
            evidence=spec.evidence,
            anecdotes=evidence,
            small=spec.small,
            team=teams.get(spec.team),
            leader=p[spec.ask] if spec.ask else None,
            vector=vector,
            now=_at(ctx, spec.days_ago, 9),
        )
        made[spec.title] = idea
        for index in rng.choice(len(voters_pool), size=spec.voters, replace=False):
            voter = voters_pool[int(index)]
            if voter.pk != proposer.pk:
                services.idea_vote(actor=voter, idea=idea)
        if spec.document:
            idea.document = Document.objects.filter(slug=spec.document).first()
            idea.save(update_fields=["document"])
        for leader, answer, reason, days_ago in spec.answers:
            when = _at(ctx, days_ago, 11)
            if leader == "UP":
                services.idea_take_up(actor=proposer, idea=idea, now=when)
                continue
            ask = services.idea_ask(actor=proposer, idea=idea, leader=p[leader], now=when)
            services.idea_answer(actor=p[leader], ask=ask, answer=answer, reason=reason, now=when)
        if spec.title == "Call back instead of keeping callers on hold":
            services.idea_comment(
                actor=p["daniel.kowalczyk"],
                idea=idea,
                text="Priya found the budget in the phone-system project; glad this went ahead.",
            )
    for spec in IDEAS:
        if spec.merge_into:
            services.idea_merge(
                actor=p["olivia.bennett"],
                idea=made[spec.title],
                into=made[spec.merge_into],
                now=_at(ctx, spec.days_ago - 2, 15),
            )
    return len(IDEAS)


@demo_loader(after=("teams", "wbr", "documents", "weblab"))
def load_demo(ctx: DemoContext) -> str:
    """Add Riverbend Books' anecdotes, themes, "?" escalations and ideas."""
    ctx.note("Adding customer anecdotes, themes, escalations and ideas")
    themes = _anecdotes(ctx, _vectors())
    escalations = _escalations(ctx, themes)
    ideas = _ideas(ctx, themes)
    total = Anecdote.objects.count()
    return f"{total} anecdotes in {len(themes)} themes, {escalations} escalations, {ideas} ideas"
