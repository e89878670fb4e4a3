"""Agreement reads: the chain of linked agreements, and term-by-term comparison."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from partnerships.models import Agreement, AgreementLink, AgreementTerm

CHAIN_LIMIT = 50


def agreement_chain(agreement: Agreement) -> tuple[list[Agreement], list[AgreementLink]]:
    """Every agreement linked to this one, directly or not, ordered by date, with the links.

    Breadth-first over links in both directions, one query per step; chains are short.
    """
    seen = {agreement.pk}
    frontier = {agreement.pk}
    links: dict[int, AgreementLink] = {}
    while frontier and len(seen) < CHAIN_LIMIT:
        step = list(
            AgreementLink.objects.filter(
                Q(from_agreement__in=frontier) | Q(to_agreement__in=frontier)
            ).select_related("from_agreement", "to_agreement")
        )
        frontier = set()
        for link in step:
            links[link.pk] = link
            for pk in (link.from_agreement_id, link.to_agreement_id):
                if pk not in seen:
                    seen.add(pk)
                    frontier.add(pk)
    chain = sorted(
        Agreement.objects.filter(pk__in=seen).select_related("partnership"),
        key=lambda item: (item.key_date is None, item.key_date, item.pk),
    )
    return chain, sorted(links.values(), key=lambda link: link.pk)


@dataclass
class TermChange:
    topic: str
    status: str  # "added", "removed", "changed", "unchanged"
    before: AgreementTerm | None
    after: AgreementTerm | None

    @property
    def heading(self) -> str:
        return (self.after or self.before).heading


def compare_terms(older: Agreement, newer: Agreement) -> list[TermChange]:
    """Term by term, matched on topic key: what the newer agreement added, removed, changed."""
    before = {term.topic: term for term in older.terms.all()}
    after = {term.topic: term for term in newer.terms.all()}
    changes = []
    for topic in [*before, *[topic for topic in after if topic not in before]]:
        old, new = before.get(topic), after.get(topic)
        if old and new:
            same = (old.heading, old.text.strip()) == (new.heading, new.text.strip())
            status = "unchanged" if same else "changed"
        else:
            status = "added" if new else "removed"
        changes.append(TermChange(topic, status, old, new))
    order = {"changed": 0, "added": 1, "removed": 2, "unchanged": 3}
    return sorted(changes, key=lambda change: order[change.status])


def comparisons(agreement: Agreement, links: list[AgreementLink]) -> list[dict]:
    """Comparisons of this agreement with the ones it leads to, supersedes or amends."""
    pairs = []
    for link in links:
        if agreement.pk not in (link.from_agreement_id, link.to_agreement_id):
            continue
        if link.kind == AgreementLink.Kind.LEADS_TO:
            older, newer = link.from_agreement, link.to_agreement
        elif link.kind in (AgreementLink.Kind.SUPERSEDES, AgreementLink.Kind.AMENDS):
            older, newer = link.to_agreement, link.from_agreement
        else:
            continue
        if (older.pk, newer.pk) not in [(o.pk, n.pk) for o, n in pairs]:
            pairs.append((older, newer))
    terms = Prefetch("terms", queryset=AgreementTerm.objects.order_by("position", "id"))
    loaded = Agreement.objects.prefetch_related(terms).in_bulk(
        {pk for pair in pairs for pk in (pair[0].pk, pair[1].pk)}
    )
    return [
        {
            "older": loaded[older.pk],
            "newer": loaded[newer.pk],
            "changes": compare_terms(loaded[older.pk], loaded[newer.pk]),
        }
        for older, newer in pairs
    ]


def compared_terms(compared: list[dict]) -> list[AgreementTerm]:
    """Every term instance the comparisons show, before and after."""
    return [
        term
        for comparison in compared
        for change in comparison["changes"]
        for term in (change.before, change.after)
        if term is not None
    ]
