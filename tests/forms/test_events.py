"""The event form and its rows, validated as the views use them."""

import datetime as dt

import pytest
from django.http import QueryDict

from partnerships.forms.events import EventForm, EventForms
from partnerships.forms.fields import as_posted
from partnerships.models import Event
from tests.factories import EventCitationFactory, EventFactory, QuoteFactory, SourceFactory
from tests.helpers import management

pytestmark = pytest.mark.django_db


def posted(form, **changes) -> QueryDict:
    """What an unbound form would post as it was rendered, with some fields changed."""
    data = QueryDict(mutable=True)
    for name, field in form.fields.items():
        value = as_posted(field, form[name].initial)
        data.setlist(form.add_prefix(name), value if isinstance(value, list) else [value])
    for name, value in changes.items():
        data[form.add_prefix(name)] = value
    return data


def test_event_form_opened_before_a_bulk_update_gets_the_conflict_view():
    event = EventFactory(title="Original")
    opened = EventForm(instance=event)
    Event.objects.filter(pk=event.pk).update(summary="Changed in bulk")

    form = EventForm(posted(opened, title="Mine"), instance=Event.objects.get(pk=event.pk))

    assert not form.is_valid()
    assert form.has_conflict
    assert Event.objects.get(pk=event.pk).title == "Original"


def query(data) -> QueryDict:
    result = QueryDict(mutable=True)
    for key, value in data.items():
        result.setlist(key, value if isinstance(value, list) else [value])
    return result


def event_data(event_form, **changes) -> dict:
    data = dict(posted(event_form, **changes).lists())
    for prefix in ("citations", "new_sources", "quotes"):
        data |= management(prefix, [])
    return data


def test_event_forms_changes_are_instances_for_the_service():
    event = EventFactory(title="Original")
    citation = EventCitationFactory(event=event)
    source = SourceFactory()
    data = event_data(EventForm(instance=event), title="Changed", when="2025-Q3")
    data |= management(
        "citations",
        [
            {
                "id": str(citation.pk),
                "source": str(citation.source.pk),
                "excerpt": "Kept",
                "DELETE": "on",
            }
        ],
        initial=1,
    )
    data |= management("new_sources", [{"title": "A new report", "published": "2025-09"}])
    data |= management(
        "quotes", [{"speaker": "Sam Altman", "text": "Said so.", "source": str(source.pk)}]
    )
    forms = EventForms(query(data), event=event)

    assert forms.is_valid(), forms.summary.problems
    changes = forms.changes()

    assert changes["event"].title == "Changed"
    assert (changes["event"].date, changes["event"].precision) == (dt.date(2025, 7, 1), "quarter")
    assert changes["removed"] == [citation]
    [new_citation] = changes["citations"]
    assert (new_citation.source.pk, new_citation.source.title) == (None, "A new report")
    assert new_citation.source.published_on == dt.date(2025, 9, 1)
    [quote] = changes["quotes"]
    assert (quote.pk, quote.speaker, quote.source) == (None, "Sam Altman", source)
    assert Event.objects.get(pk=event.pk).title == "Original"  # nothing written yet


def test_event_forms_blank_extra_rows_are_no_changes():
    event = EventFactory()
    data = event_data(EventForm(instance=event))
    data |= management("citations", [{"source": "", "excerpt": ""}])
    data |= management("quotes", [{"speaker": "", "text": ""}])

    forms = EventForms(query(data), event=event)

    assert forms.is_valid(), forms.summary.problems
    assert (forms.changes()["citations"], forms.changes()["quotes"]) == ([], [])


def test_event_forms_refuse_the_same_source_twice():
    event = EventFactory()
    source = SourceFactory()
    data = event_data(EventForm(instance=event))
    data |= management("citations", [{"source": str(source.pk)}, {"source": str(source.pk)}])

    forms = EventForms(query(data), event=event)

    assert not forms.is_valid()
    assert "Source 2, Source: This source is cited above already." in [
        problem.text for problem in forms.summary.problems
    ]


def test_event_forms_new_source_is_published_at_one_precision():
    event = EventFactory()
    data = event_data(EventForm(instance=event))
    data |= management("new_sources", [{"title": "Report", "published": "~2025"}])

    forms = EventForms(query(data), event=event)

    assert not forms.is_valid()
    assert forms.new_sources.forms[0].errors["published"] == [
        "A source is published on one day, month, quarter or year: no “~” or “/”."
    ]


