"""Reading agreements: comparing their terms (partnerships/queries/agreements.py)."""

import pytest

from partnerships.queries.agreements import compare_terms
from tests.factories import AgreementFactory, AgreementTermFactory

pytestmark = pytest.mark.django_db


def test_compare_terms_reports_added_removed_changed_unchanged():
    older = AgreementFactory(kind="mou")
    newer = AgreementFactory(partnership=older.partnership)
    AgreementTermFactory(agreement=older, topic="ai-safety", heading="Safety", text="Commit.")
    AgreementTermFactory(agreement=newer, topic="ai-safety", heading="Safety", text="Commit.")
    AgreementTermFactory(agreement=older, topic="cloud", heading="Cloud", text="Exclusive.")
    AgreementTermFactory(agreement=newer, topic="cloud", heading="Cloud", text="ROFR only.")
    AgreementTermFactory(agreement=older, topic="community", heading="Community")
    AgreementTermFactory(agreement=newer, topic="ip-rights", heading="IP through 2032")

    changes = {change.topic: change.status for change in compare_terms(older, newer)}

    assert changes == {
        "ai-safety": "unchanged",
        "cloud": "changed",
        "community": "removed",
        "ip-rights": "added",
    }
