"""The partnership as it stood on a date: what had happened by then, and each agreement's
status then.

An agreement's recorded ``status`` says how things stand today. Its status on an
earlier date is derived instead from its dated milestones (announced, signed,
effective, ends) and from the dated agreements linked to it, so the same rules
answer for any date without a row per day.

Free text cannot be derived like that: a summary written today may describe what
happened since. So on a past date, text is shown as it was recorded by then (from the
history PostgreSQL keeps), and text written later is marked as such (``text_as_of``);
a source counts as known then if it was published by then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.db.models import Q

from partnerships.dates import period_end
from partnerships.models import Agreement, AgreementLink, AgreementTerm, Event, Source
from partnerships.queries.history import end_of_day, history_model_of

NOT_YET = "Not yet agreed"
STATUS_LABELS = dict(Agreement.Status.choices)
# Links that change the status of the agreement at their "to" end.
ENDING_KINDS = (AgreementLink.Kind.SUPERSEDES, AgreementLink.Kind.TERMINATES)
# Recorded statuses that mean the agreement was concluded at some point: one superseded,
# terminated or expired must have been signed first.
CONCLUDED = (
    Agreement.Status.SIGNED,
    Agreement.Status.IN_EFFECT,
    Agreement.Status.SUPERSEDED,
    Agreement.Status.TERMINATED,
    Agreement.Status.EXPIRED,
)


def first_dated(agreement: Agreement) -> dt.date | None:
    """When the agreement first existed on the record: its earliest milestone."""
    dates = [
        day
        for day in (agreement.announced_on, agreement.signed_on, agreement.effective_on)
        if day is not None
    ]
    return min(dates) if dates else None


def _dated_by(agreement: Agreement, as_of: dt.date) -> bool:
    return agreement.key_date is not None and agreement.key_date <= as_of


def agreement_status_on(
    agreement: Agreement, as_of: dt.date, links: Iterable[AgreementLink]
) -> str | None:
    """The agreement's status on ``as_of`` (an ``Agreement.Status`` value), or None if it
    did not exist yet.

    ``links`` are the agreement links touching it, with both ends loaded; others are
    ignored. An undated agreement has nothing to derive from and keeps its recorded
    status. A stage recorded without its own date (status "signed", no ``signed_on``)
    is taken to have begun on the agreement's first date, the only dated evidence.
    """
    start = first_dated(agreement)
    if start is None:
        return agreement.status
    if start > as_of:
        return None
    superseded = terminated = False
    for link in links:
        if link.to_agreement_id == agreement.pk and _dated_by(link.from_agreement, as_of):
            if link.kind == AgreementLink.Kind.SUPERSEDES:
                superseded = True
            elif link.kind == AgreementLink.Kind.TERMINATES:
                terminated = True
        elif (
            link.from_agreement_id == agreement.pk
            and link.kind == AgreementLink.Kind.LEADS_TO
            # A preliminary agreement (MOU, letter of intent, term sheet) gives way to the
            # one it leads to; a binding one that leads to another (an investment to a
            # licence) stays in force beside it.
            and agreement.kind in Agreement.NON_BINDING_KINDS
            and _dated_by(link.to_agreement, as_of)
        ):
            superseded = True
    if superseded:
        return Agreement.Status.SUPERSEDED
    if terminated:
        return Agreement.Status.TERMINATED
    if agreement.ends_on is not None and agreement.ends_on <= as_of:
        return Agreement.Status.EXPIRED
    recorded = agreement.status
    effective = agreement.effective_on or (
        start if recorded == Agreement.Status.IN_EFFECT else None
    )
    signed = agreement.signed_on or (start if recorded in CONCLUDED else None)
    if effective is not None and effective <= as_of:
        return Agreement.Status.IN_EFFECT
    if signed is not None and signed <= as_of:
        return Agreement.Status.SIGNED
    if recorded == Agreement.Status.NEGOTIATING:
        return Agreement.Status.NEGOTIATING
    return Agreement.Status.ANNOUNCED


def status_label(status: str | None) -> str:
    return NOT_YET if status is None else STATUS_LABELS.get(status, status)


def links_touching(agreement_ids: Iterable[int]) -> list[AgreementLink]:
    """In one query: the links that can change these agreements' status, both ends loaded."""
    ids = set(agreement_ids)
    if not ids:
        return []
    return list(
        AgreementLink.objects.filter(
            Q(to_agreement__in=ids, kind__in=ENDING_KINDS)
            | Q(from_agreement__in=ids, kind=AgreementLink.Kind.LEADS_TO)
        ).select_related("from_agreement", "to_agreement")
    )


