"""Writing companies."""

from __future__ import annotations

from django.db import transaction

from partnerships.models import Company
from partnerships.services.history import recorded_as


def save_company(*, company: Company, user=None) -> Company:
    """Save a company (a new one, or one carrying the version its editor loaded)."""
    with transaction.atomic(), recorded_as(user):
        company.save()
    return company
