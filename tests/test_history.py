"""History as data: every write path is recorded, diffs read well, reverts and restores."""

import datetime as dt

import pghistory
import pytest
from django.contrib.auth.models import User
from django.forms import modelform_factory

from partnerships.forms.base import CONFLICT_CODE, VersionedModelForm
from partnerships.models import (
    Agreement,
    AgreementHistory,
    Event,
    EventCompany,
    EventHistory,
    Source,
)
from partnerships.queries import history
from partnerships.services.history import (
    AlreadyRestored,
    restore_event,
    revert_agreement,
    revert_event,
)
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return User.objects.create_user("grace", password="unused-password-1")


def latest(event: Event) -> EventHistory:
    return EventHistory.objects.filter(pgh_obj_id=event.pk).latest("pgh_id")


def field_change(change: history.Change, label: str) -> tuple[str, str]:
    found = {item.label: (item.before, item.after) for item in change.fields}
    return found[label]


def test_history_records_orm_save_with_user_and_diff(editor):
    event = EventFactory(title="MOU signed", kind="announcement")

    with pghistory.context(user=editor.pk, url="/somewhere/"):
        event.title = "Non-binding MOU signed"
        event.kind = "signing"
        event.save()

    change = history.event_changes(event.pk)[0]
    assert change.action == "update"
    assert change.who == "grace"
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
    assert change.who == "grace"


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


def test_history_revert_restores_values_bumps_version_and_is_recorded(editor):
    event = EventFactory(title="Original title", summary="Original summary")
    original = latest(event)
    event.title = "Wrong title"
    event.summary = "Wrong summary"
    event.save()
    version_before = Event.objects.get(pk=event.pk).version

    outcome = revert_event(event_history_id=original.pk, user=editor)

    event.refresh_from_db()
    assert (event.title, event.summary) == ("Original title", "Original summary")
    assert event.version == version_before + 1
    assert sorted(outcome.changed) == ["summary", "title"]
    change = history.event_changes(event.pk)[0]
    assert change.who == "grace"
    assert field_change(change, "Title") == ("Wrong title", "Original title")
    assert change.note.startswith("Reverted to the version recorded on")


def test_history_revert_makes_an_open_form_stale(editor):
    event = EventFactory(title="Original title")
    original = latest(event)
    event.title = "Corrected title"
    event.save()
    form_class = modelform_factory(Event, form=VersionedModelForm, fields=["title"])
    loaded = form_class(instance=Event.objects.get(pk=event.pk)).initial["loaded_version"]

    revert_event(event_history_id=original.pk, user=editor)
    form = form_class(
        data={"title": "My edit", "loaded_version": loaded},
        instance=Event.objects.get(pk=event.pk),
    )

    assert not form.is_valid()
    assert form.has_conflict
    assert form.non_field_errors().as_data()[0].code == CONFLICT_CODE
    assert Event.objects.get(pk=event.pk).title == "Original title"


def test_history_revert_agreement(editor):
    agreement = AgreementFactory(title="MOU", kind="mou", is_binding=False)
    original = AgreementHistory.objects.filter(pgh_obj_id=agreement.pk).latest("pgh_id")
    Agreement.objects.filter(pk=agreement.pk).update(status="superseded")

    revert_agreement(agreement_history_id=original.pk, user=editor)

    agreement.refresh_from_db()
    assert agreement.status == "signed"
    # 1 when created, 2 after the bulk update (the version trigger), 3 after the revert.
    assert agreement.version == 3


def test_history_revert_leaves_a_since_deleted_agreement_empty(editor):
    partnership = PartnershipFactory()
    gone = AgreementFactory(partnership=partnership)
    event = EventFactory(partnership=partnership, agreement=gone, title="With agreement")
    snapshot = latest(event)
    event.title = "Changed"
    event.save()
    gone.delete()

    outcome = revert_event(event_history_id=snapshot.pk, user=editor)

    event.refresh_from_db()
    assert event.title == "With agreement"
    assert event.agreement is None
    assert outcome.notes == ["Its agreement has since been deleted, so it was left empty."]


def test_history_restore_brings_back_companies_citations_and_quotes(editor):
    event = EventFactory(title="MOU signed", slug="mou-signed")
    microsoft, openai = CompanyFactory(name="Microsoft"), CompanyFactory(name="OpenAI")
    event.companies.set([microsoft, openai])
    citation = EventCitationFactory(event=event, excerpt="The passage.")
    quote = QuoteFactory(event=event, speaker="Satya Nadella", company=microsoft)
    event_id = event.pk
    with pghistory.context(user=editor.pk):
        event.delete()

    outcome = restore_event(event_id=event_id, user=editor)

    restored = Event.objects.get(pk=event_id)
    assert outcome.instance == restored
    assert restored.slug == "mou-signed"
    assert set(restored.companies.all()) == {microsoft, openai}
    assert [(c.pk, c.excerpt) for c in restored.citations.all()] == [(citation.pk, "The passage.")]
    assert [(q.pk, q.speaker, q.company) for q in restored.quotes.all()] == [
        (quote.pk, "Satya Nadella", microsoft)
    ]
    assert restored.version == event.version + 1
    assert history.event_changes(event_id)[0].who == "grace"


def test_history_restore_skips_sources_deleted_since_and_takes_a_free_slug(editor):
    event = EventFactory(title="MOU signed", slug="mou-signed")
    citation = EventCitationFactory(event=event)
    kept = EventCitationFactory(event=event)
    event_id, source_id = event.pk, citation.source_id
    event.delete()
    Source.objects.filter(pk=source_id).delete()
    EventFactory(slug="mou-signed")

    outcome = restore_event(event_id=event_id, user=editor)

    restored = Event.objects.get(pk=event_id)
    assert restored.slug == "mou-signed-2"
    assert [c.pk for c in restored.citations.all()] == [kept.pk]
    assert "1 citation of sources deleted since was skipped." in outcome.notes


def test_history_restore_twice_says_already_restored(editor):
    event = EventFactory()
    event_id = event.pk
    event.delete()
    restore_event(event_id=event_id, user=editor)

    with pytest.raises(AlreadyRestored):
        restore_event(event_id=event_id, user=editor)
    assert EventCompany.objects.filter(event_id=event_id).count() == 0


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
