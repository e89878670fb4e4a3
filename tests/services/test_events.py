"""Writing events through the service, as the shell, an importer or a view calls it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from partnerships.models import (
    Event,
    EventCitation,
    EventHistory,
    Quote,
    Source,
    StaleVersionError,
)
from partnerships.services.events import delete_event, save_event
from tests.factories import (
    CompanyFactory,
    EventCitationFactory,
    EventFactory,
    PartnershipFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("loaded_version", [None, 1])
def test_delete_event_refuses_a_missing_or_stale_loaded_version(loaded_version):
    event = EventFactory()
    event.title = "Changed meanwhile"
    event.save()  # version 2

    with pytest.raises(StaleVersionError):
        delete_event(event=event, loaded_version=loaded_version)

    assert Event.objects.filter(pk=event.pk).exists()


def test_delete_event_with_the_current_version_deletes_it():
    event = EventFactory()

    delete_event(event=event, loaded_version=event.version)

    assert not Event.objects.filter(pk=event.pk).exists()


def test_save_event_writes_the_event_its_companies_citations_and_quotes_at_once(editor):
    partnership = PartnershipFactory()
    companies = list(partnership.companies.all())
    event = Event(
        partnership=partnership,
        kind=Event.Kind.SIGNING,
        title="Definitive agreement signed",
        date=dt.date(2025, 10, 28),
    )
    new_source = Source(title="A new report", publisher="Example Wire")
    known_source = SourceFactory()

    saved = save_event(
        event=event,
        companies=companies,
        citations=[
            EventCitation(source=new_source, excerpt="It says so."),
            EventCitation(source=known_source),
        ],
        quotes=[Quote(speaker="Sam Altman", text="Next chapter.")],
        user=editor,
    )

    assert saved.pk is not None and saved.version == 1
    assert set(saved.companies.all()) == set(companies)
    assert sorted(saved.citations.values_list("source__title", "excerpt")) == sorted(
        [("A new report", "It says so."), (known_source.title, "")]
    )
    assert list(saved.quotes.values_list("speaker", flat=True)) == ["Sam Altman"]
    assert EventHistory.objects.get(pgh_obj_id=saved.pk).pgh_context.metadata["user"] == (editor.pk)


def test_save_event_removes_rows_before_adding_and_leaves_companies_when_not_given():
    event = EventFactory()
    company = CompanyFactory()
    event.companies.set([company])
    citation = EventCitationFactory(event=event)

    save_event(
        event=event,
        citations=[EventCitation(source=citation.source, excerpt="Cited again.")],
        removed=[citation],
    )

    assert list(event.citations.values_list("source", "excerpt")) == [
        (citation.source.pk, "Cited again.")
    ]
    assert list(event.companies.all()) == [company]
    assert Event.objects.get(pk=event.pk).version == 2


def test_save_event_from_a_stale_version_writes_nothing():
    event = EventFactory(title="Original")
    Event.objects.filter(pk=event.pk).update(summary="Theirs")
    event.title = "Mine"

    with pytest.raises(StaleVersionError):
        save_event(event=event, quotes=[Quote(speaker="X", text="Y")])

    assert Event.objects.get(pk=event.pk).title == "Original"
    assert not Quote.objects.exists()


def test_save_event_rolls_back_every_step_when_one_fails():
    event = EventFactory(title="Original")
    event.title = "Mine"

    with pytest.raises(IntegrityError):
        # The second quote breaks a NOT NULL constraint, after the event and the first.
        save_event(
            event=event, quotes=[Quote(speaker="X", text="Y"), Quote(speaker="Z", text=None)]
        )

    assert Event.objects.get(pk=event.pk).title == "Original"
    assert not Quote.objects.exists()


# --- cited or flagged ---------------------------------------------------------------------


def new_event(**fields) -> Event:
    return Event(
        partnership=PartnershipFactory(),
        kind=Event.Kind.STATEMENT,
        title="A statement",
        date=dt.date(2025, 9, 11),
        **fields,
    )


def test_save_event_refuses_an_event_that_cites_nothing_and_is_not_flagged():
    event = new_event()

    with pytest.raises(ValidationError) as refused:
        save_event(event=event, quotes=[Quote(speaker="X", text="Y")])

    assert refused.value.code == "unsourced"
    assert "cites no source" in refused.value.messages[0]
    assert not Event.objects.exists()
    assert not Quote.objects.exists()


def test_save_event_refuses_removing_the_last_citation_and_keeps_it():
    citation = EventCitationFactory(event=EventFactory(is_unsourced=False, title="Original"))
    event, citation_pk = citation.event, citation.pk
    event.title = "Mine"

    with pytest.raises(ValidationError):
        save_event(event=event, removed=[citation])

    assert Event.objects.get(pk=event.pk).title == "Original"
    assert EventCitation.objects.filter(pk=citation_pk).exists()


def test_save_event_accepts_an_event_flagged_unsourced():
    saved = save_event(event=new_event(is_unsourced=True))

    assert Event.objects.get(pk=saved.pk).is_unsourced is True
    assert list(Event.objects.unsourced()) == [saved]


def test_save_event_accepts_a_cited_event_and_clears_its_unsourced_flag():
    event = new_event(is_unsourced=True)

    saved = save_event(event=event, citations=[EventCitation(source=SourceFactory())])

    assert Event.objects.get(pk=saved.pk).is_unsourced is False
    assert list(Event.objects.sourced()) == [saved]
    assert saved.version == 1  # cleared before the one save, not by a second one


def test_save_event_keeps_the_date_a_source_gives_only_when_it_differs():
    event = new_event()
    same, other = SourceFactory(), SourceFactory()

    save_event(
        event=event,
        citations=[
            EventCitation(source=same, gives_date=dt.date(2025, 9, 11)),
            EventCitation(source=other, gives_date=dt.date(2025, 9, 15)),
        ],
    )

    assert dict(event.citations.values_list("source", "gives_date")) == {
        same.pk: None,
        other.pk: dt.date(2025, 9, 15),
    }
