"""Reverting to a recorded version and restoring deleted events
(partnerships/services/history.py)."""

import pghistory
import pytest
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
    CompanyFactory,
    EventCitationFactory,
    EventFactory,
    PartnershipFactory,
    QuoteFactory,
)
from tests.helpers import field_change

pytestmark = pytest.mark.django_db


def latest(event: Event) -> EventHistory:
    return EventHistory.objects.filter(pgh_obj_id=event.pk).latest("pgh_id")


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
    assert change.who == "ada"
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
    assert history.event_changes(event_id)[0].who == "ada"


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
