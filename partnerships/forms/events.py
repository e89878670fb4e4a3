"""Editors' forms for an event: the event itself, its citations, new sources and quotes.

``EventForms`` holds the four together, because they are built, validated, shown and
saved together (saving is ``services.save_event``). Sources can number in the tens of
thousands, so a source <select> lists the recent ones plus those already chosen, and
the search box beside it (``views`` ``source_search``) fetches the rest; validation
accepts any existing source.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.http import QueryDict
from django.urls import reverse

from partnerships.dates import (
    FORMS_HINT,
    SYNTAX_HELP,
    DateError,
    Precision,
    format_date,
    format_when_input,
    parse_when,
)
from partnerships.dates import MAX_LENGTH as WHEN_MAX_LENGTH
from partnerships.forms.base import VersionedModelForm, parse_id
from partnerships.models import Agreement, Company, Event, EventCitation, Partnership, Quote, Source

SUMMARY_MAX_LENGTH = 20_000
EXCERPT_MAX_LENGTH = 5_000
QUOTE_MAX_LENGTH = 5_000
SOURCE_CHOICE_LIMIT = 100
SOURCE_SEARCH_LIMIT = 50
MAX_ROWS = 50
RACE_MESSAGE = (
    "Someone else saved part of this event a moment ago, so nothing was saved. "
    "Check the form and save again."
)


def source_label(source: Source) -> str:
    date = f" ({source.published_display})" if source.published_on else ""
    return f"{source}{date}"


def source_choices(selected_ids: Iterable[int] = ()) -> list[tuple]:
    """The options a source <select> starts with: the most recent sources and the chosen ones."""
    recent = list(Source.objects.order_by("-published_on", "-id")[:SOURCE_CHOICE_LIMIT])
    shown = {source.pk for source in recent}
    missing = set(selected_ids) - shown
    chosen = list(Source.objects.filter(pk__in=missing)) if missing else []
    sources = sorted([*chosen, *recent], key=lambda source: source.title.casefold())
    return [("", "Choose a source"), *((source.pk, source_label(source)) for source in sources)]


def search_sources(text: str) -> list[Source]:
    text = text.strip()[:200]
    sources = Source.objects.order_by("-published_on", "-id")
    if text:
        sources = sources.filter(title__icontains=text) | sources.filter(publisher__icontains=text)
    return list(sources[:SOURCE_SEARCH_LIMIT])


def agreement_choices(partnership_id: int | None) -> list[tuple]:
    if partnership_id is None:
        return [("", "Choose a partnership first")]
    agreements = Agreement.objects.filter(partnership_id=partnership_id).order_by("title")
    return [("", "No agreement"), *((a.pk, f"{a.title} ({a.badge})") for a in agreements)]


class SourceChoiceField(forms.ModelChoiceField):
    """Any existing source is valid; the widget shows only the options it is given."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Source.objects.all())
        super().__init__(**kwargs)
        self.error_messages["invalid_choice"] = "That source does not exist (any more)."


