"""Riverbend Books' daily business data: three years of an online bookstore, day by day.

The generator works in two steps, both vectorised over days:

1. ``_means`` turns the calendar, the growth trends, the seasonality, the incidents and a few
   slow-moving random shocks into the expected value of every column for every day.
2. ``_realise`` draws counts around those means so that the identities of the business hold
   exactly: a subset is drawn binomially from its parent (searches with a click never exceed
   searches), units are orders plus extra units, revenue is the sum of its segments, and Click
   to Deliver is the sum of its two segments.

The plans (``<metric>__Target``) come from the same means computed without shocks or
incidents, scaled by how ambitious each plan was, so some plans are beaten and some missed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from numpy.typing import NDArray

from dayone.demo.columns import COLUMNS
from dayone.demo.incidents import FC_OUTAGE, SITE_OUTAGE, STOCK_OUT, SUPPORT_LINE

DAILY_FILENAME = "daily_business.parquet"
"""The file name ``write_daily`` writes in its folder."""

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

# Monday first. Shoppers browse most on Sunday and Monday, least on Friday and Saturday.
_WEEK_TRAFFIC = np.array([1.04, 1.02, 1.00, 0.98, 0.92, 0.89, 1.07])
_WEEK_CONVERSION = np.array([1.01, 1.01, 1.00, 1.00, 0.99, 0.98, 1.01])
# Measured on the delivery day: orders placed at the weekend ship on Monday and arrive mid-week.
_WEEK_CLICK_TO_SHIP = np.array([1.05, 1.14, 1.06, 0.97, 0.93, 0.92, 0.93])
_WEEK_SHIP_TO_DELIVER = np.array([1.16, 1.02, 0.97, 0.96, 0.97, 0.98, 0.94])
_WEEK_NEW_TITLES = np.array([1.35, 1.30, 1.30, 1.30, 1.25, 0.25, 0.25])
# Share of an order day's shipments delivered 0, 1, 2, ... days later.
_DELIVERY_LAGS = np.array([0.0, 0.10, 0.38, 0.30, 0.14, 0.06, 0.02])

# The year's demand, by day of the year: January slump, back to school, the holiday peak that
# builds through November and December, and the fall after the last shipping day.
_SEASON_DAY = np.array(
    [1, 20, 45, 75, 120, 160, 200, 222, 238, 255, 290, 305, 325, 345, 352, 356, 358, 361, 366]
)
_SEASON_LEVEL = np.array(
    [
        *(0.86, 0.80, 0.89, 0.95, 0.96, 1.00, 1.00, 1.10, 1.18, 1.02),
        *(0.98, 1.02, 1.16, 1.40, 1.48, 1.20, 0.72, 0.92, 0.88),
    ]
)


@dataclass(frozen=True, slots=True)
class _Calendar:
    days: NDArray[np.datetime64]
    weekday: Ints
    day_of_year: Ints
    years_to_end: Floats
    black_friday: Floats
    cyber_monday: Floats
    holiday_weekend: Floats
    christmas_ebooks: Floats
    january_returns: Floats


@dataclass(frozen=True, slots=True)
class _Drivers:
    """Incident intensities and slow random shocks; all ones/zeros for the plan."""

    stock_out: Floats
    fc_outage: Floats
    fc_outage_delivered: Floats
    site_outage: Floats
    site_rebound: Floats
    support_line: Floats
    demand: Floats
    conversion: Floats
    price: Floats
    marketing: Floats
    contacts: Floats
    fulfilment: Floats
    carrier: Floats


def generate_daily(
    *, end: date, years: int = 3, seed: int = 7, plans_through: date | None = None
) -> pa.Table:
    """Riverbend Books' daily business table: one row per day, ``years`` years up to ``end``.

    The table has a ``date`` column, then every column in ``dayone.demo.COLUMNS`` (metrics,
    then ``<metric>__Target`` plans). The same ``end`` and ``seed`` always give the same table.
    With ``plans_through`` after ``end``, the plans run on to that day, as a plan set for the
    quarter does, in rows whose metrics are blank.

    >>> from datetime import date
    >>> table = generate_daily(end=date(2025, 6, 7), years=1)
    >>> table.num_rows, table.column_names[:3]
    (365, ['date', 'sessions', 'unique_visitors'])
    """
    if isinstance(end, datetime) or not isinstance(end, date):
        msg = f"end must be a date, not {type(end).__name__}"
        raise TypeError(msg)
    if years < 1:
        msg = f"years must be at least 1, not {years}"
        raise ValueError(msg)
    calendar = _calendar(_first_day(end, years), end)
    rng = np.random.default_rng([seed, end.toordinal()])
    drivers = _drivers(calendar, end, rng)
    means = _means(calendar, drivers)
    values = _realise(rng, calendar, means)
    planned = calendar
    if plans_through is not None and plans_through > end:
        planned = _calendar(calendar.days[0].item(), plans_through, anchor=end)
    values.update(_targets(planned))
    ahead = planned.days.size - calendar.days.size
    arrays: dict[str, Any] = {"date": pa.array(planned.days.astype("datetime64[D]"), pa.date32())}
    for column in COLUMNS:
        data = values[column.name].astype(column.dtype)
        blank = None
        if data.size < planned.days.size:  # a metric: no value yet on the days ahead
            data = np.concatenate([data, np.zeros(ahead, column.dtype)])
            blank = np.arange(data.size) >= calendar.days.size
        arrays[column.name] = pa.array(data, pa.from_numpy_dtype(column.dtype), mask=blank)
    return pa.table(arrays)


def write_daily(folder: Path, table: pa.Table) -> Path:
    """Write ``table`` to ``folder/daily_business.parquet`` atomically and return the path.

    The file is written to a temporary name in the same folder and renamed into place, so a
    reader never sees a half-written file and a failure leaves no file behind.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / DAILY_FILENAME
    _write_atomically(target, lambda temp: pq.write_table(table, temp))
    return target


