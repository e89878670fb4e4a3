"""Editors' forms for an event: the event itself, its citations, new sources and quotes.

``EventForms`` holds the four together, because they are built, validated, shown and
saved together; ``changes()`` gives what ``services.events.save_event`` writes.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from django import forms
from django.http import QueryDict
from django.urls import reverse

from partnerships.dates import FORMS_HINT, Precision, format_when_input
from partnerships.forms.base import (
    ROW_LIMITS,
    KitForm,
    KitModelFormSet,
    VersionedModelForm,
)
from partnerships.forms.fields import PeriodField, WhenField, parse_id
from partnerships.forms.groups import FormGroup, Section
from partnerships.forms.sources import (
    CitationForm,
    SourceChoiceField,
    citation_formset,
    new_source_formset,
    posted_source_ids,
    source_choices,
)
from partnerships.models import Agreement, Company, Event, EventCitation, Partnership, Quote

SUMMARY_MAX_LENGTH = 20_000
QUOTE_MAX_LENGTH = 5_000
UNSOURCED_MESSAGE = "Cite at least one source, or tick “Unsourced” to publish it without one."


def agreement_choices(partnership_id: int | None) -> list[tuple]:
    """The agreement <option>s of a partnership, for the event form's agreement select."""
    if partnership_id is None:
        return [("", "Choose a partnership first")]
    agreements = Agreement.objects.filter(partnership_id=partnership_id).order_by("title")
    return [("", "No agreement"), *((a.pk, f"{a.title} ({a.badge})") for a in agreements)]


class EventForm(VersionedModelForm):
    when = WhenField(
        label="When",
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
    is_unsourced = forms.BooleanField(
        label="Unsourced",
        required=False,
        help_text=(
            "Publish it without a source; readers see it marked “Unsourced”. "
            "Citing a source clears the mark."
        ),
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
            "is_unsourced",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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

    def initial_from(self, instance: Event) -> dict:
        # "When" is not a model field: the one box stands for all five date fields.
        return {**super().initial_from(instance), "when": format_when_input(instance)}

    def partnership_id(self) -> int | None:
        """The partnership chosen so far (posted, or the event's), to list its agreements."""
        if self.is_bound:
            return parse_id(self.data.get(self.add_prefix("partnership")))
        initial = self.initial.get("partnership") or self.instance.partnership_id
        return parse_id(getattr(initial, "pk", initial))

    def clean(self):
        when = self.cleaned_data.get("when")
        if when is not None:
            self.instance.date = when.date
            self.instance.precision = when.precision
            self.instance.is_approximate = when.is_approximate
            self.instance.end_date = when.end_date
            self.instance.end_precision = when.end_precision
        return super().clean()


class EventCitationForm(CitationForm):
    """A citation of an event, with the date its source gives when it is not the event's."""

    # Conflicting sources as data: the date this one gives, when it is not the event's.
    gives = PeriodField(
        label="Date this source gives",
        help_text=f"Only if it differs from the event's date: {FORMS_HINT}.",
        widget=forms.TextInput(attrs={"placeholder": "2025-09-15", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.gives_date is not None:
            self.initial.setdefault(
                "gives", (self.instance.gives_date, self.instance.gives_precision)
            )

    def clean(self):
        cleaned = super().clean()
        gives = cleaned.get("gives")
        self.instance.gives_date, self.instance.gives_precision = gives or (None, Precision.DAY)
        return cleaned


class QuoteForm(KitForm, forms.ModelForm):
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

    def describe(self, values: Mapping) -> str:
        return f"{values.get('speaker')}: {values.get('text')}"


class QuoteFormSet(KitModelFormSet, forms.BaseInlineFormSet):
    row_label = "Quote"


CitationFormSetFactory = citation_formset(Event, EventCitation, "event", form=EventCitationForm)
NewSourceFormSetFactory = new_source_formset(EventCitation, "event")
QuoteFormSetFactory = forms.inlineformset_factory(
    Event, Quote, form=QuoteForm, formset=QuoteFormSet, extra=1, can_delete=True, **ROW_LIMITS
)


class EventForms(FormGroup):
    """The event form with its citations, new sources and quotes formsets."""

    def __init__(
        self, data: QueryDict | None = None, *, event: Event | None = None, reshow: bool = False
    ):
        self.event = event
        # A copy: the page still names the event as saved while the form holds what was typed.
        instance = copy.copy(event) if event else Event()
        auto_id = (f"event{event.pk}" if event else "new_event") + "_%s"
        selected = posted_source_ids(data)
        if event is not None and data is None:
            selected |= set(event.citations.values_list("source_id", flat=True))
            selected |= set(event.quotes.exclude(source=None).values_list("source_id", flat=True))
        choices = source_choices(selected)
        rows = {"auto_id": auto_id, "reshow": reshow}
        self.citations = CitationFormSetFactory(
            data,
            instance=instance,
            prefix="citations",
            queryset=EventCitation.objects.select_related("source").order_by("id"),
            form_kwargs={"source_choices": choices},
            **rows,
        )
        self.new_sources = NewSourceFormSetFactory(data, prefix="new_sources", **rows)
        self.quotes = QuoteFormSetFactory(
            data,
            instance=instance,
            prefix="quotes",
            queryset=Quote.objects.order_by("id"),
            form_kwargs={"source_choices": choices},
            **rows,
        )
        super().__init__(
            EventForm(data, instance=instance, **rows),
            [
                Section(self.citations, "Sources"),
                Section(self.new_sources, "New sources"),
                Section(self.quotes, "Quotes"),
            ],
            reshow=reshow,
        )

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not self.reshow and not self.cited_or_flagged():
            # By the sources, where the editor fixes it; the summary links there.
            errors = self.citations.non_form_errors()
            if UNSOURCED_MESSAGE not in errors:
                errors.append(UNSOURCED_MESSAGE)
            return False
        return valid

    def cited_or_flagged(self) -> bool:
        """Whether the event, as posted, cites a source or is ticked "Unsourced".

        Rows that do not validate are left to their own messages: only a valid
        citations section that cites nothing is this rule's to refuse.
        """
        if not self.citations.is_valid() or not self.new_sources.is_valid():
            return True
        if self.form.cleaned_data.get("is_unsourced"):
            return True
        return bool(self.citations.kept_forms() or self.new_sources.citations())

    @property
    def open_sections(self) -> set[str]:
        """Sections shown open: sources always; new sources and quotes once they hold any."""
        opened = {"citations", *self.added_to}
        for formset in self.formsets:
            typed = formset.is_bound and any(row.has_changed() for row in formset.forms)
            if formset.initial_form_count() or formset.non_form_errors() or typed:
                opened.add(formset.prefix)
        return opened

    def changes(self) -> dict:
        """What to save, as model instances for ``services.events.save_event``."""
        citations, removed_citations = self.citations.changes()
        quotes, removed_quotes = self.quotes.changes()
        return {
            "event": self.form.instance,
            "companies": self.form.cleaned_data["companies"],
            "citations": [*citations, *self.new_sources.citations()],
            "quotes": quotes,
            "removed": [*removed_citations, *removed_quotes],
        }
