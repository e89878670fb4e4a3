"""Demo companies, sources (with the passages cited more than once) and partnerships."""

from __future__ import annotations

from datetime import date

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
