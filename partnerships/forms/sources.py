"""Citing sources from the site's forms: pick an existing source, or describe a new one,
with the passage that backs the record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import forms
from django.db import models
from django.http import QueryDict

from partnerships.dates import Precision
from partnerships.forms.base import ROW_LIMITS, KitForm, KitFormSet, KitModelFormSet
from partnerships.forms.fields import EMPTY, WhenField, parse_id
from partnerships.models import Citation, Source
from partnerships.queries.sources import recent_sources

EXCERPT_MAX_LENGTH = 5_000


def source_label(source: Source) -> str:
    """A source in an <option>: title — publisher, author (date), as far as known."""
    author = f", {source.author}" if source.author else ""
    date = f" ({source.published_display})" if source.published_on else ""
    return f"{source}{author}{date}"


def source_choices(selected_ids: Iterable[int] = ()) -> list[tuple]:
    """The options a source <select> starts with: the most recent sources and the chosen ones;
    the search box beside it (``views/sources.py``) fetches the rest."""
    sources = sorted(recent_sources(also=selected_ids), key=lambda source: source.title.casefold())
    return [("", "Choose a source"), *((source.pk, source_label(source)) for source in sources)]


class SourceChoiceField(forms.ModelChoiceField):
    """Any existing source is valid; the widget shows only the options it is given."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Source.objects.all())
        super().__init__(**kwargs)
        self.error_messages["invalid_choice"] = "That source does not exist (any more)."


def excerpt_field(record: str = "event") -> forms.CharField:
    """The passage of a source that backs the record: the same on picked and new sources."""
    return forms.CharField(
        required=False,
        max_length=EXCERPT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"The passage that backs the {record}.",
    )


class NewSourceForm(KitForm, forms.ModelForm):
    """A source not yet on record, cited with its excerpt."""

    published = WhenField(
        label="Published", required=False, help_text="2019, 2019-Q3, 2019-07 or 2019-07-22."
    )
    excerpt = excerpt_field()

    class Meta:
        model = Source
        fields = ["title", "publisher", "author", "url", "published"]

    def clean_published(self):
        when = self.cleaned_data["published"]
        if when is not None and (when.is_approximate or when.end_date):
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

    def describe(self, values: Mapping) -> str:
        return values.get("title") or EMPTY


# --- citation rows: shared by every form that cites sources ---------------------------------


def posted_source_ids(data: QueryDict | None) -> set[int]:
    """The sources chosen in any row of posted data, to keep them among the options."""
    if data is None:
        return set()
    return {
        number
        for key, value in data.items()
        if key.endswith("-source") and (number := parse_id(value)) is not None
    }


class CitesRecord:
    """Citation formsets say what a row's excerpt backs: "the event", "the agreement"."""

    record = "record"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "excerpt" in form.fields:
            form.fields["excerpt"].help_text = f"The passage that backs the {self.record}."


class CitationForm(KitForm, forms.ModelForm):
    """A source on record (its <select> starts with ``source_choices``; the search box
    beside it fetches the rest) with the passage that backs the record. The model comes
    from ``citation_formset``."""

    source = SourceChoiceField()
    excerpt = excerpt_field()

    def __init__(self, *args, source_choices: list[tuple] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if source_choices is not None:
            self.fields["source"].widget.choices = source_choices

    def describe(self, values: Mapping) -> str:
        source = values.get("source")
        return source.title if source else EMPTY


class CitationFormSet(CitesRecord, KitModelFormSet, forms.BaseInlineFormSet):
    row_label = "Source"

    def clean(self):
        super().clean()
        seen = set()
        for form in self.kept_forms():
            source = form.cleaned_data.get("source")
            if source is None:
                continue
            if source.pk in seen:
                form.add_error("source", "This source is cited above already.")
            seen.add(source.pk)


class NewSourceFormSet(CitesRecord, KitFormSet, forms.BaseFormSet):
    """Sources typed in, each cited by the record; ``citation_model`` from the factory."""

    row_label = "New source"
    citation_model: type[Citation]

    def citations(self) -> list[Citation]:
        """Each new source typed in, as a citation of it (neither saved yet)."""
        return [
            self.citation_model(source=form.instance, excerpt=form.cleaned_data.get("excerpt", ""))
            for form in self.kept_forms()
            if form.has_changed()
        ]


def citation_formset(
    parent: type[models.Model],
    model: type[Citation],
    record: str,
    form: type[CitationForm] = CitationForm,
):
    """The formset of a record's citations of sources on record (one row to start);
    ``form`` may be a CitationForm with fields of its own (an event's: the date given)."""
    return forms.inlineformset_factory(
        parent,
        model,
        form=form,
        formset=type("CitationFormSet", (CitationFormSet,), {"record": record}),
        fields=["source", "excerpt"],
        extra=1,
        can_delete=True,
        **ROW_LIMITS,
    )


def new_source_formset(model: type[Citation], record: str):
    """The formset of sources typed in, each cited by the record as ``model``."""
    formset = type(
        "NewSourceFormSet", (NewSourceFormSet,), {"record": record, "citation_model": model}
    )
    return forms.formset_factory(NewSourceForm, formset=formset, extra=1, **ROW_LIMITS)
