"""Reading the change history that PostgreSQL triggers record (django-pghistory).

Each history row is a snapshot of every field of one record: after an insert or
an update, or as it was when deleted. A change is the difference between a
snapshot and the one before it of the same record, computed here rather than
stored, so it reads the same whichever path (site, admin, shell, bulk update)
made it.

An event's history includes its parts (companies, citations, quotes); an
agreement's its terms, term citations, links and citations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.text import capfirst

from partnerships.models import (
    Agreement,
    AgreementCitationHistory,
    AgreementHistory,
    AgreementLinkHistory,
    AgreementTermHistory,
    Event,
    EventCitationHistory,
    EventCompanyHistory,
    EventHistory,
    QuoteHistory,
    TermCitationHistory,
)
from partnerships.queries.snapshots import (
    UNKNOWN_USER,
    FieldChange,
    Related,
    diff,
    display_value,
    label_of,
    metadata_of,
    shown_fields,
    usernames,
    where,
    who,
)

# On a part's creation, fields its heading already names are not repeated in the table.
NAMED_IN_SUBJECT = {
    "EventCompany": {"company"},
    "EventCitation": {"source"},
    "AgreementCitation": {"source"},
    "TermCitation": {"source", "term"},
    "AgreementLink": {"from_agreement", "to_agreement", "kind"},
}
AN_EDITOR = "an editor"  # who made a change, as readers see it
ACTIONS = {"insert": "Created", "update": "Changed", "delete": "Deleted"}
PART_ACTIONS = {"insert": "Added", "update": "Changed", "delete": "Removed"}


@dataclass
class Change:
    """One recorded change to a record or one of its parts."""

    history_id: int
    model_name: str  # the tracked model's verbose name: "event", "quote"
    action: str  # pghistory's label: insert, update or delete
    subject: str  # what changed, for a heading: "quote by Satya Nadella"
    at: dt.datetime
    who: str
    url: str
    fields: list[FieldChange] = field(default_factory=list)
    is_record: bool = False  # a snapshot of the record itself, not of one of its parts
    is_latest: bool = False  # the newest snapshot of the record: what it is now
    note: str = ""  # e.g. "Reverted to the version of 3 Oct 2025"

    @property
    def heading(self) -> str:
        verbs = ACTIONS if self.is_record else PART_ACTIONS
        return f"{verbs.get(self.action, capfirst(self.action))} {self.subject}"

    @property
    def can_revert_to(self) -> bool:
        return self.is_record and self.action != "delete" and not self.is_latest


# --- Subjects: what a part is, in a heading ------------------------------------------------


def _subject(model: type[models.Model], row, related: Related) -> str:
    def shown(name: str) -> str:
        return display_value(model._meta.get_field(name), getattr(row, f"{name}_id"), related)

    name = model.__name__
    if name in ("Event", "Agreement"):
        return f"{model._meta.verbose_name} “{row.title}”"
    if name == "EventCompany":
        return f"company {shown('company')}"
    if name in ("EventCitation", "AgreementCitation"):
        return f"source “{shown('source')}”"
    if name == "TermCitation":
        term = related.get(model._meta.get_field("term").related_model, row.term_id)
        heading = f"“{term.heading}”" if term is not None else f"#{row.term_id} (since deleted)"
        return f"source “{shown('source')}” on term {heading}"
    if name == "Quote":
        return f"quote by {row.speaker}"
    if name == "AgreementTerm":
        return f"term “{row.heading}”"
    if name == "AgreementLink":
        kind = display_value(model._meta.get_field("kind"), row.kind)
        return f"link: “{shown('from_agreement')}” {kind} “{shown('to_agreement')}”"
    return str(model._meta.verbose_name)


# --- Changes of a record and its parts ----------------------------------------------------


@dataclass
class Part:
    """One history table, and which of its rows belong to the record: those whose
    ``columns`` (any of them) hold one of ``ids``."""

    history_model: type[models.Model]
    columns: tuple[str, ...]
    ids: set
    is_record: bool = False
    parent: str = ""  # the field naming the record a part belongs to: implied, not shown

    @property
    def model(self) -> type[models.Model]:
        return self.history_model.pgh_tracked_model

    def belongs_q(self) -> Q:
        query = Q()
        for column in self.columns:
            query |= Q(**{f"{column}__in": self.ids})
        return query

    def belongs(self, row) -> bool:
        return any(getattr(row, column) in self.ids for column in self.columns)


def _load(part: Part) -> list:
    """Every snapshot of every object that ever belonged, oldest first.

    All of an object's snapshots are loaded, not only those that belong, so that a
    part moved away (a quote moved to another event) still diffs against its past.
    """
    objects = part.history_model.objects.filter(part.belongs_q()).values("pgh_obj_id")
    return list(
        part.history_model.objects.filter(pgh_obj_id__in=objects)
        .select_related("pgh_context")
        .order_by("pgh_id")
    )


def changes_of(parts: list[tuple[Part, list]], *, with_names: bool = True) -> list[Change]:
    """Changes from loaded snapshots, newest first.

    Without names (for readers), each change is by "an editor" and does not say from
    which URL: usernames would tell an attacker which accounts to try.
    """
    related = Related()
    for part, rows in parts:
        related.want(part.model, rows)
    related.load()
    names = usernames(row for _, rows in parts for row in rows) if with_names else None

    changes: list[Change] = []
    for part, rows in parts:
        previous: dict = {}
        latest_id = rows[-1].pgh_id if rows else None
        for row in rows:
            before = previous.get(row.pgh_obj_id)
            previous[row.pgh_obj_id] = row
            if not (part.belongs(row) or (before is not None and part.belongs(before))):
                continue
            if row.pgh_label == "delete":
                fields = []
            elif row.pgh_label == "insert" or before is None:
                skip = {part.parent, *NAMED_IN_SUBJECT.get(part.model.__name__, ())}
                fields = diff(part.model, None, row, related, skip=skip)
            else:
                fields = diff(part.model, before, row, related)
                if not fields:
                    continue  # only unrecorded columns moved (kept for older rows)
            metadata = metadata_of(row)
            changes.append(
                Change(
                    history_id=row.pgh_id,
                    model_name=str(part.model._meta.verbose_name),
                    action=row.pgh_label,
                    subject=_subject(part.model, row, related),
                    at=row.pgh_created_at,
                    who=who(row, names) if with_names else _anonymous(row),
                    url=where(row) if with_names else "",
                    fields=fields,
                    is_record=part.is_record,
                    is_latest=part.is_record and row.pgh_id == latest_id,
                    note=_note(metadata),
                )
            )
    return sorted(changes, key=_order, reverse=True)


def _anonymous(row) -> str:
    return UNKNOWN_USER if metadata_of(row).get("user") is None else AN_EDITOR


def _order(change: Change) -> tuple:
    """Oldest first (the caller reverses). Rows written in one transaction share a time,
    and ids are per table; so then a record's creation comes before its parts, and its
    other changes (a deletion follows its parts') after them."""
    ranks = {"insert": 0, "update": 2, "delete": 2} if change.is_record else {}
    return (change.at, ranks.get(change.action, 1), change.history_id)


def _note(metadata: dict) -> str:
    if metadata.get("reverted_to_at"):
        try:
            at = dt.datetime.fromisoformat(metadata["reverted_to_at"])
        except (TypeError, ValueError):
            return "Reverted to an earlier version."
        return f"Reverted to the version recorded on {date_format(at, 'j M Y, H:i')} UTC."
    if metadata.get("restored"):
        return "Restored after deletion."
    return ""


def event_changes(event_id: int, *, with_names: bool = True) -> list[Change]:
    """An event's changes, with its companies', citations' and quotes', newest first."""
    ids = {event_id}
    parts = [
        Part(EventHistory, ("pgh_obj_id",), ids, is_record=True),
        Part(EventCompanyHistory, ("event_id",), ids, parent="event"),
        Part(EventCitationHistory, ("event_id",), ids, parent="event"),
        Part(QuoteHistory, ("event_id",), ids, parent="event"),
    ]
    return changes_of([(part, _load(part)) for part in parts], with_names=with_names)


def agreement_changes(agreement_id: int, *, with_names: bool = True) -> list[Change]:
    """An agreement's changes, with its terms', term citations', links' and citations'."""
    ids = {agreement_id}
    record = Part(AgreementHistory, ("pgh_obj_id",), ids, is_record=True)
    terms = Part(AgreementTermHistory, ("agreement_id",), ids, parent="agreement")
    loaded = [(record, _load(record)), (terms, _load(terms))]
    term_ids = {row.pgh_obj_id for row in loaded[1][1] if row.agreement_id == agreement_id}
    parts = [
        Part(AgreementCitationHistory, ("agreement_id",), ids, parent="agreement"),
        Part(AgreementLinkHistory, ("from_agreement_id", "to_agreement_id"), ids),
    ]
    if term_ids:
        parts.append(Part(TermCitationHistory, ("term_id",), term_ids, parent="term"))
    loaded += [(part, _load(part)) for part in parts]
    return changes_of(loaded, with_names=with_names)


# --- What we had recorded on a date --------------------------------------------------------


def history_model_of(model: type[models.Model]) -> type[models.Model]:
    return model.pgh_event_models["update"]


def recorded_as_of(model: type[models.Model], pk, when: dt.datetime):
    """The snapshot of ``model`` ``pk`` that was current at ``when``: what we had recorded.

    None if the record had not been entered yet, or had been deleted by then.
    """
    row = (
        history_model_of(model)
        .objects.filter(pgh_obj_id=pk, pgh_created_at__lte=when)
        .select_related("pgh_context")
        .order_by("-pgh_created_at", "-pgh_id")
        .first()
    )
    if row is None or row.pgh_label == "delete":
        return None
    return row


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)


