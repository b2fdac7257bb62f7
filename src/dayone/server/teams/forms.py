"""Forms of the organisation. They parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from dayone.server.core.forms import VersionedForm, people_field
from dayone.server.teams.enums import InitiativeStatus
from dayone.server.teams.models import Team
from dayone.server.wbr.selectors import metric_catalogue


def metric_choices() -> list[tuple[str, str]]:
    """Every metric key of the catalogue, with its role and unit."""
    return [
        (key, f"{key} ({'input' if info.is_input else 'output'}, {info.unit})")
        for key, info in metric_catalogue().items()
    ]


class TeamForm(forms.Form):
    """Create or edit a team."""

    name = forms.CharField(max_length=120)
    mission = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="What the team owns end to end, in a sentence.",
    )
    leader = people_field(required=False, label="Leader")
    reports_to = people_field(
        required=False, label="Reports to", help_text="The leadership team member it reports to."
    )
    is_leadership = forms.BooleanField(
        required=False,
        label="This is the leadership team",
        help_text="Its members may put goals on the leadership team's list.",
    )


class TeamEditForm(VersionedForm, TeamForm):
    """Edit a team, from the version the page showed."""


class MemberAddForm(forms.Form):
    """Add a person to a team."""

    person = people_field(required=True, label="Person")


class MetricAddForm(forms.Form):
    """Measure a team by a metric."""

    metric_key = forms.ChoiceField(label="Metric", choices=metric_choices)


class DependencyAddForm(forms.Form):
    """Record a team this team needs."""

    depends_on = forms.ModelChoiceField(
        queryset=Team.objects.filter(archived_at__isnull=True), label="Depends on"
    )
    reason = forms.CharField(max_length=200, required=False, help_text="What it needs from them.")

    def __init__(self, *args: Any, team: Team | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if team is not None:
            field: forms.ModelChoiceField[Team] = self.fields["depends_on"]  # type: ignore[assignment]
            field.queryset = Team.objects.filter(archived_at__isnull=True).exclude(pk=team.pk)


class InitiativeForm(forms.Form):
    """Start an initiative."""

    team = forms.ModelChoiceField(queryset=Team.objects.filter(archived_at__isnull=True))
    name = forms.CharField(max_length=160)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    leader = people_field(
        required=False,
        label="Single-threaded leader",
        help_text=(
            "One person who owns it and does nothing else: a member or an admin who leads no "
            "other active initiative."
        ),
    )


class InitiativeEditForm(forms.Form):
    """Edit an initiative's name, description and status."""

    name = forms.CharField(max_length=160)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    status = forms.ChoiceField(choices=InitiativeStatus.choices)


class InitiativeLeaderForm(forms.Form):
    """Name or hand over the single-threaded leader."""

    leader = people_field(
        required=False,
        label="Single-threaded leader",
        help_text="A member or an admin who leads no other active initiative.",
    )
    hand_over = forms.BooleanField(
        required=False,
        label="Hand over from the current leader",
        help_text="An initiative has exactly one leader: tick to replace the current one.",
    )


class PrincipleForm(forms.Form):
    """Add or edit a leadership principle."""

    name = forms.CharField(max_length=80)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    note = forms.CharField(
        max_length=200, required=False, label="Why it changed", help_text="Kept with the revision."
    )
    is_active = forms.BooleanField(
        required=False,
        initial=True,
        label="In use",
        help_text="Other parts offer only principles in use.",
    )


class PolicyForm(forms.Form):
    """The thresholds the org view flags."""

    two_pizza_limit = forms.IntegerField(
        min_value=2, max_value=100, label="Two-pizza limit (people)"
    )
    dependency_limit = forms.IntegerField(
        min_value=0, max_value=50, label="Dependency limit (teams)"
    )
