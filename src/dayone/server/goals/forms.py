"""Forms of goals. They parse input (a target may be written as ``92%``); services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from dayone.server.core.forms import VersionedForm, people_field
from dayone.server.goals.enums import Direction, GoalKind, Outcome, ReviewStatus
from dayone.server.goals.services import NO_DUE_DATE, NO_OWNER, NO_TEAM, NO_TEXT
from dayone.server.teams.forms import metric_choices
from dayone.server.teams.models import Team
from dayone.server.wbr.selectors import metric_info

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GoalForm(forms.Form):
    """Set or edit a goal."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": NO_TEXT},
        help_text="What will be true by the due date, with a number: "
        "'Deliver 92% of orders within two days by 30 June'.",
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.filter(archived_at__isnull=True), error_messages={"required": NO_TEAM}
    )
    owner = people_field(required=True, label="Owner", help_text="One person.")
    owner.error_messages["required"] = NO_OWNER
    starts_on = forms.DateField(
        widget=DATE, required=False, help_text="Where measurement starts; today when empty."
    )
    due_on = forms.DateField(widget=DATE, error_messages={"required": NO_DUE_DATE})
    metric_key = forms.ChoiceField(
        choices=lambda: [("", "No metric (recorded by hand)"), *metric_choices()],
        required=False,
        label="Metric",
    )
    target = forms.CharField(
        required=False, help_text="A number; rates as a percentage (92%) or a share (0.92)."
    )
    judged_by = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Judged by (without a metric)",
        help_text="How you will know at the due date whether it was met: the evidence, who "
        "checks it, and the bar it must clear.",
    )
    direction = forms.ChoiceField(choices=Direction.choices, initial=Direction.AT_LEAST)
    kind = forms.ChoiceField(
        choices=GoalKind.choices,
        initial=GoalKind.INPUT,
        help_text="Input: something the team controls. Output: a result it influences.",
    )
    elevated = forms.BooleanField(
        required=False,
        label="On the leadership team's list",
        help_text="A small share of goals; admins and leadership team members decide.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        key = self.data.get("metric_key") if self.is_bound else self.initial.get("metric_key")
        info = metric_info(str(key)) if key else None
        if info is not None and info.is_count:  # whole things: the browser steps by one
            self.fields["target"].widget = forms.NumberInput(
                attrs={"step": "1", "inputmode": "numeric"}
            )
            self.fields["target"].help_text = f"A whole number of {info.name.lower()}."

    def clean_target(self) -> float | None:
        raw = str(self.cleaned_data.get("target") or "").strip().replace(",", "")
        if not raw:
            return None
        percent = raw.endswith("%")
        try:
            value = float(raw.rstrip("%").strip())
        except ValueError:
            raise forms.ValidationError(
                "Write the target as a number, such as 0.92, 92% or 40000."
            ) from None
        return value / 100 if percent else value


class GoalEditForm(VersionedForm, GoalForm):
    """Edit a goal, from the version the page showed."""


class GoalReviewForm(forms.Form):
    """Review a goal."""

    status = forms.ChoiceField(choices=ReviewStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Where the goal stands, with numbers.",
    )
    plan = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Mitigation or plan",
        help_text="Required for yellow (the mitigation) and red (the plan).",
    )
    jump_explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Why straight from green to red?",
        help_text="Required when the last review was green and this one is red.",
    )
    reviewed_on = forms.DateField(widget=DATE, required=False, help_text="Today when empty.")


class GoalCloseForm(forms.Form):
    """Close a goal at its due date, or withdraw it."""

    outcome = forms.ChoiceField(
        choices=[
            ("", "Computed from the metric"),
            (Outcome.MET, "Met"),
            (Outcome.NOT_MET, "Not met"),
        ],
        required=False,
        help_text="Only used when the metric cannot be measured.",
    )
    outcome_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Note"
    )
