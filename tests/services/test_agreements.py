"""Writing agreements with their key terms, typed links and citations through the service."""

import datetime as dt

import pytest
from django.db import IntegrityError

from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementCitationHistory,
    AgreementHistory,
    AgreementLink,
    AgreementLinkHistory,
    AgreementTerm,
    AgreementTermHistory,
    Source,
    StaleVersionError,
    TermCitation,
    TermCitationHistory,
)
from partnerships.services.agreements import save_agreement
from tests.factories import (
    AgreementCitationFactory,
    AgreementFactory,
    AgreementLinkFactory,
    AgreementTermFactory,
    PartnershipFactory,
    SourceFactory,
    TermCitationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mou():
    """A signed MOU; the new definitive agreements below follow it."""
    return AgreementFactory(title="Next phase MOU", kind=Agreement.Kind.MOU)


def new_definitive(mou) -> Agreement:
    return Agreement(partnership=mou.partnership, title="Definitive", kind="definitive")


def terms_of(agreement) -> list[tuple[str, str]]:
    rows = AgreementTerm.objects.filter(agreement=agreement).order_by("topic")
    return [(term.topic, term.heading) for term in rows]


def links_of(agreement) -> list[tuple[int, int, str]]:
    rows = AgreementLink.objects.filter(from_agreement=agreement).order_by("kind")
    return [(link.from_agreement_id, link.to_agreement_id, link.kind) for link in rows]


def test_save_agreement_creates_it_with_its_terms_and_links(editor, mou):
    agreement = new_definitive(mou)

    save_agreement(
        agreement=agreement,
        terms=[
            AgreementTerm(topic="exclusivity", heading="Cloud exclusivity"),
            AgreementTerm(topic="agi-clause", heading="AGI clause"),
        ],
        links=[AgreementLink(from_agreement=agreement, to_agreement=mou, kind="supersedes")],
        user=editor,
    )

    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.title, stored.is_binding) == ("Definitive", True)
    assert terms_of(stored) == [("agi-clause", "AGI clause"), ("exclusivity", "Cloud exclusivity")]
    assert links_of(stored) == [(stored.pk, mou.pk, "supersedes")]


def test_save_agreement_history_names_the_user(editor, mou):
    agreement = new_definitive(mou)

    save_agreement(
        agreement=agreement,
        terms=[AgreementTerm(topic="exclusivity", heading="Cloud exclusivity")],
        links=[AgreementLink(from_agreement=agreement, to_agreement=mou, kind="supersedes")],
        user=editor,
    )

    rows = [
        *AgreementHistory.objects.filter(pgh_obj_id=agreement.pk),
        *AgreementTermHistory.objects.filter(agreement_id=agreement.pk),
        *AgreementLinkHistory.objects.filter(from_agreement_id=agreement.pk),
    ]
    assert [(row.pgh_label, row.pgh_context.metadata["user"]) for row in rows] == [
        ("insert", editor.pk)
    ] * 3


def test_save_agreement_integrity_error_in_a_term_rolls_back_everything(editor, mou):
    agreement = new_definitive(mou)

    with pytest.raises(IntegrityError):
        save_agreement(
            agreement=agreement,
            terms=[
                AgreementTerm(topic="exclusivity", heading="Cloud exclusivity"),
                AgreementTerm(topic="exclusivity", heading="Said twice"),
            ],
            user=editor,
        )

    assert not Agreement.objects.filter(title="Definitive").exists()
    assert AgreementTerm.objects.count() == 0


def test_save_agreement_integrity_error_in_a_link_rolls_back_the_terms_too(editor, mou):
    mou.title = "Renamed MOU"

    with pytest.raises(IntegrityError):
        save_agreement(
            agreement=mou,
            terms=[AgreementTerm(topic="exclusivity", heading="Cloud exclusivity")],
            links=[AgreementLink(from_agreement=mou, to_agreement=mou, kind="amends")],
            user=editor,
        )

    stored = Agreement.objects.get(pk=mou.pk)
    assert (stored.title, stored.version) == ("Next phase MOU", 1)
    assert terms_of(stored) == []
    assert links_of(stored) == []


def test_save_agreement_removes_a_term_before_adding_its_topic_again(editor, mou):
    old = AgreementTermFactory(agreement=mou, topic="exclusivity", heading="Exclusive")
    old_pk = old.pk

    save_agreement(
        agreement=mou,
        terms=[AgreementTerm(topic="exclusivity", heading="Right of first refusal")],
        removed_terms=[old],
        user=editor,
    )

    assert terms_of(mou) == [("exclusivity", "Right of first refusal")]
    assert not AgreementTerm.objects.filter(pk=old_pk).exists()


