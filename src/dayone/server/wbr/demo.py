"""Riverbend Books' WBR, for the demo: the daily business table as a SQL data source, every
column and ratio of the demo's business table as a metric with an owner, six sections along the customer journey, targets
from the plan columns, a definition history on a few metrics, and the why for the current week.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from dayone.demo.columns import METRIC_COLUMNS, RATIOS, TARGET_COLUMNS
from dayone.demo.incidents import FC_OUTAGE, SITE_OUTAGE, STOCK_OUT, SUPPORT_LINE
from dayone.server.core.demo import DemoContext, demo_loader
from dayone.server.core.selectors import organization_name
from dayone.server.wbr import services
from dayone.server.wbr.catalogue import MetricInfo
from dayone.server.wbr.deck import deck_build, deck_plan
from dayone.server.wbr.demo_why import Cause, demo_why
from dayone.server.wbr.enums import Aggregation, Better, Comparison, MetricRole

if TYPE_CHECKING:
    from dayone.server.wbr.models import Metric

SOURCE_SQL = "SELECT * FROM daily_business"


def _demo_metrics() -> dict[str, MetricInfo]:
    """A metric for each column and ratio of the business table (daily means and plan columns
    are not metrics), sorted by key."""
    metrics = {
        column.name: MetricInfo(
            key=column.name,
            name=column.name.replace("_", " ").capitalize(),
            unit=column.unit,
            aggregation="last" if column.aggregation == "last" else "sum",
            is_input=column.kind == "input",
            controllable=column.controllable,
            description=column.description,
        )
        for column in METRIC_COLUMNS
        if column.aggregation != "mean"
    }
    for ratio in RATIOS:
        metrics[ratio.name] = MetricInfo(
            key=ratio.name,
            name=ratio.name.replace("_", " ").capitalize(),
            unit=ratio.unit,
            aggregation="ratio",
            is_input=ratio.kind == "input",
            controllable=ratio.controllable,
            description=ratio.description,
            numerator=ratio.numerator,
            denominator=ratio.denominator,
        )
    return dict(sorted(metrics.items()))


DEMO_METRICS = _demo_metrics()
"""Riverbend Books' metrics by key."""

NAMES = {
    "ctd_hours": "Click to Deliver (hours)",
    "click_to_ship_hours": "Click to ship (hours)",
    "ship_to_deliver_hours": "Ship to deliver (hours)",
    "two_day_delivery_rate": "Delivered within two days",
    "on_time_rate": "Delivered on time",
    "in_stock_rate": "In-stock rate",
    "price_competitiveness": "Price competitiveness",
    "contacts_per_order": "Contacts per order",
    "slow_page_rate": "Slow page rate",
    "search_click_rate": "Search click rate",
    "zero_result_rate": "Zero-result searches",
    "payment_failure_rate": "Payment failure rate",
    "average_order_value": "Average order value",
    "marketing_cost_ratio": "Marketing cost ratio",
    "new_customers": "New customers",
    "active_customers": "Active customers",
    "membership_signups": "Riverbend Plus sign-ups",
}

# Sections follow the customer journey: find a book, choose it, buy it, receive it, get help.
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "1. Discover",
        "Customers arrive and look for a book.",
        (
            "sessions",
            "unique_visitors",
            "slow_page_rate",
            "searches",
            "search_click_rate",
            "zero_result_rate",
        ),
    ),
    (
        "2. Choose",
        "Selection, availability and price on the detail page.",
        (
            "selection",
            "new_titles_added",
            "active_sellers",
            "detail_page_views",
            "in_stock_rate",
            "price_competitiveness",
            "cart_add_rate",
        ),
    ),
    (
        "3. Buy",
        "Checkout and what customers ordered.",
        (
            "checkout_starts",
            "payment_failure_rate",
            "conversion",
            "orders",
            "units",
            "revenue",
            "average_order_value",
            "marketplace_share",
        ),
    ),
    (
        "4. Receive",
        "Click to Deliver and its segments, click to ship and ship to deliver.",
        (
            "ctd_hours",
            "click_to_ship_hours",
            "ship_to_deliver_hours",
            "two_day_delivery_rate",
            "on_time_rate",
            "shipments_delivered",
        ),
    ),
    (
        "5. Get help",
        "Contacts, cancellations and returns after the order.",
        ("contacts_per_order", "cancellation_rate", "return_rate", "reviews_written"),
    ),
    (
        "6. Customers and money",
        "Who keeps buying, and what it earns.",
        (
            "new_customers",
            "active_customers",
            "membership_signups",
            "gross_profit",
            "gross_margin",
            "marketing_cost_ratio",
        ),
    ),
)

