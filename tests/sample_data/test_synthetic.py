"""``manage.py gendata``: a synthetic data set that satisfies every constraint, quickly
(partnerships/sample_data/synthetic/)."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from partnerships.dates import period_start
from partnerships.models import Agreement, AgreementLink, Event, EventCitation

pytestmark = pytest.mark.django_db


def gendata(events=500, seed=7):
    out = io.StringIO()
    call_command("gendata", events=events, seed=seed, clear=True, stdout=out)
    return out.getvalue()


def test_gendata_makes_a_consistent_data_set():
    output = gendata()
    assert "Generated 500 events" in output

    assert Event.objects.count() == 500
    for date, precision, end, end_precision in Event.objects.values_list(
        "date", "precision", "end_date", "end_precision"
    ):
        assert date == period_start(date, precision)
        if end is not None:
            assert end >= date
            assert end == period_start(end, end_precision)

    busiest = (
        Event.objects.values("date").annotate(n=Count("id")).order_by("-n").values_list("n")[0][0]
    )
    assert busiest >= 3, "keyset pagination needs events sharing a date"

    # Chains: MOU --leads-to--> definitive, which supersedes it; amendments amend.
    leads = AgreementLink.objects.filter(kind=AgreementLink.Kind.LEADS_TO).select_related(
        "from_agreement", "to_agreement"
    )
    assert leads.exists()
    for link in leads:
        assert link.from_agreement.partnership_id == link.to_agreement.partnership_id
        assert AgreementLink.objects.filter(
            from_agreement=link.to_agreement,
            to_agreement=link.from_agreement,
            kind=AgreementLink.Kind.SUPERSEDES,
        ).exists()
    assert AgreementLink.objects.filter(kind=AgreementLink.Kind.AMENDS).exists()
    assert Agreement.objects.filter(status=Agreement.Status.TERMINATED).exists()
    assert not Agreement.objects.annotate(n=Count("terms")).filter(n__lt=2).exists()

    # Events belong to their agreement's partnership, and their companies to its parties.
    assert (
        not Event.objects.exclude(agreement=None)
        .exclude(agreement__partnership=F("partnership"))
        .exists()
    )
    for event in Event.objects.prefetch_related("companies", "partnership__companies")[:100]:
        assert set(event.companies.all()) <= set(event.partnership.companies.all())
        assert event.companies.exists()

    # Cited or flagged: a realistic few are published unsourced, and flagged so.
    assert not Event.objects.filter(citations=None, is_unsourced=False).exists()
    assert set(Event.objects.filter(is_unsourced=True)) == set(Event.objects.unsourced())
    assert Event.objects.unsourced().exists()
    # Now and then a source gives another day than the event's: the page shows it.
    assert EventCitation.objects.exclude(gives_date=None).exists()
    assert EventCitation.objects.exclude(excerpt="").count() == EventCitation.objects.count()
    assert not Event.objects.filter(search_vector=None).exists()
    assert Event.objects.filter(search_vector="cloud").exists()


def test_same_seed_same_data_and_zero_clears():
    gendata(events=200, seed=3)
    first = list(Event.objects.order_by("id").values_list("title", "date", "slug"))
    gendata(events=200, seed=3)
    assert list(Event.objects.order_by("id").values_list("title", "date", "slug")) == first

    gendata(events=200, seed=4)
    assert list(Event.objects.order_by("id").values_list("title", "date", "slug")) != first

    gendata(events=0)
    assert not Event.objects.exists()


def test_without_clear_it_adds_to_existing_rows():
    gendata(events=100, seed=1)
    call_command("gendata", events=100, seed=1, stdout=io.StringIO())
    assert Event.objects.count() == 200
    assert Event.objects.values("slug").distinct().count() == 200
