"""The customers panels: on the home page, open "?" escalations (the viewer's own first); on a
metric's page, its themes and anecdotes and where the anecdotes disagree with it; on a team's
page, its themes and ideas; on a PR/FAQ, the ideas and anecdotes it came from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dayone.server.core.panels import Panel, panel_register
from dayone.server.customers import idea_selectors, metric_selectors, rules, selectors
from dayone.server.customers.enums import AnswerKind

if TYPE_CHECKING:
    from dayone.server.core.models import User
    from dayone.server.documents.models import Document
    from dayone.server.teams.models import Team
    from dayone.server.wbr.models import Metric

HOME_ITEMS = 5
"""How many open escalations the home page lists."""
TEAM_THEMES = 8
"""How many themes a team's page lists."""
TEAM_IDEAS = 8
"""How many ideas a team's page lists."""


def _home_context(viewer: User, _subject: object) -> dict[str, Any] | None:
    """Open escalations (the viewer's, then the company's by deadline): only when there are some."""
    open_rows = selectors.escalation_list(
        viewer=viewer, filters=selectors.EscalationFilters(open=True)
    )
    company = list(open_rows[:HOME_ITEMS])
    if not company:
        return None
    mine = list(open_rows.filter(owner=viewer)[:HOME_ITEMS])
    return {
        "mine": mine,
        "company": [e for e in company if e.owner_id != viewer.pk],
        "total": open_rows.count(),
    }


def _metric_context(viewer: User, metric: Metric) -> dict[str, Any]:
    """The metric's themes, its latest anecdotes, and the disagreements its owner answers."""
    return {
        "metric": metric,
        "voice": metric_selectors.metric_customers(viewer=viewer, metric=metric),
        "can_answer": rules.disagreement_can_answer(viewer, metric.owner_id),
        "kinds": AnswerKind.choices,
    }


def _team_context(viewer: User, team: Team) -> dict[str, Any]:
    """The themes the team owns or that move with its metrics, largest first, rising marked."""
    themes = list(selectors.theme_list_for_team(viewer=viewer, team_id=team.pk))
    shown = themes[:TEAM_THEMES]
    trends = (
        selectors.theme_trend_list(
            viewer=viewer, last=selectors.last_week(), themes=[t.pk for t in shown]
        ).by_theme
        if shown
        else {}
    )
    rows = [(theme, bool(trends.get(theme.pk) and trends[theme.pk].rising)) for theme in shown]
    return {"team": team, "themes": rows, "more": max(0, len(themes) - TEAM_THEMES)}


def _team_ideas_context(viewer: User, team: Team) -> dict[str, Any]:
    """The team's ideas that are not merged away, most voted first."""
    ideas = idea_selectors.idea_list_for_team(viewer=viewer, team_id=team.pk)
    return {"team": team, "ideas": list(ideas[:TEAM_IDEAS])}


def _document_context(viewer: User, document: Document) -> dict[str, Any] | None:
    """The ideas a PR/FAQ was started from, with their anecdotes; nothing when there are none."""
    ideas = list(idea_selectors.idea_list_for_document(viewer=viewer, document_id=document.pk))
    return {"ideas": ideas} if ideas else None


def register_panels() -> None:
    """Open "?" escalations on the home page; what customers say on a metric's page and on a
    team's page, with the team's ideas; on a PR/FAQ, the ideas and anecdotes it came from."""
    panel_register(
        "metric",
        Panel(
            key="customers",
            title="What customers say",
            template="customers/partials/_metric_customers.html",
            context=_metric_context,
            after_deck=True,  # disagreements are judged from the deck's signals
        ),
    )
    panel_register(
        "team",
        Panel(
            key="customers",
            title="What its customers say",
            template="customers/partials/_team_customers.html",
            context=_team_context,
            order=120,
        ),
    )
    panel_register(
        "team",
        Panel(
            key="ideas",
            title="Ideas",
            template="customers/partials/_team_ideas.html",
            context=_team_ideas_context,
            order=125,
        ),
    )
    panel_register(
        "document",
        Panel(
            key="ideas",
            title="Where it came from",
            template="customers/partials/_document_ideas.html",
            context=_document_context,
        ),
    )
    panel_register(
        "home",
        Panel(
            key="customer-escalations",
            title='Open "?" escalations',
            template="customers/partials/_home_escalations.html",
            context=_home_context,
            order=8,
        ),
    )
