"""The incidents that Riverbend Books lived through, placed relative to the last day of data.

Dates are relative so that the most recent incidents always fall in the weeks a current WBR
shows, whatever day the demo is generated. The business data generator reads the same records,
so WBR commentary and customer anecdotes can cite them and find them in the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class Incident:
    """Something that went wrong, when, for how long, and what it moved.

    ``days_before_end`` counts back from the last day of data to the first day of the incident.
    Full impact lasts ``duration_days``; the business then returns to normal linearly over
    ``recovery_days``.
    """

    key: str
    title: str
    description: str
    team: str
    days_before_end: int
    duration_days: int
    recovery_days: int
    affected: tuple[str, ...]

    def first_day(self, end: date) -> date:
        """The first day of the incident for data ending on ``end``."""
        return end - timedelta(days=self.days_before_end)

    def last_day(self, end: date) -> date:
        """The last day of full impact for data ending on ``end``."""
        return self.first_day(end) + timedelta(days=self.duration_days - 1)

    def recovered_on(self, end: date) -> date:
        """The first day back to normal for data ending on ``end``."""
        return self.last_day(end) + timedelta(days=self.recovery_days + 1)

    def intensity(self, days: NDArray[np.datetime64], end: date) -> NDArray[np.float64]:
        """Impact per day in [0, 1]: 1 at full impact, fading to 0 over the recovery days.

        >>> import numpy as np
        >>> from datetime import date
        >>> days = np.arange("2024-01-01", "2024-01-08", dtype="datetime64[D]")
        >>> spell = Incident("x", "X", "", "Fulfilment", 5, 2, 2, ())
        >>> spell.intensity(days, date(2024, 1, 7)).round(2).tolist()
        [0.0, 1.0, 1.0, 0.67, 0.33, 0.0, 0.0]
        """
        first = np.datetime64(self.first_day(end), "D")
        offset = (days - first).astype(np.int64).astype(np.float64)
        after = offset - (self.duration_days - 1)
        fading = 1.0 - after / (self.recovery_days + 1)
        level = np.where(after <= 0, 1.0, np.clip(fading, 0.0, 1.0))
        return np.where(offset < 0, 0.0, level).astype(np.float64)


STOCK_OUT = Incident(
    key="supplier-stock-out",
    title="Lakeshore Distribution stock-out",
    description=(
        "Lakeshore Distribution, the wholesaler behind about a third of Riverbend's print "
        "selection, stopped shipping after a failed warehouse-system migration. Popular "
        "titles went out of stock: the in-stock rate fell about ten points, conversion and "
        "print units dropped, marketplace sellers picked up part of the demand, and "
        "cancellations and contacts rose as back-ordered books slipped."
    ),
    team="Catalog & Selection",
    days_before_end=150,
    duration_days=21,
    recovery_days=14,
    affected=(
        "in_stock_rate",
        "conversion",
        "print_units",
        "marketplace_units",
        "search_click_rate",
        "cancellations",
        "contacts_per_order",
        "click_to_ship_hours",
    ),
)

FC_OUTAGE = Incident(
    key="fulfilment-centre-outage",
    title="Columbus fulfilment centre sorter failure",
    description=(
        "The main sorter at the Columbus fulfilment centre failed and spare parts took a week "
        "to arrive; the site ran on manual sortation for ten days, then caught up. "
        "Click-to-ship rose by about two thirds (seen on deliveries from two days later), "
        "Click to Deliver and on-time delivery followed, ship-to-deliver did not move, and "
        "cancellations and expedited-shipping costs went up. The extra calls went to the "
        "support line's unstaffed evening queue, so contacts per order did not move."
    ),
    team="Fulfilment",
    days_before_end=24,
    duration_days=10,
    recovery_days=7,
    affected=(
        "click_to_ship_hours",
        "ctd_hours",
        "two_day_delivery_rate",
        "on_time_rate",
        "cancellations",
        "conversion",
        "gross_margin",
    ),
)

SITE_OUTAGE = Incident(
    key="checkout-outage",
    title="Checkout outage",
    description=(
        "An expired certificate on the payment service broke checkout for most of the day "
        "before it was renewed. Payment failures jumped, orders roughly halved, pages "
        "slowed, and customers called to ask whether their order went through (the calls "
        "that reached a person counted as contacts); part of the lost demand came back the "
        "next day."
    ),
    team="Checkout & Payments",
    days_before_end=3,
    duration_days=1,
    recovery_days=0,
    affected=(
        "payment_failure_rate",
        "orders",
        "revenue",
        "slow_page_rate",
    ),
)

SUPPORT_LINE = Incident(
    key="support-line-unreachable",
    title="Support line's evening queue unstaffed",
    description=(
        "A rota change left the support line's evening queue unstaffed: calls above the usual "
        "volume rang out or went dead, and e-mails waited days. Contacts per order counts the "
        "contacts a person answered, so it stayed flat, while customers who could not reach a "
        "person said so three times as often."
    ),
    team="Customer Service",
    days_before_end=55,
    duration_days=56,
    recovery_days=0,
    affected=("contacts_per_order", "cs_contacts"),
)

INCIDENTS: tuple[Incident, ...] = (STOCK_OUT, SUPPORT_LINE, FC_OUTAGE, SITE_OUTAGE)
"""Every incident, oldest first."""
