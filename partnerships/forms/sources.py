"""Citing sources from the site's forms: pick an existing source, or describe a new one,
with the passage that backs the record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import forms

from partnerships.dates import Precision
from partnerships.forms.base import KitForm
from partnerships.forms.fields import EMPTY, WhenField
from partnerships.models import Source
from partnerships.queries.sources import recent_sources

EXCERPT_MAX_LENGTH = 5_000


def source_label(source: Source) -> str:
    date = f" ({source.published_display})" if source.published_on else ""
    return f"{source}{date}"


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


def excerpt_field() -> forms.CharField:
    """The passage of a source that backs the record: the same on picked and new sources."""
    return forms.CharField(
        required=False,
        max_length=EXCERPT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The passage that backs the event.",
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
