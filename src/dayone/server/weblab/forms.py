"""Forms of Weblab. They parse input (lists, filters, JSON targeting); services decide."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from dayone.server.core.forms import VersionedForm, people_field
from dayone.server.teams.forms import metric_choices
from dayone.server.teams.models import Team
from dayone.server.weblab.enums import (
    Aggregate,
    Conclusion,
    Correction,
    Engine,
    ExperimentMetricRole,
    MetricKind,
    Result,
    SourceKind,
)
from dayone.server.weblab.models import DEFAULT_EVENTS_TABLE
from dayone.server.weblab.services import (
    HYPOTHESIS_NEEDED,
    LEARNING_NEEDED,
    NAME_NEEDED,
    ExperimentInput,
    MetricInput,
)

METRIC_ROWS = 5


def parse_where(text: str) -> dict[str, Any]:
    """``event=purchase, platform=ios|android`` as ``{"event": "purchase", "platform": [...]}``."""
    where: dict[str, Any] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        column, sep, value = part.partition("=")
        if not sep or not column.strip() or not value.strip():
            raise forms.ValidationError(
                f"Write filters as column=value, separated by commas; '{part}' is not one."
            )
        values = [v.strip() for v in value.split("|") if v.strip()]
        where[column.strip()] = values if len(values) > 1 else values[0]
    return where


def format_where(where: dict[str, Any]) -> str:
    """The inverse of :func:`parse_where`, for editing."""
    return ", ".join(
        f"{column}={'|'.join(map(str, value)) if isinstance(value, list) else value}"
        for column, value in where.items()
    )


def _number_list(text: str, what: str) -> list[float]:
    try:
        return [float(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError:
        raise forms.ValidationError(
            f"Write the {what} as numbers separated by commas, such as 0.5, 0.5."
        ) from None


class ExperimentForm(forms.Form):
    """Define or edit a draft experiment; the metrics come from :class:`MetricFormSet`."""

    name = forms.CharField(max_length=200, error_messages={"required": NAME_NEEDED})
    key = forms.CharField(
        max_length=80,
        help_text="Lowercase letters, digits and hyphens; clients assign with it.",
    )
    hypothesis = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": HYPOTHESIS_NEEDED},
        help_text="We believe that ... will ..., and we will know when the primary metric ...",
    )
    variants = forms.CharField(
        initial="Control, Treatment", help_text="Names separated by commas, the control first."
    )
    weights = forms.CharField(
        required=False, help_text="One per variant, summing to 1 (0.5, 0.5); equal when empty."
    )
    coverage = forms.FloatField(
        initial=1.0, help_text="Share of eligible units that enter the experiment (0 to 1)."
    )
    targeting = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text='Attribute conditions as JSON, such as {"country": {"$in": ["US", "CA"]}}.',
    )
    layer = forms.CharField(
        required=False,
        max_length=80,
        help_text="Experiments in one layer with disjoint slices never share a unit.",
    )
    layer_start = forms.FloatField(initial=0.0, required=False, label="Layer slice from")
    layer_end = forms.FloatField(initial=1.0, required=False, label="Layer slice to")
    events_table = forms.CharField(
        initial=DEFAULT_EVENTS_TABLE, help_text="The event table in the analytical store."
    )
    pre_period_days = forms.IntegerField(
        initial=0,
        min_value=0,
        label="CUPED pre-period (days)",
        help_text="0 for none; otherwise metrics marked CUPED use each unit's days before exposure.",
    )
    dimension = forms.CharField(
        required=False,
        max_length=63,
        label="Break down by",
        help_text="A unit attribute (a column of weblab_units), such as platform.",
    )
    engine = forms.ChoiceField(choices=Engine.choices, initial=Engine.FREQUENTIST)
    correction = forms.ChoiceField(
        choices=Correction.choices, initial=Correction.HOLM, label="Multiple-testing correction"
    )
    alpha = forms.FloatField(initial=0.05, label="Significance level")
    team = forms.ModelChoiceField(
        queryset=Team.objects.filter(archived_at__isnull=True),
        required=False,
        label="Owner team",
    )
    owner = people_field(required=False, label="Owner")
    wbr_metric_key = forms.ChoiceField(
        choices=lambda: [("", "None"), *metric_choices()],
        required=False,
        label="Target WBR metric",
    )
    source_kind = forms.ChoiceField(
        choices=[("", "None"), *SourceKind.choices], required=False, label="Comes from"
    )
    source_ref = forms.CharField(required=False, max_length=200, label="Reference")
    source_title = forms.CharField(required=False, max_length=200, label="Title")
    source_url = forms.CharField(required=False, max_length=500, label="Link")

    def clean_variants(self) -> list[str]:
        return [v.strip() for v in self.cleaned_data["variants"].split(",") if v.strip()]

    def clean_weights(self) -> list[float]:
        return _number_list(self.cleaned_data.get("weights") or "", "weights")

    def clean_targeting(self) -> dict[str, Any]:
        raw = (self.cleaned_data.get("targeting") or "").strip()
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(f"The targeting is not valid JSON: {exc.msg}.") from exc
        if not isinstance(value, dict):
            raise forms.ValidationError("The targeting is a JSON object of conditions.")
        return value

    def to_input(self, metrics: list[MetricInput]) -> ExperimentInput:
        data = self.cleaned_data
        return ExperimentInput(
            key=data["key"],
            name=data["name"],
            hypothesis=data["hypothesis"],
            variants=data["variants"],
            weights=data["weights"] or None,
            coverage=data["coverage"],
            targeting=data["targeting"],
            layer=data["layer"],
            layer_start=data["layer_start"] if data["layer_start"] is not None else 0.0,
            layer_end=data["layer_end"] if data["layer_end"] is not None else 1.0,
            events_table=data["events_table"],
            pre_period_days=data["pre_period_days"],
            dimension=data["dimension"],
            engine=data["engine"],
            correction=data["correction"],
            alpha=data["alpha"],
            team=data["team"],
            owner=data["owner"],
            wbr_metric_key=data["wbr_metric_key"],
            source_kind=data["source_kind"],
            source_ref=data["source_ref"],
            source_title=data["source_title"],
            source_url=data["source_url"],
            metrics=metrics,
        )


class ExperimentEditForm(VersionedForm, ExperimentForm):
    """Edit a draft experiment, from the version the page showed."""


class MetricForm(forms.Form):
    """One metric row; a row without a key is ignored."""

    key = forms.CharField(required=False, max_length=63, label="Metric key")
    role = forms.ChoiceField(
        choices=ExperimentMetricRole.choices, initial=ExperimentMetricRole.SECONDARY
    )
    kind = forms.ChoiceField(choices=MetricKind.choices, initial=MetricKind.BINOMIAL)
    where = forms.CharField(required=False, label="Events", help_text="event=purchase")
    column = forms.CharField(required=False, max_length=63, help_text="Summed (mean, ratio)")
    denominator_aggregate = forms.ChoiceField(
        choices=[("", "-"), *Aggregate.choices], required=False, label="Ratio denominator"
    )
    denominator_column = forms.CharField(required=False, max_length=63, label="Denominator column")
    denominator_where = forms.CharField(required=False, label="Denominator events")
    cuped = forms.BooleanField(required=False, label="CUPED")
    inverse = forms.BooleanField(required=False, label="Lower is better")
    guardrail_margin = forms.FloatField(
        required=False, initial=0.0, min_value=0.0, label="Tolerated harm"
    )

    def clean_where(self) -> dict[str, Any]:
        return parse_where(self.cleaned_data.get("where") or "")

    def clean_denominator_where(self) -> dict[str, Any]:
        return parse_where(self.cleaned_data.get("denominator_where") or "")

    def to_input(self) -> MetricInput | None:
        data = self.cleaned_data
        if not data.get("key"):
            return None
        return MetricInput(
            key=data["key"].strip(),
            role=data["role"],
            kind=data["kind"],
            column=data["column"],
            where=data["where"],
            denominator_aggregate=data["denominator_aggregate"],
            denominator_column=data["denominator_column"],
            denominator_where=data["denominator_where"],
            cuped=data["cuped"],
            inverse=data["inverse"],
            guardrail_margin=data["guardrail_margin"] or 0.0,
        )


MetricFormSet = forms.formset_factory(MetricForm, extra=0, max_num=20)


class ConcludeForm(forms.Form):
    """Conclude with ship, iterate or stop, and the learning."""

    conclusion = forms.ChoiceField(choices=Conclusion.choices, widget=forms.RadioSelect)
    result = forms.ChoiceField(
        choices=[("", "Read from the primary metric"), *Result.choices],
        required=False,
        help_text="Won, lost or flat on the primary metric.",
    )
    learning = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": LEARNING_NEEDED},
        help_text="What this taught us, for whoever reads the archive next.",
    )
    override = forms.CharField(
        required=False,
        label="Why ship anyway",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only to ship despite a sample-ratio mismatch or a breached guardrail: "
        "it is kept with the learning.",
    )


class PlanForm(forms.Form):
    """The plan before starting: a sample size or a duration (prefilled by the calculator)."""

    planned_units = forms.IntegerField(
        required=False,
        min_value=1,
        label="Sample size (units, all variants)",
        help_text="The test is read once, when it has this many units.",
    )
    planned_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=365,
        label="Duration (days)",
        help_text="Or once, after this many days.",
    )
    planned_lift = forms.FloatField(
        required=False,
        min_value=0.0001,
        label="Lift to detect",
        help_text="Relative, such as 0.05 for 5%: what the plan detects 80% of the time.",
    )


class PowerForm(forms.Form):
    """Plan an experiment: the smallest lift it can detect, or the units it needs."""

    baseline = forms.FloatField(
        min_value=0.0,
        initial=0.05,
        label="Baseline",
        help_text="A conversion rate (0.05) or a mean per unit.",
    )
    std_dev = forms.FloatField(
        required=False,
        min_value=0.0,
        label="Standard deviation",
        help_text="Per unit, for means; empty for a conversion rate.",
    )
    units_per_week = forms.IntegerField(min_value=1, initial=5000, label="Units per week")
    weeks = forms.IntegerField(min_value=1, max_value=52, initial=2)
    variants = forms.IntegerField(min_value=2, max_value=10, initial=2)
    lift = forms.FloatField(
        required=False,
        label="Lift to detect",
        help_text="Relative, such as 0.05 for 5%; for the units needed.",
    )
