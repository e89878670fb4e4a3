"""factory-boy factories for the domain; every test builds its own rows."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from partnerships import models


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = models.Company
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Company {n}")
    kind = models.Company.Kind.PRIVATE


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = models.Partnership
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partnership {n}")
    summary = "A partnership."

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        """Two fresh companies unless a list of companies is given."""
        if not create:
            return
        companies = extracted if extracted is not None else [CompanyFactory(), CompanyFactory()]
        for company in companies:
            models.Party.objects.create(partnership=self, company=company)


class PartyFactory(DjangoModelFactory):
    class Meta:
        model = models.Party

    partnership = factory.SubFactory(PartnershipFactory, parties=[])
    company = factory.SubFactory(CompanyFactory)


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = models.Source

    title = factory.Sequence(lambda n: f"Report number {n}")
    publisher = "Example Wire"
    published_on = dt.date(2025, 9, 11)


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = models.Agreement

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Agreement {n}")
    kind = models.Agreement.Kind.DEFINITIVE
    status = models.Agreement.Status.SIGNED
    signed_on = dt.date(2025, 10, 28)


class AgreementTermFactory(DjangoModelFactory):
    class Meta:
        model = models.AgreementTerm

    agreement = factory.SubFactory(AgreementFactory)
    topic = factory.Sequence(lambda n: f"topic-{n}")
    heading = factory.Sequence(lambda n: f"Term {n}")
    text = "What the parties agreed."


class EventFactory(DjangoModelFactory):
    class Meta:
        model = models.Event

    partnership = factory.SubFactory(PartnershipFactory)
    kind = models.Event.Kind.ANNOUNCEMENT
    title = factory.Sequence(lambda n: f"Event {n}")
    summary = "Something happened."
    date = dt.date(2025, 9, 11)
    # Made without a citation, so marked unsourced as the site requires ("cited or
    # flagged", services/events.py); cite one with EventCitationFactory.
    is_unsourced = True


class EventCitationFactory(DjangoModelFactory):
    class Meta:
        model = models.EventCitation

    event = factory.SubFactory(EventFactory)
    source = factory.SubFactory(SourceFactory)
    excerpt = "The passage that says so."


class QuoteFactory(DjangoModelFactory):
    class Meta:
        model = models.Quote

    event = factory.SubFactory(EventFactory)
    speaker = "Satya Nadella"
    speaker_title = "CEO"
    text = "A shared vision for the future of AI."


class AgreementLinkFactory(DjangoModelFactory):
    class Meta:
        model = models.AgreementLink

    from_agreement = factory.SubFactory(AgreementFactory, kind=models.Agreement.Kind.MOU)
    to_agreement = factory.SubFactory(
        AgreementFactory, partnership=factory.SelfAttribute("..from_agreement.partnership")
    )
    kind = models.AgreementLink.Kind.LEADS_TO


class AgreementCitationFactory(DjangoModelFactory):
    class Meta:
        model = models.AgreementCitation

    agreement = factory.SubFactory(AgreementFactory)
    source = factory.SubFactory(SourceFactory)
    excerpt = "The passage that says so."


class TermCitationFactory(DjangoModelFactory):
    class Meta:
        model = models.TermCitation

    term = factory.SubFactory(AgreementTermFactory)
    source = factory.SubFactory(SourceFactory)
    excerpt = "The passage that says so."
