"""Writing agreements with their key terms, typed links and citations of sources."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementLink,
    AgreementTerm,
    TermCitation,
)
from partnerships.services.history import recorded_as


def save_agreement(
    *,
    agreement: Agreement,
    terms: Iterable[AgreementTerm] = (),
    removed_terms: Iterable[AgreementTerm] = (),
    links: Iterable[AgreementLink] = (),
    removed_links: Iterable[AgreementLink] = (),
    citations: Iterable[AgreementCitation] = (),
    term_citations: Iterable[TermCitation] = (),
    removed_citations: Iterable[AgreementCitation | TermCitation] = (),
    user=None,
) -> Agreement:
    """Save an agreement with the terms, links and citations that changed, in one transaction.

    Each term carries the version its editor loaded; links name both their ends (the
    agreement itself may be one, new or not); a citation may cite a source not saved
    yet (it is saved first); term citations name saved terms. Removals go first, so
    that a row removed and typed again in one save does not collide with itself; a
    StaleVersionError or IntegrityError from any step rolls back every step.
    """
    with transaction.atomic(), recorded_as(user):
        agreement.save()
        for row in [*removed_citations, *removed_terms, *removed_links]:
            row.delete()
        for term in terms:
            term.agreement = agreement
            term.save()
        for link in links:
            link.save()
        for citation in citations:
            if citation.source.pk is None:
                citation.source.save()
            citation.agreement = agreement
            citation.save()
        for citation in term_citations:
            if citation.source.pk is None:
                citation.source.save()
            citation.save()
    return agreement
