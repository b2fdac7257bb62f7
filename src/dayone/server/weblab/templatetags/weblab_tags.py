"""Filters of Weblab's pages: effects, lifts, p-values and shares, never NaN."""

from __future__ import annotations

import json
import math

from django import template

from dayone.server.weblab.forms import format_where

register = template.Library()
DASH = "\u2013"


def _ok(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


@register.filter
def effect(value: object, relative: bool = True) -> str:
    """A lift as a signed percentage (+2.4%), or a difference as a signed number."""
    number = _ok(value)
    if number is None:
        return DASH
    if relative:
        return f"{number * 100:+.1f}%"
    return f"{number:+.4g}"


@register.filter
def signed(value: object) -> str:
    """A difference with its sign and four significant digits (+0.0123)."""
    number_ = _ok(value)
    if number_ is None:
        return DASH
    return f"{number_:+.4g}"


@register.filter
def pvalue(value: object) -> str:
    """A p-value with the digits that matter (< 0.001 below that)."""
    number = _ok(value)
    if number is None:
        return DASH
    if number < 0.001:
        return "< 0.001"
    return f"{number:.3f}"


@register.filter
def p_equals(value: object) -> str:
    """``p = 0.042`` or ``p < 0.001``, for prose."""
    text = pvalue(value)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


@register.filter
def filters(where: object) -> str:
    """Event filters as people write them: ``event=purchase, platform=ios|web``."""
    if not isinstance(where, dict) or not where:
        return ""
    return format_where(where)


@register.filter
def share(value: object) -> str:
    """A share as a percentage without sign (52.1%)."""
    number = _ok(value)
    if number is None:
        return DASH
    return f"{number * 100:.1f}%"


@register.filter
def number(value: object) -> str:
    """A mean or rate with four significant digits."""
    number_ = _ok(value)
    if number_ is None:
        return DASH
    return f"{number_:,.4g}" if abs(number_) < 1000 else f"{number_:,.0f}"


@register.filter
def get_item(mapping: object, key: str) -> object:
    """``mapping[key]`` in a template, ``None`` when absent."""
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.filter
def as_json(value: object) -> str:
    """A stored JSON value as JSON, not as Python's repr."""
    return json.dumps(value, ensure_ascii=False)