def write_csv(path: Path, table: pa.Table) -> Path:
    """Write ``table`` as a WBR daily CSV: a ``Date`` column first (ISO dates), then the rest.

    Written atomically like ``write_daily``; returns ``path``.
    """
    names = ["Date" if name == "date" else name for name in table.column_names]
    order = ["Date", *(name for name in names if name != "Date")]
    renamed = table.rename_columns(names).select(order)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(path, lambda temp: pa_csv.write_csv(renamed, temp))
    return path


def _write_atomically(target: Path, write: Callable[[str], None]) -> None:
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(temp)
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _first_day(end: date, years: int) -> date:
    try:
        anniversary = end.replace(year=end.year - years)
    except ValueError:  # 29 February
        anniversary = end.replace(year=end.year - years, day=28)
    return anniversary + timedelta(days=1)


def _epoch_day(day: date) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))


def _calendar(first: date, end: date, *, anchor: date | None = None) -> _Calendar:
    """The days from ``first`` to ``end``; trends are measured in years to ``anchor`` (the last
    day of data: a plan that runs ahead keeps the trend of the data)."""
    days = np.arange(np.datetime64(first, "D"), np.datetime64(end, "D") + 1)
    ordinal = days.astype(np.int64)
    weekday = (ordinal + 3) % 7  # 1970-01-01 was a Thursday
    year_start = days.astype("datetime64[Y]").astype("datetime64[D]")
    day_of_year = (days - year_start).astype(np.int64) + 1
    black_friday = np.zeros(days.size)
    cyber_monday = np.zeros(days.size)
    holiday_weekend = np.zeros(days.size)
    christmas = np.zeros(days.size)
    for year in range(first.year, end.year + 1):
        november = date(year, 11, 1)
        thanksgiving = november + timedelta(days=(3 - november.weekday()) % 7 + 21)
        friday = np.datetime64(thanksgiving + timedelta(days=1), "D")
        black_friday += days == friday
        holiday_weekend += (days == friday + 1) | (days == friday + 2)
        cyber_monday += days == friday + 3
        xmas = np.datetime64(date(year, 12, 25), "D")
        christmas += np.select([days == xmas, days == xmas + 1, days == xmas + 2], [1.0, 0.8, 0.4])
    january = np.where(day_of_year <= 28, 1.0 - np.abs(day_of_year - 10) / 18, 0.0)
    return _Calendar(
        days=days,
        weekday=weekday,
        day_of_year=day_of_year,
        years_to_end=(ordinal - (ordinal[-1] if anchor is None else _epoch_day(anchor))) / 365.25,
        black_friday=black_friday,
        cyber_monday=cyber_monday,
        holiday_weekend=holiday_weekend,
        christmas_ebooks=christmas,
        january_returns=np.clip(january, 0.0, 1.0),
    )


