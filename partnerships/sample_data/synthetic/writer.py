"""The generator's helpers and its first records: companies, partnerships, sources."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass

from django.db import connection
from django.utils.text import slugify

from partnerships.dates import EN_DASH, Precision, period_start
from partnerships.models import (
    Agreement,
    Company,
    Event,
    Partnership,
    Party,
    Source,
)
from partnerships.sample_data.synthetic.vocabulary import (
    BATCH,
    EXCERPTS,
    FIRST_DAY,
    FIRST_NAMES,
    LAST_DAY,
    LAST_NAMES,
    PHRASES,
    PREFIXES,
    PUBLISHERS,
    SOURCE_NOUNS,
    SOURCE_VERBS,
    SUFFIXES,
    THEMES,
)


@dataclass
class Span:
    start: int  # ordinal days
    end: int


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


class RecordWriter:
    """Random draws, unique slugs and fast bulk writes, and the parties to the deals."""

    def __init__(self, events: int, seed: int):
        self.rng = random.Random(seed)
        self.n_events = events
        self.n_partnerships = clamp(int(events**0.5), 2, 300)
        self.n_companies = clamp(int(self.n_partnerships * 1.6), 8, 600)
        self.n_sources = clamp(events // 12, 20, 20_000)
        self.counts: dict[str, int] = {}
        self.taken: dict[type, set[str]] = {}

    # -- helpers -------------------------------------------------------------------------

    def _load_taken(self) -> None:
        """Slugs and names already in the database, so a run without --clear adds to them."""
        for model in (Company, Partnership, Agreement, Event):
            self.taken[model] = set(model.objects.values_list("slug", flat=True))
        self.taken_names = set(Company.objects.values_list("name", flat=True))

    def _slug(self, model: type, text: str, index: int | None) -> str:
        """``{slugified text}-{index}``, unique by construction (and against existing rows)."""
        base = slugify(text.replace(EN_DASH, " "))[:60].strip("-") or model.__name__.lower()
        slug = base if index is None else f"{base}-{index}"
        taken = self.taken.setdefault(model, set())
        stem, suffix = slug, 2
        while slug in taken:
            slug, suffix = f"{stem}-{suffix}", suffix + 1
        taken.add(slug)
        return slug

    def _bulk(self, model: type, objs: list, label: str | None = None) -> list:
        created = model.objects.bulk_create(objs, batch_size=BATCH)
        key = label or model._meta.verbose_name_plural
        self.counts[key] = self.counts.get(key, 0) + len(objs)
        return created

    def _copy(self, model: type, rows: list[dict]) -> list[int]:
        """COPY rows (field name -> value) into ``model``'s table; returns their new ids.

        For events: ``bulk_create`` cannot use its fast UNNEST insert for a table with a
        tsvector column and falls back to a VALUES list with millions of parameters (about
        30 s for 100,000 events), where COPY takes a second or two. The ids come from the
        table's own identity sequence, reserved up front; fields a row leaves out get
        their model default, as ``bulk_create`` would give them.
        """
        meta = model._meta
        fields = [f for f in meta.concrete_fields if not f.primary_key and not f.generated]
        defaults = {f.name: f.get_default() for f in fields if f.name not in rows[0]}
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in [meta.pk, *fields])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            ids = sorted(row[0] for row in cursor.fetchall())
            with cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
                for pk, row in zip(ids, rows, strict=True):
                    values = defaults | row
                    copy.write_row([pk, *(values[f.name] for f in fields)])
        key = meta.verbose_name_plural
        self.counts[key] = self.counts.get(key, 0) + len(rows)
        return ids

    def _significance(self) -> int:
        r = self.rng.random()
        return 1 if r < 0.6 else 2 if r < 0.9 else 3

    def _fill(self, template: str, a: Company, b: Company, phrase: str) -> str:
        return template.format(
            a=a.name, b=b.name, p=phrase, n=self.rng.randint(5, 950), dash=EN_DASH
        )

    def _dated(self, ordinal: int, exact: bool = False) -> dict:
        """date/precision/approximate/end fields for a raw day; exact keeps the day."""
        rng = self.rng
        raw = dt.date.fromordinal(ordinal)
        r = rng.random()
        if exact or r < 0.74:
            precision = Precision.DAY
        elif r < 0.86:
            precision = Precision.MONTH
        elif r < 0.94:
            precision = Precision.QUARTER
        else:
            precision = Precision.YEAR
        values = {
            "date": period_start(raw, precision),
            "precision": precision,
            "is_approximate": rng.random() < (0.03 if precision == Precision.DAY else 0.3),
        }
        if not exact and rng.random() < 0.04:  # a span
            low, high = {
                Precision.DAY: (1, 60),
                Precision.MONTH: (30, 400),
                Precision.QUARTER: (90, 720),
                Precision.YEAR: (365, 2500),
            }[precision]
            end_raw = dt.date.fromordinal(min(ordinal + rng.randint(low, high), LAST_DAY))
            end_precision = precision if rng.random() < 0.8 else Precision.DAY
            # period_start is monotonic and end_raw >= raw, so end >= date at any precision.
            values["end_date"] = period_start(end_raw, end_precision)
            values["end_precision"] = end_precision
        return values

    # -- the records every deal needs ----------------------------------------------------

    def companies(self) -> None:
        rng = self.rng
        combos = [(p, s) for p in PREFIXES for s in SUFFIXES]
        rng.shuffle(combos)
        objs = []
        for prefix, suffix in combos:
            if len(objs) == self.n_companies:
                break
            name = f"{prefix} {suffix}"
            if name in self.taken_names:
                continue
            kind = SUFFIXES[suffix]
            if kind is None:
                kind = Company.Kind.PUBLIC if rng.random() < 0.4 else Company.Kind.PRIVATE
            slug = self._slug(Company, name, None)  # names are unique, and so their slugs
            objs.append(
                Company(
                    name=name,
                    slug=slug,
                    kind=kind,
                    website=f"https://{slugify(name)}.example",
                    description=f"{name} works in {suffix.lower()} and {rng.choice(PHRASES)}.",
                )
            )
        self.company_list = self._bulk(Company, objs)
        # A few hubs take part in many partnerships (and so in many events).
        hubs = max(2, len(self.company_list) // 25)
        self.company_weights = [25 if i < hubs else 1 for i in range(len(self.company_list))]

    def partnerships(self) -> None:
        rng = self.rng
        objs, spans, members = [], [], []
        for index in range(1, self.n_partnerships + 1):
            size = rng.choices((2, 3, 4, 5), weights=(55, 25, 12, 8))[0]
            chosen: list[Company] = []
            while len(chosen) < size:
                company = rng.choices(self.company_list, weights=self.company_weights)[0]
                if company not in chosen:
                    chosen.append(company)
            start = rng.randint(FIRST_DAY, dt.date(2023, 12, 31).toordinal())
            end = min(LAST_DAY, start + rng.randint(3 * 365, 30 * 365))
            ended = end < dt.date(2025, 1, 1).toordinal() and rng.random() < 0.7
            name = f"{chosen[0].name}{EN_DASH}{chosen[1].name} {rng.choice(THEMES)}"
            objs.append(
                Partnership(
                    name=name,
                    slug=self._slug(Partnership, name, index),
                    summary=f"{chosen[0].name} and {chosen[1].name} work together on "
                    f"{rng.choice(PHRASES)} and {rng.choice(PHRASES)}.",
                    status=Partnership.Status.ENDED if ended else Partnership.Status.ACTIVE,
                )
            )
            spans.append(Span(start, end))
            members.append(chosen)
        self.partnership_list = self._bulk(Partnership, objs)
        self.spans = spans
        self.members = members
        roles = [role for role, _ in Party.Role.choices]
        parties = [
            Party(partnership=partnership, company=company, role=rng.choice(roles))
            for partnership, chosen in zip(self.partnership_list, members, strict=True)
            for company in chosen
        ]
        self._bulk(Party, parties, "parties")

    def sources(self) -> None:
        rng = self.rng
        days = sorted(rng.randint(FIRST_DAY, LAST_DAY) for _ in range(self.n_sources))
        objs = []
        for index, ordinal in enumerate(days, start=1):
            a, b = rng.sample(self.company_list, 2)
            title = (
                f"{a.name} and {b.name} {rng.choice(SOURCE_VERBS)} "
                f"{rng.choice(PHRASES)} {rng.choice(SOURCE_NOUNS)}"
            )
            publisher, domain = rng.choice(PUBLISHERS)
            published = dt.date.fromordinal(ordinal)
            precision = Precision.MONTH if rng.random() < 0.08 else Precision.DAY
            objs.append(
                Source(
                    title=title,
                    publisher=publisher,
                    author=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    url=f"https://{domain}/{published:%Y/%m}/{slugify(title)[:80]}-{index}",
                    published_on=period_start(published, precision),
                    published_precision=precision,
                    retrieved_on=dt.date(2026, 11, 1),
                )
            )
        self.source_list = self._bulk(Source, objs)
        self.source_days = days  # sorted, parallel to source_list

    def _near_sources(self, ordinal: int, count: int) -> list[Source]:
        """``count`` distinct sources published around ``ordinal``."""
        at = bisect.bisect_left(self.source_days, ordinal)
        low = max(0, at - 12)
        high = min(len(self.source_list), at + 12)
        if high - low < count:
            low, high = 0, len(self.source_list)
        return [self.source_list[i] for i in self.rng.sample(range(low, high), count)]

    def _excerpt(self, a: Company, b: Company) -> str:
        return self._fill(self.rng.choice(EXCERPTS), a, b, self.rng.choice(PHRASES))
