"""The agreement form group's sources: citations (picked or typed in) and term citations,
validated as the view uses them (partnerships/forms/agreements.py)."""

import pytest
from django.http import QueryDict

from partnerships.forms.agreements import REMOVED_TERM_MESSAGE, AgreementForms
from partnerships.models import AgreementCitation, Source, TermCitation
from partnerships.services.agreements import save_agreement
from tests.factories import (
    AgreementCitationFactory,
    AgreementFactory,
    AgreementTermFactory,
    SourceFactory,
    TermCitationFactory,
)
from tests.helpers import management

pytestmark = pytest.mark.django_db


def query(data: dict) -> QueryDict:
    result = QueryDict(mutable=True)
    for key, value in data.items():
        result.setlist(key, value if isinstance(value, list) else [value])
    return result


def posted(agreement, *, terms=(), citations=(), new_sources=(), term_citations=(), **fields):
    """What the edit form posts for a saved agreement: its fields as they are, the saved
    terms unchanged, and the citation rows given (existing citations first)."""
    data = {
        "loaded_version": str(agreement.version),
        "title": agreement.title,
        "kind": agreement.kind,
        "is_binding": "",
        "status": agreement.status,
        "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else "",
        **fields,
    }
    saved_terms = [
        {
            "id": str(term.pk),
            "loaded_version": str(term.version),
            "position": str(term.position),
            "topic": term.topic,
            "heading": term.heading,
            "text": term.text,
        }
        for term in agreement.terms.order_by("id")
    ]
    data |= management("terms", [*saved_terms, *terms], initial=len(saved_terms))
    data |= management("links", [])
    saved = list(AgreementCitation.objects.filter(agreement=agreement).order_by("id"))
    data |= management("citations", list(citations), initial=len(saved))
    data |= management("new_sources", list(new_sources))
    saved_terms_cited = TermCitation.objects.filter(term__agreement=agreement).count()
    data |= management("term_citations", list(term_citations), initial=saved_terms_cited)
    return query(data)


def forms_for(agreement, data):
    return AgreementForms(data, agreement=agreement, partnership=agreement.partnership)


def test_agreement_forms_new_source_row_saves_source_and_citation(editor):
    agreement = AgreementFactory()
    data = posted(
        agreement,
        new_sources=[
            {
                "title": "Deal signed",
                "publisher": "Reuters",
                "author": "A. Writer",
                "url": "https://example.com/deal",
                "published": "2025-10",
                "excerpt": "The companies signed.",
            }
        ],
    )
    forms = forms_for(agreement, data)

    assert forms.is_valid(), forms.summary.problems
    save_agreement(**forms.changes(), user=editor)

    citation = AgreementCitation.objects.get(agreement=agreement)
    source = Source.objects.get(title="Deal signed")
    assert citation.source == source
    assert citation.excerpt == "The companies signed."
    assert (source.publisher, source.author, source.published_precision) == (
        "Reuters",
        "A. Writer",
        "month",
    )


def test_agreement_forms_bad_rows_get_messages_and_nothing_is_saved():
    agreement = AgreementFactory()
    taken = SourceFactory(url="https://example.com/taken")
    data = posted(
        agreement,
        citations=[{"source": "999999", "excerpt": "x"}],
        new_sources=[
            {"title": "", "publisher": "Reuters", "published": "2025-13"},
            {"title": "Twice", "url": "https://example.com/taken"},
        ],
    )
    forms = forms_for(agreement, data)

    assert not forms.is_valid()
    problems = [problem.text for problem in forms.summary.problems]
    assert "Source 1, Source: That source does not exist (any more)." in problems
    assert "New source 1, Title: This field is required." in problems
    assert any(text.startswith("New source 1, Published:") for text in problems)
    assert (
        f"New source 2, URL: “{taken.title}” already has this URL: choose it under Sources "
        "instead." in problems
    )
    assert not AgreementCitation.objects.exists()
    assert Source.objects.count() == 1


def test_agreement_forms_term_citation_saves_for_a_saved_term(editor):
    term = AgreementTermFactory(heading="Exclusivity")
    source = SourceFactory()
    data = posted(
        term.agreement,
        term_citations=[{"term": str(term.pk), "source": str(source.pk), "excerpt": "Says so."}],
    )
    forms = forms_for(term.agreement, data)

    assert forms.is_valid(), forms.summary.problems
    save_agreement(**forms.changes(), user=editor)

    assert list(TermCitation.objects.values_list("term", "source", "excerpt")) == [
        (term.pk, source.pk, "Says so.")
    ]


def test_agreement_forms_term_citation_for_another_agreements_term_is_refused():
    agreement = AgreementTermFactory().agreement
    elsewhere = AgreementTermFactory(heading="Not this agreement's")
    data = posted(
        agreement,
        term_citations=[{"term": str(elsewhere.pk), "source": str(SourceFactory().pk)}],
    )
    forms = forms_for(agreement, data)

    assert not forms.is_valid()
    assert [problem.text for problem in forms.summary.problems] == [
        "Source for a key term 1, Key term: That key term is not one of this agreement's "
        "saved terms; choose one from the list."
    ]


def test_agreement_forms_term_citation_for_a_term_removed_in_the_same_save_is_refused():
    term = AgreementTermFactory()
    data = posted(
        term.agreement,
        term_citations=[{"term": str(term.pk), "source": str(SourceFactory().pk)}],
    )
    data["terms-0-DELETE"] = "on"
    forms = forms_for(term.agreement, data)

    assert not forms.is_valid()
    assert [problem.text for problem in forms.summary.problems] == [
        f"Source for a key term 1, Key term: {REMOVED_TERM_MESSAGE}"
    ]


def test_agreement_forms_same_source_twice_is_refused():
    agreement = AgreementFactory()
    source = SourceFactory()
    data = posted(
        agreement,
        citations=[{"source": str(source.pk)}, {"source": str(source.pk)}],
    )
    forms = forms_for(agreement, data)

    assert not forms.is_valid()
    assert [problem.text for problem in forms.summary.problems] == [
        "Source 2, Source: This source is cited above already."
    ]


def test_agreement_forms_removing_a_citation_removes_only_it(editor):
    kept = AgreementCitationFactory()
    agreement = kept.agreement
    gone = AgreementCitationFactory(agreement=agreement)
    term_citation = TermCitationFactory(term=AgreementTermFactory(agreement=agreement))
    data = posted(
        agreement,
        citations=[
            {"id": str(kept.pk), "source": str(kept.source_id), "excerpt": kept.excerpt},
            {"id": str(gone.pk), "source": str(gone.source_id), "DELETE": "on"},
        ],
        term_citations=[
            {
                "id": str(term_citation.pk),
                "term": str(term_citation.term_id),
                "source": str(term_citation.source_id),
                "DELETE": "on",
            }
        ],
    )
    forms = forms_for(agreement, data)

    assert forms.is_valid(), forms.summary.problems
    save_agreement(**forms.changes(), user=editor)

    assert list(AgreementCitation.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not TermCitation.objects.exists()


def test_agreement_forms_new_agreement_offers_no_term_citation_rows():
    agreement = AgreementFactory.build()

    forms = AgreementForms(agreement=agreement, partnership=None)

    assert forms.term_citations.has_terms is False
    assert forms.term_citations.forms == []