def _shock(rng: np.random.Generator, size: int, sigma: float, memory: float) -> Floats:
    """A multiplicative shock around 1 whose days are correlated (AR(1) with ``memory``)."""
    innovations = rng.normal(0.0, sigma * np.sqrt(1.0 - memory**2), size + 60)
    kernel = memory ** np.arange(60)
    series = np.convolve(innovations, kernel)[60 : 60 + size]
    return np.exp(series - sigma**2 / 2)


def _drivers(calendar: _Calendar, end: date, rng: np.random.Generator) -> _Drivers:
    days, size = calendar.days, calendar.days.size
    fc = FC_OUTAGE.intensity(days, end)
    site = SITE_OUTAGE.intensity(days, end)
    return _Drivers(
        stock_out=STOCK_OUT.intensity(days, end),
        fc_outage=fc,
        fc_outage_delivered=_lag(fc, 2),
        site_outage=site,
        site_rebound=_lag(site, 1),
        support_line=SUPPORT_LINE.intensity(days, end),
        demand=_shock(rng, size, 0.035, 0.8),
        conversion=_shock(rng, size, 0.02, 0.6),
        price=_shock(rng, size, 0.012, 0.7),
        marketing=_shock(rng, size, 0.06, 0.5),
        contacts=_shock(rng, size, 0.05, 0.4),
        fulfilment=_shock(rng, size, 0.04, 0.6),
        carrier=_shock(rng, size, 0.035, 0.5),
    )


def _calm(size: int) -> _Drivers:
    """The drivers of the plan: no incidents, no shocks."""
    zeros, ones = np.zeros(size), np.ones(size)
    return _Drivers(
        stock_out=zeros,
        fc_outage=zeros,
        fc_outage_delivered=zeros,
        site_outage=zeros,
        site_rebound=zeros,
        support_line=zeros,
        demand=ones,
        conversion=ones,
        price=ones,
        marketing=ones,
        contacts=ones,
        fulfilment=ones,
        carrier=ones,
    )


def _lag(values: Floats, days: int) -> Floats:
    """``values`` shifted ``days`` later, the first days repeating the first value."""
    if days == 0:
        return values
    return np.concatenate([np.full(days, values[0]), values[:-days]])


def _normal_cdf(z: Floats) -> Floats:
    """The standard normal distribution function (logistic approximation, error < 0.01)."""
    return 1.0 / (1.0 + np.exp(-1.702 * z))


def _share_within(hours: float, mean_hours: Floats, spread: float = 0.35) -> Floats:
    """Share of lognormal delivery times with mean ``mean_hours`` that take at most ``hours``."""
    mu = np.log(mean_hours) - spread**2 / 2
    return _normal_cdf((np.log(hours) - mu) / spread)


