"""Demo events with their companies, citations and quotes."""

from __future__ import annotations

from datetime import date

from partnerships.sample_data.demo.records import (
    EVOLVE_ROFR,
    JOINT_MOU,
    NEXT_CHAPTER_SIGNED,
    NEXT_CHAPTER_STAKE,
    RICHLYAI_2019,
    SEED_DEFINITIVE,
    STARGATE_FUNDERS,
)

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
        "definitive agreement.",
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
        # Where a source gives another date than the event's (see the excerpt above).
        "dates_given": {"trade-press-mou-15-sep": (date(2025, 9, 15), "day")},
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