def test_save_agreement_removes_a_link_before_adding_it_again(editor, mou):
    old = AgreementLinkFactory(from_agreement=mou, kind="leads-to", note="Old note")

    save_agreement(
        agreement=mou,
        links=[
            AgreementLink(
                from_agreement=mou, to_agreement=old.to_agreement, kind="leads-to", note="New"
            )
        ],
        removed_links=[old],
        user=editor,
    )

    assert links_of(mou) == [(mou.pk, old.to_agreement_id, "leads-to")]
    assert list(AgreementLink.objects.values_list("note", flat=True)) == ["New"]


def test_save_agreement_with_a_stale_version_raises_and_writes_nothing(editor, mou):
    theirs = Agreement.objects.get(pk=mou.pk)
    theirs.summary = "Saved first."
    save_agreement(agreement=theirs, user=editor)
    mou.title = "Saved second"

    with pytest.raises(StaleVersionError):
        save_agreement(
            agreement=mou,
            terms=[AgreementTerm(topic="exclusivity", heading="Cloud exclusivity")],
            user=editor,
        )

    stored = Agreement.objects.get(pk=mou.pk)
    assert (stored.title, stored.summary, stored.version) == ("Next phase MOU", "Saved first.", 2)
    assert terms_of(stored) == []


def test_save_agreement_with_a_stale_term_rolls_back_the_agreement(editor, mou):
    term = AgreementTermFactory(agreement=mou, topic="exclusivity", heading="Exclusive")
    theirs = AgreementTerm.objects.get(pk=term.pk)
    theirs.heading = "Saved first"
    theirs.save()
    mou.title = "Renamed MOU"
    term.heading = "Saved second"

    with pytest.raises(StaleVersionError):
        save_agreement(agreement=mou, terms=[term], user=editor)

    stored = Agreement.objects.get(pk=mou.pk)
    assert (stored.title, stored.version) == ("Next phase MOU", 1)
    assert terms_of(stored) == [("exclusivity", "Saved first")]


def test_save_agreement_sets_the_agreement_on_its_terms(editor, mou):
    elsewhere = AgreementFactory(partnership=PartnershipFactory())
    term = AgreementTerm(agreement=elsewhere, topic="exclusivity", heading="Cloud exclusivity")

    save_agreement(agreement=mou, terms=[term], user=editor)

    assert (terms_of(mou), terms_of(elsewhere)) == ([("exclusivity", "Cloud exclusivity")], [])


# --- citations -------------------------------------------------------------------------------


def test_save_agreement_cites_a_new_source_and_a_saved_one_for_a_term(editor, mou):
    term = AgreementTermFactory(agreement=mou)
    known = SourceFactory()
    typed = Source(title="Typed in", publisher="Reuters")

    save_agreement(
        agreement=mou,
        citations=[AgreementCitation(source=typed, excerpt="Says so.")],
        term_citations=[TermCitation(term=term, source=known, excerpt="The term.")],
        user=editor,
    )

    assert list(mou.citations.values_list("source__title", "excerpt")) == [("Typed in", "Says so.")]
    assert list(term.citations.values_list("source", "excerpt")) == [(known.pk, "The term.")]
    rows = [
        *AgreementCitationHistory.objects.filter(agreement_id=mou.pk),
        *TermCitationHistory.objects.filter(term_id=term.pk),
    ]
    assert [(row.pgh_label, row.pgh_context.metadata["user"]) for row in rows] == [
        ("insert", editor.pk)
    ] * 2


def test_save_agreement_removes_citations_of_both_kinds(editor, mou):
    citation = AgreementCitationFactory(agreement=mou)
    term_citation = TermCitationFactory(term=AgreementTermFactory(agreement=mou))

    save_agreement(agreement=mou, removed_citations=[citation, term_citation], user=editor)

    assert (AgreementCitation.objects.count(), TermCitation.objects.count()) == (0, 0)


def test_save_agreement_failing_citation_saves_nothing(editor, mou):
    # A source dated 15 Sep at month precision breaks its constraint: the last step fails.
    bad = Source(title="Bad date", published_on=dt.date(2025, 9, 15), published_precision="month")
    removed = AgreementCitationFactory(agreement=mou)
    removed_pk = removed.pk
    mou.title = "Renamed MOU"

    with pytest.raises(IntegrityError):
        save_agreement(
            agreement=mou,
            terms=[AgreementTerm(topic="exclusivity", heading="Cloud exclusivity")],
            citations=[
                AgreementCitation(source=SourceFactory(), excerpt="Fine."),
                AgreementCitation(source=bad, excerpt="Fails."),
            ],
            removed_citations=[removed],
            user=editor,
        )

    stored = Agreement.objects.get(pk=mou.pk)
    assert (stored.title, stored.version) == ("Next phase MOU", 1)
    assert terms_of(stored) == []
    assert list(AgreementCitation.objects.values_list("pk", flat=True)) == [removed_pk]
    assert not Source.objects.filter(title="Bad date").exists()
