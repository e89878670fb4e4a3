"""A realistic synthetic data set for benchmarks and manual trials (``manage.py gendata``).

Everything is drawn from one ``random.Random(seed)``, so a seed always gives the
same rows. Rows go in with ``bulk_create`` in large batches with the search
triggers switched off; the search documents are rebuilt in one statement at the end.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db import connection, transaction
from django.utils.text import slugify

from partnerships.dates import EN_DASH, Precision, period_start
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
    search,
)

FIRST_DAY = dt.date(1975, 1, 1).toordinal()
LAST_DAY = dt.date(2026, 10, 31).toordinal()
BATCH = 10_000
NEWS_DAY_SHARE = 0.3

PREFIXES = (
    "Northwind", "Bluepeak", "Ironclad", "Silverline", "Redwood", "Brightwater", "Stonebridge",
    "Clearview", "Highgate", "Lumen", "Nimbus", "Quantum", "Vertex", "Cobalt", "Orion", "Atlas",
    "Helix", "Summit", "Evergreen", "Granite", "Harbor", "Keystone", "Meridian", "Pioneer",
    "Sterling", "Tidewater", "Aurora", "Beacon", "Cascade", "Crescent", "Falcon", "Juniper",
    "Maple", "Nova", "Obsidian", "Polaris", "Sapphire", "Titan", "Vanguard", "Westbrook",
    "Zenith", "Amber", "Arcadia", "Boreal", "Catalyst", "Ember", "Fathom", "Larkspur",
)  # fmt: skip
# Suffix -> company kind (None: public or private at random).
SUFFIXES = {
    "Robotics": None, "Systems": None, "Labs": None, "Cloud": None, "Semiconductors": None,
    "Networks": None, "Analytics": None, "Dynamics": None, "AI": None, "Software": None,
    "Biotech": None, "Energy": None, "Telecom": None, "Media": None, "Motors": None,
    "Aerospace": None, "Pharma": None, "Computing": None, "Technologies": None,
    "Logistics": None, "Capital": Company.Kind.FUND, "Ventures": Company.Kind.FUND,
    "Partners": Company.Kind.FUND, "Holdings": Company.Kind.OTHER,
    "Foundation": Company.Kind.NONPROFIT, "Institute": Company.Kind.NONPROFIT,
    "Agency": Company.Kind.GOVERNMENT, "Authority": Company.Kind.GOVERNMENT,
}  # fmt: skip

# Stable term topics shared across agreements, with a heading and the phrase titles use.
TOPICS = {
    "cloud-exclusivity": ("Cloud exclusivity", "cloud exclusivity"),
    "ip-rights": ("Intellectual property rights", "IP rights"),
    "equity-stake": ("Equity stake", "equity stake"),
    "revenue-share": ("Revenue share", "revenue share"),
    "compute-commitment": ("Compute commitment", "compute commitment"),
    "governance": ("Governance", "governance"),
    "board-observer": ("Board observer seat", "board observer"),
    "exclusivity-period": ("Exclusivity period", "exclusivity"),
    "data-access": ("Data access", "data access"),
    "termination-rights": ("Termination rights", "termination rights"),
    "model-licensing": ("Model licensing", "model licensing"),
    "chip-supply": ("Chip supply", "chip supply"),
    "distribution": ("Distribution", "distribution"),
    "research-collaboration": ("Joint research", "joint research"),
}
TOPIC_KEYS = tuple(TOPICS)
# Phrases for titles: the topics plus a few more, "cloud" in several of them.
PHRASES = (*(phrase for _, phrase in TOPICS.values()), "cloud credits", "hybrid cloud",
           "data centre", "AI safety", "supply chain", "cloud infrastructure")  # fmt: skip
THEMES = ("alliance", "partnership", "joint venture", "collaboration", "investment",
          "licensing deal", "cloud pact", "strategic partnership")  # fmt: skip

EVENT_TITLES = {
    Event.Kind.ANNOUNCEMENT: ("{a} and {b} announce {p} partnership",
                              "{a} unveils {p} deal with {b}",
                              "{a} and {b} announce {p} plans"),
    Event.Kind.SIGNING: ("{a} and {b} sign {p} agreement", "{a} signs {p} deal with {b}"),
    Event.Kind.INVESTMENT: ("{a} invests ${n}m in {b}", "{a} leads ${n}m round in {b}",
                            "{a} raises {p} investment from {b}"),
    Event.Kind.NEGOTIATION: ("{a} and {b} in talks over {p}", "{a} and {b} negotiate {p} terms"),
    Event.Kind.STATEMENT: ("{a} comments on {p} with {b}", "{a} defends {p} arrangement with {b}"),
    Event.Kind.LEADERSHIP: ("{b} names new chief executive amid {a} {p} tie-up",
                            "{a} executive joins {b} board"),
    Event.Kind.REGULATORY: ("Regulators review {a}{dash}{b} {p} arrangement",
                            "Competition authority opens inquiry into {a} and {b}"),
    Event.Kind.TERMINATION: ("{a} ends {p} arrangement with {b}",
                             "{a} and {b} wind down {p} deal"),
    Event.Kind.MILESTONE: ("{a} and {b} reach {p} milestone", "{a} and {b} launch {p} programme"),
    Event.Kind.OTHER: ("{a} and {b} update {p} plans", "{a} reshuffles {p} team working with {b}"),
}  # fmt: skip
RANDOM_EVENT_KINDS = (
    (Event.Kind.ANNOUNCEMENT, 16), (Event.Kind.STATEMENT, 18), (Event.Kind.MILESTONE, 14),
    (Event.Kind.NEGOTIATION, 10), (Event.Kind.INVESTMENT, 9), (Event.Kind.LEADERSHIP, 8),
    (Event.Kind.REGULATORY, 8), (Event.Kind.SIGNING, 6), (Event.Kind.TERMINATION, 3),
    (Event.Kind.OTHER, 8),
)  # fmt: skip
SUMMARIES = (
    "{a} and {b} set out how the {p} arrangement will work over the coming years.",
    "The companies said the {p} terms would be reviewed annually. Analysts called it a "
    "turning point for {b}.",
    "{a} confirmed the move in a statement; {b} declined to give further details.",
    "People familiar with the matter said {p} had been the main sticking point.",
    "The deal deepens a relationship that began years earlier and now covers {p}.",
)
EXCERPTS = (
    "{a} and {b} said the agreement covers {p}.",
    "“We are committed to this partnership,” a spokesperson for {a} said.",
    "According to the filing, {b} retains rights over {p}.",
    "The companies did not disclose the financial terms of the {p} arrangement.",
)
QUOTES = (
    "This is a defining moment for {b} and for our work on {p}.",
    "We have always believed in what {b} is building, and {p} is at the heart of it.",
    "Our partnership with {a} gives customers more choice.",
    "The terms on {p} protect both companies for the long run.",
)
FIRST_NAMES = ("Ada", "Amara", "Ben", "Carmen", "Dara", "Elena", "Farid", "Grace", "Hiro",
               "Ines", "Jonas", "Kemi", "Lars", "Maya", "Nikhil", "Olga", "Priya", "Rafael",
               "Sofia", "Tomas", "Uma", "Victor", "Wen", "Yusuf", "Zara")  # fmt: skip
LAST_NAMES = ("Abbott", "Bianchi", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad",
              "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor",
              "Patel", "Quinn", "Rossi", "Santos", "Tanaka", "Usman", "Varga", "Walsh")  # fmt: skip
SPEAKER_TITLES = ("Chief executive", "Chief technology officer", "President", "Chief financial "
                  "officer", "Chief scientist", "Chair", "Head of partnerships")  # fmt: skip
PUBLISHERS = (("Example Wire", "wire.example"), ("The Ledger", "ledger.example"),
              ("Tech Dispatch", "dispatch.example"), ("Market Journal", "journal.example"),
              ("Business Herald", "herald.example"), ("The Signal", "signal.example"),
              ("Global Post", "globalpost.example"),
              ("Company filing", "filings.example"))  # fmt: skip
SOURCE_VERBS = ("expand", "sign", "rethink", "deepen", "renegotiate", "announce", "scale back")
SOURCE_NOUNS = ("pact", "deal", "partnership", "alliance", "agreement", "talks")
TERM_TEXTS = (
    "{h} as agreed between the parties, reviewed every {n} years.",
    "{h}: the parties agreed a framework with a {n}-year horizon.",
    "{h} applies unless either party gives {n} months' notice.",
)
CURRENCIES = ("USD", "USD", "USD", "EUR", "GBP", "JPY")


def _partnership_tables() -> list[str]:
    config = apps.get_app_config("partnerships")
    return [model._meta.db_table for model in config.get_models(include_auto_created=True)]


def truncate() -> None:
    """Empty every table of the partnerships app (and reset their id sequences)."""
    tables = ", ".join(connection.ops.quote_name(table) for table in _partnership_tables())
    with connection.cursor() as cursor:
        _check_deferred_constraints(cursor)
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


def _check_deferred_constraints(cursor) -> None:
    """Run the queued deferred FK checks now: TRUNCATE and ALTER TABLE refuse while any wait."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def analyze() -> None:
    """Fresh planner statistics; VACUUM as well when outside a transaction (it can't be in one)."""
    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in _partnership_tables():
            cursor.execute(f"{verb} {connection.ops.quote_name(table)}")


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class _Span:
    start: int  # ordinal days
    end: int


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


