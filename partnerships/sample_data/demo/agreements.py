"""Demo agreements with their key terms and sources, and the typed links between them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partnerships.sample_data.demo.records import (
    EVOLVE_KEY_ELEMENTS,
    EVOLVE_ROFR,
    JOINT_MOU,
    JOINT_SAFETY,
    NEXT_CHAPTER_AGI,
    NEXT_CHAPTER_AZURE,
    NEXT_CHAPTER_IP,
    NEXT_CHAPTER_SIGNED,
    NEXT_CHAPTER_STAKE,
    RICHLYAI_COMMUNITY,
    RICHLYAI_PRODUCTS,
    RICHLYAI_RESEARCH,
    RICHLYAI_SAFETY,
    SEED_DEFINITIVE,
)

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