def first_recorded(model: type[models.Model], pk):
    return (
        history_model_of(model)
        .objects.filter(pgh_obj_id=pk)
        .order_by("pgh_created_at", "pgh_id")
        .values_list("pgh_created_at", flat=True)
        .first()
    )


@dataclass
class RecordedRow:
    label: str
    then: str
    now: str

    @property
    def corrected(self) -> bool:
        return self.then != self.now


def compare_with_current(model: type[models.Model], snapshot, current) -> list[RecordedRow]:
    """Every shown field: as recorded in ``snapshot`` beside the live record."""
    related = Related()
    related.want(model, [snapshot, current])
    related.load()
    return [
        RecordedRow(
            label_of(model_field),
            display_value(model_field, getattr(snapshot, model_field.attname), related),
            display_value(model_field, getattr(current, model_field.attname), related),
        )
        for model_field in shown_fields(model)
    ]


@dataclass
class DealChange:
    """Something dated after the chosen day: a change in the deal, not in our records."""

    label: str
    day: dt.date
    url: str = ""


def deal_changes_after(record, day: dt.date) -> list[DealChange]:
    """Milestones and events dated after ``day``, for an event or an agreement."""
    found: list[DealChange] = []
    if isinstance(record, Agreement):
        for name in ("announced_on", "signed_on", "effective_on", "ends_on"):
            value = getattr(record, name)
            if value is not None and value > day:
                found.append(DealChange(label_of(Agreement._meta.get_field(name)), value))
        events = record.events.filter(date__gt=day).order_by("date", "id")
    else:
        if record.date > day:
            found.append(DealChange("This event", record.date, record.get_absolute_url()))
        events = Event.objects.filter(partnership_id=record.partnership_id, date__gt=day).exclude(
            pk=record.pk
        )
        events = events.order_by("date", "id")
    found += [
        DealChange(event.title, event.date, event.get_absolute_url()) for event in events[:10]
    ]
    return found
