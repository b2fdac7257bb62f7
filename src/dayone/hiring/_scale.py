"""The four-point scale, with no middle: every rating leans one way."""

from __future__ import annotations

from enum import IntEnum

from dayone.hiring._errors import HiringError


class Rating(IntEnum):
    """A rating of one principle or an overall vote: 4 is a strong hire, 1 a strong no hire.

    >>> Rating.from_value("inclined").label
    'Inclined to hire'
    >>> Rating.INCLINED.is_hire
    True
    """

    STRONG_NO_HIRE = 1
    NOT_INCLINED = 2
    INCLINED = 3
    STRONG_HIRE = 4

    @property
    def label(self) -> str:
        """The words a person reads."""
        return _LABELS[self]

    @property
    def key(self) -> str:
        """The stable name stored and sent over the API."""
        return _KEYS[self]

    @property
    def is_hire(self) -> bool:
        """Whether the rating leans towards hiring."""
        return self >= Rating.INCLINED

    @property
    def is_strong(self) -> bool:
        """Whether the rating is at either end of the scale."""
        return self in {Rating.STRONG_HIRE, Rating.STRONG_NO_HIRE}

    @classmethod
    def from_value(cls, value: str | int) -> Rating:
        """A rating from its key ("inclined") or its number (3); anything else is refused."""
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return cls(value)
            except ValueError:
                pass
        elif isinstance(value, str):
            for rating, key in _KEYS.items():
                if key == value:
                    return rating
        raise HiringError(RATING_UNKNOWN.format(value=value, keys=", ".join(_KEYS.values())))


RATING_UNKNOWN = (
    "'{value}' is not on the scale; use one of {keys} (there is no middle: choose the side "
    "the evidence leans to)."
)
_LABELS = {
    Rating.STRONG_HIRE: "Strong hire",
    Rating.INCLINED: "Inclined to hire",
    Rating.NOT_INCLINED: "Not inclined",
    Rating.STRONG_NO_HIRE: "Strong no hire",
}
_KEYS = {
    Rating.STRONG_HIRE: "strong_hire",
    Rating.INCLINED: "inclined",
    Rating.NOT_INCLINED: "not_inclined",
    Rating.STRONG_NO_HIRE: "strong_no_hire",
}