def _means(calendar: _Calendar, d: _Drivers) -> dict[str, Floats]:  # noqa: PLR0915
    """Expected value of every column, day by day."""
    t = calendar.years_to_end  # 0 on the last day, -1 a year before
    wd = calendar.weekday
    spike = (
        0.9 * calendar.black_friday
        + 1.1 * calendar.cyber_monday
        + 0.32 * (calendar.holiday_weekend)
    )
    season = np.interp(calendar.day_of_year, _SEASON_DAY, _SEASON_LEVEL) * (1.0 + spike)
    peak = np.clip((season - 1.1) / 0.4, 0.0, 1.0)
    m: dict[str, Floats] = {}

    m["sessions"] = (
        205_000.0
        * 1.12**t
        * _WEEK_TRAFFIC[wd]
        * season**0.8
        * d.demand
        * (1.0 - 0.12 * d.site_outage)
    )
    m["unique_visitors"] = m["sessions"] * 0.79
    m["mobile_sessions"] = m["sessions"] * (0.64 + 0.025 * t + 0.03 * (wd >= 5))
    m["page_views"] = m["sessions"] * 5.6 * 1.015**t * (1.0 - 0.1 * d.site_outage)
    m["slow_page_views"] = m["page_views"] * (
        0.022 * 1.16 ** (-t) * (1.0 + 0.8 * peak) + 0.25 * d.site_outage
    )
    m["detail_page_views"] = m["page_views"] * 0.38
    m["searches"] = m["sessions"] * 0.86
    m["searches_with_click"] = m["searches"] * (0.735 + 0.02 * t - 0.035 * d.stock_out)
    m["searches_with_zero_results"] = (m["searches"] - m["searches_with_click"]) * (
        0.2 * 1.08 ** (-t) * 0.8
    )

    in_stock = 0.962 + 0.005 * t - 0.02 * peak - 0.11 * d.stock_out - 0.01 * d.fc_outage
    m["in_stock_detail_page_views"] = m["detail_page_views"] * in_stock
    m["price_checked_views"] = m["detail_page_views"] * 0.06
    price_competitive = (
        0.895 + 0.012 * t - 0.05 * (calendar.black_friday + calendar.cyber_monday) - 0.01 * peak
    )
    m["price_competitive_views"] = m["price_checked_views"] * price_competitive

    cart_rate = (
        0.052
        * 1.03**t
        * season**0.2
        * _WEEK_CONVERSION[wd]
        * d.conversion
        * (in_stock / 0.962)
        * (price_competitive / 0.895) ** 0.5
        * (1.0 - 0.05 * d.fc_outage)
    )
    m["cart_adds"] = m["detail_page_views"] * cart_rate
    m["checkout_starts"] = m["cart_adds"] * 0.46
    m["payment_failures"] = m["checkout_starts"] * (0.02 * 1.1 ** (-t) + 0.3 * d.site_outage)
    m["orders"] = (
        (m["checkout_starts"] - m["payment_failures"]) * 0.80 * (1.0 + 0.08 * d.site_rebound)
    )

    units_per_order = 1.52 * (1.0 + 0.22 * peak + 0.1 * calendar.black_friday)
    m["units"] = m["orders"] * units_per_order
    ebook_share = np.clip(
        0.235 + 0.008 * t + 0.3 * calendar.christmas_ebooks + 0.04 * d.stock_out, 0.05, 0.8
    )
    marketplace_share = 0.19 + 0.015 * t + 0.07 * d.stock_out
    m["ebook_units"] = m["units"] * ebook_share
    m["marketplace_units"] = m["units"] * marketplace_share
    m["print_units"] = m["units"] - m["ebook_units"] - m["marketplace_units"]
    inflation = 1.03**t * d.price
    m["print_price"] = 17.8 * inflation * (1.0 + 0.08 * peak)
    m["ebook_price"] = 9.4 * inflation
    m["marketplace_price"] = 12.9 * inflation
    m["margin_loss"] = 0.035 * d.fc_outage + 0.01 * peak

    m["marketing_spend"] = 15_200.0 * 1.15**t * _WEEK_TRAFFIC[wd] * season**1.1 * d.marketing
    m["new_customers"] = (
        m["orders"] * 0.12 * 1.05 ** (-t) * (1.0 + 0.25 * peak) * (d.marketing**0.3)
    )
    m["membership_signups"] = (
        m["orders"] * 0.028 * (1.0 + 1.5 * (calendar.black_friday + calendar.cyber_monday))
    )
    m["new_titles_added"] = 1_000.0 * 1.05**t * _WEEK_NEW_TITLES[wd]
    m["titles_removed"] = 360.0 * 1.05**t * np.ones_like(t)
    m["active_sellers"] = 3_900.0 * 1.16**t

    # cs_contacts counts the contacts a person answered: while the support line's evening
    # queue is unstaffed, the calls an incident adds ring out and are never counted.
    usual = m["orders"] * 0.052 * 1.07 ** (-t) * (1.0 + 0.15 * peak)
    surge = m["orders"] * (0.05 * d.fc_outage + 0.012 * d.stock_out) + m["sessions"] * (
        0.012 * d.site_outage
    )
    m["cs_contacts"] = (usual + surge * (1.0 - d.support_line)) * d.contacts
    m["cancellation_rate"] = 0.011 + 0.035 * d.fc_outage + 0.02 * d.stock_out
    m["return_rate"] = 0.026 * (1.0 + 0.9 * calendar.january_returns)
    m["review_rate"] = 0.011 * np.ones_like(t)
    m["shipments_per_order"] = 1.06 * (1.0 - 0.85 * ebook_share)

    delivered_peak = _lag(peak, 2)
    m["click_to_ship_hours"] = 18.0 * 1.09 ** (-t) * (
        1.0 + 0.22 * delivered_peak
    ) * _WEEK_CLICK_TO_SHIP[wd] * d.fulfilment * (1.0 + 0.7 * d.fc_outage_delivered) + 6.0 * _lag(
        d.stock_out, 2
    )
    m["ship_to_deliver_hours"] = (
        34.0 * 1.05 ** (-t) * (1.0 + 0.18 * delivered_peak) * _WEEK_SHIP_TO_DELIVER[wd] * d.carrier
    )
    return m