OWNERS: dict[str, tuple[str, ...]] = {
    "hannah.lindqvist": (
        "sessions",
        "unique_visitors",
        "mobile_sessions",
        "page_views",
        "slow_page_views",
        "detail_page_views",
    ),
    "aisha.bello": ("slow_page_rate",),
    "kenji.watanabe": ("searches", "searches_with_click", "searches_with_zero_results"),
    "laura.chen": ("search_click_rate",),
    "omar.haddad": ("zero_result_rate",),
    "isabel.costa": (
        "selection",
        "in_stock_rate",
        "in_stock_detail_page_views",
        "cart_adds",
        "cart_add_rate",
    ),
    "arjun.mehta": ("new_titles_added", "active_sellers"),
    "victor.almeida": (
        "price_competitiveness",
        "price_checked_views",
        "price_competitive_views",
    ),
    "nadia.petrova": ("checkout_starts", "conversion", "orders"),
    "chloe.dubois": ("payment_failure_rate", "payment_failures"),
    "sofia.marquez": (
        "units",
        "print_units",
        "ebook_units",
        "marketplace_units",
        "revenue",
        "print_revenue",
        "ebook_revenue",
        "marketplace_revenue",
        "average_order_value",
        "units_per_order",
        "average_selling_price",
        "ebook_share",
        "marketplace_share",
        "membership_signups",
    ),
    "ryan.gallagher": (
        "ctd_hours",
        "ctd_hours_sum",
        "shipments_delivered",
        "two_day_delivery_rate",
        "delivered_within_2_days",
        "on_time_rate",
        "on_time_deliveries",
    ),
    "diego.santos": ("click_to_ship_hours", "click_to_ship_hours_sum"),
    "mei.tan": ("ship_to_deliver_hours", "ship_to_deliver_hours_sum"),
    "olivia.bennett": ("contacts_per_order", "cs_contacts", "reviews_written"),
    "jamal.carter": ("cancellation_rate", "cancellations"),
    "ingrid.halvorsen": ("return_rate", "returns"),
    "marcus.oyelaran": (
        "gross_profit",
        "gross_margin",
        "marketing_spend",
        "marketing_cost_ratio",
        "new_customers",
        "new_customer_share",
        "active_customers",
    ),
}

DRIVES: dict[str, tuple[str, ...]] = {
    "slow_page_rate": ("conversion",),
    "search_click_rate": ("conversion", "detail_page_views"),
    "zero_result_rate": ("conversion",),
    "in_stock_rate": ("conversion", "cart_add_rate"),
    "price_competitiveness": ("conversion", "cart_add_rate"),
    "payment_failure_rate": ("orders", "conversion"),
    "selection": ("detail_page_views", "orders"),
    "ctd_hours": ("orders", "membership_signups"),
    "click_to_ship_hours": ("orders",),
    "ship_to_deliver_hours": ("orders",),
    "two_day_delivery_rate": ("membership_signups",),
    "contacts_per_order": ("return_rate",),
    "marketing_spend": ("sessions", "new_customers"),
}

TARGETS = {column.name.removesuffix("__Target"): column.name for column in TARGET_COLUMNS}
# Which way is good: less of these is better; mixes and spend are neither; the rest, more.
LOWER_IS_BETTER = frozenset(
    {
        "cancellations",
        "cancellation_rate",
        "click_to_ship_hours",
        "click_to_ship_hours_sum",
        "contacts_per_order",
        "cs_contacts",
        "ctd_hours",
        "ctd_hours_sum",
        "marketing_cost_ratio",
        "payment_failures",
        "payment_failure_rate",
        "return_rate",
        "returns",
        "searches_with_zero_results",
        "ship_to_deliver_hours",
        "ship_to_deliver_hours_sum",
        "slow_page_rate",
        "slow_page_views",
        "zero_result_rate",
    }
)
NEITHER_IS_BETTER = frozenset(
    {
        "average_selling_price",
        "ebook_share",
        "marketing_spend",
        "marketplace_share",
        "new_customer_share",
        "units_per_order",
    }
)


def _better(key: str) -> str:
    if key in LOWER_IS_BETTER:
        return Better.LOWER
    return "" if key in NEITHER_IS_BETTER else Better.HIGHER


