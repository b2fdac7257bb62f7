"""The columns of Riverbend Books' daily business table, and the ratios built from them.

Every column is a daily value. Counts and amounts are additive over days (aggregate with
``sum``); a few columns are levels (a stock at the end of the day: aggregate with ``last``);
plan columns for rates are daily rates (aggregate with ``mean``).

Ratios are never stored: they are derived from two additive columns so that weekly, monthly and
yearly values come out right (a ratio of sums, not a mean of daily ratios).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["input", "output", "plan"]
Aggregation = Literal["sum", "last", "mean"]
DType = Literal["int64", "float64"]


@dataclass(frozen=True, slots=True)
class Column:
    """One numeric column of the daily business table."""

    name: str
    dtype: DType
    unit: str
    aggregation: Aggregation
    kind: Kind
    controllable: bool
    description: str


@dataclass(frozen=True, slots=True)
class Ratio:
    """A metric derived as ``sum(numerator) / sum(denominator)`` over a period."""

    name: str
    numerator: str
    denominator: str
    unit: str
    kind: Kind
    controllable: bool
    description: str


def _count(
    name: str, kind: Kind, controllable: bool, description: str, unit: str = "count"
) -> Column:
    return Column(name, "int64", unit, "sum", kind, controllable, description)


def _level(name: str, kind: Kind, controllable: bool, description: str, unit: str) -> Column:
    return Column(name, "int64", unit, "last", kind, controllable, description)


def _usd(name: str, kind: Kind, controllable: bool, description: str) -> Column:
    return Column(name, "float64", "USD", "sum", kind, controllable, description)


def _hours(name: str, description: str) -> Column:
    return Column(name, "float64", "hours", "sum", "input", True, description)


METRIC_COLUMNS: tuple[Column, ...] = (
    # Traffic and discovery
    _count("sessions", "output", False, "Visits to the website and apps.", "sessions"),
    _count("unique_visitors", "output", False, "Distinct visitors in the day.", "visitors"),
    _count("mobile_sessions", "output", False, "Sessions from phones (web and app).", "sessions"),
    _count("page_views", "output", False, "Pages viewed.", "views"),
    _count(
        "slow_page_views",
        "input",
        True,
        "Page views that took more than two seconds to render.",
        "views",
    ),
    _count(
        "detail_page_views",
        "output",
        False,
        "Views of a book's detail page (the page with the buy button).",
        "views",
    ),
    _count("searches", "output", False, "Searches run on the site.", "searches"),
    _count(
        "searches_with_click",
        "input",
        True,
        "Searches where the customer clicked a result.",
        "searches",
    ),
    _count(
        "searches_with_zero_results",
        "input",
        True,
        "Searches that returned no result at all.",
        "searches",
    ),
    # Funnel
    _count("cart_adds", "output", False, "Books added to a cart.", "adds"),
    _count("checkout_starts", "output", False, "Checkouts started.", "checkouts"),
    _count(
        "payment_failures",
        "input",
        True,
        "Checkouts that failed at payment (declines, errors, time-outs).",
        "checkouts",
    ),
    _count("orders", "output", False, "Orders placed.", "orders"),
    _count(
        "units",
        "output",
        False,
        "Units ordered: print_units + ebook_units + marketplace_units.",
        "units",
    ),
    _count(
        "print_units",
        "output",
        False,
        "Printed books sold and shipped by Riverbend (first party).",
        "units",
    ),
    _count("ebook_units", "output", False, "Ebooks sold (delivered digitally).", "units"),
    _count(
        "marketplace_units",
        "output",
        False,
        "Printed books sold by third-party sellers on the marketplace.",
        "units",
    ),
    # Money
    _usd(
        "revenue",
        "output",
        False,
        "Ordered product sales: print_revenue + ebook_revenue + marketplace_revenue.",
    ),
    _usd("print_revenue", "output", False, "Sales of first-party printed books."),
    _usd("ebook_revenue", "output", False, "Sales of ebooks."),
    _usd(
        "marketplace_revenue",
        "output",
        False,
        "Sales by marketplace sellers (gross merchandise value).",
    ),
    _usd(
        "gross_profit",
        "output",
        False,
        "Revenue less cost of goods and fulfilment; marketplace counts its commission only.",
    ),
    _usd("marketing_spend", "input", True, "Paid marketing (search ads, social, affiliates)."),
    # Customers
    _count("new_customers", "output", False, "Customers placing their first order.", "customers"),
    _level(
        "active_customers",
        "output",
        False,
        "Customers with at least one order in the trailing 365 days (a level).",
        "customers",
    ),
    _count(
        "membership_signups",
        "output",
        False,
        "Sign-ups to Riverbend Plus, the free-shipping membership.",
        "sign-ups",
    ),
    _count("reviews_written", "output", False, "Customer reviews written on the site.", "reviews"),
    # Selection, availability, price
    _level(
        "selection",
        "input",
        True,
        "Titles listed for sale at the end of the day (a level).",
        "titles",
    ),
    _count("new_titles_added", "input", True, "Titles added to the catalogue.", "titles"),
    _level(
        "active_sellers",
        "input",
        True,
        "Marketplace sellers with a live listing at the end of the day (a level).",
        "sellers",
    ),
    _count(
        "in_stock_detail_page_views",
        "input",
        True,
        "Detail page views where the book could ship immediately.",
        "views",
    ),
    _count(
        "price_checked_views",
        "input",
        True,
        "Detail page views whose price was compared with the main competitors.",
        "views",
    ),
    _count(
        "price_competitive_views",
        "input",
        True,
        "Price-checked views where Riverbend's price matched or beat every competitor.",
        "views",
    ),
    # Customer experience after the order
    _count(
        "cs_contacts",
        "input",
        True,
        "Customer service contacts (chat, e-mail, phone).",
        "contacts",
    ),
    _count("returns", "output", False, "Units returned.", "units"),
    _count("cancellations", "input", True, "Orders cancelled before shipping.", "orders"),
    # Delivery: Click to Deliver and its segments, as sums and counts
    _count(
        "shipments_delivered",
        "input",
        True,
        "Physical shipments delivered (the denominator of every delivery metric).",
        "shipments",
    ),
    _hours(
        "ctd_hours_sum",
        "Click to Deliver hours summed over shipments delivered that day "
        "(= click_to_ship_hours_sum + ship_to_deliver_hours_sum).",
    ),
    _hours(
        "click_to_ship_hours_sum",
        "Hours from order to leaving the fulfilment centre, summed over shipments delivered.",
    ),
    _hours(
        "ship_to_deliver_hours_sum",
        "Hours from leaving the fulfilment centre to the doorstep, summed over shipments "
        "delivered.",
    ),
    _count(
        "delivered_within_2_days",
        "input",
        True,
        "Shipments delivered within 48 hours of the order.",
        "shipments",
    ),
    _count(
        "on_time_deliveries",
        "input",
        True,
        "Shipments delivered by the date promised at checkout.",
        "shipments",
    ),
)

RATIOS: tuple[Ratio, ...] = (
    Ratio("conversion", "orders", "sessions", "rate", "output", False, "Orders per session."),
    Ratio(
        "slow_page_rate",
        "slow_page_views",
        "page_views",
        "rate",
        "input",
        True,
        "Share of page views slower than two seconds.",
    ),
    Ratio(
        "search_click_rate",
        "searches_with_click",
        "searches",
        "rate",
        "input",
        True,
        "Share of searches with a click on a result.",
    ),
    Ratio(
        "zero_result_rate",
        "searches_with_zero_results",
        "searches",
        "rate",
        "input",
        True,
        "Share of searches with no result.",
    ),
    Ratio(
        "cart_add_rate",
        "cart_adds",
        "detail_page_views",
        "rate",
        "output",
        False,
        "Cart adds per detail page view.",
    ),
    Ratio(
        "payment_failure_rate",
        "payment_failures",
        "checkout_starts",
        "rate",
        "input",
        True,
        "Share of checkouts failing at payment.",
    ),
    Ratio(
        "average_order_value",
        "revenue",
        "orders",
        "USD",
        "output",
        False,
        "Revenue per order.",
    ),
    Ratio("units_per_order", "units", "orders", "units", "output", False, "Units per order."),
    Ratio(
        "average_selling_price",
        "revenue",
        "units",
        "USD",
        "output",
        False,
        "Revenue per unit.",
    ),
    Ratio(
        "gross_margin",
        "gross_profit",
        "revenue",
        "rate",
        "output",
        False,
        "Gross profit per dollar of revenue.",
    ),
    Ratio(
        "ebook_share", "ebook_units", "units", "rate", "output", False, "Share of units as ebooks."
    ),
    Ratio(
        "marketplace_share",
        "marketplace_units",
        "units",
        "rate",
        "output",
        False,
        "Share of units sold by marketplace sellers.",
    ),
    Ratio(
        "new_customer_share",
        "new_customers",
        "orders",
        "rate",
        "output",
        False,
        "New customers per order.",
    ),
    Ratio(
        "marketing_cost_ratio",
        "marketing_spend",
        "revenue",
        "rate",
        "input",
        True,
        "Marketing spend per dollar of revenue.",
    ),
    Ratio(
        "in_stock_rate",
        "in_stock_detail_page_views",
        "detail_page_views",
        "rate",
        "input",
        True,
        "Share of detail page views where the book could ship immediately.",
    ),
    Ratio(
        "price_competitiveness",
        "price_competitive_views",
        "price_checked_views",
        "rate",
        "input",
        True,
        "Share of price-checked views where Riverbend matched or beat every competitor.",
    ),
    Ratio(
        "contacts_per_order",
        "cs_contacts",
        "orders",
        "contacts",
        "input",
        True,
        "Customer service contacts per order.",
    ),
    Ratio(
        "cancellation_rate",
        "cancellations",
        "orders",
        "rate",
        "input",
        True,
        "Share of orders cancelled.",
    ),
    Ratio("return_rate", "returns", "units", "rate", "output", False, "Units returned per unit."),
    Ratio(
        "ctd_hours",
        "ctd_hours_sum",
        "shipments_delivered",
        "hours",
        "input",
        True,
        "Click to Deliver: mean hours from order to delivery.",
    ),
    Ratio(
        "click_to_ship_hours",
        "click_to_ship_hours_sum",
        "shipments_delivered",
        "hours",
        "input",
        True,
        "Mean hours from order to leaving the fulfilment centre.",
    ),
    Ratio(
        "ship_to_deliver_hours",
        "ship_to_deliver_hours_sum",
        "shipments_delivered",
        "hours",
        "input",
        True,
        "Mean hours from leaving the fulfilment centre to delivery.",
    ),
    Ratio(
        "two_day_delivery_rate",
        "delivered_within_2_days",
        "shipments_delivered",
        "rate",
        "input",
        True,
        "Share of shipments delivered within 48 hours of the order.",
    ),
    Ratio(
        "on_time_rate",
        "on_time_deliveries",
        "shipments_delivered",
        "rate",
        "input",
        True,
        "Share of shipments delivered by the promised date.",
    ),
)


def _plan(name: str, dtype: DType, unit: str, aggregation: Aggregation, what: str) -> Column:
    return Column(f"{name}__Target", dtype, unit, aggregation, "plan", False, what)


TARGET_COLUMNS: tuple[Column, ...] = (
    _plan("sessions", "int64", "sessions", "sum", "Daily plan for sessions."),
    _plan("orders", "int64", "orders", "sum", "Daily plan for orders."),
    _plan("units", "int64", "units", "sum", "Daily plan for units."),
    _plan("revenue", "float64", "USD", "sum", "Daily plan for revenue."),
    _plan("new_customers", "int64", "customers", "sum", "Daily plan for new customers."),
    _plan("in_stock_rate", "float64", "rate", "mean", "Goal for the in-stock rate."),
    _plan("ctd_hours", "float64", "hours", "mean", "Goal for Click to Deliver (lower is better)."),
    _plan(
        "contacts_per_order",
        "float64",
        "contacts",
        "mean",
        "Goal for contacts per order (lower is better).",
    ),
)

COLUMNS: tuple[Column, ...] = METRIC_COLUMNS + TARGET_COLUMNS
"""Every numeric column of the daily table, in table order (after ``date``)."""
