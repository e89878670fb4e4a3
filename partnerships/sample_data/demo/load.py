"""``load_demo()``: write the demo data with ``update_or_create`` on natural keys."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementLink,
    AgreementTerm,
    Company,
    Event,
    EventCitation,
    Partnership,
    Party,
    Quote,
    Source,
    TermCitation,
)
from partnerships.sample_data.demo.agreements import AGREEMENT_LINKS, AGREEMENTS
from partnerships.sample_data.demo.events import EVENTS
from partnerships.sample_data.demo.records import COMPANIES, PARTNERSHIPS, SOURCES

# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


@dataclass
class DemoResult:
    """How many rows of each model ``load_demo()`` created and updated."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    def record(self, obj, created: bool) -> None:
        name = str(obj._meta.verbose_name_plural)
        (self.created if created else self.updated)[name] += 1

    def __str__(self) -> str:
        def describe(counter: Counter) -> str:
            return ", ".join(f"{count} {name}" for name, count in counter.items()) or "nothing"

        return (
            f"created {describe(self.created)}; "
            f"already there, updated in place: {describe(self.updated)}"
        )


def load_demo() -> DemoResult:
    """Create or update every demo row; running it again leaves the same rows."""
    result = DemoResult()
    with transaction.atomic():
        companies = {row["name"]: _load_company(row, result) for row in COMPANIES}
        sources = {key: _load_source(row, result) for key, row in SOURCES.items()}
        partnerships = {
            row["slug"]: _load_partnership(row, companies, result) for row in PARTNERSHIPS
        }
        agreements = {
            row["slug"]: _load_agreement(row, partnerships, sources, result) for row in AGREEMENTS
        }
        for from_slug, kind, to_slug, note in AGREEMENT_LINKS:
            _upsert(
                result,
                AgreementLink,
                {
                    "from_agreement": agreements[from_slug],
                    "to_agreement": agreements[to_slug],
                    "kind": kind,
                },
                {"note": note},
            )
        for row in EVENTS:
            _load_event(row, partnerships, agreements, companies, sources, result)
    return result


def _upsert(result: DemoResult, model, lookup: dict, defaults: dict):
    """``update_or_create`` on a natural key, then validate the row like a form would."""
    obj, created = model._default_manager.get_or_create(**lookup, defaults=defaults)
    changed = {
        name: value
        for name, value in defaults.items()
        if getattr(obj, name if not hasattr(value, "pk") else f"{name}_id")
        != (value.pk if hasattr(value, "pk") else value)
    }
    if changed and not created:
        # Only rows that differ are written, so a second run bumps no version and
        # leaves no history behind.
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.save()
    obj.full_clean()
    result.record(obj, created)
    return obj


def _load_company(row: dict, result: DemoResult) -> Company:
    fields = {key: value for key, value in row.items() if key != "name"}
    return _upsert(result, Company, {"name": row["name"]}, fields)


def _load_source(row: dict, result: DemoResult) -> Source:
    defaults = {
        "author": row.get("author", ""),
        "url": row.get("url", ""),
        "published_on": row.get("published_on"),
        "published_precision": row.get("published_precision", "day"),
        "retrieved_on": row.get("retrieved_on"),
    }
    lookup = {"title": row["title"], "publisher": row["publisher"]}
    return _upsert(result, Source, lookup, defaults)


def _load_partnership(row: dict, companies: dict, result: DemoResult) -> Partnership:
    defaults = {key: row[key] for key in ("name", "summary", "status")}
    partnership = _upsert(result, Partnership, {"slug": row["slug"]}, defaults)
    for company_name, role in row["parties"]:
        lookup = {"partnership": partnership, "company": companies[company_name]}
        _upsert(result, Party, lookup, {"role": role})
    return partnership


def _load_agreement(row: dict, partnerships: dict, sources: dict, result) -> Agreement:
    defaults = {
        "partnership": partnerships[row["partnership"]],
        "title": row["title"],
        "kind": row["kind"],
        "is_binding": row["is_binding"],
        "status": row["status"],
        "announced_on": row.get("announced_on"),
        "signed_on": row.get("signed_on"),
        "effective_on": row.get("effective_on"),
        "ends_on": row.get("ends_on"),
        "value": row.get("value"),
        "currency": row.get("currency", ""),
        "summary": row["summary"],
    }
    agreement = _upsert(result, Agreement, {"slug": row["slug"]}, defaults)
    for source_key, excerpt in row["sources"]:
        lookup = {"agreement": agreement, "source": sources[source_key]}
        _upsert(result, AgreementCitation, lookup, {"excerpt": excerpt})
    for position, term_row in enumerate(row["terms"]):
        term = _upsert(
            result,
            AgreementTerm,
            {"agreement": agreement, "topic": term_row["topic"]},
            {"position": position, "heading": term_row["heading"], "text": term_row["text"]},
        )
        for source_key, excerpt in term_row["sources"]:
            lookup = {"term": term, "source": sources[source_key]}
            _upsert(result, TermCitation, lookup, {"excerpt": excerpt})
    return agreement


def _load_event(row, partnerships, agreements, companies, sources, result) -> Event:
    agreement_slug = row.get("agreement")
    defaults = {
        "partnership": partnerships[row["partnership"]],
        "agreement": agreements[agreement_slug] if agreement_slug else None,
        "kind": row["kind"],
        "title": row["title"],
        "summary": row["summary"],
        "date": row["date"],
        "precision": row["precision"],
        "is_approximate": row.get("is_approximate", False),
        "end_date": row.get("end_date"),
        "end_precision": row.get("end_precision", "day"),
        "significance": row["significance"],
        # Cited or flagged, as services.events.save_event has it.
        "is_unsourced": not row["sources"],
    }
    event = _upsert(result, Event, {"slug": row["slug"]}, defaults)
    event.companies.set([companies[name] for name in row["companies"]])
    dates_given = row.get("dates_given", {})
    for source_key, excerpt in row["sources"]:
        lookup = {"event": event, "source": sources[source_key]}
        gives_date, gives_precision = dates_given.get(source_key, (None, "day"))
        defaults = {
            "excerpt": excerpt,
            "gives_date": gives_date,
            "gives_precision": gives_precision,
        }
        _upsert(result, EventCitation, lookup, defaults)
    for quote in row.get("quotes", []):
        _upsert(
            result,
            Quote,
            {"event": event, "speaker": quote["speaker"], "text": quote["text"]},
            {
                "speaker_title": quote["speaker_title"],
                "company": companies[quote["company"]],
                "source": sources[quote["source"]],
            },
        )
    return event
