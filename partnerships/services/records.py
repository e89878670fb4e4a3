"""Multi-step writes behind the editors' record forms, each in one transaction.

A record and its rows (parties, key terms, links) are saved together or not at all:
a StaleVersionError or IntegrityError from any step rolls back every step.
"""

from __future__ import annotations

from django.db import transaction

from partnerships.forms.records import LinkDirection
from partnerships.models import Agreement, AgreementLink, Company, Partnership


def save_company(*, form) -> Company:
    with transaction.atomic():
        return form.save()


def save_partnership(*, form, parties_formset) -> Partnership:
    with transaction.atomic():
        partnership = form.save()
        parties_formset.instance = partnership
        parties_formset.save()
    return partnership


def save_agreement(*, form, terms_formset, links_formset) -> Agreement:
    with transaction.atomic():
        agreement = form.save()
        terms_formset.instance = agreement
        terms_formset.save()
        save_links(agreement=agreement, links_formset=links_formset)
    return agreement


def save_links(*, agreement: Agreement, links_formset) -> None:
    """Store each row as AgreementLink(from, to, kind), whichever end it was typed at.

    Removals go first, so that a link removed and typed again in one save does not
    collide with itself.
    """
    rows = [form.cleaned_data for form in links_formset.forms if form.cleaned_data]
    for row in rows:
        if row.get("DELETE") and row.get("link"):
            row["link"].delete()
    for row in rows:
        if row.get("DELETE"):
            continue
        link = row.get("link") or AgreementLink()
        ends = (agreement, row["other"])
        if row["direction"] == LinkDirection.TO_THIS:
            ends = ends[::-1]
        wanted = (ends[0].pk, ends[1].pk, row["kind"], row["note"])
        if link.pk and wanted == (
            link.from_agreement_id,
            link.to_agreement_id,
            link.kind,
            link.note,
        ):
            continue
        link.from_agreement, link.to_agreement = ends
        link.kind, link.note = row["kind"], row["note"]
        link.save()