# (metric, days before the end, who, what changes, why)
HISTORY: tuple[tuple[str, int, str, dict[str, Any], str], ...] = (
    (
        "ctd_hours",
        240,
        "ryan.gallagher",
        {
            "definition": "Mean hours from the order click to the carrier's doorstep scan, over "
            "physical shipments delivered in the period. Shipments lost in transit are left out; "
            "ebooks are not shipments."
        },
        "Counted from the doorstep scan, not the carrier's 'out for delivery' event.",
    ),
    (
        "ctd_hours",
        45,
        "eleanor.voss",
        {"name": "Click to Deliver (hours)"},
        "Named as the leadership team says it.",
    ),
    (
        "conversion",
        180,
        "nadia.petrova",
        {
            "definition": "Orders placed per session, by order date. Sessions from known bots and "
            "from the internal test accounts are left out of the denominator."
        },
        "Bot sessions were inflating the denominator by about 4%.",
    ),
    (
        "in_stock_rate",
        120,
        "isabel.costa",
        {"target_column": "in_stock_rate__Target", "source": "riverbend_daily"},
        "The 2026 plan sets a goal for the in-stock rate.",
    ),
    (
        "payment_failure_rate",
        90,
        "chloe.dubois",
        {
            "definition": "Checkouts that failed at payment (declines, processor errors, "
            "time-outs) per checkout started. A retry that succeeds with the second processor "
            "is not a failure."
        },
        "Payment retries launched: a successful retry no longer counts as a failure.",
    ),
)

INITIAL_NAMES = {"ctd_hours": "CTD hours"}
INITIAL_DEFINITIONS = {
    "ctd_hours": "Mean hours from the order click to delivery, over shipments delivered in the "
    "period.",
    "conversion": "Orders per session.",
    "payment_failure_rate": "Checkouts that failed at payment per checkout started.",
}


def _causes(end: dt.date) -> dict[str, tuple[str, Cause | None]]:
    """Each commented metric's name and the incident that bears on it in the weeks shown."""
    outage = SITE_OUTAGE.first_day(end)
    day = f"{outage:%A} {outage.day} {outage:%B}"
    sorter = FC_OUTAGE.recovered_on(end)
    stock = STOCK_OUT.recovered_on(end)
    sorter_back = f"{sorter.day} {sorter:%B}"
    stock_back = f"{stock.day} {stock:%B}"
    return {
        "orders": (
            "Orders",
            Cause(
                SITE_OUTAGE,
                -1,
                onset=f"The checkout outage on {day} explains it: the payment certificate expired "
                "and checkout failed for most of the day; about half of the lost orders came back "
                "the next day. Certificate renewal is now automated with an alert 30 days out.",
            ),
        ),
        "revenue": (
            "Revenue",
            Cause(
                SITE_OUTAGE,
                -1,
                onset=f"Revenue follows orders: the checkout outage on {day} cost most of a "
                "day's sales.",
            ),
        ),
        "payment_failure_rate": (
            "Payment failures",
            Cause(
                SITE_OUTAGE,
                1,
                onset=f"The expired certificate on {day} explains it: every payment failed until "
                "it was renewed. Action: certificate expiry is on the on-call dashboard (Chloé).",
            ),
        ),
        "contacts_per_order": (
            "Contacts per order",
            Cause(
                SUPPORT_LINE,
                0,
                after="It counts the contacts a person answered; customers who could not reach "
                "a person show in the customers' anecdotes, not here.",
            ),
        ),
        "ctd_hours": (
            "Click to Deliver",
            Cause(
                FC_OUTAGE,
                1,
                onset="The Columbus sorter failure explains it, all of it in click to ship.",
                recovery="The Columbus sorter backlog has cleared (back to normal from "
                f"{sorter_back}); ship to deliver did not move through it.",
                after="The Columbus sorter failure is behind us.",
            ),
        ),
        "click_to_ship_hours": (
            "Click to ship",
            Cause(
                FC_OUTAGE,
                1,
                onset="Columbus is on manual sortation while the sorter's spare parts arrive.",
                recovery="Columbus's backlog has cleared after ten days of manual sortation "
                f"(back to normal from {sorter_back}); the spare-parts kit now sits on "
                "site.",
                after="The spare-parts kit for the Columbus sorter now sits on site.",
            ),
        ),
        "ship_to_deliver_hours": (
            "Ship to deliver",
            Cause(
                FC_OUTAGE,
                0,
                after="The carriers kept their usual speed through the Columbus sorter failure: "
                "its delays were all before the parcel left us.",
            ),
        ),
        "two_day_delivery_rate": (
            "Two-day delivery",
            Cause(
                FC_OUTAGE,
                -1,
                onset="Parcels held at Columbus by the sorter failure missed the two-day promise.",
                recovery="It follows click to ship back as the Columbus backlog cleared.",
            ),
        ),
        "in_stock_rate": (
            "In-stock rate",
            Cause(
                STOCK_OUT,
                -1,
                onset="Lakeshore Distribution's stock-out explains it.",
                recovery="It is coming back as Lakeshore Distribution ships again.",
                after=f"Lakeshore Distribution has shipped normally since {stock_back}; "
                "the second wholesaler now covers the top 2,000 titles.",
            ),
        ),
    }


