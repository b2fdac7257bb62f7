"""``{{ delta|duration_words }}``: a time span as people say it ("10 minutes", "1 day")."""

from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()

_UNITS = (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1))


@register.filter
def duration_words(delta: timedelta | None) -> str:
    """The two largest units of ``delta``: ``timedelta(minutes=90)`` -> "1 hour 30 minutes"."""
    if delta is None:
        return ""
    remaining = max(0, round(delta.total_seconds()))
    words = []
    for name, seconds in _UNITS:
        count, remaining = divmod(remaining, seconds)
        if count:
            words.append(f"{count} {name}{'' if count == 1 else 's'}")
    return " ".join(words[:2]) or "0 seconds"
