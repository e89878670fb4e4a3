"""An agreement's status on a date, derived from its dated milestones and links
(partnerships/queries/asof.py)."""

import datetime as dt

import pytest

from partnerships.models import Agreement, AgreementHistory, AgreementLink
from partnerships.queries.asof import (
    agreement_status_on,
    links_touching,
    published_by,
    recorded_by,
)
from tests.factories import AgreementFactory, PartnershipFactory, SourceFactory
from tests.helpers import DEFINITIVE, MOU

pytestmark = pytest.mark.django_db


def status_on(slug: str, day: dt.date) -> str | None:
    agreement = Agreement.objects.get(slug=slug)
    return agreement_status_on(agreement, day, links_touching([agreement.pk]))


def test_asof_mou_on_30_sep_2025_is_in_place_and_non_binding(demo):
    mou = Agreement.objects.get(slug=MOU)

    status = status_on(MOU, dt.date(2025, 9, 30))

    assert status == Agreement.Status.SIGNED
    assert mou.is_binding is False


def test_asof_definitive_agreement_does_not_exist_on_30_sep_2025(demo):
    assert status_on(DEFINITIVE, dt.date(2025, 9, 30)) is None


def test_asof_mou_is_superseded_on_1_nov_2025(demo):
    assert status_on(MOU, dt.date(2025, 11, 1)) == Agreement.Status.SUPERSEDED
    assert status_on(DEFINITIVE, dt.date(2025, 11, 1)) == Agreement.Status.SIGNED


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 12, 31), None),
        (dt.date(2025, 1, 1), "announced"),
        (dt.date(2025, 2, 1), "signed"),
        (dt.date(2025, 3, 1), "in-effect"),
        (dt.date(2026, 1, 1), "expired"),
    ],
)
def test_asof_status_follows_milestones(day, expected):
    agreement = AgreementFactory(
        announced_on=dt.date(2025, 1, 1),
        signed_on=dt.date(2025, 2, 1),
        effective_on=dt.date(2025, 3, 1),
        ends_on=dt.date(2025, 12, 31),
    )

    assert agreement_status_on(agreement, day, []) == expected


def test_asof_stage_recorded_without_its_date_begins_on_the_first_date():
    announced_only = AgreementFactory(
        status="in-effect", announced_on=dt.date(2025, 1, 1), signed_on=None
    )
    negotiating = AgreementFactory(
        status="negotiating", announced_on=dt.date(2025, 1, 1), signed_on=None
    )
    merely_announced = AgreementFactory(
        status="announced", announced_on=dt.date(2025, 1, 1), signed_on=None
    )

    day = dt.date(2025, 6, 1)
    assert agreement_status_on(announced_only, day, []) == "in-effect"
    assert agreement_status_on(negotiating, day, []) == "negotiating"
    assert agreement_status_on(merely_announced, day, []) == "announced"


def test_asof_terminated_by_a_dated_agreement():
    partnership = PartnershipFactory()
    deal = AgreementFactory(partnership=partnership, signed_on=dt.date(2020, 1, 1))
    ending = AgreementFactory(partnership=partnership, signed_on=dt.date(2024, 5, 1))
    AgreementLink.objects.create(from_agreement=ending, to_agreement=deal, kind="terminates")
    links = links_touching([deal.pk])

    assert agreement_status_on(deal, dt.date(2024, 4, 30), links) == "signed"
    assert agreement_status_on(deal, dt.date(2024, 5, 1), links) == "terminated"


def test_asof_binding_agreement_leading_to_another_stays_in_force():
    partnership = PartnershipFactory()
    investment = AgreementFactory(
        partnership=partnership, kind="investment", signed_on=dt.date(2019, 7, 22)
    )
    licence = AgreementFactory(
        partnership=partnership, kind="licence", signed_on=dt.date(2020, 9, 22)
    )
    AgreementLink.objects.create(from_agreement=investment, to_agreement=licence, kind="leads-to")

    assert agreement_status_on(
        investment, dt.date(2021, 1, 1), links_touching([investment.pk])
    ) == ("signed")


# --- free text as recorded by a date ---------------------------------------------------------


def test_recorded_by_gives_each_records_latest_row_by_then_in_one_query(
    django_assert_num_queries,
):
    first, second = AgreementFactory(summary="One."), AgreementFactory(summary="Two.")
    first.summary = "One, edited."
    first.save()
    rows = AgreementHistory.objects.filter(pgh_obj_id=first.pk).order_by("pgh_id")
    AgreementHistory.objects.filter(pgh_id=rows[1].pgh_id).update(
        pgh_created_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    )

    with django_assert_num_queries(1):
        found = recorded_by(
            Agreement, [first.pk, second.pk], dt.datetime(2029, 1, 1, tzinfo=dt.UTC)
        )

    assert {pk: row.summary for pk, row in found.items()} == {first.pk: "One.", second.pk: "Two."}


def test_recorded_by_leaves_out_records_entered_later():
    agreement = AgreementFactory()

    assert recorded_by(Agreement, [agreement.pk], dt.datetime(2020, 1, 1, tzinfo=dt.UTC)) == {}


@pytest.mark.parametrize(
    ("published_on", "precision", "expected"),
    [
        (dt.date(2025, 9, 30), "day", True),
        (dt.date(2025, 10, 1), "day", False),
        (dt.date(2025, 9, 1), "month", True),  # all of September is by the 30th
        (dt.date(2025, 7, 1), "quarter", True),
        (dt.date(2025, 1, 1), "year", False),  # 2025 may mean December
        (None, "day", False),  # undated: cannot be placed
    ],
)
def test_published_by_needs_the_whole_stated_period(published_on, precision, expected):
    source = SourceFactory.build(published_on=published_on, published_precision=precision)

    assert published_by(source, dt.date(2025, 9, 30)) is expected
