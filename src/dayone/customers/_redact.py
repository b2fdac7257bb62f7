"""Personal data out of free text: e-mail addresses, card-like numbers and phone numbers.

>>> redact("Call me on +44 20 7946 0958 or write to ann@example.com")
'Call me on [phone] or write to [email]'
>>> redact("Card 4111 1111 1111 1111 was charged twice for order 1234567")
'Card [card] was charged twice for order 1234567'
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 13 to 19 digits, optionally grouped by single spaces or dashes: the shape of a payment card.
CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
# A run of at least nine digits with the separators people write in phone numbers.
PHONE = re.compile(r"(?<![\w-])\+?\(?\d[\d ().-]{7,}\d(?![\w-])")
MIN_PHONE_DIGITS = 9


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return "[card]" if _luhn(digits) else match.group()


def _phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return "[phone]" if len(digits) >= MIN_PHONE_DIGITS else match.group()


def redact(text: str) -> str:
    """``text`` with e-mail addresses, card numbers (Luhn-valid) and phone numbers replaced.

    Order numbers and other short digit runs stay: a phone number has at least nine digits, a
    card number 13 to 19 that pass the Luhn check.
    """
    text = EMAIL.sub("[email]", text)
    text = CARD.sub(_card, text)
    return PHONE.sub(_phone, text)
