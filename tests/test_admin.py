"""The admin: every model is registered, renders, searches and lists without N+1 queries."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships import models
from tests.factories import (
    AgreementCitationFactory,
    AgreementFactory,
    AgreementLinkFactory,
    AgreementTermFactory,
    CompanyFactory,
    EventCitationFactory,
    EventFactory,
    PartnershipFactory,
    PartyFactory,
    QuoteFactory,
    SourceFactory,
    TermCitationFactory,
)

ADMIN_MODELS = [
    models.Company,
    models.Partnership,
    models.Party,
    models.Source,
    models.Agreement,
    models.AgreementTerm,
    models.AgreementLink,
    models.Event,
    models.EventCitation,
    models.AgreementCitation,
    models.TermCitation,
    models.Quote,
]

TOO_FEW_PARTIES = "A partnership needs at least two distinct companies as parties."


# --- builders: one row of a model with the related rows its changelist shows --------------


def build_company():
    company = CompanyFactory()
    partnership = PartnershipFactory(parties=[company, CompanyFactory()])
    EventFactory(partnership=partnership).companies.add(company)
    return company


def build_partnership():
    partnership = PartnershipFactory()
    AgreementFactory(partnership=partnership)
    EventFactory(partnership=partnership)
    return partnership


def build_party():
    return PartyFactory(role=models.Party.Role.INVESTOR)


def build_source():
    source = SourceFactory()
    EventCitationFactory(source=source)
    AgreementCitationFactory(source=source)
    TermCitationFactory(source=source)
    QuoteFactory(source=source)
    return source


def build_agreement():
    agreement = AgreementFactory()
    TermCitationFactory(term=AgreementTermFactory(agreement=agreement))
    AgreementCitationFactory(agreement=agreement)
    AgreementLinkFactory(from_agreement=agreement)
    return agreement


def build_term():
    term = AgreementTermFactory()
    TermCitationFactory(term=term)
    return term


def build_link():
    return AgreementLinkFactory()


def build_event():
    partnership = PartnershipFactory()
    event = EventFactory(
        partnership=partnership, agreement=AgreementFactory(partnership=partnership)
    )
    event.companies.set(partnership.companies.all())
    EventCitationFactory(event=event)
    QuoteFactory(event=event, company=partnership.companies.first(), source=SourceFactory())
    return event


def build_event_citation():
    return EventCitationFactory()


def build_agreement_citation():
    return AgreementCitationFactory()


def build_term_citation():
    return TermCitationFactory()


def build_quote():
    event = build_event()
    return QuoteFactory(event=event, company=CompanyFactory(), source=SourceFactory())


BUILDERS = {
    models.Company: build_company,
    models.Partnership: build_partnership,
    models.Party: build_party,
    models.Source: build_source,
    models.Agreement: build_agreement,
    models.AgreementTerm: build_term,
    models.AgreementLink: build_link,
    models.Event: build_event,
    models.EventCitation: build_event_citation,
    models.AgreementCitation: build_agreement_citation,
    models.TermCitation: build_term_citation,
    models.Quote: build_quote,
}


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def management_form(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def dataset():
    """A small realistic data set: an MOU that led to a definitive agreement, and its events."""
    microsoft = CompanyFactory(name="Microsoft", kind=models.Company.Kind.PUBLIC)
    openai = CompanyFactory(name="OpenAI", kind=models.Company.Kind.NONPROFIT)
    partnership = PartnershipFactory(name="Microsoft and OpenAI", parties=[microsoft, openai])
    report = SourceFactory(title="Microsoft and OpenAI sign a new agreement")
    mou = AgreementFactory(
        partnership=partnership,
        title="Non-binding MOU",
        kind=models.Agreement.Kind.MOU,
        status=models.Agreement.Status.SUPERSEDED,
        signed_on=dt.date(2025, 9, 11),
    )
    definitive = AgreementFactory(partnership=partnership, title="Definitive agreement")
    term = AgreementTermFactory(agreement=definitive, topic="cloud-exclusivity")
    AgreementLinkFactory(from_agreement=mou, to_agreement=definitive)
    AgreementCitationFactory(agreement=definitive, source=report)
    TermCitationFactory(term=term, source=report)
    event = EventFactory(
        partnership=partnership,
        agreement=definitive,
        kind=models.Event.Kind.SIGNING,
        title="Definitive agreement signed",
        date=dt.date(2025, 10, 28),
    )
    event.companies.set([microsoft, openai])
    EventCitationFactory(event=event, source=report)
    QuoteFactory(event=event, company=microsoft, source=report)
    return partnership


def test_admin_registers_every_partnerships_model():
    # Arrange
    # History rows are browsed through pghistory's own admin; an event's companies
    # are edited inline on the event.
    app_models = {
        model
        for model in apps.get_app_config("partnerships").get_models()
        if not hasattr(model, "pgh_tracked_model") and model is not models.EventCompany
    }

    # Act
    registered = {model for model in app_models if admin.site.is_registered(model)}

    # Assert
    assert registered == app_models == set(ADMIN_MODELS)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model.__name__)
def test_changelist_renders_with_data(admin_client, dataset, model):
    # Arrange
    url = admin_url(model, "changelist")

    # Act
    response = admin_client.get(url)

    # Assert
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model.__name__)
def test_change_form_renders_for_existing_object(admin_client, dataset, model):
    # Arrange
    obj = model._default_manager.first()

    # Act
    response = admin_client.get(admin_url(model, "change", obj.pk))

    # Assert
    assert response.status_code == 200
    assert response.context["original"] == obj


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model.__name__)
def test_add_form_renders(admin_client, model):
    # Act
    response = admin_client.get(admin_url(model, "add"))

    # Assert
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model.__name__)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, model):
    # Arrange
    build = BUILDERS[model]
    url = admin_url(model, "changelist")
    build()
    admin_client.get(url)  # warm per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as one_row:
        response = admin_client.get(url)
    rows_before = response.context["cl"].result_count
    for _ in range(19):
        build()

    # Act
    with CaptureQueriesContext(connection) as twenty_rows:
        response = admin_client.get(url)

    # Assert
    assert response.context["cl"].result_count >= rows_before + 19
    assert len(twenty_rows) == len(one_row), "\n".join(q["sql"] for q in twenty_rows)


# The queries each changelist makes, whatever its number of rows (measured once).
CHANGELIST_QUERIES = {
    models.Company: 5,
    models.Partnership: 6,
    models.Party: 5,
    models.Source: 8,
    models.Agreement: 5,
    models.AgreementTerm: 5,
    models.AgreementLink: 5,
    models.Event: 7,
    models.EventCitation: 5,
    models.AgreementCitation: 5,
    models.TermCitation: 5,
    models.Quote: 5,
}


@pytest.mark.django_db
@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize(
    ("model", "queries"),
    CHANGELIST_QUERIES.items(),
    ids=[model.__name__ for model in CHANGELIST_QUERIES],
)
def test_changelist_query_count_is_fixed(
    admin_client, django_assert_num_queries, model, queries, item_count
):
    # Arrange
    url = admin_url(model, "changelist")
    for _ in range(item_count):
        BUILDERS[model]()

    # Act
    with django_assert_num_queries(queries):
        response = admin_client.get(url)

    # Assert
    assert response.status_code == 200
    assert response.context["cl"].result_count == model._default_manager.count() >= item_count


@pytest.mark.django_db
def test_partnership_add_rejects_a_single_company(admin_client):
    # Arrange
    company = CompanyFactory(name="Lonely Corp")
    data = {
        "name": "Solo venture",
        "slug": "",
        "summary": "",
        "status": models.Partnership.Status.ACTIVE,
        **management_form("parties", total=2),
        "parties-0-company": str(company.pk),
        "parties-0-role": models.Party.Role.INVESTOR,
        "parties-1-company": "",
        "parties-1-role": models.Party.Role.PARTNER,
    }

    # Act
    response = admin_client.post(admin_url(models.Partnership, "add"), data)

    # Assert
    assert response.status_code == 200
    assert TOO_FEW_PARTIES in response.content.decode()
    assert not models.Partnership.objects.exists()
    assert not models.Party.objects.exists()


@pytest.mark.django_db
def test_partnership_add_rejects_the_same_company_twice(admin_client):
    # Arrange
    company = CompanyFactory(name="Lonely Corp")
    data = {
        "name": "Solo venture",
        "slug": "",
        "summary": "",
        "status": models.Partnership.Status.ACTIVE,
        **management_form("parties", total=2),
        "parties-0-company": str(company.pk),
        "parties-0-role": models.Party.Role.INVESTOR,
        "parties-1-company": str(company.pk),
        "parties-1-role": models.Party.Role.INVESTEE,
    }

    # Act
    response = admin_client.post(admin_url(models.Partnership, "add"), data)

    # Assert
    assert response.status_code == 200
    assert "Please correct the duplicate data for company." in response.content.decode()
    assert not models.Partnership.objects.exists()
    assert not models.Party.objects.exists()


@pytest.mark.django_db
def test_partnership_change_rejects_deleting_down_to_one_party(admin_client):
    # Arrange
    partnership = PartnershipFactory(name="Microsoft and OpenAI")
    first, second = partnership.parties.all()
    data = {
        "name": partnership.name,
        "slug": partnership.slug,
        "summary": partnership.summary,
        "status": partnership.status,
        **management_form("parties", total=2, initial=2),
        "parties-0-id": str(first.pk),
        "parties-0-partnership": str(partnership.pk),
        "parties-0-company": str(first.company_id),
        "parties-0-role": first.role,
        "parties-1-id": str(second.pk),
        "parties-1-partnership": str(partnership.pk),
        "parties-1-company": str(second.company_id),
        "parties-1-role": second.role,
        "parties-1-DELETE": "on",
    }

    # Act
    response = admin_client.post(admin_url(models.Partnership, "change", partnership.pk), data)

    # Assert
    assert response.status_code == 200
    assert TOO_FEW_PARTIES in response.content.decode()
    assert partnership.parties.count() == 2


@pytest.mark.django_db
def test_partnership_add_accepts_two_distinct_companies(admin_client):
    # Arrange
    microsoft = CompanyFactory(name="Microsoft")
    openai = CompanyFactory(name="OpenAI")
    data = {
        "name": "Microsoft and OpenAI",
        "slug": "",
        "summary": "",
        "status": models.Partnership.Status.ACTIVE,
        **management_form("parties", total=2),
        "parties-0-company": str(microsoft.pk),
        "parties-0-role": models.Party.Role.INVESTOR,
        "parties-1-company": str(openai.pk),
        "parties-1-role": models.Party.Role.INVESTEE,
    }

    # Act
    response = admin_client.post(admin_url(models.Partnership, "add"), data)

    # Assert
    assert response.status_code == 302
    partnership = models.Partnership.objects.get()
    assert partnership.slug == "microsoft-and-openai"
    assert set(partnership.companies.all()) == {microsoft, openai}


@pytest.mark.django_db
def test_event_add_rejects_agreement_of_another_partnership(admin_client):
    # Arrange
    partnership = PartnershipFactory()
    foreign_agreement = AgreementFactory()
    data = {
        "partnership": str(partnership.pk),
        "agreement": str(foreign_agreement.pk),
        "kind": models.Event.Kind.SIGNING,
        "title": "Signed",
        "slug": "",
        "date": "2025-10-28",
        "precision": "day",
        "end_date": "",
        "end_precision": "day",
        "significance": str(models.Event.Significance.MAJOR),
        "summary": "",
        **management_form("citations"),
        **management_form("quotes"),
    }

    # Act
    response = admin_client.post(admin_url(models.Event, "add"), data)

    # Assert
    assert response.status_code == 200
    assert "This agreement belongs to another partnership than the event." in (
        response.content.decode()
    )
    assert not models.Event.objects.exists()


@pytest.mark.django_db
def test_agreement_add_fills_unknown_binding_from_kind(admin_client):
    # Arrange
    partnership = PartnershipFactory()
    data = {
        "partnership": str(partnership.pk),
        "title": "Memorandum of understanding",
        "slug": "",
        "kind": models.Agreement.Kind.MOU,
        "is_binding": "unknown",
        "status": models.Agreement.Status.SIGNED,
        "announced_on": "",
        "signed_on": "2025-09-11",
        "effective_on": "",
        "ends_on": "",
        "value": "",
        "currency": "",
        "summary": "",
        **management_form("terms"),
        **management_form("links_out"),
        **management_form("citations"),
    }

    # Act
    response = admin_client.post(admin_url(models.Agreement, "add"), data)

    # Assert
    assert response.status_code == 302
    agreement = models.Agreement.objects.get()
    assert agreement.is_binding is False
    assert agreement.badge == "MOU · non-binding"


@pytest.mark.django_db
def test_event_changelist_search_finds_by_title(admin_client):
    # Arrange
    wanted = EventFactory(title="Stargate data centre announced")
    EventFactory(title="Observer seat on the board")

    # Act
    response = admin_client.get(admin_url(models.Event, "changelist"), {"q": "stargate"})

    # Assert
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.django_db
def test_event_changelist_search_finds_by_company_name(admin_client):
    # Arrange
    nvidia = CompanyFactory(name="Nvidia")
    wanted = EventFactory(title="Chips deal")
    wanted.companies.add(nvidia)
    EventFactory(title="Cloud deal")

    # Act
    response = admin_client.get(admin_url(models.Event, "changelist"), {"q": "nvidia"})

    # Assert
    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.django_db
def test_company_changelist_search_finds_by_name(admin_client):
    # Arrange
    wanted = CompanyFactory(name="OpenAI")
    CompanyFactory(name="Microsoft")

    # Act
    response = admin_client.get(admin_url(models.Company, "changelist"), {"q": "openai"})

    # Assert
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.django_db
def test_admin_stale_change_form_is_refused_and_keeps_the_other_save(admin_client):
    # Arrange: an event loaded at version 1, then saved by someone else (version 2).
    event = EventFactory(title="Original title")
    url = reverse("admin:partnerships_event_change", args=[event.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, (list, tuple))
    }
    data.update(
        title="My edit",
        date="2025-09-11",
        loaded_version=1,
        **{
            f"{prefix}-{key}": value
            for prefix in ("eventcompany_set", "citations", "quotes")
            for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        },
    )
    other = models.Event.objects.get(pk=event.pk)
    other.title = "Their edit"
    other.save()

    # Act
    response = admin_client.post(url, data)

    # Assert
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert models.Event.objects.get(pk=event.pk).title == "Their edit"


# --- cited or flagged -----------------------------------------------------------------------


def event_add_data(partnership, *, citations=(), is_unsourced=False) -> dict:
    data = {
        "partnership": str(partnership.pk),
        "kind": models.Event.Kind.STATEMENT,
        "title": "A statement",
        "slug": "",
        "date": "2025-09-11",
        "precision": "day",
        "end_date": "",
        "end_precision": "day",
        "significance": str(models.Event.Significance.NOTABLE),
        "summary": "",
        **management_form("citations", total=len(citations)),
        **management_form("quotes"),
        **management_form("eventcompany_set"),
    }
    if is_unsourced:
        data["is_unsourced"] = "on"
    for index, source in enumerate(citations):
        data |= {
            f"citations-{index}-source": str(source.pk),
            f"citations-{index}-excerpt": "",
            f"citations-{index}-gives_date": "2025-09-15",
            f"citations-{index}-gives_precision": "day",
        }
    return data


@pytest.mark.django_db
def test_event_add_without_a_citation_or_the_flag_is_refused(admin_client):
    data = event_add_data(PartnershipFactory())

    response = admin_client.post(admin_url(models.Event, "add"), data)

    assert response.status_code == 200
    assert (
        "Cite at least one source, or tick “Unsourced” to publish it without one."
        in response.content.decode()
    )
    assert not models.Event.objects.exists()


@pytest.mark.django_db
def test_event_add_flagged_unsourced_is_saved(admin_client):
    data = event_add_data(PartnershipFactory(), is_unsourced=True)

    response = admin_client.post(admin_url(models.Event, "add"), data)

    assert response.status_code == 302
    assert models.Event.objects.get().is_unsourced is True


@pytest.mark.django_db
def test_event_add_with_a_citation_clears_the_flag_and_keeps_the_date_it_gives(admin_client):
    data = event_add_data(PartnershipFactory(), citations=[SourceFactory()], is_unsourced=True)

    response = admin_client.post(admin_url(models.Event, "add"), data)

    assert response.status_code == 302
    event = models.Event.objects.get()
    assert event.is_unsourced is False
    assert event.citations.get().gives_date == dt.date(2025, 9, 15)


@pytest.mark.django_db
def test_deleting_an_events_only_citation_in_the_admin_is_refused(admin_client):
    citation = EventCitationFactory(event=EventFactory(is_unsourced=False, title="Cited once"))

    response = admin_client.post(
        admin_url(models.EventCitation, "delete", citation.pk), {"post": "yes"}
    )

    assert "Cited once — its only source" in response.content.decode()
    assert models.EventCitation.objects.filter(pk=citation.pk).exists()
