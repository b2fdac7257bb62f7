"""Personal data redaction and the dedupe fingerprint."""

from __future__ import annotations

import pytest

from dayone.customers import fingerprint, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail a.b+c@mail.example.co.uk now", "mail [email] now"),
        ("ring (555) 123-4567 after six", "ring [phone] after six"),
        ("mobile 07700 900123", "mobile [phone]"),
        ("card 4111-1111-1111-1111!", "card [card]!"),
        ("card 5500005555555559 was used", "card [card] was used"),
        ("order 12345678 of 3 books", "order 12345678 of 3 books"),
        ("on 2026-03-02 at 10:30", "on 2026-03-02 at 10:30"),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_a_long_number_that_fails_luhn_is_not_a_card_but_may_be_a_phone() -> None:
    assert redact("ref 4111111111111112") == "ref [phone]"


def test_fingerprint_prefers_the_external_id_then_the_content() -> None:
    a = fingerprint(external_id="Z-1", text="one", source="zendesk")
    assert a == fingerprint(external_id=" Z-1 ", text="two", source="zendesk")
    assert a != fingerprint(external_id="Z-1", text="one", source="csv")
    assert fingerprint(external_id="", text="On hold\n for ages") == fingerprint(
        external_id="", text="on hold for ages"
    )
    assert fingerprint(external_id="", text="on hold") != fingerprint(external_id="", text="on")
