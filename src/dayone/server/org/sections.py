"""Sections other parts add to a team's page (goals, decisions, experiments...).

A part registers a section once, in its ``AppConfig.ready``; the team page renders every
registered section in order, each from its own template and context. The organisation part never
imports the parts that extend it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dayone.server.core.models import User
    from dayone.server.org.models import Team


@dataclass(frozen=True, slots=True)
class TeamSection:
    """A panel on the team page: a title, a template, and the context it needs."""

    key: str
    title: str
    template: str
    context: Callable[[User, Team], dict[str, Any]]
    order: int = 100


_SECTIONS: dict[str, TeamSection] = {}


def team_section_register(section: TeamSection) -> None:
    """Add (or replace) a section of the team page."""
    _SECTIONS[section.key] = section


def team_sections() -> list[TeamSection]:
    """Every registered section, in order."""
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))
