"""Writing partnerships with their parties."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from partnerships.models import Partnership, Party
from partnerships.services.history import recorded_as


def save_partnership(
    *,
    partnership: Partnership,
    parties: Iterable[Party] = (),
    removed_parties: Iterable[Party] = (),
    user=None,
) -> Partnership:
    """Save a partnership with the parties that changed, in one transaction.

    Removals go first, so a company removed and added again in one save does not meet
    itself; a StaleVersionError or IntegrityError from any step rolls back every step.
    """
    with transaction.atomic(), recorded_as(user):
        partnership.save()
        for party in removed_parties:
            party.delete()
        for party in parties:
            party.partnership = partnership
            party.save()
    return partnership
