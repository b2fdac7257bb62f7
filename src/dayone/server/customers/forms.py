"""Forms of customers: quick capture, file import, and the choices people make about themes."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dayone.customers import MAX_TEXT
from dayone.server.customers import rules
from dayone.server.customers.enums import Channel, Severity


class CaptureForm(forms.Form):
    """Quick capture: what the customer said or did, verbatim."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 30}),
        max_length=MAX_TEXT,
        help_text="Their words, verbatim.",
    )
    channel = forms.ChoiceField(choices=Channel.choices)
    said_on = forms.DateField(
        initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}), label="Date"
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
