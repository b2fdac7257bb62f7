"""Forms of customers: quick capture, file import, and the choices people make about themes."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from dayone.customers import MAX_TEXT
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
