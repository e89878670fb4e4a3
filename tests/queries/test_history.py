"""History as data: every write path is recorded and changes read well
(partnerships/queries/history.py)."""

import datetime as dt

import pghistory
import pytest

from partnerships.models import Event, EventHistory
from partnerships.queries import history
from tests.factories import (
    AgreementFactory,
    AgreementTermFactory,
    CompanyFactory,
    EventCitationFactory,
    EventFactory,
    PartnershipFactory,
    QuoteFactory,
    SourceFactory,
)
from tests.helpers import field_change

pytestmark = pytest.mark.django_db


def test_history_records_orm_save_with_user_and_diff(editor):
    event = EventFactory(title="MOU signed", kind="announcement")

    with pghistory.context(user=editor.pk, url="/somewhere/"):
        event.title = "Non-binding MOU signed"
        event.kind = "signing"
        event.save()

    change = history.event_changes(event.pk)[0]
    assert change.action == "update"
    assert change.who == "ada"
    assert change.url == "/somewhere/"
    assert field_change(change, "Title") == ("MOU signed", "Non-binding MOU signed")
    assert field_change(change, "Kind") == ("Announcement", "Signing")  # choice labels
    assert change.at is not None


def test_history_records_queryset_update_with_user(editor):
    event = EventFactory(title="Before", significance=1)

    with pghistory.context(user=editor.pk):
        Event.objects.filter(pk=event.pk).update(significance=3)

    change = history.event_changes(event.pk)[0]
    assert change.action == "update"
    assert field_change(change, "Significance") == ("Minor", "Major")
    assert change.who == "ada"


def test_history_change_outside_any_context_is_by_unknown():
    event = EventFactory(title="Before")

    Event.objects.filter(pk=event.pk).update(title="After")

    change = history.event_changes(event.pk)[0]
    assert field_change(change, "Title") == ("Before", "After")
    assert change.who == "unknown (shell or migration)"
    assert change.url == ""


def test_history_skips_version_only_updates():
    event = EventFactory()
    before = EventHistory.objects.filter(pgh_obj_id=event.pk).count()

    Event.objects.filter(pk=event.pk).update(version=event.version + 5)

    assert EventHistory.objects.filter(pgh_obj_id=event.pk).count() == before


def test_history_shows_foreign_keys_as_names_and_empties_as_dash():
    first = PartnershipFactory(name="Microsoft–OpenAI")
    agreement = AgreementFactory(partnership=first, title="Next phase MOU")
    event = EventFactory(partnership=first)

    event.agreement = agreement
    event.save()

    change = history.event_changes(event.pk)[0]
    assert field_change(change, "Agreement") == ("—", "Next phase MOU")


def test_history_of_event_includes_its_companies_citations_and_quotes():
    event = EventFactory(title="MOU signed")
    microsoft = CompanyFactory(name="Microsoft")
    event.companies.add(microsoft)
    EventCitationFactory(event=event, source=SourceFactory(title="Joint statement"))
    QuoteFactory(event=event, speaker="Sam Altman")

    headings = [change.heading for change in history.event_changes(event.pk)]

    assert set(headings[:3]) == {
        "Added quote by Sam Altman",
        "Added source “Joint statement — Example Wire”",
        "Added company Microsoft",
    }
    assert headings[-1] == "Created event “MOU signed”"


def test_history_of_agreement_includes_terms_and_links():
    agreement = AgreementFactory(title="Definitive")
    term = AgreementTermFactory(agreement=agreement, heading="IP rights", text="Through 2030.")
    term.text = "Through 2032."
    term.save()

    changes = history.agreement_changes(agreement.pk)

    assert changes[0].heading == "Changed term “IP rights”"
    assert field_change(changes[0], "Text") == ("Through 2030.", "Through 2032.")


def test_recorded_as_of_returns_what_was_recorded_then():
    event = EventFactory(title="Old title")
    EventHistory.objects.filter(pgh_obj_id=event.pk).update(
        pgh_created_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    event.title = "New title"
    event.save()

    then = history.recorded_as_of(Event, event.pk, dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    before = history.recorded_as_of(Event, event.pk, dt.datetime(2024, 6, 1, tzinfo=dt.UTC))

    assert then.title == "Old title"
    assert before is None
    assert history.recorded_as_of(Event, event.pk, dt.datetime.now(dt.UTC)).title == "New title"