class _Generator:
    def __init__(self, events: int, seed: int):
        self.rng = random.Random(seed)
        self.n_events = events
        self.n_partnerships = _clamp(int(events**0.5), 2, 300)
        self.n_companies = _clamp(int(self.n_partnerships * 1.6), 8, 600)
        self.n_sources = _clamp(events // 12, 20, 20_000)
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

    # -- the data set --------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        if self.n_events <= 0:
            return self.counts
        self._load_taken()
        self.companies()
        self.partnerships()
        self.sources()
        self.agreements()
        self.events()
        return self.counts

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
            spans.append(_Span(start, end))
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

    def agreements(self) -> None:
        """Per partnership: chains MOU → definitive (→ amendments), and standalone deals."""
        rng = self.rng
        K, S = Agreement.Kind, Agreement.Status
        objs: list[Agreement] = []
        plan: list[tuple[int, str, int]] = []  # links: (from index, kind, to index)
        self.agreements_of: list[list[int]] = []  # agreement indexes per partnership
        index = 0

        def add(p: int, kind: str, status: str, day: int, **extra) -> int:
            nonlocal index
            index += 1
            a, b = self.members[p][0], self.members[p][1]
            label = dict(K.choices)[kind]
            topic = rng.choice(PHRASES)
            title = f"{a.name}{EN_DASH}{b.name} {topic} {label.lower()}"
            day = min(day, LAST_DAY)
            signed = None if status == S.NEGOTIATING else dt.date.fromordinal(day)
            announced = dt.date.fromordinal(max(FIRST_DAY, day - rng.randint(0, 20)))
            value = None
            currency = ""
            if kind in (K.INVESTMENT, K.DEFINITIVE, K.LICENCE, K.COMMERCIAL) and rng.random() < 0.6:
                value = Decimal(rng.randint(1, 20_000) * 1_000_000)
                currency = rng.choice(CURRENCIES)
            objs.append(
                Agreement(
                    partnership=self.partnership_list[p],
                    title=title,
                    slug=self._slug(Agreement, title, index),
                    kind=kind,
                    is_binding=kind not in Agreement.NON_BINDING_KINDS,
                    status=status,
                    announced_on=announced,
                    signed_on=signed,
                    effective_on=signed,
                    value=value,
                    currency=currency,
                    summary=f"{a.name} and {b.name} agree terms on {topic}.",
                    **extra,
                )
            )
            self.agreements_of[p].append(len(objs) - 1)
            return len(objs) - 1

        for p, span in enumerate(self.spans):
            self.agreements_of.append([])
            for _ in range(rng.choices((1, 2, 3), weights=(50, 35, 15))[0]):
                start = rng.randint(span.start, max(span.start, span.end - 400))
                first_kind = rng.choice((K.MOU, K.MOU, K.LETTER_OF_INTENT, K.TERM_SHEET))
                if rng.random() < 0.15:  # talks that never got further
                    add(p, first_kind, rng.choice((S.NEGOTIATING, S.EXPIRED)), start)
                    continue
                mou = add(p, first_kind, S.SUPERSEDED, start)
                day = start + rng.randint(30, 400)
                terminated = rng.random() < 0.2
                definitive = add(
                    p,
                    rng.choice((K.DEFINITIVE, K.DEFINITIVE, K.INVESTMENT, K.LICENCE)),
                    S.TERMINATED if terminated else S.IN_EFFECT,
                    day,
                )
                plan.append((mou, AgreementLink.Kind.LEADS_TO, definitive))
                plan.append((definitive, AgreementLink.Kind.SUPERSEDES, mou))
                for _ in range(rng.choices((0, 1, 2), weights=(50, 35, 15))[0]):
                    day += rng.randint(60, 900)
                    amendment = add(p, K.AMENDMENT, S.IN_EFFECT, day)
                    plan.append((amendment, AgreementLink.Kind.AMENDS, definitive))
                if terminated:
                    day = min(LAST_DAY, day + rng.randint(90, 1500))
                    objs[definitive].ends_on = dt.date.fromordinal(day)
                    if rng.random() < 0.5:
                        ender = add(p, K.OTHER, S.SIGNED, day)
                        plan.append((ender, AgreementLink.Kind.TERMINATES, definitive))
            for _ in range(rng.choices((0, 1, 2), weights=(40, 40, 20))[0]):
                kind = rng.choice((K.INVESTMENT, K.COMMERCIAL, K.LICENCE))
                add(p, kind, rng.choice((S.ANNOUNCED, S.SIGNED, S.IN_EFFECT)),
                    rng.randint(span.start, span.end))  # fmt: skip

        self.agreement_list = self._bulk(Agreement, objs)
        links = [
            AgreementLink(
                from_agreement=self.agreement_list[a], to_agreement=self.agreement_list[b], kind=k
            )
            for a, k, b in plan
        ]
        self._bulk(AgreementLink, links, "agreement links")

        terms, citations = [], []
        for agreement in self.agreement_list:
            for position, topic in enumerate(rng.sample(TOPIC_KEYS, rng.randint(2, 5))):
                heading = TOPICS[topic][0]
                text = rng.choice(TERM_TEXTS).format(h=heading, n=rng.randint(2, 10))
                terms.append(
                    AgreementTerm(
                        agreement=agreement,
                        position=position,
                        topic=topic,
                        heading=heading,
                        text=text,
                    )
                )
            day = (agreement.signed_on or agreement.announced_on).toordinal()
            for source in self._near_sources(day, rng.randint(1, 2)):
                citations.append(
                    AgreementCitation(
                        agreement=agreement,
                        source=source,
                        excerpt=f"The {agreement.get_kind_display().lower()} was reported on "
                        f"{dt.date.fromordinal(day):%d %B %Y}.",
                    )
                )
        self.term_list = self._bulk(AgreementTerm, terms, "agreement terms")
        self._bulk(AgreementCitation, citations, "agreement citations")
        term_citations = [
            TermCitation(
                term=term,
                source=self._near_sources(
                    (term.agreement.signed_on or term.agreement.announced_on).toordinal(), 1
                )[0],
                excerpt=f"{term.heading} was among the terms reported.",
            )
            for term in self.term_list
            if rng.random() < 0.3
        ]
        self._bulk(TermCitation, term_citations, "term citations")

    def events(self) -> None:
        rng = self.rng
        n = self.n_events
        kinds = [kind for kind, _ in RANDOM_EVENT_KINDS]
        kind_weights = list(itertools.accumulate(weight for _, weight in RANDOM_EVENT_KINDS))
        # Partnerships differ a lot in how much news they make.
        weights = [rng.paretovariate(1.3) for _ in self.partnership_list]
        total = sum(weights)
        p_weights = list(itertools.accumulate(weights))
        # Busy news days per partnership, about eight events each, and a few industry-wide
        # days with a hundred or so: many events share a date (keyset pagination ties).
        news_days = [
            [
                rng.randint(span.start, span.end)
                for _ in range(max(3, int(n * weight / total * NEWS_DAY_SHARE / 8)))
            ]
            for span, weight in zip(self.spans, weights, strict=True)
        ]
        big_days = [rng.randint(dt.date(2000, 1, 1).toordinal(), LAST_DAY) for _ in range(3)]

        specs: list[tuple[int, str, int | None, int, bool]] = []  # (p, kind, agreement, day, exact)
        # Every agreement is announced and (if signed) signed on its own dates.
        for p, indexes in enumerate(self.agreements_of):
            for i in indexes:
                agreement = self.agreement_list[i]
                specs.append(
                    (p, Event.Kind.ANNOUNCEMENT, i, agreement.announced_on.toordinal(), True)
                )
                if agreement.signed_on:
                    specs.append((p, Event.Kind.SIGNING, i, agreement.signed_on.toordinal(), True))
                if agreement.ends_on:
                    specs.append(
                        (p, Event.Kind.TERMINATION, i, agreement.ends_on.toordinal(), True)
                    )
        rng.shuffle(specs)
        specs = specs[: n // 3]
        partnership_indexes = range(len(self.partnership_list))
        while len(specs) < n:
            p = rng.choices(partnership_indexes, cum_weights=p_weights)[0]
            kind = rng.choices(kinds, cum_weights=kind_weights)[0]
            agreement = None
            if self.agreements_of[p] and rng.random() < 0.4:
                agreement = rng.choice(self.agreements_of[p])
                key = self.agreement_list[agreement].key_date.toordinal()
                day = _clamp(key + rng.randint(-120, 120), FIRST_DAY, LAST_DAY)
                specs.append((p, kind, agreement, day, False))
            elif rng.random() < NEWS_DAY_SHARE:
                specs.append((p, kind, None, rng.choice(news_days[p]), True))
            elif rng.random() < 0.005:
                specs.append((p, kind, None, rng.choice(big_days), True))
            else:
                span = self.spans[p]
                specs.append((p, kind, None, rng.randint(span.start, span.end), False))

        rows, chosen_companies, days = [], [], []
        for index, (p, kind, agreement, day, exact) in enumerate(specs, start=1):
            members = self.members[p]
            picked = rng.sample(members, rng.randint(1, min(3, len(members))))
            a = picked[0]
            b = picked[1] if len(picked) > 1 else next(m for m in members if m is not a)
            phrase = rng.choice(PHRASES)
            title = self._fill(rng.choice(EVENT_TITLES[kind]), a, b, phrase)
            dated = self._dated(day, exact)
            rows.append(
                {
                    "partnership": self.partnership_list[p].pk,
                    "agreement": self.agreement_list[agreement].pk
                    if agreement is not None
                    else None,
                    "kind": kind.value,
                    "title": title,
                    "slug": self._slug(Event, title, index),
                    "summary": self._fill(rng.choice(SUMMARIES), a, b, phrase),
                    "significance": self._significance(),
                    "date": dated["date"],
                    "precision": dated["precision"].value,
                    "is_approximate": dated["is_approximate"],
                    "end_date": dated.get("end_date"),
                    "end_precision": dated.get("end_precision", Precision.DAY).value,
                }
            )
            chosen_companies.append(picked)
            days.append(day)
        event_ids = self._copy(Event, rows)
        Through = Event.companies.through
        self._bulk(
            Through,
            [
                Through(event_id=event_id, company_id=company.pk)
                for event_id, picked in zip(event_ids, chosen_companies, strict=True)
                for company in picked
            ],
            "event companies",
        )

        citations, quotes = [], []
        for event_id, picked, day in zip(event_ids, chosen_companies, days, strict=True):
            count = rng.choices((1, 2, 3), cum_weights=(50, 85, 100))[0]
            cited = self._near_sources(day, count)
            a = picked[0]
            b = picked[-1]
            for source in cited:
                citations.append(
                    EventCitation(
                        event_id=event_id, source_id=source.pk, excerpt=self._excerpt(a, b)
                    )
                )
            if rng.random() < 0.15:
                quotes.append(
                    Quote(
                        event_id=event_id,
                        speaker=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        speaker_title=rng.choice(SPEAKER_TITLES),
                        company_id=a.pk,
                        text=self._fill(rng.choice(QUOTES), a, b, rng.choice(PHRASES)),
                        source_id=cited[0].pk,
                    )
                )
        self._bulk(EventCitation, citations, "event citations")
        self._bulk(Quote, quotes, "quotes")


def _other_triggers() -> list[tuple[str, str]]:
    """Enabled user triggers on the partnerships tables other than the search ones.

    The history triggers, say: a synthetic data set needs no history, and writing
    one row of it per inserted row would double the load.
    """
    search_triggers = {trigger for _, trigger in search.TRIGGERS}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relname = ANY(%s) "
            "AND c.relnamespace = 'public'::regnamespace ORDER BY 1, 2",
            [_partnership_tables()],
        )
        return [row for row in cursor.fetchall() if row[1] not in search_triggers]


def _set_enabled(triggers: list[tuple[str, str]], enabled: bool) -> None:
    verb = "ENABLE" if enabled else "DISABLE"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        _check_deferred_constraints(cursor)
        for table, trigger in triggers:
            cursor.execute(f"ALTER TABLE {quote(table)} {verb} TRIGGER {quote(trigger)}")


def generate(events: int, *, seed: int = 0, clear: bool = False) -> Result:
    """Make the data set in one transaction; ``clear`` empties the tables first.

    Triggers are off while rows go in (search, and any others such as history), then
    the search documents are rebuilt in one statement. Savepoints let each ``finally``
    switch triggers back on even after a failed statement, so the original error shows.
    """
    started = time.perf_counter()
    generator = _Generator(events, seed)
    with transaction.atomic():
        if clear:
            truncate()
        others = _other_triggers()
        _set_enabled(others, False)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    _check_deferred_constraints(cursor)
                search.set_triggers_enabled(False)
                try:
                    with transaction.atomic():
                        counts = generator.run()
                finally:
                    with connection.cursor() as cursor:
                        _check_deferred_constraints(cursor)
                    search.set_triggers_enabled(True)
                if counts.get("events"):
                    # Statistics first: planned against the empty tables, the per-event
                    # look-ups of quotes and citations in the rebuild become sequential
                    # scans (minutes instead of seconds).
                    analyze()
                    search.rebuild_search_vectors()
        finally:
            _set_enabled(others, True)
    analyze()
    return Result(counts=counts, seconds=time.perf_counter() - started)