class EventForm(VersionedModelForm):
    when = forms.CharField(
        label="When",
        max_length=WHEN_MAX_LENGTH,
        help_text=SYNTAX_HELP,
        error_messages={"required": f"Enter when it happened: {FORMS_HINT}."},
        widget=forms.TextInput(attrs={"placeholder": "2019-07-22", "autocomplete": "off"}),
    )
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.order_by("name"), empty_label="Choose a partnership"
    )
    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.all(),
        required=False,
        help_text="Only the chosen partnership's agreements.",
    )
    companies = forms.ModelMultipleChoiceField(
        queryset=Company.objects.order_by("name"),
        required=False,
        help_text="The companies this event involves. Hold Ctrl (⌘ on a Mac) to pick several.",
    )
    summary = forms.CharField(
        required=False,
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "when",
            "significance",
            "partnership",
            "agreement",
            "companies",
            "summary",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["when"] = format_when_input(self.instance)
        self.fields["agreement"].error_messages["invalid_choice"] = (
            "That agreement does not exist (any more)."
        )
        self.fields["companies"].error_messages["invalid_choice"] = (
            "Company %(value)s does not exist (any more)."
        )
        self.fields["kind"].choices = [("", "Choose a kind"), *Event.Kind.choices]
        self.fields["agreement"].widget.choices = agreement_choices(self.partnership_id())
        self.fields["companies"].widget.attrs["size"] = 8
        # Choosing a partnership fetches its agreements (a plain select without htmx).
        agreement_select = f"#{self['agreement'].auto_id}"
        self.fields["partnership"].widget.attrs.update(
            {
                "hx-get": reverse("partnerships:event_agreement_options"),
                "hx-trigger": "change",
                "hx-target": agreement_select,
                "hx-include": agreement_select,
                "hx-swap": "innerHTML",
            }
        )

    def partnership_id(self) -> int | None:
        """The partnership chosen so far (posted, or the event's), to list its agreements."""
        if self.is_bound:
            return parse_id(self.data.get(self.add_prefix("partnership")))
        initial = self.initial.get("partnership") or self.instance.partnership_id
        return parse_id(getattr(initial, "pk", initial))

    def clean_when(self):
        try:
            return parse_when(self.cleaned_data["when"])
        except DateError as error:
            raise forms.ValidationError(str(error), code="when") from None

    def clean(self):
        when = self.cleaned_data.get("when")
        if when is not None:
            # Not form fields of their own: the one "When" sets all five.
            self.instance.date = when.date
            self.instance.precision = when.precision
            self.instance.is_approximate = when.is_approximate
            self.instance.end_date = when.end_date
            self.instance.end_precision = when.end_precision
        try:
            return super().clean()
        except forms.ValidationError:
            if self.conflict is not None:
                self.conflict["rows"].extend(self._more_conflict_rows(self.conflict["current"]))
            raise

    def _more_conflict_rows(self, current: Event) -> list[dict]:
        """What conflict_rows() cannot see: the dates behind "When", and the companies."""
        rows = []
        when = self.cleaned_data.get("when")
        theirs = (
            current.date,
            current.precision,
            current.is_approximate,
            current.end_date,
            current.end_precision if current.end_date else None,
        )
        if when is not None:
            yours = (
                when.date,
                when.precision,
                when.is_approximate,
                when.end_date,
                when.end_precision if when.end_date else None,
            )
            if yours != theirs:
                rows.append(
                    {
                        "label": "When",
                        "theirs": current.when,
                        "yours": format_date(
                            when.date,
                            when.precision,
                            approximate=when.is_approximate,
                            end=when.end_date,
                            end_precision=when.end_precision if when.end_date else None,
                        ),
                    }
                )
        if "companies" in self.cleaned_data:
            their_companies = sorted(current.companies.all(), key=str)
            your_companies = sorted(self.cleaned_data["companies"], key=str)
            if their_companies != your_companies:
                rows.append(
                    {
                        "label": "Companies",
                        "theirs": ", ".join(map(str, their_companies)) or "—",
                        "yours": ", ".join(map(str, your_companies)) or "—",
                    }
                )
        return rows


def excerpt_field() -> forms.CharField:
    """The passage of a source that backs the event: the same on picked and new sources."""
    return forms.CharField(
        required=False,
        max_length=EXCERPT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The passage that backs the event.",
    )


class CitationForm(forms.ModelForm):
    source = SourceChoiceField()
    excerpt = excerpt_field()

    class Meta:
        model = EventCitation
        fields = ["source", "excerpt"]

    def __init__(self, *args, source_choices: list[tuple] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if source_choices is not None:
            self.fields["source"].widget.choices = source_choices


class NewSourceForm(forms.ModelForm):
    published = forms.CharField(
        label="Published",
        required=False,
        max_length=WHEN_MAX_LENGTH,
        help_text="2019, 2019-Q3, 2019-07 or 2019-07-22.",
    )
    excerpt = excerpt_field()

    class Meta:
        model = Source
        fields = ["title", "publisher", "author", "url", "published"]

    def clean_published(self):
        text = self.cleaned_data["published"]
        if not text:
            return None
        try:
            when = parse_when(text)
        except DateError as error:
            raise forms.ValidationError(str(error), code="when") from None
        if when.is_approximate or when.end_date:
            raise forms.ValidationError(
                "A source is published on one day, month, quarter or year: no “~” or “/”."
            )
        return when

    def clean_url(self):
        url = self.cleaned_data["url"]
        existing = Source.objects.filter(url=url).first() if url else None
        if existing is not None:
            raise forms.ValidationError(
                f"“{existing.title}” already has this URL: choose it under Sources instead."
            )
        return url

    def clean(self):
        cleaned = super().clean()
        when = cleaned.get("published")
        self.instance.published_on = when.date if when else None
        self.instance.published_precision = when.precision if when else Precision.DAY
        return cleaned


class QuoteForm(forms.ModelForm):
    text = forms.CharField(max_length=QUOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}))
    company = forms.ModelChoiceField(
        queryset=Company.objects.order_by("name"), required=False, empty_label="No company"
    )
    source = SourceChoiceField(required=False)

    class Meta:
        model = Quote
        fields = ["speaker", "speaker_title", "company", "text", "source"]

    def __init__(self, *args, source_choices: list[tuple] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if source_choices is not None:
            self.fields["source"].widget.choices = [("", "No source"), *source_choices[1:]]


class RowsMixin:
    """Formset rows say "Remove", not "Delete" (that is the event's own button)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"


class CitationFormSet(RowsMixin, forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            source = form.cleaned_data.get("source")
            if source is None:
                continue
            if source.pk in seen:
                form.add_error("source", "This source is cited above already.")
            seen.add(source.pk)


class QuoteFormSet(RowsMixin, forms.BaseInlineFormSet):
    pass


class NewSourceFormSet(forms.BaseFormSet):
    pass


ROW_LIMITS = {"max_num": MAX_ROWS, "validate_max": True, "absolute_max": MAX_ROWS * 2}
CitationFormSetFactory = forms.inlineformset_factory(
    Event,
    EventCitation,
    form=CitationForm,
    formset=CitationFormSet,
    extra=1,
    can_delete=True,
    **ROW_LIMITS,
)
NewSourceFormSetFactory = forms.formset_factory(
    NewSourceForm, formset=NewSourceFormSet, extra=1, **ROW_LIMITS
)
QuoteFormSetFactory = forms.inlineformset_factory(
    Event, Quote, form=QuoteForm, formset=QuoteFormSet, extra=1, can_delete=True, **ROW_LIMITS
)
FORMSET_PREFIXES = ("citations", "new_sources", "quotes")


@dataclass
class SummaryField:
    auto_id: str
    label: str
    errors: list


class ErrorSummary:
    """The errors of a form and its formsets as one form, for forms/error_summary.html."""

    def __init__(self, form: forms.Form, formsets: list[tuple[str, forms.BaseFormSet]]):
        self.form = form
        self.formsets = formsets

    def non_field_errors(self) -> list[str]:
        errors = list(self.form.non_field_errors())
        for label, formset in self.formsets:
            errors += [f"{label}: {error}" for error in formset.non_form_errors()]
            for number, row in enumerate(formset.forms, 1):
                errors += [f"{label} {number}: {error}" for error in row.non_field_errors()]
        return errors

    def _fields(self, hidden: bool) -> list[SummaryField]:
        pick = "hidden_fields" if hidden else "visible_fields"
        fields = [
            SummaryField(field.auto_id, field.label, field.errors)
            for field in getattr(self.form, pick)()
            if field.errors
        ]
        for label, formset in self.formsets:
            for number, row in enumerate(formset.forms, 1):
                fields += [
                    SummaryField(field.auto_id, f"{label} {number}, {field.label}", field.errors)
                    for field in getattr(row, pick)()
                    if field.errors
                ]
        return fields

    def visible_fields(self) -> list[SummaryField]:
        return self._fields(hidden=False)

    def hidden_fields(self) -> list[SummaryField]:
        return self._fields(hidden=True)

    @property
    def errors(self) -> list[str]:
        fields = self.visible_fields() + self.hidden_fields()
        return self.non_field_errors() + [error for field in fields for error in field.errors]


def with_extra_row(data: QueryDict, prefix: str) -> QueryDict:
    """The posted data with one more blank row in formset ``prefix`` ("Add another")."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    if prefix in FORMSET_PREFIXES and key in data:
        count = parse_id(data[key])
        if count is not None and count < MAX_ROWS:
            data[key] = str(count + 1)
    return data


def posted_source_ids(data: QueryDict | None) -> set[int]:
    if data is None:
        return set()
    return {
        number
        for key, value in data.items()
        if key.endswith("-source") and (number := parse_id(value)) is not None
    }


class EventForms:
    """The event form with its citations, new sources and quotes formsets."""

    def __init__(self, data: QueryDict | None = None, *, event: Event | None = None):
        self.event = event
        self.added_to: set[str] = set()
        # A copy: the page still names the event as saved while the form holds what was typed.
        instance = copy.copy(event) if event else Event()
        auto_id = (f"event{event.pk}" if event else "new_event") + "_%s"
        selected = posted_source_ids(data)
        if event is not None and data is None:
            selected |= set(event.citations.values_list("source_id", flat=True))
            selected |= set(event.quotes.exclude(source=None).values_list("source_id", flat=True))
        choices = source_choices(selected)
        self.form = EventForm(data, instance=instance, auto_id=auto_id)
        self.citations = CitationFormSetFactory(
            data,
            instance=instance,
            prefix="citations",
            auto_id=auto_id,
            queryset=EventCitation.objects.select_related("source").order_by("id"),
            form_kwargs={"source_choices": choices},
        )
        self.new_sources = NewSourceFormSetFactory(data, prefix="new_sources", auto_id=auto_id)
        self.quotes = QuoteFormSetFactory(
            data,
            instance=instance,
            prefix="quotes",
            auto_id=auto_id,
            queryset=Quote.objects.order_by("id"),
            form_kwargs={"source_choices": choices},
        )

    @property
    def formsets(self) -> list[tuple[str, forms.BaseFormSet]]:
        return [
            ("Source", self.citations),
            ("New source", self.new_sources),
            ("Quote", self.quotes),
        ]

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), *(formset.is_valid() for _, formset in self.formsets)]
        conflict = self.form.conflict
        if conflict is not None and not conflict.get("with_rows"):
            conflict["rows"].extend(self._row_conflicts(conflict["current"]))
            conflict["with_rows"] = True
        return all(results)

    def show_as_typed(self) -> None:
        """Show posted data without judging it: a restored draft or an added row isn't a save."""
        self.form._errors = ErrorDict()
        for _, formset in self.formsets:
            formset._errors = []
            formset._non_form_errors = ErrorList()
            for row in formset.forms:
                row._errors = ErrorDict()

    @property
    def open_sections(self) -> set[str]:
        """Sections shown open: sources always; new sources and quotes once they hold any."""
        opened = {"citations", *self.added_to}
        for _, formset in self.formsets:
            typed = formset.is_bound and any(row.has_changed() for row in formset.forms)
            if formset.initial_form_count() or formset.non_form_errors() or typed:
                opened.add(formset.prefix)
        return opened

    def focus_last_row(self, prefix: str) -> None:
        """After "Add another", start the editor in the row it added."""
        formset = {formset.prefix: formset for _, formset in self.formsets}.get(prefix)
        self.added_to.add(prefix)
        if formset is not None and formset.forms:
            first = formset.forms[-1].visible_fields()[0]
            first.field.widget.attrs["autofocus"] = True

    def add_error(self, message: str) -> None:
        self.form.add_error(None, message)

    @property
    def summary(self) -> ErrorSummary:
        return ErrorSummary(self.form, self.formsets)

    def save_kwargs(self) -> dict:
        return {
            "form": self.form,
            "citation_formset": self.citations,
            "new_source_formset": self.new_sources,
            "quote_formset": self.quotes,
        }

    def _row_conflicts(self, current: Event) -> list[dict]:
        """Sources and quotes, theirs (saved) beside yours (posted), when they differ."""
        rows = []
        theirs = [
            f"{citation.source.title}" for citation in current.citations.select_related("source")
        ]
        yours = [
            f"{row.cleaned_data['source'].title}"
            for row in self.citations.forms
            if _kept(self.citations, row) and row.cleaned_data.get("source")
        ] + [
            row.cleaned_data["title"]
            for row in self.new_sources.forms
            if _kept(self.new_sources, row) and row.cleaned_data.get("title")
        ]
        if sorted(theirs) != sorted(yours):
            rows.append(
                {"label": "Sources", "theirs": "; ".join(theirs) or "—", "yours": "; ".join(yours)}
            )
        their_quotes = [f"{quote.speaker}: {quote.text}" for quote in current.quotes.all()]
        your_quotes = [
            f"{row.cleaned_data['speaker']}: {row.cleaned_data['text']}"
            for row in self.quotes.forms
            if _kept(self.quotes, row)
            and row.cleaned_data.get("speaker")
            and row.cleaned_data.get("text")
        ]
        if sorted(their_quotes) != sorted(your_quotes):
            rows.append(
                {
                    "label": "Quotes",
                    "theirs": "; ".join(their_quotes) or "—",
                    "yours": "; ".join(your_quotes) or "—",
                }
            )
        return rows


def _kept(formset: forms.BaseFormSet, row: forms.Form) -> bool:
    """A valid row that will be saved: an existing one, or a filled-in new one, not removed."""
    if not hasattr(row, "cleaned_data") or not row.cleaned_data:
        return False
    if formset.can_delete and formset._should_delete_form(row):
        return False
    existing = getattr(row.instance, "pk", None) is not None
    return existing or row.has_changed()