def _realise(
    rng: np.random.Generator, calendar: _Calendar, m: dict[str, Floats]
) -> dict[str, Floats | Ints]:
    """Draw the day's counts around the means, keeping every identity exact."""

    def poisson(mean: Floats) -> Ints:
        return rng.poisson(np.maximum(mean, 0.0)).astype(np.int64)

    def subset(parent: Ints, child: str, of: str) -> Ints:
        share = np.clip(m[child] / np.maximum(m[of], 1e-9), 0.0, 1.0)
        return rng.binomial(parent, share).astype(np.int64)

    def scaled(parent: Ints, child: str, of: str) -> Ints:
        return poisson(parent * m[child] / np.maximum(m[of], 1e-9))

    v: dict[str, Floats | Ints] = {}
    sessions = poisson(m["sessions"])
    page_views = scaled(sessions, "page_views", "sessions")
    detail = subset(page_views, "detail_page_views", "page_views")
    searches = scaled(sessions, "searches", "sessions")
    clicked = subset(searches, "searches_with_click", "searches")
    unclicked = searches - clicked
    m["unclicked"] = m["searches"] - m["searches_with_click"]
    cart_adds = subset(detail, "cart_adds", "detail_page_views")
    checkouts = subset(cart_adds, "checkout_starts", "cart_adds")
    failures = subset(checkouts, "payment_failures", "checkout_starts")
    m["completable"] = m["checkout_starts"] - m["payment_failures"]
    orders = subset(checkouts - failures, "orders", "completable")
    units = orders + poisson(orders * (m["units"] / np.maximum(m["orders"], 1e-9) - 1.0))
    ebook = subset(units, "ebook_units", "units")
    m["physical_units"] = m["units"] - m["ebook_units"]
    marketplace = subset(units - ebook, "marketplace_units", "physical_units")
    printed = units - ebook - marketplace
    price_noise = rng.normal(1.0, 0.004, (3, orders.size))
    print_revenue = np.round(printed * m["print_price"] * price_noise[0], 2)
    ebook_revenue = np.round(ebook * m["ebook_price"] * price_noise[1], 2)
    marketplace_revenue = np.round(marketplace * m["marketplace_price"] * price_noise[2], 2)
    revenue = print_revenue + ebook_revenue + marketplace_revenue
    gross_profit = (
        0.27 * print_revenue + 0.34 * ebook_revenue + 0.15 * marketplace_revenue
    ) - revenue * m["margin_loss"]

    v.update(
        sessions=sessions,
        unique_visitors=subset(sessions, "unique_visitors", "sessions"),
        mobile_sessions=subset(sessions, "mobile_sessions", "sessions"),
        page_views=page_views,
        slow_page_views=subset(page_views, "slow_page_views", "page_views"),
        detail_page_views=detail,
        searches=searches,
        searches_with_click=clicked,
        searches_with_zero_results=subset(unclicked, "searches_with_zero_results", "unclicked"),
        cart_adds=cart_adds,
        checkout_starts=checkouts,
        payment_failures=failures,
        orders=orders,
        units=units,
        print_units=printed,
        ebook_units=ebook,
        marketplace_units=marketplace,
        revenue=np.round(revenue, 2),
        print_revenue=print_revenue,
        ebook_revenue=ebook_revenue,
        marketplace_revenue=marketplace_revenue,
        gross_profit=np.round(gross_profit, 2),
        marketing_spend=np.round(m["marketing_spend"] * rng.normal(1.0, 0.01, orders.size), 2),
        new_customers=subset(orders, "new_customers", "orders"),
        membership_signups=subset(orders, "membership_signups", "orders"),
        in_stock_detail_page_views=subset(
            detail, "in_stock_detail_page_views", "detail_page_views"
        ),
    )
    checked = subset(detail, "price_checked_views", "detail_page_views")
    v["price_checked_views"] = checked
    v["price_competitive_views"] = subset(checked, "price_competitive_views", "price_checked_views")
    v["active_customers"] = _active_customers(orders)

    added = poisson(m["new_titles_added"])
    removed = poisson(m["titles_removed"])
    net = np.cumsum(added - removed)
    v["new_titles_added"] = added
    v["selection"] = (
        2_600_000 - round(float(np.sum(m["new_titles_added"] - m["titles_removed"]))) + net
    )
    v["active_sellers"] = np.round(
        m["active_sellers"] * np.exp(np.cumsum(rng.normal(0, 0.002, orders.size)))
    ).astype(np.int64)

    v["cs_contacts"] = poisson(m["cs_contacts"])
    cancellations = rng.binomial(orders, np.clip(m["cancellation_rate"], 0.0, 1.0))
    v["cancellations"] = cancellations.astype(np.int64)
    physical = (printed + marketplace).astype(np.float64)
    v["returns"] = poisson(_lag(physical, 12) * m["return_rate"])
    v["reviews_written"] = poisson(_lag(physical, 14) * m["review_rate"])
    v.update(_deliveries(rng, calendar, m, orders - cancellations))
    return v