def test_event_forms_open_the_sections_in_use():
    event = EventFactory()
    QuoteFactory(event=event)

    forms = EventForms(event=event)

    assert forms.open_sections == {"citations", "quotes"}


# --- cited or flagged, and the date a source gives ----------------------------------------

UNSOURCED = "Cite at least one source, or tick “Unsourced” to publish it without one."


def test_event_forms_refuse_an_event_citing_nothing_unless_ticked_unsourced():
    event = EventFactory(is_unsourced=False)
    data = event_data(EventForm(instance=event), is_unsourced="")
    data |= management("citations", [{"source": "", "excerpt": ""}])

    forms = EventForms(query(data), event=event)

    assert not forms.is_valid()
    assert forms.citations.non_form_errors() == [UNSOURCED]
    assert f"Sources: {UNSOURCED}" in [problem.text for problem in forms.summary.problems]


def test_event_forms_refuse_removing_the_only_citation_unless_ticked():
    citation = EventCitationFactory(event=EventFactory(is_unsourced=False))
    row = {"id": str(citation.pk), "source": str(citation.source.pk), "DELETE": "on"}
    data = event_data(EventForm(instance=citation.event))
    data |= management("citations", [row], initial=1)

    refused = EventForms(query(data), event=citation.event)
    ticked = EventForms(query({**data, "is_unsourced": "on"}), event=citation.event)

    assert not refused.is_valid()
    assert refused.citations.non_form_errors() == [UNSOURCED]
    assert ticked.is_valid(), ticked.summary.problems


@pytest.mark.parametrize(
    "rows",
    [
        {"citations": [{"source": "known"}]},
        {"new_sources": [{"title": "A new report"}]},
        {"is_unsourced": "on"},
    ],
    ids=["cited", "new-source", "ticked"],
)
def test_event_forms_accept_a_citation_a_new_source_or_the_tick(rows):
    event = EventFactory(is_unsourced=False)
    source = SourceFactory()
    data = event_data(EventForm(instance=event), is_unsourced=rows.get("is_unsourced", ""))
    for prefix in ("citations", "new_sources"):
        typed = [
            {key: str(source.pk) if value == "known" else value for key, value in row.items()}
            for row in rows.get(prefix, [])
        ]
        data |= management(prefix, typed)

    forms = EventForms(query(data), event=event)

    assert forms.is_valid(), forms.summary.problems


def test_event_forms_reshown_as_typed_are_not_judged_for_sources():
    event = EventFactory(is_unsourced=False)
    data = event_data(EventForm(instance=event), is_unsourced="")

    forms = EventForms(query(data), event=event, reshow=True)

    assert not forms.is_valid()
    assert list(forms.citations.non_form_errors()) == []
    assert forms.summary.problems == []


def test_citation_row_records_the_date_its_source_gives():
    event = EventFactory()
    source = SourceFactory()
    data = event_data(EventForm(instance=event))
    data |= management("citations", [{"source": str(source.pk), "gives": "2025-09"}])

    forms = EventForms(query(data), event=event)

    assert forms.is_valid(), forms.summary.problems
    [citation] = forms.changes()["citations"]
    assert (citation.gives_date, citation.gives_precision) == (dt.date(2025, 9, 1), "month")


def test_citation_row_refuses_a_date_outside_the_grammar_and_shows_saved_ones():
    event = EventFactory()
    citation = EventCitationFactory(event=event, gives_date=dt.date(2025, 7, 1))
    citation.gives_precision = "quarter"
    citation.save()
    data = event_data(EventForm(instance=event))
    data |= management(
        "citations",
        [{"id": str(citation.pk), "source": str(citation.source.pk), "gives": "15/09/2025"}],
        initial=1,
    )

    opened = EventForms(event=event)
    forms = EventForms(query(data), event=event)

    assert opened.citations.forms[0]["gives"].value() == "2025-Q3"
    assert not forms.is_valid()
    assert forms.citations.forms[0].errors["gives"] == [
        "Write dates year first: 2019, 2019-Q3, 2019-07 or 2019-07-22."
    ]
