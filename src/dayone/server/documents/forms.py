"""Forms of documents. A PR/FAQ form has one field per part, in the order it prints."""

from __future__ import annotations

from typing import Any

from django import forms

from dayone.server.core.forms import people_field
from dayone.server.documents import rules
from dayone.server.documents.enums import DocumentKind, ReviewOutcome
from dayone.server.documents.models import DEFAULT_READING_MINUTES
from dayone.server.documents.structure import (
    EXTERNAL_FAQ_GUIDANCE,
    INTERNAL_CATEGORIES,
    PRESS_RELEASE,
    QA,
    QUESTIONS,
    PrFaq,
)
from dayone.server.teams.models import Team

EXTRA_EXTERNAL = 2
EXTRA_INTERNAL = 1


def _area(rows: int, placeholder: str = "") -> forms.Textarea:
    attrs: dict[str, Any] = {"rows": rows}
    if placeholder:
        attrs["placeholder"] = placeholder
    return forms.Textarea(attrs=attrs)


class _VersionFields(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Give the document a title."}
    )
    note = forms.CharField(
        max_length=200,
        required=False,
        label="What changed",
        help_text="One line for the version history, such as 'Answered the pricing questions'.",
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conflict = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NarrativeForm(_VersionFields):
    """Write or edit a narrative: free Markdown, six pages at most."""

    body = forms.CharField(
        widget=_area(28),
        required=False,
        label="Narrative",
        strip=False,
        help_text="Markdown. Six pages at most as it prints; appendices do not count.",
    )
    field_order = ("title", "body", "note")


class PrFaqForm(_VersionFields):
    """Write or edit a PR/FAQ part by part: the five customer questions, the press release,
    the external FAQ and the internal FAQ by category."""

    def __init__(self, *args: Any, parts: PrFaq | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parts = parts or PrFaq()
        data = self.data if self.is_bound else None
        for p in QUESTIONS:
            self.fields[f"q_{p.key}"] = forms.CharField(
                label=p.title, help_text=p.guidance, widget=_area(p.rows), required=False
            )
            self.initial.setdefault(f"q_{p.key}", parts.questions.get(p.key, ""))
        for p in PRESS_RELEASE:
            self.fields[f"pr_{p.key}"] = forms.CharField(
                label=p.title, help_text=p.guidance, widget=_area(p.rows), required=False
            )
            self.initial.setdefault(f"pr_{p.key}", parts.press.get(p.key, ""))
        self.external_rows = self._pairs("ext", parts.external, EXTRA_EXTERNAL, data)
        self.internal_rows: dict[str, list[tuple[str, str]]] = {}
        for p in INTERNAL_CATEGORIES:
            self.internal_rows[p.key] = self._pairs(
                f"int_{p.key}", parts.internal.get(p.key, ()), EXTRA_INTERNAL, data
            )

    def _pairs(
        self, prefix: str, items: tuple[QA, ...], extra: int, data: Any
    ) -> list[tuple[str, str]]:
        count = len(items) + extra
        if data is not None:
            while f"{prefix}_q_{count}" in data:
                count += 1
        names = []
        for n in range(count):
            q, a = f"{prefix}_q_{n}", f"{prefix}_a_{n}"
            self.fields[q] = forms.CharField(
                label=f"Question {n + 1}",
                required=False,
                widget=forms.TextInput(attrs={"placeholder": "Question"}),
            )
            self.fields[a] = forms.CharField(
                label=f"Answer {n + 1}", required=False, widget=_area(2, "Answer")
            )
            if n < len(items):
                self.initial.setdefault(q, items[n].question)
                self.initial.setdefault(a, items[n].answer)
            names.append((q, a))
        return names

    def _qa(self, rows: list[tuple[str, str]]) -> tuple[QA, ...]:
        out = []
        for q, a in rows:
            qa = QA(
                str(self.cleaned_data.get(q, "")).strip(), str(self.cleaned_data.get(a, "")).strip()
            )
            if qa.question or qa.answer:
                out.append(qa)
        return tuple(out)

    def parts(self) -> PrFaq:
        """The parts as written (call after ``is_valid``)."""
        data = self.cleaned_data
        return PrFaq(
            questions={p.key: str(data.get(f"q_{p.key}", "")).strip() for p in QUESTIONS},
            press={p.key: str(data.get(f"pr_{p.key}", "")).strip() for p in PRESS_RELEASE},
            external=self._qa(self.external_rows),
            internal={p.key: self._qa(self.internal_rows[p.key]) for p in INTERNAL_CATEGORIES},
        )

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{p.key}"] for p in QUESTIONS]

    @property
    def press_fields(self) -> list[forms.BoundField]:
        return [self[f"pr_{p.key}"] for p in PRESS_RELEASE]

    @property
    def external_pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[q], self[a]) for q, a in self.external_rows]

    @property
    def internal_groups(self) -> list[dict[str, Any]]:
        return [
            {
                "key": p.key,
                "title": p.title,
                "guidance": p.guidance,
                "pairs": [(self[q], self[a]) for q, a in self.internal_rows[p.key]],
            }
            for p in INTERNAL_CATEGORIES
        ]

    external_guidance = EXTERNAL_FAQ_GUIDANCE


