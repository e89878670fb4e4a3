"""Domain rules: each database constraint is proven by the IntegrityError it raises, named."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from partnerships.models import (
    Agreement,
    AgreementLink,
    Company,
    Event,
    Party,
    Source,
    StaleVersionError,
    validate_distinct_parties,
)

from .factories import (
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


def assert_refused_by(constraint: str, action) -> None:
    """``action`` breaks the database constraint named ``constraint``, and only that one."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        action()
    assert error.value.__cause__.diag.constraint_name == constraint


def test_event_end_before_start_is_refused():
    event = EventFactory(date=dt.date(2025, 10, 28))
    event.end_date = dt.date(2025, 9, 11)

    assert_refused_by("event_end_not_before_start", event.save)


def test_event_end_equal_to_start_is_allowed():
    event = EventFactory(date=dt.date(2025, 10, 28), end_date=dt.date(2025, 10, 28))

    assert event.end_date == event.date


@pytest.mark.parametrize(
    ("date", "precision"),
    [
        (dt.date(2019, 7, 22), "month"),
        (dt.date(2019, 7, 1), "year"),
        (dt.date(2019, 8, 1), "quarter"),
        (dt.date(2019, 7, 2), "quarter"),
    ],
)
def test_event_date_inconsistent_with_precision_is_refused(date, precision):
    partnership = PartnershipFactory()

    assert_refused_by(
        "event_date_matches_precision",
        lambda: Event.objects.create(
            partnership=partnership, kind="other", title="x", date=date, precision=precision
        ),
    )


@pytest.mark.parametrize(
    ("date", "precision"),
    [
        (dt.date(2019, 7, 22), "day"),
        (dt.date(2019, 7, 1), "month"),
        (dt.date(2019, 7, 1), "quarter"),
        (dt.date(2019, 1, 1), "year"),
    ],
)
def test_event_date_consistent_with_precision_is_stored(date, precision):
    event = EventFactory(date=date, precision=precision)

    assert Event.objects.get(pk=event.pk).precision == precision


def test_event_end_date_inconsistent_with_end_precision_is_refused():
    event = EventFactory(date=dt.date(2025, 9, 1), precision="month")
    event.end_date, event.end_precision = dt.date(2025, 10, 15), "month"

    assert_refused_by("event_end_date_matches_precision", event.save)


@pytest.mark.parametrize("significance", [0, 4])
def test_event_significance_outside_1_to_3_is_refused(significance):
    event = EventFactory()
    event.significance = significance

    assert_refused_by("event_significance_1_to_3", event.save)


def test_source_published_date_inconsistent_with_precision_is_refused():
    assert_refused_by(
        "source_published_on_matches_precision",
        lambda: Source.objects.create(
            title="x", published_on=dt.date(2025, 9, 15), published_precision="month"
        ),
    )


def test_agreement_ends_before_effective_is_refused():
    agreement = AgreementFactory(effective_on=dt.date(2025, 10, 28), signed_on=None)
    agreement.ends_on = dt.date(2025, 1, 1)

    assert_refused_by("agreement_ends_not_before_effective", agreement.save)


def test_agreement_ends_before_signed_is_refused():
    agreement = AgreementFactory(signed_on=dt.date(2025, 10, 28))
    agreement.ends_on = dt.date(2025, 1, 1)

    assert_refused_by("agreement_ends_not_before_signed", agreement.save)


def test_agreement_value_without_currency_is_refused():
    agreement = AgreementFactory()
    agreement.value = 1_000_000_000

    assert_refused_by("agreement_value_has_currency", agreement.save)


def test_agreement_binding_null_in_database_is_refused():
    agreement = AgreementFactory()

    assert_refused_by(
        "agreement_binding_is_known",
        lambda: Agreement.objects.filter(pk=agreement.pk).update(is_binding=None),
    )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("mou", False),
        ("loi", False),
        ("term-sheet", False),
        ("definitive", True),
        ("licence", True),
    ],
)
def test_agreement_binding_defaults_by_kind(kind, expected):
    agreement = AgreementFactory(kind=kind)

    assert Agreement.objects.get(pk=agreement.pk).is_binding is expected


def test_agreement_mou_can_be_marked_binding():
    agreement = AgreementFactory(kind="mou", is_binding=True)

    assert Agreement.objects.get(pk=agreement.pk).is_binding is True


def test_agreement_badge_names_kind_and_binding():
    assert AgreementFactory(kind="mou").badge == "MOU · non-binding"
    assert AgreementFactory(kind="definitive").badge == "Definitive agreement · binding"


def test_agreement_link_to_itself_is_refused():
    agreement = AgreementFactory()

    assert_refused_by(
        "agreement_link_not_to_self",
        lambda: AgreementLink.objects.create(
            from_agreement=agreement, to_agreement=agreement, kind="leads-to"
        ),
    )


def test_agreement_link_duplicate_is_refused():
    mou = AgreementFactory(kind="mou")
    definitive = AgreementFactory(partnership=mou.partnership)
    AgreementLink.objects.create(from_agreement=mou, to_agreement=definitive, kind="leads-to")

    assert_refused_by(
        "agreement_link_once",
        lambda: AgreementLink.objects.create(
            from_agreement=mou, to_agreement=definitive, kind="leads-to"
        ),
    )


def test_term_topic_duplicate_within_agreement_is_refused():
    term = AgreementTermFactory(topic="cloud-exclusivity")

    assert_refused_by(
        "term_topic_once",
        lambda: AgreementTermFactory(agreement=term.agreement, topic="cloud-exclusivity"),
    )


def test_term_topic_shared_across_agreements_is_allowed():
    first = AgreementTermFactory(topic="ip-rights")
    second = AgreementTermFactory(topic="ip-rights")

    assert first.agreement_id != second.agreement_id


