"""Forms of the WBR. They parse input; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from typing_extensions import override

from dayone.server.core.forms import VersionedForm, people_field
from dayone.server.wbr.enums import Aggregation, Better, Comparison, MetricRole
from dayone.server.wbr.models import DataSource, Metric, Section
from dayone.server.wbr.services import DEFINITION_NEEDED, NAME_NEEDED, OWNER_NEEDED, WHY_NEEDED

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _metrics() -> forms.ModelChoiceField[Metric]:
    return forms.ModelChoiceField(
        queryset=Metric.objects.order_by("key"), required=False, to_field_name="key"
    )


class MetricForm(forms.Form):
    """Add a metric, or change its definition (every change is kept as a version)."""

    key = forms.SlugField(
        max_length=80, help_text="Lower case with underscores, as teams and goals name it."
    )
    name = forms.CharField(max_length=120, error_messages={"required": NAME_NEEDED})
    definition = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": DEFINITION_NEEDED},
        help_text="Exactly what is counted, and how: someone new reads this.",
    )
    owner = people_field(required=True, label="Owner", help_text="One person explains it.")
    owner.error_messages["required"] = OWNER_NEEDED
    role = forms.ChoiceField(
        choices=MetricRole.choices,
        help_text="Input: something the team controls. Output: a result it moves.",
    )
    controllable = forms.BooleanField(required=False)
    unit = forms.CharField(
        max_length=20,
        initial="count",
        help_text="orders, USD, hours...; rate for a share between 0 and 1 (shown as %).",
    )
    section = forms.ModelChoiceField(
        queryset=Section.objects.order_by("position"),
        required=False,
        help_text="Where it shows in the deck; empty keeps it in the catalogue only.",
    )
    position = forms.IntegerField(min_value=0, initial=0, required=False)
    aggregation = forms.ChoiceField(choices=Aggregation.choices, initial=Aggregation.SUM)
    source = forms.ModelChoiceField(
        queryset=DataSource.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        label="Data source",
    )
    column = forms.CharField(max_length=120, required=False)
    numerator = _metrics()
    denominator = _metrics()
    target_column = forms.CharField(
        max_length=120, required=False, help_text="A plan column of the same data source."
    )
    comparison = forms.ChoiceField(
        choices=Comparison.choices,
        initial=Comparison.PERCENT,
        help_text="Rates compare in basis points.",
    )
    better = forms.ChoiceField(
        choices=[("", "Neither"), *Better.choices],
        required=False,
        label="Which way is good",
        help_text="The deck shows a change in this direction in green, the other in red.",
    )
    drives = forms.ModelMultipleChoiceField(
        queryset=Metric.objects.filter(role=MetricRole.OUTPUT).order_by("key"),
        required=False,
        to_field_name="key",
        help_text="For an input: the outputs it moves.",
    )
    note = forms.CharField(
        max_length=500,
        required=False,
        label="Why the change",
        help_text="Kept with the version in the definition's history.",
    )

    def clean_position(self) -> int:
        return int(self.cleaned_data.get("position") or 0)


class MetricEditForm(VersionedForm, MetricForm):
    """Change a metric, from the definition version the page showed."""


class CommentaryForm(forms.Form):
    """The why for a metric and a week."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="The why",
        error_messages={"required": WHY_NEEDED},
        help_text="What moved the metric, with numbers, and what you are doing about it.",
    )


class SourceForm(forms.Form):
    """A new data source: a CSV file, or a SQL query over the analytical store."""

    name = forms.CharField(max_length=120)
    slug = forms.RegexField(
        regex=r"^[a-z][a-z0-9_]{0,59}$",
        label="Table name",
        help_text="How SQL names it: lower case letters, digits and underscores.",
        error_messages={
            "invalid": "Use lower case letters, digits and underscores, starting with a letter."
        },
    )
    file = forms.FileField(
        required=False,
        label="CSV file",
        help_text="A header line with a Date column, then one row per day.",
    )
    query = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        required=False,
        label="or a SQL query",
        help_text="One SELECT over the store's tables with a date column, one row per day.",
    )

    @override
    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload, query = data.get("file"), (data.get("query") or "").strip()
        if bool(upload) == bool(query):
            raise forms.ValidationError("Upload a CSV file or write a SQL query (one of the two).")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            self.add_error("file", "The file is larger than 50 MB.")
        return data


class SourceUploadForm(forms.Form):
    """New data for a CSV source."""

    file = forms.FileField(label="CSV file")


class SourceQueryForm(forms.Form):
    """A new query for a SQL source."""

    query = forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}))


class SectionForm(forms.Form):
    """A new section of the deck."""

    name = forms.CharField(max_length=120)
    description = forms.CharField(max_length=300, required=False)
