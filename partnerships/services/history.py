"""Writes from history: revert a record to an earlier snapshot, restore a deleted event;
and ``recorded_as``, the history context every service writes in.

Each runs in one transaction inside a pghistory context naming the user, so the
triggers record the revert or restore itself like any other change. Versions only
move forward: a revert saves through VersionedModel (current + 1), so a form opened
before it is refused as stale rather than silently saved over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pghistory
from django.core.exceptions import ValidationError
from django.db import models, transaction

from partnerships.models import (
    Agreement,
    AgreementHistory,
    Company,
    Event,
    EventCitation,
    EventCitationHistory,
    EventCompany,
    EventCompanyHistory,
    EventHistory,
    Partnership,
    Quote,
    QuoteHistory,
    Source,
)
from partnerships.queries.snapshots import shown_fields


class HistoryError(Exception):
    """A revert or restore that cannot be done; the message says why, for the reader."""


class AlreadyRestored(HistoryError):
    def __init__(self, event: Event):
        self.event = event
        super().__init__(
            f"“{event.title}” is not deleted (it may have been restored already), "
            "so there is nothing to restore."
        )


@dataclass
class Outcome:
    instance: models.Model
    changed: list[str] = field(default_factory=list)  # labels of the fields that changed
    notes: list[str] = field(default_factory=list)  # what could not be brought back


def recorded_as(user, url: str = "", **extra) -> pghistory.context:
    """Who made the changes written inside this block, and from where, for their history
    rows: every service writes inside one, so the shell and importers are named too."""
    metadata = {"user": getattr(user, "pk", None), **extra}
    if url:  # inside a request the middleware set it already; keep that one
        metadata["url"] = url
    return pghistory.context(**metadata)


def _revert(model, history_model, *, history_id: int, user, url: str) -> Outcome:
    snapshot = history_model.objects.filter(pk=history_id).first()
    if snapshot is None or snapshot.pgh_label == "delete":
        raise HistoryError("There is no such version to revert to.")
    with (
        transaction.atomic(),
        recorded_as(
            user,
            url,
            reverted_to=snapshot.pgh_id,
            reverted_to_at=snapshot.pgh_created_at.isoformat(),
        ),
    ):
        record = model._base_manager.select_for_update().filter(pk=snapshot.pgh_obj_id).first()
        if record is None:
            raise HistoryError(
                f"This {model._meta.verbose_name} has been deleted; restore it instead."
            )
        outcome = Outcome(record)
        for model_field in shown_fields(model):
            old = getattr(record, model_field.attname)
            new = getattr(snapshot, model_field.attname)
            if old == new:
                continue
            if model_field.name == "slug" and _slug_taken(model, new, record.pk):
                outcome.notes.append(f"The address “{new}” is in use now, so it was kept.")
                continue
            if model_field.is_relation and new is not None and not _exists(model_field, new):
                if not model_field.null:
                    raise HistoryError(
                        f"This version's {model_field.verbose_name} has since been deleted, "
                        "so it cannot be brought back."
                    )
                outcome.notes.append(
                    f"Its {model_field.verbose_name} has since been deleted, so it was left empty."
                )
                new = None
                if old is None:
                    continue
            setattr(record, model_field.attname, new)
            outcome.changed.append(str(model_field.verbose_name))
        if not outcome.changed:
            return outcome
        try:
            record.full_clean(exclude=["search_vector"], validate_unique=False)
        except ValidationError as error:
            raise HistoryError(
                "That version cannot be brought back: " + " ".join(error.messages)
            ) from None
        record.save()  # VersionedModel: version = current + 1, recorded by the triggers
    return outcome


def _slug_taken(model, slug: str, pk) -> bool:
    return model._base_manager.filter(slug=slug).exclude(pk=pk).exists()


def _exists(model_field: models.Field, pk) -> bool:
    return model_field.related_model._base_manager.filter(pk=pk).exists()


def revert_event(*, event_history_id: int, user, url: str = "") -> Outcome:
    """Put the fields of an earlier snapshot back on the live event."""
    return _revert(Event, EventHistory, history_id=event_history_id, user=user, url=url)


def revert_agreement(*, agreement_history_id: int, user, url: str = "") -> Outcome:
    """Put the fields of an earlier snapshot back on the live agreement."""
    return _revert(Agreement, AgreementHistory, history_id=agreement_history_id, user=user, url=url)


def last_deletion(event_id: int):
    return (
        EventHistory.objects.filter(pgh_obj_id=event_id, pgh_label="delete")
        .order_by("-pgh_id")
        .first()
    )


def _deleted_with(history_model, deletion, event_id: int) -> list:
    """The event's parts deleted by the same operation: same context, or same transaction."""
    rows = history_model.objects.filter(pgh_label="delete", event_id=event_id)
    if deletion.pgh_context_id is not None:
        rows = rows.filter(pgh_context_id=deletion.pgh_context_id)
    else:  # deleted outside any context (the shell): the same transaction has the same time
        rows = rows.filter(pgh_context_id__isnull=True, pgh_created_at=deletion.pgh_created_at)
    return list(rows.order_by("pgh_id"))


