"""Word lists, templates and limits the synthetic data set is drawn from."""

from __future__ import annotations

import datetime as dt

from partnerships.models import Company, Event

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
