"""Forms of customers: quick capture, file import, the choices people make about themes, and
ideas with their answers."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dayone.customers import MAX_TEXT
from dayone.server.customers import rules
from dayone.server.customers.enums import Channel, IdeaAnswer, Severity, YesStarts


class CaptureForm(forms.Form):
    """Quick capture: what the customer said or did, verbatim."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 30}),
        max_length=MAX_TEXT,
        help_text="Their words, verbatim.",
    )
    channel = forms.ChoiceField(choices=Channel.choices)
    said_on = forms.DateField(
        initial=timezone.localdate,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Date",
        help_text="Today when left empty.",
    )
    customer = forms.CharField(
        required=False, max_length=200, help_text="A pseudonymous reference, never a name."
    )
    segment = forms.CharField(required=False, max_length=200)
    severity = forms.ChoiceField(choices=[("", "—"), *Severity.choices], required=False)
    product_area = forms.CharField(required=False, max_length=200)
    metrics = forms.CharField(
        required=False, help_text="Metric keys it concerns, separated by commas."
    )


class ImportForm(forms.Form):
    """A CSV, mbox or .eml file of anecdotes."""

    file = forms.FileField(help_text="CSV (external_id,date,channel,text,...), .mbox or .eml.")


class RenameForm(forms.Form):
    """A label people chose."""

    label = forms.CharField(max_length=200)


class MergeForm(forms.Form):
    """The theme to merge into."""

    into = forms.IntegerField(widget=forms.Select)


class MetricsForm(forms.Form):
    """The metrics that should move with a theme."""

    metrics = forms.CharField(required=False, help_text="Metric keys, separated by commas.")


class EscalateForm(forms.Form):
    """Forward an anecdote with a "?" to the person who owns the answer."""

    owner = forms.CharField(max_length=150, help_text="Who owns the answer (their username).")
    hours = forms.IntegerField(
        min_value=rules.MIN_HOURS,
        max_value=rules.MAX_HOURS,
        initial=rules.DEFAULT_HOURS,
        help_text="Hours they have to close it.",
    )
    question = forms.CharField(
        required=False,
        max_length=rules.MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
        help_text="A bare '?' is enough.",
    )


class EscalationCloseForm(forms.Form):
    """What closing a "?" needs: the root cause, the fix and the prevention."""

    root_cause = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    fix = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    prevention = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class IdeaForm(forms.Form):
    """An idea, starting from the customer: who, what problem, how we know."""

    title = forms.CharField(max_length=rules.MAX_IDEA_TITLE, help_text="The idea in a few words.")
    customer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        label="Who is the customer?",
        help_text="One customer, precisely: 'readers who phone about a late order'.",
    )
    problem = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        label="What is their problem?",
        help_text="As the customer lives it, with how often or how much.",
    )
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        label="How do we know?",
        help_text="Data, research, anecdotes: where each comes from.",
    )
    anecdotes = forms.CharField(
        required=False,
        label="Anecdotes as evidence",
        help_text="Anecdote numbers, separated by commas (from an anecdote's page).",
    )
    small = forms.BooleanField(
        required=False,
        label="Small and reversible",
        help_text="A two-way door: a yes starts a Weblab experiment instead of a PR/FAQ.",
    )
    team = forms.CharField(required=False, help_text="The team it belongs to (its short name).")
    leader = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"list": "leaders"}),
        help_text="The leader to ask first (their username); you can ask more later.",
    )

    def clean_anecdotes(self) -> list[int]:
        raw = self.cleaned_data.get("anecdotes", "")
        parts = [p.strip().lstrip("#") for p in raw.replace(";", ",").split(",") if p.strip()]
        bad = [p for p in parts if not p.isdigit()]
        if bad:
            raise forms.ValidationError(f"'{bad[0]}' is not an anecdote number.")
        return [int(p) for p in parts]


class IdeaAskForm(forms.Form):
    """Take an idea to another leader."""

    leader = forms.CharField(
        max_length=150,
        widget=forms.TextInput(attrs={"list": "leaders"}),
        help_text="The leader's username.",
    )


class IdeaAnswerForm(forms.Form):
    """A leader's answer: yes, or no with a written reason."""

    ask = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(choices=IdeaAnswer.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="Required for a no: why not, and what would change your mind.",
    )
    starts = forms.ChoiceField(
        choices=[("", "As the idea asks"), *YesStarts.choices],
        required=False,
        label="A yes starts",
    )


class IdeaCommentForm(forms.Form):
    """A comment on an idea."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class IdeaMergeForm(forms.Form):
    """The idea to merge into."""

    into = forms.IntegerField(label="Merge into idea number", min_value=1)