@pytest.mark.parametrize(
    ("model_factory", "constraint"),
    [
        (CompanyFactory, "partnerships_company_slug_key"),
        (PartnershipFactory, "partnerships_partnership_slug_key"),
        (AgreementFactory, "partnerships_agreement_slug_key"),
    ],
)
def test_duplicate_slug_is_refused(model_factory, constraint):
    first = model_factory()
    second = model_factory()
    second.slug = first.slug

    assert_refused_by(constraint, second.save)


def test_duplicate_event_slug_is_refused():
    first = EventFactory()
    second = EventFactory(partnership=first.partnership)
    second.slug = first.slug

    assert_refused_by("partnerships_event_slug_key", second.save)


def test_slug_made_unique_from_name():
    first = EventFactory(title="Microsoft invests $1 billion")
    second = EventFactory(title="Microsoft invests $1 billion", partnership=first.partnership)

    assert (first.slug, second.slug) == (
        "microsoft-invests-1-billion",
        "microsoft-invests-1-billion-2",
    )


def test_duplicate_company_name_is_refused():
    Company.objects.create(name="Microsoft")

    assert_refused_by(
        "partnerships_company_name_key",
        lambda: Company.objects.create(name="Microsoft", slug="microsoft-2"),
    )


def test_party_company_twice_in_partnership_is_refused():
    partnership = PartnershipFactory()
    company = partnership.companies.first()

    assert_refused_by(
        "party_company_once_per_partnership",
        lambda: Party.objects.create(partnership=partnership, company=company),
    )


def test_source_cited_by_event_cannot_be_deleted():
    citation = EventCitationFactory()

    with pytest.raises(ProtectedError):
        citation.source.delete()

    assert Source.objects.filter(pk=citation.source.pk).exists()


def test_source_cited_by_quote_cannot_be_deleted():
    quote = QuoteFactory(source=SourceFactory())

    with pytest.raises(ProtectedError):
        quote.source.delete()


def test_source_uncited_can_be_deleted():
    source = SourceFactory()

    source.delete()

    assert not Source.objects.filter(title=source.title).exists()


def test_event_cites_several_sources():
    event = EventFactory()
    EventCitationFactory(event=event)
    EventCitationFactory(event=event)

    assert event.sources.count() == 2


def test_event_agreement_from_other_partnership_fails_clean():
    event = EventFactory()
    event.agreement = AgreementFactory()

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "agreement" in error.value.message_dict


def test_event_agreement_from_same_partnership_passes_clean():
    event = EventFactory()
    event.agreement = AgreementFactory(partnership=event.partnership)

    event.full_clean()


def test_distinct_parties_requires_two_companies():
    company = CompanyFactory()

    with pytest.raises(ValidationError):
        validate_distinct_parties([company, company])

    validate_distinct_parties([company, CompanyFactory()])


def test_event_when_formats_at_precision():
    event = EventFactory(date=dt.date(2023, 11, 1), precision="month")

    assert event.when == "Nov 2023"


def test_str_of_records_is_readable():
    event = EventFactory(title="MOU signed", date=dt.date(2025, 9, 11))
    quote = QuoteFactory(speaker="Sam Altman", text="Short.")

    assert str(event) == "11 Sep 2025 — MOU signed"
    assert str(quote) == "Sam Altman: “Short.”"


@pytest.mark.parametrize("title", ["Add", "Deleted", "Agreement options"])
def test_slug_never_takes_a_reserved_path_word(title):
    event = EventFactory(title=title)

    assert event.slug not in {"add", "deleted", "agreement-options"}


# --- versions: every write moves them, whatever the path ----------------------------------

VERSIONED = [
    (CompanyFactory, "description"),
    (PartnershipFactory, "summary"),
    (SourceFactory, "author"),
    (AgreementFactory, "summary"),
    (AgreementTermFactory, "text"),
    (EventFactory, "summary"),
    (QuoteFactory, "speaker_title"),
]


@pytest.mark.parametrize(("factory", "field"), VERSIONED)
def test_version_moves_on_queryset_update(factory, field):
    record = factory()
    model = type(record)

    model.objects.filter(pk=record.pk).update(**{field: "Changed in bulk"})

    assert model.objects.get(pk=record.pk).version == record.version + 1


@pytest.mark.parametrize(("factory", "field"), VERSIONED)
def test_version_moves_on_raw_sql_update(factory, field):
    record = factory()
    model = type(record)
    table, column = model._meta.db_table, model._meta.get_field(field).column

    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE {table} SET "{column}" = %s WHERE id = %s', ["Raw", record.pk])

    assert model.objects.get(pk=record.pk).version == record.version + 1


@pytest.mark.parametrize(("factory", "field"), VERSIONED)
def test_version_moves_once_on_save(factory, field):
    record = factory()
    setattr(record, field, "Saved")

    record.save()

    assert record.version == 2
    assert type(record).objects.get(pk=record.pk).version == 2


def test_version_stays_when_an_update_changes_nothing_but_the_search_document():
    event = EventFactory()

    QuoteFactory(event=event)  # its trigger rewrites the event's search document
    Event.objects.filter(pk=event.pk).update(search_vector=None)

    assert Event.objects.get(pk=event.pk).version == 1


def test_version_of_a_stale_save_is_refused_and_left_as_loaded():
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(title="Theirs")
    event.title = "Mine"

    with pytest.raises(StaleVersionError):
        event.save()

    assert event.version == 1
    assert Event.objects.get(pk=event.pk).title == "Theirs"


def test_version_with_update_fields_moves_too():
    event = EventFactory()
    event.title = "Only the title"

    event.save(update_fields=["title"])

    assert (event.version, Event.objects.get(pk=event.pk).version) == (2, 2)
