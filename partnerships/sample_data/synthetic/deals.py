"""The generator's deals: agreement chains with terms and links, then events."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from partnerships.dates import EN_DASH, Precision
from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementLink,
    AgreementTerm,
    Event,
    EventCitation,
    Quote,
    TermCitation,
)
from partnerships.sample_data.synthetic.vocabulary import (
    CURRENCIES,
    EVENT_TITLES,
    FIRST_DAY,
    FIRST_NAMES,
    LAST_DAY,
    LAST_NAMES,
    NEWS_DAY_SHARE,
    PHRASES,
    QUOTES,
    RANDOM_EVENT_KINDS,
    SPEAKER_TITLES,
    SUMMARIES,
    TERM_TEXTS,
    TOPIC_KEYS,
    TOPICS,
)
from partnerships.sample_data.synthetic.writer import RecordWriter, clamp

# Of events, those published without a source; of second and third citations of an
# event known to the day, those giving another day (a disagreement the page shows).
UNSOURCED_SHARE = 0.03
DISAGREEING_SHARE = 0.1


class Generator(RecordWriter):
    """Everything ``gendata`` writes, in dependency order."""

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
                day = clamp(key + rng.randint(-120, 120), FIRST_DAY, LAST_DAY)
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
            # A few events are published without a source, flagged so (services.events).
            unsourced = rng.random() < UNSOURCED_SHARE
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
                    "is_unsourced": unsourced,
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
        for event_id, picked, day, row in zip(event_ids, chosen_companies, days, rows, strict=True):
            if row["is_unsourced"]:
                continue
            count = rng.choices((1, 2, 3), cum_weights=(50, 85, 100))[0]
            cited = self._near_sources(day, count)
            a = picked[0]
            b = picked[-1]
            for position, source in enumerate(cited):
                citation = EventCitation(
                    event_id=event_id, source_id=source.pk, excerpt=self._excerpt(a, b)
                )
                # Now and then a later source of several gives a day a little off.
                day_known = position and row["precision"] == Precision.DAY
                if day_known and rng.random() < DISAGREEING_SHARE:
                    shift = rng.choice((-3, -2, -1, 1, 2, 3, 4))
                    citation.gives_date = row["date"] + dt.timedelta(days=shift)
                citations.append(citation)
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