def version_form(
    kind: str,
    data: Any = None,
    *,
    parts: PrFaq | None = None,
    initial: dict[str, Any] | None = None,
    creating: bool = False,
) -> NarrativeForm | PrFaqForm:
    """The editing form for a document of ``kind``; a new document also names its team."""
    form: NarrativeForm | PrFaqForm
    if kind == DocumentKind.PRFAQ:
        form = PrFaqForm(data, parts=parts, initial=initial)
    else:
        form = NarrativeForm(data, initial=initial)
    if creating:
        form.fields["team"] = forms.ModelChoiceField(
            queryset=Team.objects.filter(archived_at__isnull=True),
            required=False,
            help_text="The team the document belongs to; the list filters by it.",
        )
    return form


class DetailsForm(forms.Form):
    """Who owns the document and which team it belongs to."""

    owner = people_field(required=True, label="Owner")
    team = forms.ModelChoiceField(
        queryset=Team.objects.filter(archived_at__isnull=True), required=False
    )


class ReviewForm(forms.Form):
    """Schedule a review of the latest version."""

    scheduled_for = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "Choose when the review meets."},
    )
    readers = forms.ModelMultipleChoiceField(
        queryset=people_field(required=True, label="Readers").queryset,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"required": "Name at least one reader."},
        help_text="They read in silence first: the comments of others stay hidden until they are done.",
    )
    reading_minutes = forms.IntegerField(
        initial=DEFAULT_READING_MINUTES,
        min_value=5,
        max_value=60,
        label="Silent reading (minutes)",
    )


class CommentForm(forms.Form):
    """Comment on a passage."""

    section = forms.CharField(max_length=200, required=False, widget=forms.Select())
    quote = forms.CharField(
        required=False,
        label="Passage",
        widget=_area(2, "Paste the words you are commenting on"),
        help_text="Optional; must be text of this version.",
    )
    body = forms.CharField(widget=_area(3), label="Comment")
    review = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ResolveForm(forms.Form):
    """Resolve a comment."""

    resolution = forms.CharField(max_length=2000, required=False)


class OutcomeForm(forms.Form):
    """End a review in an outcome."""

    outcome = forms.ChoiceField(choices=ReviewOutcome.choices, widget=forms.RadioSelect)
    outcome_note = forms.CharField(
        widget=_area(3),
        required=False,
        label="Why",
        help_text=(
            "The reasons and what happens next, in at least one full sentence. The outcome is "
            "recorded as a decision with these reasons; a later outcome is a new decision."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in rules.WAIVABLE:
            self.fields[f"waive_{key}"] = forms.CharField(
                widget=_area(2),
                required=False,
                label=f"Waive: {label.lower()}",
                help_text=(
                    "Only for a go with this item still open: why go ahead anyway, in at least "
                    "one full sentence."
                ),
            )

    def waivers(self) -> dict[str, str]:
        """The reasons given for going ahead with open items, by item."""
        return {
            key: self.cleaned_data.get(f"waive_{key}", "")
            for key, _ in rules.WAIVABLE
            if self.cleaned_data.get(f"waive_{key}", "").strip()
        }
