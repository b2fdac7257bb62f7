"""Forms of decisions. They parse input; the services decide what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from typing_extensions import override

from dayone.server.core.enums import Role
from dayone.server.core.forms import VersionedForm
from dayone.server.core.models import User
from dayone.server.decisions import rules
from dayone.server.decisions.enums import (
    Door,
    Outcome,
    SourceKind,
    StanceKind,
    Status,
    SupersedeKind,
)
from dayone.server.decisions.models import INFORMATION_TARGET_PCT, Decision, Option
from dayone.server.decisions.selectors import FLAG_FILTERS

INFORMATION_HELP = (
    f"Of the information you wish you had, how much is at hand? Around {INFORMATION_TARGET_PCT}% "
    "is enough for most decisions; waiting for 90% is usually slow."
)


def writers() -> QuerySet[User]:
    """People who can decide, weigh in or be escalated to."""
    return User.objects.filter(is_active=True, role__in=[Role.ADMIN, Role.MEMBER]).order_by(
        "first_name", "last_name", "username"
    )


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A person, shown with their title."""

    @override
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.title})" if obj.title else str(obj)


class DecisionForm(forms.Form):
    """Propose a decision: the question, the door, the information at hand, who decides by when."""

    question = forms.CharField(
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": "Do we lower the free-shipping threshold to $25?"}
        ),
    )
    context = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What is known, what is not, and why it matters now. Data over adjectives.",
    )
    door = forms.ChoiceField(
        choices=rules.DOOR_CHOICES,
        widget=forms.RadioSelect,
        help_text=rules.DOOR_HELP,
        error_messages={"required": "Choose the door type: two-way or one-way."},
    )
    information_pct = forms.IntegerField(
        label="Information at hand (%)", min_value=0, max_value=100, help_text=INFORMATION_HELP
    )
    decide_by = forms.DateField(widget=_date_input())
    decider = PersonChoiceField(queryset=User.objects.none(), help_text="One person decides.")
    stakeholders = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="People whose stance is asked. Ctrl/Cmd-click to pick several.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decider"].queryset = writers()  # type: ignore[attr-defined]
        self.fields["stakeholders"].queryset = writers()  # type: ignore[attr-defined]


class SourceForm(forms.Form):
    """What a new decision is about, carried from the page it was proposed on."""

    source_kind = forms.ChoiceField(choices=SourceKind.choices, widget=forms.HiddenInput)
    source_ref = forms.CharField(max_length=64, widget=forms.HiddenInput)
    source_title = forms.CharField(max_length=200, widget=forms.HiddenInput)
    source_url = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)

    def clean_source_url(self) -> str:
        """Only a path inside dayone: a link elsewhere could lead a reader off the site."""
        url: str = self.cleaned_data["source_url"].strip()
        if url and (not url.startswith("/") or url.startswith("//")):
            raise forms.ValidationError("The link must be a path inside dayone.")
        return url


class OptionForm(forms.Form):
    """One option with its pros and cons."""

    label = forms.CharField(max_length=200, required=False, label="Option")
    pros = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    cons = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


OptionFormSet = forms.formset_factory(OptionForm, extra=0, min_num=3, max_num=8)


class SupersedeForm(DecisionForm):
    """A reversal or course correction: a new decision linked to the decided one."""

    kind = forms.ChoiceField(choices=SupersedeKind.choices, label="This is a")
    field_order = ["kind", "question"]


class DecisionEditForm(VersionedForm):
    """Change an open decision: its context, the information at hand, the stakeholders."""

    context = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}))
    information_pct = forms.IntegerField(
        label="Information at hand (%)", min_value=0, max_value=100, help_text=INFORMATION_HELP
    )
    stakeholders = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stakeholders"].queryset = writers()  # type: ignore[attr-defined]


class PostponeForm(forms.Form):
    """Move the decide-by date, with the reason. Each move counts as a round."""

    decide_by = forms.DateField(label="New decide-by date", widget=_date_input())
    reason = forms.CharField(max_length=300)


class StanceForm(forms.Form):
    """A stakeholder's stance."""

    kind = forms.ChoiceField(
        choices=StanceKind.choices, widget=forms.RadioSelect, label="Your stance"
    )
    objection = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed to disagree or escalate: what you disagree with, candidly.",
    )
    commitment = forms.CharField(
        required=False,
        initial="I disagree and commit.",
        help_text="For disagree and commit: your explicit commitment to go this way.",
    )
    escalate_to = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        help_text="For escalation: the leader who settles it. The clock starts now.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["escalate_to"].queryset = writers()  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    """The decider's call."""

    option = forms.ModelChoiceField(
        queryset=Option.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    information_pct = forms.IntegerField(
        label="Information at hand (%)", min_value=0, max_value=100
    )
    rationale = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=rules.RATIONALE_HELP,
    )
    review_on = forms.DateField(
        required=False,
        widget=_date_input(),
        label="Review on",
        help_text="When to ask 'was it right?'. Default: 30 days (two-way), 90 days (one-way).",
    )

    def __init__(self, *args: Any, decision: Decision, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"information_pct": decision.information_pct})
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = decision.options.all()  # type: ignore[attr-defined]


class ResolveForm(forms.Form):
    """The leader's ruling on an escalation: the option the decision goes with, and why."""

    option = forms.ModelChoiceField(
        queryset=Option.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Ruling",
        help_text="The decider then decides this option.",
    )
    resolution = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, decision: Decision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = decision.options.all()  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    """Was it right?"""

    outcome = forms.ChoiceField(choices=Outcome.choices)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="What happened")


class WithdrawForm(forms.Form):
    """Close without deciding."""

    reason = forms.CharField(max_length=500)


class OptionAddForm(forms.Form):
    """One more option on an open decision."""

    label = forms.CharField(max_length=200, label="Option")
    pros = forms.CharField(required=False)
    cons = forms.CharField(required=False)


class DecisionSettingsForm(forms.Form):
    """The company's rules for decisions."""

    reviewers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        label="One-way-door reviewers",
        help_text="Every one of them must weigh in before a one-way door is decided.",
    )
    information_target_pct = forms.IntegerField(
        label="Information target (%)",
        min_value=10,
        max_value=100,
        help_text="Decisions made with more information than this are flagged as slow.",
    )
    escalation_hours = forms.IntegerField(
        label="Escalation clock (hours)",
        min_value=1,
        max_value=720,
        help_text="How long a leader has to settle an escalation before it is overdue.",
    )
    exhaustion_rounds = forms.IntegerField(
        label="Rounds before 'decision by exhaustion'",
        min_value=1,
        max_value=50,
        help_text="Postponements and changed stances while a decision stays open.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = writers()  # type: ignore[attr-defined]


class DecisionFilterForm(forms.Form):
    """Filters of the decision list."""

    q = forms.CharField(
        required=False,
        label="Search",
        widget=forms.TextInput(attrs={"placeholder": "Search questions and context"}),
    )
    status = forms.ChoiceField(choices=[("", "Any status"), *Status.choices], required=False)
    door = forms.ChoiceField(choices=[("", "Any door"), *Door.choices], required=False)
    flag = forms.ChoiceField(choices=[("", "Any flag"), *FLAG_FILTERS.items()], required=False)
    person = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Anyone"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(is_active=True).order_by(  # type: ignore[attr-defined]
            "first_name", "last_name"
        )
