"""Writing partnerships with their parties through the service."""

import pytest
from django.db import IntegrityError

from partnerships.models import (
    Partnership,
    PartnershipHistory,
    Party,
    PartyHistory,
    StaleVersionError,
)
from partnerships.services.partnerships import save_partnership
from tests.factories import CompanyFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def companies():
    return CompanyFactory(name="Microsoft"), CompanyFactory(name="OpenAI")


def parties_of(partnership) -> list[tuple[str, str]]:
    rows = Party.objects.filter(partnership=partnership).order_by("company__name")
    return [(party.company.name, party.role) for party in rows]


def test_save_partnership_creates_it_with_its_parties(editor, companies):
    microsoft, openai = companies
    partnership = Partnership(name="Microsoft–OpenAI")

    save_partnership(
        partnership=partnership,
        parties=[
            Party(company=microsoft, role=Party.Role.INVESTOR),
            Party(company=openai, role=Party.Role.INVESTEE),
        ],
        user=editor,
    )

    stored = Partnership.objects.get(pk=partnership.pk)
    assert (stored.name, stored.slug) == ("Microsoft–OpenAI", "microsoftopenai")
    assert parties_of(stored) == [("Microsoft", "investor"), ("OpenAI", "investee")]


def test_save_partnership_history_names_the_user(editor, companies):
    microsoft, openai = companies
    partnership = Partnership(name="Microsoft–OpenAI")

    save_partnership(
        partnership=partnership,
        parties=[Party(company=microsoft), Party(company=openai)],
        user=editor,
    )

    rows = [
        *PartnershipHistory.objects.filter(pgh_obj_id=partnership.pk),
        *PartyHistory.objects.filter(partnership_id=partnership.pk),
    ]
    assert [(row.pgh_label, row.pgh_context.metadata["user"]) for row in rows] == [
        ("insert", editor.pk)
    ] * 3


def test_save_partnership_integrity_error_in_a_party_rolls_back_everything(editor, companies):
    microsoft, _ = companies
    parties, histories = Party.objects.count(), PartnershipHistory.objects.count()

    with pytest.raises(IntegrityError):
        save_partnership(
            partnership=Partnership(name="Microsoft–Microsoft"),
            parties=[Party(company=microsoft), Party(company=microsoft)],
            user=editor,
        )

    assert not Partnership.objects.filter(name="Microsoft–Microsoft").exists()
    assert (Party.objects.count(), PartnershipHistory.objects.count()) == (parties, histories)


def test_save_partnership_removes_before_it_adds(editor, companies):
    microsoft, openai = companies
    partnership = PartnershipFactory(parties=[microsoft, openai])
    old = Party.objects.get(partnership=partnership, company=microsoft)

    save_partnership(
        partnership=partnership,
        parties=[Party(company=microsoft, role=Party.Role.CLOUD_PROVIDER)],
        removed_parties=[old],
        user=editor,
    )

    assert parties_of(partnership) == [("Microsoft", "cloud-provider"), ("OpenAI", "partner")]
    assert Party.objects.filter(partnership=partnership, company=microsoft).count() == 1


def test_save_partnership_records_a_removed_party_under_the_user(editor, companies):
    microsoft, openai = companies
    partnership = PartnershipFactory(parties=[microsoft, openai])
    old = Party.objects.get(partnership=partnership, company=openai)
    old_pk = old.pk

    save_partnership(partnership=partnership, removed_parties=[old], user=editor)

    row = PartyHistory.objects.filter(pgh_obj_id=old_pk).latest("pgh_id")
    assert (row.pgh_label, row.pgh_context.metadata["user"]) == ("delete", editor.pk)
    assert parties_of(partnership) == [("Microsoft", "partner")]


def test_save_partnership_with_a_stale_version_raises_and_writes_nothing(editor, companies):
    microsoft, openai = companies
    partnership = PartnershipFactory(name="Old name", parties=[microsoft, openai])
    theirs = Partnership.objects.get(pk=partnership.pk)
    theirs.summary = "Saved first."
    save_partnership(partnership=theirs, user=editor)
    removed = Party.objects.get(partnership=partnership, company=openai)
    partnership.name = "New name"

    with pytest.raises(StaleVersionError):
        save_partnership(
            partnership=partnership,
            parties=[Party(company=CompanyFactory(name="Nvidia"))],
            removed_parties=[removed],
            user=editor,
        )

    stored = Partnership.objects.get(pk=partnership.pk)
    assert (stored.name, stored.summary, stored.version) == ("Old name", "Saved first.", 2)
    assert parties_of(stored) == [("Microsoft", "partner"), ("OpenAI", "partner")]
