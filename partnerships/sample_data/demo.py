"""Demo data: the Microsoft–OpenAI partnership from 2019 to the 2025 definitive agreement.

The data is plain Python below; ``load_demo()`` writes it with ``update_or_create`` on
natural keys, so running it again changes nothing.

Sourcing rules followed here:

* The two seed news articles have no known URL, so their URL stays blank.
* Other URLs are filled in only where the address is known for certain; the rest are blank.
* Excerpts are the passage of the source that backs the record. The one exception is the
  trade-press report, whose excerpt describes what the report says (it dates the MOU to
  15 September 2025, where the joint statement is dated 11 September).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

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

# ---------------------------------------------------------------------------
# Companies (natural key: name)
# ---------------------------------------------------------------------------

COMPANIES = [
    {
        "name": "Microsoft",
        "slug": "microsoft",
        "kind": "public",
        "website": "https://www.microsoft.com/",
        "description": "Software and cloud company; OpenAI's largest investor and, through "
        "Azure, its main cloud provider.",
    },
    {
        "name": "OpenAI",
        "slug": "openai",
        "kind": "nonprofit",
        "website": "https://openai.com/",
        "description": "AI research and deployment company founded as a nonprofit in 2015. "
        "In October 2025 its for-profit arm was recapitalised as OpenAI Group PBC, "
        "controlled by the nonprofit OpenAI Foundation.",
    },
    {
        "name": "Apple",
        "slug": "apple",
        "kind": "public",
        "website": "https://www.apple.com/",
        "description": "Maker of the iPhone, iPad and Mac and of the operating systems they run.",
    },
    {
        "name": "SoftBank",
        "slug": "softbank",
        "kind": "public",
        "website": "",
        "description": "SoftBank Group, the Japanese investment holding company; a lead partner "
        "and equity funder of Stargate.",
    },
    {
        "name": "Oracle",
        "slug": "oracle",
        "kind": "public",
        "website": "https://www.oracle.com/",
        "description": "Database and cloud infrastructure company; an equity funder of Stargate.",
    },
    {
        "name": "MGX",
        "slug": "mgx",
        "kind": "fund",
        "website": "",
        "description": "Abu Dhabi technology investment company; an equity funder of Stargate.",
    },
    {
        "name": "Arm",
        "slug": "arm",
        "kind": "public",
        "website": "https://www.arm.com/",
        "description": "Chip architecture designer; a technology partner of Stargate.",
    },
    {
        "name": "NVIDIA",
        "slug": "nvidia",
        "kind": "public",
        "website": "https://www.nvidia.com/",
        "description": "Maker of the GPUs used to train and run AI models; a technology "
        "partner of Stargate.",
    },
]

# ---------------------------------------------------------------------------
# Sources (natural key: title + publisher), referred to below by their dict key
# ---------------------------------------------------------------------------

SOURCES = {
    # The two seed articles. No URL is known for either; neither gives a date.
    "seed-mou-article": {
        "title": "Microsoft and OpenAI sign non-binding MOU for next phase of partnership",
        "publisher": "",
        "author": "",
        "url": "",
        "published_on": None,
        "retrieved_on": None,
    },
    "richlyai-mou": {
        "title": "OpenAI and Microsoft Strengthen AI Partnership with New MOU",
        "publisher": "RichlyAI",
        "author": "Lazarus Omolua",
        "url": "",
        "published_on": None,
        "retrieved_on": None,
    },
    # The public record.
    "openai-2019-investment": {
        "title": "Microsoft invests in and partners with OpenAI to support us building "
        "beneficial AGI",
        "publisher": "OpenAI",
        "published_on": date(2019, 7, 22),
    },
    "microsoft-2020-gpt-3": {
        "title": "Microsoft teams up with OpenAI to exclusively license GPT-3 language model",
        "publisher": "Microsoft",
        "author": "Kevin Scott",
        "published_on": date(2020, 9, 22),
    },
    "microsoft-2023-extension": {
        "title": "Microsoft and OpenAI extend partnership",
        "publisher": "Microsoft",
        "published_on": date(2023, 1, 23),
    },
    "openai-2023-leadership-transition": {
        "title": "OpenAI announces leadership transition",
        "publisher": "OpenAI",
        "published_on": date(2023, 11, 17),
    },
    "openai-2023-altman-return-post": {
        "title": "OpenAI post on X: agreement in principle for Sam Altman to return as CEO",
        "publisher": "OpenAI",
        "published_on": date(2023, 11, 22),
    },
    "openai-2023-new-initial-board": {
        "title": "Sam Altman returns as CEO, OpenAI has a new initial board",
        "publisher": "OpenAI",
        "published_on": date(2023, 11, 29),
    },
    "openai-2024-apple": {
        "title": "OpenAI and Apple announce partnership to integrate ChatGPT into Apple "
        "experiences",
        "publisher": "OpenAI",
        "published_on": date(2024, 6, 10),
    },
    "reuters-2024-observer-seat": {
        "title": "Report: Microsoft gives up its observer seat on OpenAI's board",
        "publisher": "Reuters",
        "published_on": date(2024, 7, 10),
    },
    "microsoft-2025-evolve-partnership": {
        "title": "Microsoft and OpenAI evolve partnership to drive the next phase of AI",
        "publisher": "Microsoft",
        "published_on": date(2025, 1, 21),
    },
    "openai-2025-stargate": {
        "title": "Announcing The Stargate Project",
        "publisher": "OpenAI",
        "url": "https://openai.com/index/announcing-the-stargate-project/",
        "published_on": date(2025, 1, 21),
    },
    "joint-statement-2025-09": {
        "title": "A joint statement from OpenAI and Microsoft",
        "publisher": "OpenAI",
        "url": "https://openai.com/index/joint-statement-from-openai-and-microsoft/",
        "published_on": date(2025, 9, 11),
    },
    "trade-press-mou-15-sep": {
        "title": "Trade press report dating the Microsoft–OpenAI MOU to 15 September 2025",
        "publisher": "Trade press report",
        "published_on": date(2025, 9, 15),
    },
    "next-chapter-2025-10": {
        "title": "The next chapter of the Microsoft–OpenAI partnership",
        "publisher": "OpenAI",
        "url": "https://openai.com/index/next-chapter-of-microsoft-openai-partnership/",
        "published_on": date(2025, 10, 28),
    },
}

# Passages quoted more than once.
RICHLYAI_2019 = (
    "The collaboration between OpenAI and Microsoft dates back to 2019, when Microsoft made a "
    "substantial investment in OpenAI, becoming its exclusive cloud provider."
)
RICHLYAI_SAFETY = (
    "Commitment to AI Safety: Both organizations emphasize the importance of developing AI "
    "technologies that are safe, transparent, and beneficial to humanity. They aim to "
    "integrate safety protocols throughout the development lifecycle of AI systems."
)
RICHLYAI_RESEARCH = (
    "Investment in Research: The new agreement includes a commitment to invest in research "
    "that addresses the challenges of AI governance, bias, and accountability. This research "
    "will focus on creating frameworks that promote responsible AI usage."
)
RICHLYAI_PRODUCTS = (
    "Collaboration on Product Development: OpenAI and Microsoft plan to collaborate on "
    "developing innovative AI products and services that leverage their combined expertise. "
    "This includes enhancing Azure’s AI capabilities, making powerful tools more accessible "
    "to developers and businesses."
)
RICHLYAI_COMMUNITY = (
    "Community Engagement: The partnership will also focus on engaging with the broader AI "
    "community, encouraging dialogue and collaboration among stakeholders to promote shared "
    "learning and best practices in AI safety and ethics."
)
SEED_DEFINITIVE = (
    "Microsoft and OpenAI have taken another step forward in their long-standing partnership "
    "by signing a non-binding memorandum of understanding (MOU). This marks the beginning of "
    "the next phase in their strategic collaboration, as both companies actively work toward "
    "finalizing a definitive agreement."
)
JOINT_MOU = (
    "OpenAI and Microsoft have signed a non-binding memorandum of understanding (MOU) for "
    "the next phase of our partnership. We are actively working to finalize contractual "
    "terms in a definitive agreement."
)
JOINT_SAFETY = (
    "Together, we remain focused on delivering the best AI tools for everyone, grounded in "
    "our shared commitment to safety."
)
EVOLVE_ROFR = (
    "This new agreement also includes changes to the exclusivity on new capacity, moving to "
    "a model where Microsoft has a right of first refusal (ROFR)."
)
EVOLVE_KEY_ELEMENTS = (
    "The key elements of our partnership remain in place for the duration of our contract "
    "through 2030, including our access to OpenAI’s IP, our revenue sharing arrangements "
    "and exclusivity on OpenAI’s APIs."
)
NEXT_CHAPTER_SIGNED = (
    "As we enter the next phase of this partnership, we’ve signed a new definitive agreement "
    "that builds on our foundation, strengthens our partnership, and sets the stage for "
    "long-term success for both organizations."
)
NEXT_CHAPTER_STAKE = (
    "Following the recapitalization, Microsoft holds an investment in OpenAI Group PBC "
    "valued at approximately $135 billion, representing roughly 27 percent on an "
    "as-converted diluted basis"
)
NEXT_CHAPTER_IP = (
    "Microsoft’s IP rights for both models and products are extended through 2032 and now "
    "includes models post-AGI, with appropriate safety guardrails."
)
NEXT_CHAPTER_AGI = (
    "Once AGI is declared by OpenAI, that declaration will now be verified by an independent "
    "expert panel."
)
NEXT_CHAPTER_AZURE = (
    "OpenAI has contracted to purchase an incremental $250B of Azure services, and Microsoft "
    "will no longer have a right of first refusal to be OpenAI’s compute provider."
)
STARGATE_FUNDERS = (
    "The Stargate Project is a new company which intends to invest $500 billion over the "
    "next four years building new AI infrastructure for OpenAI in the United States. […] "
    "The initial equity funders in Stargate are SoftBank, OpenAI, Oracle, and MGX. […] "
    "Arm, Microsoft, NVIDIA, Oracle, and OpenAI are the key initial technology partners."
)

# ---------------------------------------------------------------------------
# Partnerships (natural key: slug) and their parties (one role per company)
# ---------------------------------------------------------------------------

PARTNERSHIPS = [
    {
        "slug": "microsoft-openai",
        "name": "Microsoft–OpenAI partnership",
        "status": "active",
        "summary": "Microsoft has backed OpenAI since 2019 with investment and Azure "
        "computing in exchange for rights to OpenAI's models. A non-binding MOU in "
        "September 2025 led to a definitive agreement in October 2025.",
        "parties": [("Microsoft", "investor"), ("OpenAI", "investee")],
    },
    {
        "slug": "apple-openai",
        "name": "Apple–OpenAI partnership",
        "status": "active",
        "summary": "Apple integrates ChatGPT into its operating systems, announced in June 2024.",
        "parties": [("Apple", "partner"), ("OpenAI", "technology-partner")],
    },
    {
        "slug": "stargate",
        "name": "Stargate",
        "status": "active",
        "summary": "The Stargate Project, announced in January 2025: a new company to invest "
        "$500 billion over four years in AI infrastructure for OpenAI in the United States, "
        "funded by SoftBank, OpenAI, Oracle and MGX, with Arm, Microsoft, NVIDIA, Oracle and "
        "OpenAI as technology partners.",
        "parties": [
            ("SoftBank", "equity-funder"),
            ("OpenAI", "equity-funder"),
            ("Oracle", "equity-funder"),
            ("MGX", "equity-funder"),
            ("Arm", "technology-partner"),
            ("Microsoft", "technology-partner"),
            ("NVIDIA", "technology-partner"),
        ],
    },
]

# ---------------------------------------------------------------------------
# Agreements (natural key: slug) with their key terms (natural key: agreement + topic).
# Terms share topic keys across agreements so versions of the deal compare term by term.
# ---------------------------------------------------------------------------

AGREEMENTS = [
    {
        "slug": "microsoft-openai-2019-investment",
        "partnership": "microsoft-openai",
        "title": "Microsoft's $1 billion investment and exclusive cloud partnership",
        "kind": "investment",
        "is_binding": True,
        "status": "signed",
        "announced_on": date(2019, 7, 22),
        "value": Decimal("1000000000"),
        "currency": "USD",
        "summary": "Microsoft invests $1 billion in OpenAI; Azure becomes OpenAI's exclusive "
        "cloud provider and Microsoft its preferred partner for commercialising new AI "
        "technologies.",
        "sources": [
            (
                "openai-2019-investment",
                "Microsoft is investing $1 billion in OpenAI to support us building "
                "artificial general intelligence (AGI) with widely distributed economic "
                "benefits.",
            ),
        ],
        "terms": [
            {
                "topic": "investment",
                "heading": "$1 billion investment",
                "text": "Microsoft invests $1 billion in OpenAI.",
                "sources": [
                    (
                        "openai-2019-investment",
                        "Microsoft is investing $1 billion in OpenAI to support us building "
                        "artificial general intelligence (AGI) with widely distributed "
                        "economic benefits.",
                    ),
                ],
            },
            {
                "topic": "cloud-exclusivity",
                "heading": "Azure is OpenAI's exclusive cloud provider",
                "text": "Microsoft becomes OpenAI's exclusive cloud provider; the two jointly "
                "develop Azure AI supercomputing technologies.",
                "sources": [
                    (
                        "openai-2019-investment",
                        "We’ll jointly develop new Azure AI supercomputing technologies, and "
                        "Microsoft will become our exclusive cloud provider",
                    ),
                ],
            },
            {
                "topic": "commercialization",
                "heading": "Microsoft is the preferred commercialisation partner",
                "text": "OpenAI licenses some pre-AGI technologies, with Microsoft as its "
                "preferred partner for commercialising them.",
                "sources": [
                    (
                        "openai-2019-investment",
                        "we intend to license some of our pre-AGI technologies, with "
                        "Microsoft becoming our preferred partner for commercializing them.",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "microsoft-openai-2020-gpt-3-licence",
        "partnership": "microsoft-openai",
        "title": "Exclusive licence to GPT-3",
        "kind": "licence",
        "is_binding": True,
        "status": "signed",
        "announced_on": date(2020, 9, 22),
        "summary": "Microsoft receives an exclusive licence to OpenAI's GPT-3 language model; "
        "OpenAI keeps offering GPT-3 through its own API.",
        "sources": [
            (
                "microsoft-2020-gpt-3",
                "Microsoft is teaming up with OpenAI to exclusively license GPT-3, allowing "
                "us to leverage its technical innovations to develop and deliver advanced AI "
                "solutions for our customers",
            ),
        ],
        "terms": [
            {
                "topic": "ip-rights",
                "heading": "Exclusive licence to GPT-3",
                "text": "Microsoft holds an exclusive licence to the GPT-3 model.",
                "sources": [
                    (
                        "microsoft-2020-gpt-3",
                        "Microsoft is teaming up with OpenAI to exclusively license GPT-3",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "microsoft-openai-2023-extension",
        "partnership": "microsoft-openai",
        "title": "Third phase: multiyear, multibillion-dollar investment",
        "kind": "investment",
        "is_binding": True,
        "status": "signed",
        "announced_on": date(2023, 1, 23),
        "summary": "Microsoft extends the partnership with a multiyear, multibillion-dollar "
        "investment (the amount was not disclosed). Azure stays OpenAI's exclusive cloud "
        "provider and Microsoft deploys OpenAI's models across its products.",
        "sources": [
            (
                "microsoft-2023-extension",
                "Today, we are announcing the third phase of our long-term partnership with "
                "OpenAI through a multiyear, multibillion dollar investment to accelerate AI "
                "breakthroughs to ensure these benefits are broadly shared with the world.",
            ),
        ],
        "terms": [
            {
                "topic": "investment",
                "heading": "Multiyear, multibillion-dollar investment",
                "text": "Microsoft makes a further multiyear investment of several billion "
                "dollars; the amount is not disclosed.",
                "sources": [
                    (
                        "microsoft-2023-extension",
                        "the third phase of our long-term partnership with OpenAI through a "
                        "multiyear, multibillion dollar investment",
                    ),
                ],
            },
            {
                "topic": "cloud-exclusivity",
                "heading": "Azure remains the exclusive cloud provider",
                "text": "Azure powers all OpenAI workloads across research, products and API "
                "services.",
                "sources": [
                    (
                        "microsoft-2023-extension",
                        "As OpenAI’s exclusive cloud provider, Azure will power all OpenAI "
                        "workloads across research, products and API services.",
                    ),
                ],
            },
            {
                "topic": "product-collaboration",
                "heading": "OpenAI models in Microsoft products",
                "text": "Microsoft deploys OpenAI's models across its consumer and enterprise "
                "products.",
                "sources": [
                    (
                        "microsoft-2023-extension",
                        "Microsoft will deploy OpenAI’s models across our consumer and "
                        "enterprise products and introduce new categories of digital "
                        "experiences built on OpenAI’s technology.",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "microsoft-openai-2025-amendment",
        "partnership": "microsoft-openai",
        "title": "January 2025 revision: right of first refusal on new capacity",
        "kind": "amendment",
        "is_binding": True,
        "status": "superseded",
        "announced_on": date(2025, 1, 21),
        "summary": "Microsoft's exclusivity on new compute capacity becomes a right of first "
        "refusal; OpenAI may build additional capacity. Access to OpenAI's IP, revenue "
        "sharing and API exclusivity stay in place through 2030.",
        "sources": [("microsoft-2025-evolve-partnership", EVOLVE_ROFR)],
        "terms": [
            {
                "topic": "cloud-exclusivity",
                "heading": "Exclusivity on new capacity ends",
                "text": "Microsoft is no longer the exclusive provider of new compute capacity; "
                "OpenAI may build additional capacity, primarily for research and training.",
                "sources": [
                    (
                        "microsoft-2025-evolve-partnership",
                        "Microsoft has approved OpenAI’s ability to build additional "
                        "capacity, primarily for research and training of models.",
                    ),
                ],
            },
            {
                "topic": "compute-rofr",
                "heading": "Right of first refusal on new capacity",
                "text": "Microsoft has a right of first refusal on OpenAI's new compute capacity.",
                "sources": [("microsoft-2025-evolve-partnership", EVOLVE_ROFR)],
            },
            {
                "topic": "ip-rights",
                "heading": "Access to OpenAI's IP through 2030",
                "text": "Microsoft keeps its access to OpenAI's IP for the duration of the "
                "contract, through 2030.",
                "sources": [("microsoft-2025-evolve-partnership", EVOLVE_KEY_ELEMENTS)],
            },
            {
                "topic": "api-exclusivity",
                "heading": "OpenAI's APIs exclusive to Azure",
                "text": "OpenAI's APIs remain exclusive to Azure.",
                "sources": [("microsoft-2025-evolve-partnership", EVOLVE_KEY_ELEMENTS)],
            },
        ],
    },
    {
        "slug": "microsoft-openai-2025-mou",
        "partnership": "microsoft-openai",
        "title": "Non-binding MOU for the next phase of the partnership",
        "kind": "mou",
        "is_binding": False,
        "status": "superseded",
        "announced_on": date(2025, 9, 11),
        "summary": "A non-binding memorandum of understanding for the next phase of the "
        "partnership, while both companies work to finalize a definitive agreement. "
        "Superseded by the definitive agreement of 28 October 2025.",
        "sources": [
            ("joint-statement-2025-09", JOINT_MOU),
            ("seed-mou-article", SEED_DEFINITIVE),
            (
                "richlyai-mou",
                "In a significant development in the field of artificial intelligence, "
                "OpenAI and Microsoft have announced the signing of a new Memorandum of "
                "Understanding (MOU).",
            ),
        ],
        "terms": [
            {
                "topic": "ai-safety",
                "heading": "Commitment to AI safety",
                "text": "Both companies commit to AI that is safe, transparent and beneficial, "
                "with safety protocols throughout the development lifecycle.",
                "sources": [
                    ("richlyai-mou", RICHLYAI_SAFETY),
                    ("joint-statement-2025-09", JOINT_SAFETY),
                ],
            },
            {
                "topic": "governance-research",
                "heading": "Investment in research on AI governance, bias and accountability",
                "text": "A commitment to invest in research on AI governance, bias and "
                "accountability, and in frameworks for responsible AI use.",
                "sources": [("richlyai-mou", RICHLYAI_RESEARCH)],
            },
            {
                "topic": "product-collaboration",
                "heading": "Collaboration on product development",
                "text": "Joint development of AI products and services, including enhancing "
                "Azure's AI capabilities.",
                "sources": [("richlyai-mou", RICHLYAI_PRODUCTS)],
            },
            {
                "topic": "community-engagement",
                "heading": "Community engagement",
                "text": "Engagement with the broader AI community on shared learning and best "
                "practices in AI safety and ethics.",
                "sources": [("richlyai-mou", RICHLYAI_COMMUNITY)],
            },
            {
                "topic": "definitive-agreement",
                "heading": "Aim to finalize a definitive agreement",
                "text": "Both companies are working to finalize contractual terms in a "
                "definitive agreement.",
                "sources": [
                    ("joint-statement-2025-09", JOINT_MOU),
                    ("seed-mou-article", SEED_DEFINITIVE),
                ],
            },
        ],
    },
    {
        "slug": "microsoft-openai-2025-definitive-agreement",
        "partnership": "microsoft-openai",
        "title": "Definitive agreement for the next chapter of the partnership",
        "kind": "definitive",
        "is_binding": True,
        "status": "signed",
        "announced_on": date(2025, 10, 28),
        "summary": "OpenAI recapitalizes as OpenAI Group PBC, in which Microsoft holds roughly "
        "27% (about $135 billion). Microsoft's IP rights run through 2032; an AGI "
        "declaration is verified by an independent expert panel; OpenAI contracts an "
        "incremental $250 billion of Azure services and Microsoft gives up its right of "
        "first refusal on compute.",
        "sources": [("next-chapter-2025-10", NEXT_CHAPTER_SIGNED)],
        "terms": [
            {
                "topic": "ai-safety",
                "heading": "Safety guardrails on post-AGI models",
                "text": "Microsoft's rights to models after AGI come with appropriate safety "
                "guardrails.",
                "sources": [("next-chapter-2025-10", NEXT_CHAPTER_IP)],
            },
            {
                "topic": "product-collaboration",
                "heading": "Joint products with third parties; API products exclusive to Azure",
                "text": "OpenAI may jointly develop some products with third parties; API "
                "products developed with third parties are exclusive to Azure, non-API "
                "products may run on any cloud.",
                "sources": [
                    (
                        "next-chapter-2025-10",
                        "OpenAI can now jointly develop some products with third parties. "
                        "API products developed with third parties will be exclusive to "
                        "Azure. Non-API products may be served on any cloud provider.",
                    ),
                ],
            },
            {
                "topic": "definitive-agreement",
                "heading": "Definitive agreement signed",
                "text": "The definitive agreement the MOU aimed for is signed.",
                "sources": [("next-chapter-2025-10", NEXT_CHAPTER_SIGNED)],
            },
            {
                "topic": "equity-stake",
                "heading": "Roughly 27% of OpenAI Group PBC",
                "text": "After the recapitalization Microsoft holds roughly 27% of OpenAI "
                "Group PBC, valued at about $135 billion.",
                "sources": [("next-chapter-2025-10", NEXT_CHAPTER_STAKE)],
            },
            {
                "topic": "ip-rights",
                "heading": "IP rights extended through 2032",
                "text": "Microsoft's IP rights for models and products are extended through "
                "2032 and include post-AGI models.",
                "sources": [("next-chapter-2025-10", NEXT_CHAPTER_IP)],
            },
            {
                "topic": "agi-verification",
                "heading": "AGI declaration verified by an expert panel",
                "text": "A declaration of AGI by OpenAI is verified by an independent expert "
                "panel.",
                "sources": [("next-chapter-2025-10", NEXT_CHAPTER_AGI)],
            },
            {
                "topic": "azure-commitment",
                "heading": "Incremental $250 billion of Azure services",
                "text": "OpenAI contracts to buy an incremental $250 billion of Azure services.",
                "sources": [("next-chapter-2025-10", NEXT_CHAPTER_AZURE)],
            },
            {
                "topic": "compute-rofr",
                "heading": "No right of first refusal on compute",
                "text": "Microsoft no longer has a right of first refusal to be OpenAI's "
                "compute provider.",
                "sources": [("next-chapter-2025-10", NEXT_CHAPTER_AZURE)],
            },
            {
                "topic": "api-exclusivity",
                "heading": "Azure API exclusivity until AGI",
                "text": "Microsoft keeps exclusive IP rights and Azure API exclusivity until AGI.",
                "sources": [
                    (
                        "next-chapter-2025-10",
                        "OpenAI remains Microsoft’s frontier model partner and Microsoft "
                        "continues to have exclusive IP rights and Azure API exclusivity "
                        "until Artificial General Intelligence (AGI).",
                    ),
                ],
            },
        ],
    },
]

# (from agreement, kind, to agreement, note). Natural key: from, to, kind.
AGREEMENT_LINKS = [
    (
        "microsoft-openai-2019-investment",
        "leads-to",
        "microsoft-openai-2020-gpt-3-licence",
        "The 2019 partnership made Microsoft OpenAI's preferred commercialisation partner.",
    ),
    (
        "microsoft-openai-2023-extension",
        "amends",
        "microsoft-openai-2019-investment",
        "Extends the 2019 partnership with a further investment.",
    ),
    (
        "microsoft-openai-2025-amendment",
        "amends",
        "microsoft-openai-2023-extension",
        "Cloud exclusivity on new capacity becomes a right of first refusal.",
    ),
    (
        "microsoft-openai-2025-mou",
        "leads-to",
        "microsoft-openai-2025-definitive-agreement",
        "The MOU's stated aim was a definitive agreement.",
    ),
    (
        "microsoft-openai-2025-definitive-agreement",
        "supersedes",
        "microsoft-openai-2025-mou",
        "",
    ),
    (
        "microsoft-openai-2025-definitive-agreement",
        "supersedes",
        "microsoft-openai-2025-amendment",
        "Microsoft no longer has a right of first refusal on compute.",
    ),
]

# ---------------------------------------------------------------------------
# Events (natural key: slug) with citations and quotes
# ---------------------------------------------------------------------------

EVENTS = [
    {
        "slug": "2019-07-22-microsoft-invests-1-billion-in-openai",
        "partnership": "microsoft-openai",
        "agreement": "microsoft-openai-2019-investment",
        "kind": "investment",
        "title": "Microsoft invests $1 billion in OpenAI",
        "summary": "Microsoft invests $1 billion in OpenAI and Azure becomes OpenAI's "
        "exclusive cloud provider.",
        "date": date(2019, 7, 22),
        "precision": "day",
        "significance": 3,
        "companies": ["Microsoft", "OpenAI"],
        "sources": [
            (
                "openai-2019-investment",
                "Microsoft is investing $1 billion in OpenAI to support us building "
                "artificial general intelligence (AGI) with widely distributed economic "
                "benefits.",
            ),
            ("richlyai-mou", RICHLYAI_2019),
        ],
    },
    {
        "slug": "2020-09-22-microsoft-exclusive-gpt-3-licence",
        "partnership": "microsoft-openai",
        "agreement": "microsoft-openai-2020-gpt-3-licence",
        "kind": "announcement",
        "title": "Microsoft receives an exclusive licence to GPT-3",
        "summary": "Microsoft announces an exclusive licence to OpenAI's GPT-3 language model.",
        "date": date(2020, 9, 22),
        "precision": "day",
        "significance": 2,
        "companies": ["Microsoft", "OpenAI"],
        "sources": [
            (
                "microsoft-2020-gpt-3",
                "Microsoft is teaming up with OpenAI to exclusively license GPT-3, allowing "
                "us to leverage its technical innovations to develop and deliver advanced AI "
                "solutions for our customers",
            ),
        ],
    },
    {
        "slug": "2023-01-23-microsoft-openai-extend-partnership",
        "partnership": "microsoft-openai",
        "agreement": "microsoft-openai-2023-extension",
        "kind": "investment",
        "title": "Third phase: Microsoft's multiyear, multibillion-dollar investment",
        "summary": "Microsoft announces the third phase of the partnership, a multiyear, "
        "multibillion-dollar investment in OpenAI.",
        "date": date(2023, 1, 23),
        "precision": "day",
        "significance": 3,
        "companies": ["Microsoft", "OpenAI"],
        "sources": [
            (
                "microsoft-2023-extension",
                "Today, we are announcing the third phase of our long-term partnership with "
                "OpenAI through a multiyear, multibillion dollar investment to accelerate AI "
                "breakthroughs to ensure these benefits are broadly shared with the world.",
            ),
        ],
    },
    {
        "slug": "2023-11-17-openai-board-removes-sam-altman",
        "partnership": "microsoft-openai",
        "agreement": None,
        "kind": "leadership",
        "title": "OpenAI's board removes Sam Altman as CEO",
        "summary": "OpenAI's board removes Sam Altman as CEO; Mira Murati becomes interim CEO.",
        "date": date(2023, 11, 17),
        "precision": "day",
        "significance": 2,
        "companies": ["OpenAI"],
        "sources": [
            (
                "openai-2023-leadership-transition",
                "Mr. Altman’s departure follows a deliberative review process by the board, "
                "which concluded that he was not consistently candid in his communications "
                "with the board, hindering its ability to exercise its responsibilities.",
            ),
        ],
    },
    {
        "slug": "2023-11-22-sam-altman-return-agreed",
        "partnership": "microsoft-openai",
        "agreement": None,
        "kind": "leadership",
        "title": "Agreement for Sam Altman's return as CEO",
        "summary": "OpenAI reaches an agreement in principle for Sam Altman to return as CEO "
        "with a new initial board.",
        "date": date(2023, 11, 22),
        "precision": "day",
        "significance": 2,
        "companies": ["OpenAI"],
        "sources": [
            (
                "openai-2023-altman-return-post",
                "We have reached an agreement in principle for Sam Altman to return to "
                "OpenAI as CEO with a new initial board of Bret Taylor (Chair), Larry "
                "Summers, and Adam D'Angelo.",
            ),
        ],
    },
    {
        "slug": "2023-11-microsoft-takes-board-observer-seat",
        "partnership": "microsoft-openai",
        "agreement": None,
        "kind": "leadership",
        "title": "Microsoft takes a non-voting observer seat on OpenAI's board",
        "summary": "OpenAI's new board includes Microsoft as a non-voting observer.",
        "date": date(2023, 11, 1),
        "precision": "month",
        "significance": 1,
        "companies": ["Microsoft", "OpenAI"],
        "sources": [
            (
                "openai-2023-new-initial-board",
                "We clearly made the right choice to partner with Microsoft and I’m excited "
                "that our new board will include them as a non-voting observer.",
            ),
        ],
    },
    {
        "slug": "2024-06-10-apple-integrates-chatgpt",
        "partnership": "apple-openai",
        "agreement": None,
        "kind": "announcement",
        "title": "Apple announces ChatGPT integration in its operating systems",
        "summary": "Apple announces that ChatGPT will be integrated into iOS, iPadOS and macOS.",
        "date": date(2024, 6, 10),
        "precision": "day",
        "significance": 3,
        "companies": ["Apple", "OpenAI"],
        "sources": [
            (
                "openai-2024-apple",
                "Apple is integrating ChatGPT into experiences within iOS, iPadOS, and "
                "macOS, allowing users to access ChatGPT’s capabilities—including image and "
                "document understanding—without needing to jump between tools.",
            ),
        ],
    },
    {
        "slug": "2024-07-microsoft-gives-up-observer-seat",
        "partnership": "microsoft-openai",
        "agreement": None,
        "kind": "leadership",
        "title": "Microsoft gives up its observer seat on OpenAI's board",
        "summary": "Microsoft relinquishes its non-voting observer seat on OpenAI's board.",
        "date": date(2024, 7, 1),
        "precision": "month",
        "significance": 1,
        "companies": ["Microsoft", "OpenAI"],
        "sources": [
            (
                "reuters-2024-observer-seat",
                "Over the past eight months we have witnessed significant progress by the "
                "newly formed board and are confident in the company's direction. Given all "
                "of this we no longer believe our limited role as an observer is necessary.",
            ),
        ],
    },
    {
        "slug": "2025-01-21-microsoft-openai-partnership-revised",
        "partnership": "microsoft-openai",
        "agreement": "microsoft-openai-2025-amendment",
        "kind": "announcement",
        "title": "Partnership revised: right of first refusal replaces exclusivity on new capacity",
        "summary": "Microsoft's exclusivity on new compute capacity becomes a right of first "
        "refusal, announced the same day as Stargate.",
        "date": date(2025, 1, 21),
        "precision": "day",
        "significance": 2,
        "companies": ["Microsoft", "OpenAI"],
        "sources": [("microsoft-2025-evolve-partnership", EVOLVE_ROFR)],
    },
    {
        "slug": "2025-01-21-stargate-project-announced",
        "partnership": "stargate",
        "agreement": None,
        "kind": "announcement",
        "title": "The Stargate Project is announced",
        "summary": "SoftBank, OpenAI, Oracle and MGX announce Stargate, a new company to invest "
        "$500 billion over four years in AI infrastructure for OpenAI in the United States; "
        "Arm, Microsoft, NVIDIA, Oracle and OpenAI are the technology partners.",
        "date": date(2025, 1, 21),
        "precision": "day",
        "significance": 3,
        "companies": ["SoftBank", "OpenAI", "Oracle", "MGX", "Arm", "Microsoft", "NVIDIA"],
        "sources": [("openai-2025-stargate", STARGATE_FUNDERS)],
    },
    {
        "slug": "2025-09-11-microsoft-openai-sign-mou",
        "partnership": "microsoft-openai",
        "agreement": "microsoft-openai-2025-mou",
        "kind": "statement",
        "title": "Joint statement: non-binding MOU for the next phase",
        "summary": "Microsoft and OpenAI announce a non-binding memorandum of understanding for "
        "the next phase of their partnership and say they are working to finalize a "
        "definitive agreement. One trade-press report dates the MOU 15 September 2025.",
        "date": date(2025, 9, 11),
        "precision": "day",
        "significance": 3,
        "companies": ["Microsoft", "OpenAI"],
        "sources": [
            ("joint-statement-2025-09", JOINT_MOU),
            ("seed-mou-article", SEED_DEFINITIVE),
            (
                "richlyai-mou",
                "In a significant development in the field of artificial intelligence, "
                "OpenAI and Microsoft have announced the signing of a new Memorandum of "
                "Understanding (MOU).",
            ),
            (
                "trade-press-mou-15-sep",
                "[Paraphrase] Reports the non-binding MOU between Microsoft and OpenAI as "
                "signed on 15 September 2025.",
            ),
        ],
        "quotes": [
            {
                "speaker": "Satya Nadella",
                "speaker_title": "CEO",
                "company": "Microsoft",
                "source": "richlyai-mou",
                "text": "Our partnership with OpenAI represents a shared vision for the future "
                "of AI. Together, we are committed to ensuring that AI benefits everyone while "
                "addressing the ethical challenges it presents.",
            },
            {
                "speaker": "Sam Altman",
                "speaker_title": "CEO",
                "company": "OpenAI",
                "source": "richlyai-mou",
                "text": "This new MOU enables us to focus on what truly matters: building safe "
                "and beneficial AI. By working closely with Microsoft, we can leverage their "
                "resources and infrastructure to make significant strides in AI research and "
                "application.",
            },
        ],
    },
    {
        "slug": "2025-10-28-microsoft-openai-definitive-agreement",
        "partnership": "microsoft-openai",
        "agreement": "microsoft-openai-2025-definitive-agreement",
        "kind": "signing",
        "title": "Definitive agreement: OpenAI recapitalizes, Microsoft holds about 27%",
        "summary": "Microsoft and OpenAI sign a definitive agreement. OpenAI recapitalizes as "
        "OpenAI Group PBC, Microsoft holds roughly 27% (about $135 billion), its IP rights "
        "run through 2032, an expert panel verifies any AGI declaration, OpenAI contracts "
        "an incremental $250 billion of Azure services and Microsoft's right of first "
        "refusal on compute ends.",
        "date": date(2025, 10, 28),
        "precision": "day",
        "significance": 3,
        "companies": ["Microsoft", "OpenAI"],
        "sources": [("next-chapter-2025-10", f"{NEXT_CHAPTER_SIGNED} […] {NEXT_CHAPTER_STAKE}")],
    },
]


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
    }
    event = _upsert(result, Event, {"slug": row["slug"]}, defaults)
    event.companies.set([companies[name] for name in row["companies"]])
    for source_key, excerpt in row["sources"]:
        lookup = {"event": event, "source": sources[source_key]}
        _upsert(result, EventCitation, lookup, {"excerpt": excerpt})
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
