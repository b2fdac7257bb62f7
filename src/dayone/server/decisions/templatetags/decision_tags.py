"""The decisions inbox badge in the sidebar."""

from __future__ import annotations

from typing import Any

from django import template

from dayone.server.decisions import selectors

register = template.Library()


@register.simple_tag
def decision_inbox_count(user: Any) -> int:
    """Unread decision notifications of the signed-in person."""
    return selectors.notification_unread_count(viewer=user)