def _values(model, row, **overrides) -> dict:
    values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
    values.pop("search_vector", None)  # kept by triggers
    values.update(overrides)
    return values


def restore_event(*, event_id: int, user, url: str = "") -> Outcome:
    """Recreate a deleted event from its last snapshot, with the companies, citations and
    quotes deleted along with it. Sources or companies deleted since are skipped, noted."""
    with transaction.atomic(), recorded_as(user, url, restored=event_id):
        existing = Event._base_manager.filter(pk=event_id).first()
        if existing is not None:
            raise AlreadyRestored(existing)
        deletion = last_deletion(event_id)
        if deletion is None:
            raise HistoryError("No deleted event has that number.")
        if not Partnership._base_manager.filter(pk=deletion.partnership_id).exists():
            raise HistoryError(
                "Its partnership has since been deleted, so the event cannot be restored."
            )
        notes = []
        agreement_id = deletion.agreement_id
        if (
            agreement_id is not None
            and not Agreement._base_manager.filter(pk=agreement_id).exists()
        ):
            notes.append("Its agreement has since been deleted, so it is restored without one.")
            agreement_id = None
        event = Event(
            **_values(
                Event,
                deletion,
                agreement_id=agreement_id,
                version=deletion.version + 1,
                slug=_free_slug(deletion.slug),
            )
        )
        event.save(force_insert=True)
        if event.slug != deletion.slug:
            notes.append(f"Its address “{deletion.slug}” is in use now; it is “{event.slug}”.")

        companies = _deleted_with(EventCompanyHistory, deletion, event_id)
        live_companies = set(
            Company._base_manager.filter(pk__in=[row.company_id for row in companies]).values_list(
                "pk", flat=True
            )
        )
        EventCompany.objects.bulk_create(
            [
                EventCompany(**_values(EventCompany, row))
                for row in companies
                if row.company_id in live_companies
            ]
        )
        if len(live_companies) < len({row.company_id for row in companies}):
            notes.append("Companies deleted since were skipped.")

        citations = _deleted_with(EventCitationHistory, deletion, event_id)
        quotes = _deleted_with(QuoteHistory, deletion, event_id)
        source_ids = {row.source_id for row in [*citations, *quotes] if row.source_id}
        live_sources = set(
            Source._base_manager.filter(pk__in=source_ids).values_list("pk", flat=True)
        )
        kept_citations = [row for row in citations if row.source_id in live_sources]
        EventCitation.objects.bulk_create(
            [EventCitation(**_values(EventCitation, row)) for row in kept_citations]
        )
        if len(kept_citations) < len(citations):
            skipped = len(citations) - len(kept_citations)
            notes.append(
                f"{skipped} citation{'s' if skipped != 1 else ''} of sources deleted since "
                f"{'were' if skipped != 1 else 'was'} skipped."
            )

        quote_companies = set(
            Company._base_manager.filter(
                pk__in={row.company_id for row in quotes if row.company_id}
            ).values_list("pk", flat=True)
        )
        restored_quotes = []
        for row in quotes:
            source_id = row.source_id if row.source_id in live_sources else None
            company_id = row.company_id if row.company_id in quote_companies else None
            if (source_id, company_id) != (row.source_id, row.company_id):
                notes.append(f"The quote by {row.speaker} lost a source or company deleted since.")
            restored_quotes.append(
                Quote(
                    **_values(
                        Quote,
                        row,
                        source_id=source_id,
                        company_id=company_id,
                        version=row.version + 1,
                    )
                )
            )
        Quote.objects.bulk_create(restored_quotes)
        return Outcome(
            event,
            changed=[
                f"{len(live_companies)} compan{'ies' if len(live_companies) != 1 else 'y'}",
                f"{len(kept_citations)} source{'s' if len(kept_citations) != 1 else ''}",
                f"{len(restored_quotes)} quote{'s' if len(restored_quotes) != 1 else ''}",
            ],
            notes=notes,
        )


def _free_slug(slug: str) -> str:
    """The slug, or the first "<slug>-N" no live event has."""
    taken = Event._base_manager.filter(slug__startswith=slug)
    used = set(taken.values_list("slug", flat=True))
    candidate, suffix = slug, 2
    while candidate in used:
        candidate, suffix = f"{slug}-{suffix}", suffix + 1
    return candidate
