"""Values every page needs: the company name and the navigation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dayone.server.core.navigation import SECTIONS, active_section
from dayone.server.core.selectors import organization_name

if TYPE_CHECKING:
    from django.http import HttpRequest


def organization(request: HttpRequest) -> dict[str, Any]:
    """The company's name and the navigation, with the current section marked."""
    return {
        "organization_name": organization_name(),
        "nav_sections": SECTIONS,
        "nav_active": active_section(request.path),
    }
