"""The ``loaddemo`` command and the demo data it loads (partnerships/sample_data/demo/)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from partnerships.models import (
    Agreement,
    AgreementLink,
    Company,
    Event,
    Partnership,
    Quote,
    Source,
)
from tests.factories import EventFactory
from tests.helpers import DEFINITIVE, MOU, MOU_EVENT, snapshot


def loaddemo(*args) -> str:
    out = StringIO()
    call_command("loaddemo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_loaddemo_twice_keeps_identical_rows():
    loaddemo()
    first = snapshot()
    loaddemo()
    second = snapshot()

    assert {table: len(rows) for table, rows in second.items()} == {
        table: len(rows) for table, rows in first.items()
    }
    assert second == first
    assert all(first[table] for table in first), "every table gets demo rows"


@pytest.mark.django_db
def test_loaddemo_output_reports_what_it_did():
    assert "created 8 companies" in loaddemo()
    assert "created nothing" in loaddemo()


@pytest.mark.django_db
def test_mou_is_non_binding_superseded_and_leads_to_definitive():
    loaddemo()
    mou = Agreement.objects.get(slug=MOU)
    definitive = Agreement.objects.get(slug=DEFINITIVE)

    assert mou.kind == Agreement.Kind.MOU
    assert mou.is_binding is False
    assert mou.status == Agreement.Status.SUPERSEDED
    assert definitive.kind == Agreement.Kind.DEFINITIVE
    assert definitive.is_binding is True
    assert AgreementLink.objects.filter(
        from_agreement=mou, to_agreement=definitive, kind=AgreementLink.Kind.LEADS_TO
    ).exists()
    assert AgreementLink.objects.filter(
        from_agreement=definitive, to_agreement=mou, kind=AgreementLink.Kind.SUPERSEDES
    ).exists()


@pytest.mark.django_db
def test_mou_and_definitive_share_term_topics():
    loaddemo()
    mou_topics = set(Agreement.objects.get(slug=MOU).terms.values_list("topic", flat=True))
    definitive_topics = set(
        Agreement.objects.get(slug=DEFINITIVE).terms.values_list("topic", flat=True)
    )

    assert len(mou_topics & definitive_topics) >= 3
    assert {"equity-stake", "ip-rights", "agi-verification", "azure-commitment"} <= (
        definitive_topics
    )


@pytest.mark.django_db
def test_partnerships_include_multi_party_stargate():
    loaddemo()
    party_counts = {p.slug: p.parties.count() for p in Partnership.objects.all()}

    assert len(party_counts) >= 3
    assert max(party_counts.values()) >= 3
    stargate = Partnership.objects.get(slug="stargate")
    roles = dict(stargate.parties.values_list("company__name", "role"))
    assert roles["Microsoft"] == "technology-partner"
    assert {roles[name] for name in ("SoftBank", "OpenAI", "Oracle", "MGX")} == {"equity-funder"}


@pytest.mark.django_db
def test_mou_event_cites_several_sources():
    loaddemo()
    event = Event.objects.get(slug=MOU_EVENT)

    assert event.agreement.slug == MOU
    assert event.citations.values("source").distinct().count() >= 2
    assert event.citations.filter(excerpt__contains="15 September 2025").exists()


@pytest.mark.django_db
def test_mou_event_records_the_date_the_trade_press_gives_as_data():
    loaddemo()
    event = Event.objects.get(slug=MOU_EVENT)

    disagreeing = event.citations.exclude(gives_date=None)

    assert list(disagreeing.values_list("source__publisher", "gives_date", "gives_precision")) == [
        ("Trade press report", dt.date(2025, 9, 15), "day")
    ]
    assert "15 September" not in event.summary  # data now, not prose


@pytest.mark.django_db
def test_demo_events_are_all_cited_none_flagged_unsourced():
    loaddemo()

    assert not Event.objects.unsourced().exists()


@pytest.mark.django_db
def test_mou_event_quotes_nadella_and_altman():
    loaddemo()
    quotes = Quote.objects.filter(event__slug=MOU_EVENT)

    nadella = quotes.get(speaker="Satya Nadella")
    altman = quotes.get(speaker="Sam Altman")
    assert nadella.company.name == "Microsoft"
    assert altman.company.name == "OpenAI"
    assert nadella.text.startswith("Our partnership with OpenAI represents a shared vision")
    assert altman.text.startswith("This new MOU enables us to focus on what truly matters")
    assert nadella.source.publisher == "RichlyAI"


@pytest.mark.django_db
def test_seed_sources_have_empty_url():
    loaddemo()
    richlyai = Source.objects.get(
        title="OpenAI and Microsoft Strengthen AI Partnership with New MOU"
    )
    unnamed = Source.objects.get(
        title="Microsoft and OpenAI sign non-binding MOU for next phase of partnership"
    )

    assert richlyai.url == ""
    assert unnamed.url == ""
    assert richlyai.author == "Lazarus Omolua"
    assert unnamed.publisher == ""


@pytest.mark.django_db
def test_events_each_cite_a_source_with_excerpt():
    loaddemo()

    for event in Event.objects.all():
        assert event.citations.exclude(excerpt="").exists(), event.slug
        assert 1 <= event.significance <= 3
        assert event.companies.exists(), event.slug


@pytest.mark.django_db
def test_observer_seat_events_are_known_to_the_month():
    loaddemo()
    events = Event.objects.filter(slug__contains="observer-seat")

    assert [e.when for e in events] == ["Nov 2023", "Jul 2024"]


@pytest.mark.django_db
def test_loaddemo_if_empty_does_nothing_when_events_exist():
    EventFactory()
    before = snapshot()

    output = loaddemo("--if-empty")

    assert "Skipped" in output
    assert snapshot() == before
    assert not Company.objects.filter(name="Microsoft").exists()


@pytest.mark.django_db
def test_loaddemo_if_empty_loads_into_empty_database():
    output = loaddemo("--if-empty")

    assert "Loaded" in output
    assert Event.objects.count() == 12
