"""Forms of hiring: open a role, add a candidate, plan a loop, write feedback, the debrief."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from dayone import hiring
from dayone.server.core.forms import VersionedForm
from dayone.server.core.models import User
from dayone.server.hiring.enums import CheckInKind, LoopOutcome, RoleStatus, Stage
from dayone.server.teams.models import Principle, Team

RATING_CHOICES = [(r.key, r.label) for r in sorted(hiring.Rating, key=lambda r: -int(r))]
MAX_SEATS = hiring.MAX_INTERVIEWERS


class RoleForm(forms.Form):
    """Open a role."""

    title = forms.CharField(max_length=160)
    team = forms.ModelChoiceField(queryset=Team.objects.none())
    hiring_manager = forms.ModelChoiceField(queryset=User.objects.none())
    recruiter = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    level = forms.CharField(max_length=40)
    headcount = forms.IntegerField(min_value=1, max_value=500, initial=1)
    principles = forms.ModelMultipleChoiceField(
        queryset=Principle.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    bar = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Written bar",
        help_text="What a hire must show, e.g. better than half of the people in this role today.",
    )

    def __init__(
        self,
        *args: Any,
        teams: Iterable[Team],
        people: Iterable[User],
        principles: Iterable[Principle],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["hiring_manager"].queryset = people  # type: ignore[attr-defined]
        self.fields["recruiter"].queryset = people  # type: ignore[attr-defined]
        self.fields["principles"].queryset = principles  # type: ignore[attr-defined]


class RoleStatusForm(forms.Form):
    """Open, hold, fill or close a role."""

    status = forms.ChoiceField(choices=RoleStatus.choices)


class CandidateForm(forms.Form):
    """Add a candidate to a role."""

    name = forms.CharField(max_length=160)
    email = forms.CharField(max_length=200, required=False)
    phone = forms.CharField(max_length=40, required=False)
    source = forms.CharField(max_length=80, required=False, help_text="Referral, job board, ...")
    recruiter_note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class StageForm(forms.Form):
    """Move a candidate."""

    stage = forms.ChoiceField(choices=Stage.choices)


class LoopPlanForm(forms.Form):
    """A loop: up to seven seats, each an interviewer, one to three principles and a time.

    Rows left without an interviewer are ignored; the Bar Raiser is chosen by row.
    """

    bar_raiser = forms.IntegerField(
        min_value=0, max_value=MAX_SEATS - 1, required=False, widget=forms.HiddenInput
    )
    sign_off = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Sign-off (when the Bar Raiser is in training)",
        help_text="A certified Bar Raiser from outside the hiring team who signs off the "
        "trainee's loop after the debrief. Leave empty when the Bar Raiser is certified.",
    )

    def __init__(
        self,
        *args: Any,
        people: Iterable[User],
        principles: Iterable[Principle],
        sign_offs: Iterable[User] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        people = list(people)
        principles = list(principles)
        self.fields["sign_off"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[p.pk for p in sign_offs]
        )
        for row in range(MAX_SEATS):
            self.fields[f"interviewer_{row}"] = forms.ModelChoiceField(
                queryset=User.objects.filter(pk__in=[p.pk for p in people]),
                required=False,
                label=f"Interviewer {row + 1}",
            )
            self.fields[f"principles_{row}"] = forms.ModelMultipleChoiceField(
                queryset=Principle.objects.filter(pk__in=[p.pk for p in principles]),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label="Principles",
            )
            self.fields[f"starts_{row}"] = forms.DateTimeField(
                required=False,
                widget=forms.DateTimeInput(
                    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
                ),
                label="Starts",
            )
            self.fields[f"minutes_{row}"] = forms.IntegerField(
                min_value=15, max_value=240, initial=45, required=False, label="Minutes"
            )

    def rows(self) -> list[dict[str, Any]]:
        """The bound fields of each row, for the template."""
        return [
            {
                "index": row,
                "interviewer": self[f"interviewer_{row}"],
                "principles": self[f"principles_{row}"],
                "starts": self[f"starts_{row}"],
                "minutes": self[f"minutes_{row}"],
            }
            for row in range(MAX_SEATS)
        ]


class FeedbackForm(forms.Form):
    """Feedback: each assigned principle rated with evidence, the vote, raises the bar."""

    overall = forms.ChoiceField(
        choices=RATING_CHOICES, widget=forms.RadioSelect, label="Overall vote", required=False
    )
    raises_bar = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Raises the bar?",
        required=False,
        empty_value=None,
    )
    raises_bar_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label="Why", required=False
    )

    def __init__(self, *args: Any, principles: Iterable[Principle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.principles = list(principles)
        for principle in self.principles:
            self.fields[f"rating_{principle.pk}"] = forms.ChoiceField(
                choices=RATING_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                label=principle.name,
            )
            self.fields[f"evidence_{principle.pk}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
                label="Evidence",
                help_text="What the candidate did, with examples: the situation, their action, the result.",
            )

    def principle_rows(self) -> list[dict[str, Any]]:
        """Each principle with its rating and evidence fields."""
        return [
            {
                "principle": principle,
                "rating": self[f"rating_{principle.pk}"],
                "evidence": self[f"evidence_{principle.pk}"],
            }
            for principle in self.principles
        ]


class NotesForm(forms.Form):
    """The interviewer's private notes."""

    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)


