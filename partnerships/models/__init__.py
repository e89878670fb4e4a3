"""The partnership domain: companies, partnerships, agreements, events and their sources.

One module per subject; everything is importable from ``partnerships.models``.
Rules that the database can express are constraints (each has a test that names
the constraint it expects); the rest live in ``clean()``.
"""

from partnerships.models.agreements import (
    Agreement,
    AgreementCitation,
    AgreementLink,
    AgreementTerm,
    TermCitation,
)
from partnerships.models.base import (
    UNRECORDED_CHANGES,
    SluggedModel,
    StaleVersionError,
    VersionedModel,
    tracked,
)
from partnerships.models.companies import Company, Partnership, Party, validate_distinct_parties
from partnerships.models.events import Event, EventCitation, EventCompany, EventQuerySet, Quote
from partnerships.models.sources import Citation, Source

# The history models django-pghistory made for each tracked model (``tracked``).
AgreementCitationHistory = AgreementCitation.pgh_event_models["insert"]
AgreementHistory = Agreement.pgh_event_models["insert"]
AgreementLinkHistory = AgreementLink.pgh_event_models["insert"]
AgreementTermHistory = AgreementTerm.pgh_event_models["insert"]
CompanyHistory = Company.pgh_event_models["insert"]
EventCitationHistory = EventCitation.pgh_event_models["insert"]
EventCompanyHistory = EventCompany.pgh_event_models["insert"]
EventHistory = Event.pgh_event_models["insert"]
PartnershipHistory = Partnership.pgh_event_models["insert"]
PartyHistory = Party.pgh_event_models["insert"]
QuoteHistory = Quote.pgh_event_models["insert"]
SourceHistory = Source.pgh_event_models["insert"]
TermCitationHistory = TermCitation.pgh_event_models["insert"]

__all__ = [
    "UNRECORDED_CHANGES",
    "Agreement",
    "AgreementCitation",
    "AgreementCitationHistory",
    "AgreementHistory",
    "AgreementLink",
    "AgreementLinkHistory",
    "AgreementTerm",
    "AgreementTermHistory",
    "Citation",
    "Company",
    "CompanyHistory",
    "Event",
    "EventCitation",
    "EventCitationHistory",
    "EventCompany",
    "EventCompanyHistory",
    "EventHistory",
    "EventQuerySet",
    "Partnership",
    "PartnershipHistory",
    "Party",
    "PartyHistory",
    "Quote",
    "QuoteHistory",
    "SluggedModel",
    "Source",
    "SourceHistory",
    "StaleVersionError",
    "TermCitation",
    "TermCitationHistory",
    "VersionedModel",
    "tracked",
    "validate_distinct_parties",
]