def _deliveries(
    rng: np.random.Generator, calendar: _Calendar, m: dict[str, Floats], kept_orders: Ints
) -> dict[str, Floats | Ints]:
    """Shipments delivered each day and their Click to Deliver, from the orders that shipped."""
    shipped = kept_orders * m["shipments_per_order"]
    history = np.concatenate([np.full(_DELIVERY_LAGS.size, shipped[0]), shipped])
    arriving = np.convolve(history, _DELIVERY_LAGS)[
        _DELIVERY_LAGS.size : _DELIVERY_LAGS.size + shipped.size
    ]
    # Carriers deliver little on Sunday: most of Sunday's parcels arrive on Monday.
    held = np.where(calendar.weekday == 6, 0.6 * arriving, 0.0)
    arriving = arriving - held + _lag(held, 1) * (np.arange(held.size) > 0)
    delivered = rng.poisson(arriving).astype(np.int64)
    to_ship = m["click_to_ship_hours"]
    to_deliver = m["ship_to_deliver_hours"]
    click_to_ship_sum = np.round(delivered * to_ship, 2)
    ship_to_deliver_sum = np.round(delivered * to_deliver, 2)
    total = to_ship + to_deliver
    return {
        "shipments_delivered": delivered,
        "click_to_ship_hours_sum": click_to_ship_sum,
        "ship_to_deliver_hours_sum": ship_to_deliver_sum,
        "ctd_hours_sum": click_to_ship_sum + ship_to_deliver_sum,
        "delivered_within_2_days": rng.binomial(delivered, _share_within(48.0, total)).astype(
            np.int64
        ),
        "on_time_deliveries": rng.binomial(delivered, _share_within(96.0, total)).astype(np.int64),
    }


def _active_customers(orders: Ints) -> Ints:
    """Customers with an order in the trailing 365 days: about 0.26 per order in that window.

    The year before the first day is filled in from the first year, grown back by 20%.
    """
    window = 365
    before = orders[:window] / 1.2
    if before.size < window:
        before = np.resize(before, window)
    history = np.concatenate([before, orders.astype(np.float64)])
    totals = np.cumsum(history)
    trailing = totals[window:] - totals[:-window]
    active: Ints = np.round(0.26 * trailing).astype(np.int64)
    return active


def _targets(calendar: _Calendar) -> dict[str, Floats]:
    """Daily plans: the calm means scaled by how ambitious each plan was."""
    size = calendar.days.size
    m = _means(calendar, _calm(size))
    revenue = (
        m["print_units"] * m["print_price"]
        + m["ebook_units"] * m["ebook_price"]
        + m["marketplace_units"] * m["marketplace_price"]
    )
    total_hours = m["click_to_ship_hours"] + m["ship_to_deliver_hours"]
    return {
        "sessions__Target": np.round(m["sessions"] * 1.025),
        "orders__Target": np.round(m["orders"] * 0.99),
        "units__Target": np.round(m["units"] * 0.96),
        "revenue__Target": np.round(revenue * 0.95, 2),
        "new_customers__Target": np.round(m["new_customers"] * 1.06),
        "in_stock_rate__Target": np.full(size, 0.955),
        "ctd_hours__Target": np.round(total_hours * 1.03, 2),
        "contacts_per_order__Target": np.round(
            m["cs_contacts"] / np.maximum(m["orders"], 1e-9) * 0.94, 4
        ),
    }
