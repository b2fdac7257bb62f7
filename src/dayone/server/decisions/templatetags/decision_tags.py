"""Decision panels other pages include: the inbox badge in the sidebar, overdue escalations."""

from __future__ import annotations

from typing import Any

from django import template

from dayone.server.decisions import selectors
from dayone.server.decisions.models import Escalation

register = template.Library()


@register.simple_tag
def decision_inbox_count(user: Any) -> int:
    """Unread decision notifications of the signed-in person."""
    return selectors.notification_unread_count(viewer=user)


@register.simple_tag
def decision_overdue_escalations(user: Any, limit: int = 5) -> list[Escalation]:
    """The oldest overdue escalations, for the home page."""
    if not user.is_authenticated:
        return []
    return list(selectors.escalation_list(viewer=user, overdue_only=True)[:limit])