@demo_loader()
def load_demo(ctx: DemoContext) -> str:
    """Sections, the data source, every metric with owners and targets, history and the why."""
    admin = ctx.people["eleanor.voss"]
    source = services.source_create_sql(
        actor=None, name="Riverbend daily business", slug="riverbend_daily", query=SOURCE_SQL
    )
    owner_of = {key: ctx.people[user] for user, keys in OWNERS.items() for key in keys}
    placed: dict[str, tuple[int, int]] = {}
    sections = []
    for index, (name, description, keys) in enumerate(SECTIONS):
        sections.append(
            services.section_create(
                actor=None, name=name, position=(index + 1) * 10, description=description
            )
        )
        for position, key in enumerate(keys):
            placed[key] = (index, (position + 1) * 10)
    start = dt.datetime.combine(ctx.end - dt.timedelta(days=400), dt.time(9), tzinfo=dt.UTC)
    created: dict[str, Metric] = {}
    ordered = sorted(
        DEMO_METRICS.values(), key=lambda info: (info.aggregation == "ratio", info.key)
    )
    for info in ordered:
        where = placed.get(info.key)
        is_ratio = info.aggregation == "ratio"
        target = TARGETS.get(info.key, "")
        if info.key == "in_stock_rate":
            target = ""  # added later: see HISTORY
        created[info.key] = services.metric_create(
            actor=None,
            key=info.key,
            name=INITIAL_NAMES.get(info.key) or NAMES.get(info.key, info.name),
            definition=INITIAL_DEFINITIONS.get(info.key, info.description),
            owner=owner_of.get(info.key, admin),
            unit=info.unit,
            role=MetricRole.INPUT if info.is_input else MetricRole.OUTPUT,
            controllable=info.controllable,
            section=sections[where[0]] if where else None,
            position=where[1] if where else 0,
            source=source if (not is_ratio or target) else None,
            column="" if is_ratio else info.key,
            aggregation=Aggregation.RATIO
            if is_ratio
            else (Aggregation.LAST if info.aggregation == "last" else Aggregation.SUM),
            numerator=created[info.numerator] if is_ratio else None,
            denominator=created[info.denominator] if is_ratio else None,
            target_column=target,
            comparison=Comparison.BPS if info.is_rate else Comparison.PERCENT,
            better=_better(info.key),
            note="Imported from the metric catalogue.",
            at=start,
        )
    for key, outputs in DRIVES.items():
        services.metric_update(
            actor=None,
            metric=created[key],
            drives=[created[k] for k in outputs],
            note="Linked to the outputs it drives.",
            at=start + dt.timedelta(days=1),
        )
    for key, days, who, changes, why in HISTORY:
        at = dt.datetime.combine(ctx.end - dt.timedelta(days=days), dt.time(10), tzinfo=dt.UTC)
        change = {**changes, "source": source} if "source" in changes else changes
        services.metric_update(
            actor=ctx.people[who], metric=created[key], note=why, at=at, **change
        )
    # The why is written from the deck it explains, as the deck's first reader will see it
    # (computed, not cached: the server draws and caches its own deck when it starts).
    deck = deck_build(deck_plan(f"{organization_name()} WBR"), ctx.end)
    notes = demo_why(deck, ctx.end, _causes(ctx.end))
    for key, text in notes.items():
        metric = created[key]
        services.commentary_set(actor=metric.owner, metric=metric, week_ending=ctx.end, text=text)
    in_deck = sum(len(keys) for _, _, keys in SECTIONS)
    return (
        f"a WBR of {len(created)} metrics ({in_deck} in the deck, in {len(SECTIONS)} sections) "
        f"with the why on {len(notes)}"
    )
