"""The values the customers engine reads and returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

#: The ways a customer reaches us, by code, with the label people read.
CHANNELS: Final[dict[str, str]] = {
    "support": "Support contact",
    "email": "E-mail",
    "review": "Review",
    "call": "Call",
    "social": "Social",
    "survey": "Survey comment",
    "visit": "Visit",
}

#: How much it hurt the customer, least first.
SEVERITIES: Final[tuple[str, ...]] = ("low", "medium", "high")

#: The longest verbatim text kept for one anecdote, in characters.
MAX_TEXT: Final[int] = 5000


@dataclass(frozen=True, slots=True)
class AnecdoteRecord:
    """One thing a customer said or did, as read from a file, an e-mail or a webhook.

    ``metrics`` are the names of the WBR metrics it concerns; ``customer`` is a pseudonymous
    reference, never a name or an address.
    """

    external_id: str
    date: dt.date
    channel: str
    text: str
    customer: str = ""
    segment: str = ""
    severity: str = ""
    product_area: str = ""
    metrics: tuple[str, ...] = ()