def mark_as_of(agreements: Iterable[Agreement], as_of: dt.date, links: list[AgreementLink]):
    """Set ``as_of_status`` and ``as_of_status_label`` on each agreement instance."""
    by_agreement: dict[int, list[AgreementLink]] = {}
    for link in links:
        by_agreement.setdefault(link.from_agreement_id, []).append(link)
        by_agreement.setdefault(link.to_agreement_id, []).append(link)
    for agreement in agreements:
        status = agreement_status_on(agreement, as_of, by_agreement.get(agreement.pk, []))
        agreement.as_of_status = status
        agreement.as_of_status_label = status_label(status)


def mark_event_agreements_as_of(events: Iterable, as_of: dt.date) -> None:
    """Give the agreements of these (already loaded) events their status on ``as_of``.

    One query for the links, whatever the number of events.
    """
    agreements = [event.agreement for event in events if event.agreement_id]
    if not agreements:
        return
    mark_as_of(agreements, as_of, links_touching(agreement.pk for agreement in agreements))


def chain_as_of(
    agreement: Agreement, chain: list[Agreement], links: list[AgreementLink], as_of: dt.date
) -> tuple[list[Agreement], list[AgreementLink]]:
    """An agreement's chain as it stood on ``as_of``: each with the status it had then,
    without the agreements that did not exist yet and the links to them."""
    mark_as_of([agreement, *chain], as_of, links)
    existing = {item.pk for item in chain if item.as_of_status is not None} | {agreement.pk}
    chain = [item for item in chain if item.pk in existing]
    links = [
        link
        for link in links
        if link.from_agreement_id in existing and link.to_agreement_id in existing
    ]
    return chain, links


# --- Free text as it was recorded by a date ---------------------------------------------------


def recorded_by(model: type[models.Model], pks: Iterable[int], when: dt.datetime) -> dict:
    """In one query: each record's history row as it was recorded by ``when``, by pk.

    Records entered later, or deleted by then, are missing.
    """
    pks = set(pks)
    if not pks:
        return {}
    rows = (
        history_model_of(model)
        .objects.filter(pgh_obj_id__in=pks, pgh_created_at__lte=when)
        .order_by("pgh_obj_id", "-pgh_created_at", "-pgh_id")
        .distinct("pgh_obj_id")
    )
    return {row.pgh_obj_id: row for row in rows if row.pgh_label != "delete"}


def published_by(source: Source, day: dt.date) -> bool:
    """Whether the source was out by ``day``: the whole of its stated period lies before.

    An undated source cannot be placed, so it does not count as known then.
    """
    if source.published_on is None:
        return False
    return period_end(source.published_on, source.published_precision) <= day


def split_by_publication(citations: Iterable, day: dt.date) -> tuple[list, list]:
    """(citations of sources published by ``day``, the others), in their order."""
    then, later = [], []
    for citation in citations:
        (then if published_by(citation.source, day) else later).append(citation)
    return then, later


def text_as_of(
    agreement: Agreement,
    day: dt.date,
    *,
    compared_terms: Iterable[AgreementTerm] = (),
    links: Iterable[AgreementLink] = (),
    events: Iterable[Event] = (),
) -> None:
    """Mark what an agreement's page may show of its free text on ``day``.

    The agreement and its terms (with ``compared_terms``, other instances shown in
    comparisons) get ``recorded_then``: their history row as recorded by the end of
    ``day`` (its summary, heading, text), or None when they were written later; the
    agreement gets ``terms_then`` and ``terms_later``. The agreement and each term get
    ``citations_then`` and ``citations_later`` (by when their sources were published).
    A link's ``note`` and an event's ``summary`` become the ones recorded by then ("" if
    none), with ``written_later`` saying whether a later text was set aside; the
    agreement's ``notes_later`` and ``summaries_later`` say whether any was.
    Prefetch the agreement's terms and citations first: one query per kind of record,
    whatever their number.
    """
    cutoff = end_of_day(day)
    agreement.recorded_then = recorded_by(Agreement, [agreement.pk], cutoff).get(agreement.pk)
    terms = [*agreement.terms.all(), *compared_terms]
    found = recorded_by(AgreementTerm, {term.pk for term in terms}, cutoff)
    for term in terms:
        term.recorded_then = found.get(term.pk)
    own_terms = list(agreement.terms.all())
    agreement.terms_then = [term for term in own_terms if term.recorded_then]
    agreement.terms_later = [term for term in own_terms if not term.recorded_then]
    for record in [agreement, *own_terms]:
        record.citations_then, record.citations_later = split_by_publication(
            record.citations.all(), day
        )
    for kind, records, name, flag in (
        (AgreementLink, list(links), "note", "notes_later"),
        (Event, list(events), "summary", "summaries_later"),
    ):
        found = recorded_by(kind, {record.pk for record in records}, cutoff)
        for record in records:
            row = found.get(record.pk)
            then = getattr(row, name) if row is not None else ""
            record.written_later = getattr(record, name) != then
            setattr(record, name, then)
        setattr(agreement, flag, any(record.written_later for record in records))
