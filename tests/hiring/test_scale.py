"""The four-point scale through the public API."""

from __future__ import annotations

import pytest

from dayone import hiring


def test_scale_has_no_middle() -> None:
    assert [r.key for r in sorted(hiring.Rating, reverse=True)] == [
        "strong_hire",
        "inclined",
        "not_inclined",
        "strong_no_hire",
    ]
    assert [r.is_hire for r in sorted(hiring.Rating)] == [False, False, True, True]
    assert hiring.Rating.from_value("not_inclined") is hiring.Rating.NOT_INCLINED
    assert hiring.Rating.from_value(4) is hiring.Rating.STRONG_HIRE


@pytest.mark.parametrize("value", ["neutral", 0, 5, True, ""])
def test_off_the_scale_is_refused_with_the_keys(value: object) -> None:
    with pytest.raises(hiring.HiringError, match="no middle") as caught:
        hiring.Rating.from_value(value)  # type: ignore[arg-type]
    assert "strong_hire" in str(caught.value)