class DebriefForm(forms.Form):
    """The Bar Raiser closes the debrief."""

    outcome = forms.ChoiceField(choices=LoopOutcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    veto_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Veto (the Bar Raiser's reason)",
        help_text="Leave empty unless you veto. A veto makes the outcome no hire.",
    )
    without_all_feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Why go ahead without all feedback",
        help_text="Only when some feedback is still missing.",
    )


class SignOffForm(forms.Form):
    """The certified Bar Raiser named in a trainee's loop signs it off."""

    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Sign-off note",
        help_text="How the trainee led the debrief, with an example of what went well or what "
        "to change.",
    )


class VetoEscalateForm(forms.Form):
    """The hiring team escalates the Bar Raiser's veto to a leader, with a written question."""

    leader = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Leader",
        help_text="A leader above the disagreement, not the Bar Raiser who vetoed.",
    )
    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Question for the leader",
        help_text="What the leader should rule on, and why the veto should not stand.",
    )

    def __init__(self, *args: Any, people: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = people  # type: ignore[attr-defined]


class NominateForm(forms.Form):
    """A leader nominates a Bar Raiser."""

    person = forms.ModelChoiceField(queryset=User.objects.none())
    weekly_cap = forms.IntegerField(min_value=1, max_value=10, initial=2)

    def __init__(self, *args: Any, people: Iterable[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class CheckInForm(forms.Form):
    """The hiring manager's check-in on a hire: was it the right hire?"""

    kind = forms.ChoiceField(choices=CheckInKind.choices, label="Check-in")
    right_hire = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Was it the right hire?",
        required=False,
        empty_value=None,
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What the hire did that shows it",
        required=False,
    )


class QuestionForm(forms.Form):
    """An admin adds one of the company's own questions to a principle."""

    principle = forms.ModelChoiceField(queryset=Principle.objects.none())
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Question",
        help_text="Ask for a real situation: 'Tell me about a time ...'.",
    )
    strong = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="A strong answer shows",
    )
    weak = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="A weak answer shows"
    )

    def __init__(self, *args: Any, principles: Iterable[Principle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["principle"].queryset = principles  # type: ignore[attr-defined]


class QuestionEditForm(VersionedForm):
    """An admin edits one of the company's questions; the earlier wording is kept."""

    text = QuestionForm.base_fields["text"]
    strong = QuestionForm.base_fields["strong"]
    weak = QuestionForm.base_fields["weak"]
    note = forms.CharField(
        max_length=200, required=False, label="Why it changed", help_text="Kept with the revision."
    )
