"""The timeline page: filters, zoom, search, keyset windows, fragments, as it stood on a date,
and query counts (partnerships/views/timeline.py)."""

import datetime as dt
import re

import pytest
from django.core.cache import cache

from partnerships.models import Agreement, AgreementLink, Event
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    EventCitationFactory,
    EventFactory,
    PartnershipFactory,
    QuoteFactory,
    SourceFactory,
)
from tests.helpers import (
    HX,
    HX_RESULTS,
    MOU,
    MOU_EVENT,
    count_queries,
    event_with_everything,
    text_of,
)

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", title) for title in re.findall(r"data-event-link>(.*?)</a>", html)
    ]


def card_ids(response) -> list[str]:
    return re.findall(r'data-event id="event-([^"]+)"', response.content.decode())


@pytest.fixture
def deal():
    """An MOU and its definitive agreement, with events across years and significances."""
    microsoft = CompanyFactory(name="Microsoft")
    openai = CompanyFactory(name="OpenAI")
    partnership = PartnershipFactory(name="Microsoft–OpenAI", parties=[microsoft, openai])
    mou = AgreementFactory(partnership=partnership, kind="mou", title="Next phase MOU")
    definitive = AgreementFactory(partnership=partnership, kind="definitive", title="Definitive")
    other = PartnershipFactory(name="Apple–OpenAI")
    events = {
        "investment": EventFactory(
            partnership=partnership,
            title="Microsoft invests in OpenAI",
            kind="investment",
            date=dt.date(2019, 7, 22),
            significance=3,
        ),
        "observer": EventFactory(
            partnership=partnership,
            title="Observer seat on the board",
            kind="leadership",
            date=dt.date(2023, 11, 1),
            precision="month",
            significance=1,
        ),
        "mou": EventFactory(
            partnership=partnership,
            agreement=mou,
            title="Non-binding MOU signed",
            kind="signing",
            date=dt.date(2025, 9, 11),
            significance=3,
            summary="Both are working to finalize a definitive agreement.",
        ),
        "definitive": EventFactory(
            partnership=partnership,
            agreement=definitive,
            title="Definitive agreement signed",
            kind="signing",
            date=dt.date(2025, 10, 28),
            significance=3,
        ),
        "apple": EventFactory(
            partnership=other,
            title="ChatGPT comes to Apple devices",
            kind="announcement",
            date=dt.date(2024, 6, 10),
            significance=2,
        ),
    }
    for key in ("investment", "mou", "definitive"):
        events[key].companies.set([microsoft, openai])
    QuoteFactory(
        event=events["mou"], speaker="Satya Nadella", text="A shared vision for the future."
    )
    EventCitationFactory(
        event=events["investment"], source=SourceFactory(title="Azure exclusivity memo")
    )
    return events


def test_timeline_full_page_lists_events_oldest_first(client, deal):
    response = client.get("/?zoom=month")

    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert titles(response) == [
        "Microsoft invests in OpenAI",
        "Observer seat on the board",
        "ChatGPT comes to Apple devices",
        "Non-binding MOU signed",
        "Definitive agreement signed",
    ]


def test_timeline_groups_under_period_headings(client, deal):
    response = client.get("/?zoom=quarter")

    html = response.content.decode()
    assert 'id="period-quarter-2019-07-01"' in html
    assert ">Q3 2019<" in html


def test_timeline_card_shows_badge_date_and_source_count(client, deal):
    html = client.get("/?zoom=month").content.decode()

    assert "MOU · non-binding" in html
    assert "Definitive agreement · binding" in html
    assert "22 Jul 2019" in html
    assert "Nov 2023" in html  # month precision
    assert "1 source" in html


def test_timeline_fragment_only_on_htmx_request(client, deal):
    response = client.get("/?company=microsoft&zoom=month", headers=HX_RESULTS)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith("<input") or 'id="timeline-results"' in html
    assert response["HX-Push-Url"] == "/?company=microsoft&zoom=month"
    assert "HX-Request" in response["Vary"]


def test_timeline_pushed_url_drops_empty_parameters(client, deal):
    response = client.get("/?q=&company=&kind=signing&zoom=year&from=", headers=HX_RESULTS)

    assert response["HX-Push-Url"] == "/?kind=signing&zoom=year"


def test_timeline_filter_company(client, deal):
    response = client.get("/?company=microsoft&zoom=month")

    assert set(titles(response)) == {
        "Microsoft invests in OpenAI",
        "Non-binding MOU signed",
        "Definitive agreement signed",
    }


def test_timeline_filter_partnership(client, deal):
    slug = deal["apple"].partnership.slug

    response = client.get(f"/?partnership={slug}&zoom=month")

    assert titles(response) == ["ChatGPT comes to Apple devices"]


def test_timeline_filter_agreement_kind(client, deal):
    response = client.get("/?agreement_kind=mou&zoom=month")

    assert titles(response) == ["Non-binding MOU signed"]


def test_timeline_filter_event_kind(client, deal):
    response = client.get("/?kind=signing&zoom=month")

    assert titles(response) == ["Non-binding MOU signed", "Definitive agreement signed"]


@pytest.mark.parametrize(
    ("binding", "expected"),
    [("non-binding", ["Non-binding MOU signed"]), ("binding", ["Definitive agreement signed"])],
)
def test_timeline_filter_binding(client, deal, binding, expected):
    response = client.get(f"/?binding={binding}&zoom=month")

    assert titles(response) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2019", "2019", ["Microsoft invests in OpenAI"]),
        ("2023-11", "2024-06", ["Observer seat on the board", "ChatGPT comes to Apple devices"]),
        ("2025-09-11", "2025-09-11", ["Non-binding MOU signed"]),
        ("2025-10", "", ["Definitive agreement signed"]),
    ],
)
def test_timeline_filter_date_range(client, deal, start, end, expected):
    response = client.get(f"/?from={start}&to={end}&zoom=month")

    assert titles(response) == expected


@pytest.mark.parametrize("bad", ["garbage", "2019-13", "2025-02-30", "19"])
def test_timeline_bad_date_says_so_and_shows_nothing(client, deal, bad):
    response = client.get(f"/?from={bad}")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters could not be used" in html
    assert titles(response) == []


def test_timeline_unknown_company_says_so(client, deal):
    response = client.get("/?company=nobody-at-all")

    assert "Select a valid choice" in response.content.decode()


def test_timeline_search_finds_event_by_words_in_a_quote(client, deal):
    response = client.get("/?q=Nadella&zoom=month")

    assert titles(response) == ["Non-binding MOU signed"]


def test_timeline_search_finds_event_by_source_title(client, deal):
    response = client.get("/?q=exclusivity&zoom=month")

    assert titles(response) == ["Microsoft invests in OpenAI"]


def test_timeline_search_highlights_matches_escaped(client, deal):
    EventFactory(
        partnership=deal["mou"].partnership,
        title="<script>alert(1)</script> Azure deal",
        date=dt.date(2020, 1, 1),
        significance=3,
    )

    html = client.get("/?q=azure&zoom=month").content.decode()

    assert "<mark>Azure</mark>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_timeline_search_relevance_orders_by_rank(client, deal):
    response = client.get("/?q=definitive+agreement&sort=relevance")

    assert titles(response)[0] == "Definitive agreement signed"


def test_timeline_search_sees_quote_added_later(client, deal):
    QuoteFactory(event=deal["apple"], speaker="Tim Cook", text="Seamlessly integrated.")

    response = client.get("/?q=seamlessly&zoom=month")

    assert titles(response) == ["ChatGPT comes to Apple devices"]


def test_timeline_search_follows_source_title_update(client, deal):
    source = deal["investment"].citations.get().source
    source.title = "Hyperscale compute memo"
    source.save()

    assert titles(client.get("/?q=hyperscale&zoom=month")) == ["Microsoft invests in OpenAI"]
    assert titles(client.get("/?q=exclusivity&zoom=month")) == []


def test_timeline_empty_result_offers_to_clear(client, deal):
    html = client.get("/?q=nothingmatchesthis").content.decode()

    assert "No events match these filters." in html
    assert "Clear filters" in html


@pytest.mark.parametrize(
    ("zoom", "shown"),
    [
        (
            "decade",
            {
                "Microsoft invests in OpenAI",
                "Non-binding MOU signed",
                "Definitive agreement signed",
            },
        ),
        (
            "year",
            {
                "Microsoft invests in OpenAI",
                "ChatGPT comes to Apple devices",
                "Non-binding MOU signed",
                "Definitive agreement signed",
            },
        ),
        (
            "quarter",
            {
                "Microsoft invests in OpenAI",
                "Observer seat on the board",
                "ChatGPT comes to Apple devices",
                "Non-binding MOU signed",
                "Definitive agreement signed",
            },
        ),
    ],
)
def test_timeline_zoom_shows_significant_events_and_clusters_the_rest(client, deal, zoom, shown):
    response = client.get(f"/?zoom={zoom}")

    assert set(titles(response)) == shown
    hidden = 5 - len(shown)
    clusters = re.findall(r"(\d+) more events? in", response.content.decode())
    assert sum(int(count) for count in clusters) == hidden


def test_timeline_decade_headings(client, deal):
    html = client.get("/?zoom=decade").content.decode()

    assert ">2010s<" in html and ">2020s<" in html


def test_timeline_cluster_expands_to_its_hidden_events(client, deal):
    html = client.get("/?zoom=decade").content.decode()
    fragment_urls = re.findall(r'hx-get="(/timeline/cluster/[^"]+)"', html)

    expanded = [client.get(url.replace("&amp;", "&"), headers=HX_RESULTS) for url in fragment_urls]

    found = {title for response in expanded for title in titles(response)}
    assert found == {"Observer seat on the board", "ChatGPT comes to Apple devices"}


def test_timeline_cluster_link_without_js_zooms_in(client, deal):
    html = client.get("/?zoom=decade").content.decode()
    href = re.search(r'class="cluster__toggle" href="([^"]+)"', html)[1].replace("&amp;", "&")

    response = client.get(href)

    assert "zoom=year" in href
    assert response.status_code == 200


def test_timeline_cluster_toggle_pushes_the_link_it_follows_without_js(client, deal):
    html = client.get("/?zoom=decade").content.decode()

    toggles = re.findall(r'<a class="cluster__toggle"[^>]*>', html)

    assert toggles
    for toggle in toggles:
        href = re.search(r' href="([^"]+)"', toggle)[1]
        assert re.search(r' hx-push-url="([^"]+)"', toggle)[1] == href


def test_timeline_cluster_fragment_adds_its_lanes_to_the_legend(client, deal):
    html = client.get("/?zoom=decade").content.decode()
    url = re.search(r'hx-get="(/timeline/cluster/[^"]+period=2024[^"]*)"', html)[1]

    fragment = client.get(url.replace("&amp;", "&"), headers=HX_RESULTS).content.decode()

    legend = re.search(r'<ul id="lanes-legend" hx-swap-oob="beforeend">(.*?)</ul>', fragment, re.S)
    assert re.findall(r'class="chip[^"]*"[^>]*>([^<]+)</a>', legend[1]) == ["Apple–OpenAI"]


def test_timeline_cluster_unknown_period_is_400(client):
    assert client.get("/timeline/cluster/?period=nonsense").status_code == 400


def test_timeline_overview_counts_every_period(client, deal):
    html = client.get("/").content.decode()

    assert "2019: 1 event" in html
    assert "2021: 0 events" in html
    assert "2025: 2 events" in html


def test_timeline_overview_jump_positions_window(client, deal):
    response = client.get("/?at=2024&zoom=month")

    assert titles(response) == [
        "ChatGPT comes to Apple devices",
        "Non-binding MOU signed",
        "Definitive agreement signed",
    ]
    assert "Earlier events" in response.content.decode()


@pytest.mark.parametrize("lanes", ["partnership", "company"])
def test_timeline_lanes_colour_consistently(client, deal, lanes):
    html = client.get(f"/?lanes={lanes}&zoom=month").content.decode()

    assert re.search(r'class="event-card lane-\d', html)
    assert 'aria-label="Lane colours"' in html


# --- keyset windows ---------------------------------------------------------------------------


@pytest.fixture
def crowded(settings):
    """75 events, many on the very same dates, in a window size of 10."""
    settings.TIMELINE_WINDOW_SIZE = 10
    partnership = PartnershipFactory()
    dates = (
        [dt.date(2020, 1, 1)] * 30
        + [dt.date(2021, 6, 1)] * 25
        + [dt.date(2022, 1, day) for day in range(1, 21)]
    )
    Event.objects.bulk_create(
        [
            Event(
                partnership=partnership,
                kind="other",
                title=f"Crowded {index}",
                slug=f"crowded-{index}",
                date=date,
                significance=1 + index % 3,
            )
            for index, date in enumerate(dates)
        ]
    )
    return list(Event.objects.order_by("date", "id").values_list("slug", flat=True))


def walk(client, url: str, control: str) -> list[str]:
    seen = []
    while url:
        response = client.get(url)
        seen_now = card_ids(response)
        seen.extend(seen_now if control == "later" else reversed(seen_now))
        match = re.search(
            rf'id="window-{control}-[^"]+">\s*<a class="[^"]+" href="([^"]+)"',
            response.content.decode(),
        )
        url = "/" + match[1].replace("&amp;", "&") if match else None
    return seen


def test_keyset_windows_forward_neither_skip_nor_repeat(client, crowded):
    seen = walk(client, "/?zoom=month", "later")

    assert seen == crowded


def test_keyset_windows_backward_neither_skip_nor_repeat(client, crowded):
    last_window_url = "/?zoom=month&at=2022-01-15"

    seen = walk(client, last_window_url, "earlier")

    assert list(reversed(seen)) == crowded[: len(seen)] or sorted(seen) == sorted(set(seen))
    assert len(seen) == len(set(seen))


def test_keyset_zoomed_out_windows_count_every_hidden_event_once(client, crowded):
    total_hidden = 0
    shown: list[str] = []
    url = "/?zoom=decade"
    while url:
        response = client.get(url)
        html = response.content.decode()
        shown.extend(card_ids(response))
        total_hidden += sum(int(n) for n in re.findall(r"(\d+) more events? in", html))
        match = re.search(r'id="window-later-[^"]+">\s*<a class="[^"]+" href="([^"]+)"', html)
        url = "/" + match[1].replace("&amp;", "&") if match else None

    assert len(shown) == len(set(shown)) == Event.objects.filter(significance=3).count()
    assert total_hidden == Event.objects.filter(significance__lt=3).count()


def test_keyset_window_fragment_for_later_control(client, crowded):
    html = client.get("/?zoom=month").content.decode()
    target, href = re.search(
        r'id="(window-later-[^"]+)">\s*<a class="[^"]+" href="([^"]+)"', html
    ).groups()

    response = client.get("/" + href.replace("&amp;", "&"), headers={**HX, "HX-Target": target})

    fragment = response.content.decode()
    assert 'id="timeline-results"' not in fragment
    assert card_ids(response) == crowded[10:20]
    assert "window-earlier-" not in fragment


def test_keyset_window_control_is_replaced_whole_by_its_window(client, deal):
    html = client.get("/?at=2025-09-11&zoom=month").content.decode()

    control = re.search(
        r'<p class="window-control" id="(window-earlier-[^"]+)">\s*<a ([^>]+)>', html
    )

    # htmx swaps the <p> (whose id tells the view to answer with a window), not the link
    # inside it, so the earlier periods land beside the others, not inside the control.
    assert control
    assert 'hx-target="closest .window-control"' in control[2]
    assert 'hx-swap="outerHTML"' in control[2]
    href = re.search(r'href="([^"]+)"', control[2])[1].replace("&amp;", "&")
    response = client.get("/" + href, headers={**HX, "HX-Target": control[1]})
    fragment = response.content.decode()
    assert 'id="timeline-results"' not in fragment
    assert titles(response) == [
        "Microsoft invests in OpenAI",
        "Observer seat on the board",
        "ChatGPT comes to Apple devices",
    ]
    legend = re.search(r'<ul id="lanes-legend" hx-swap-oob="beforeend">(.*?)</ul>', fragment, re.S)
    assert re.findall(r'class="chip[^"]*"[^>]*>([^<]+)</a>', legend[1]) == [
        "Apple–OpenAI",
        "Microsoft–OpenAI",
    ]


def test_keyset_garbage_cursor_falls_back_to_start(client, crowded):
    response = client.get("/?zoom=month&after=not-a-cursor")

    assert card_ids(response) == crowded[:10]


# --- constant query counts --------------------------------------------------------------------


def make_events(count: int) -> None:
    companies = [CompanyFactory(name="Microsoft"), CompanyFactory(name="OpenAI")]
    partnership = PartnershipFactory(parties=companies)
    agreement = AgreementFactory(partnership=partnership, kind="mou")
    events = Event.objects.bulk_create(
        [
            Event(
                partnership=partnership,
                agreement=agreement,
                kind="announcement",
                title=f"Azure event {index}",
                slug=f"azure-event-{index}",
                date=dt.date(1990 + index * 35 // count, 1 + index % 12, 1 + index % 28),
                significance=1 + index % 3,
            )
            for index in range(count)
        ]
    )
    through = Event.companies.through
    through.objects.bulk_create(
        [
            through(event_id=event.pk, company_id=company.pk)
            for event in events
            for company in companies
        ]
    )


URLS = [
    "/",
    "/?zoom=decade",
    "/?zoom=month",
    "/?company=microsoft",
    "/?q=azure",
    "/?q=azure&sort=relevance",
    "/?at=2000&zoom=quarter",
    "/?after=2000-01-01.1",
    "/?before=2010-01-01.1",
    "/?lanes=company",
    "/?layout=lanes&lanes=company",
    "/?sourcing=unsourced",
]


@pytest.mark.parametrize("headers", [None, HX_RESULTS], ids=["page", "fragment"])
def test_timeline_query_count_same_for_10_and_10000_events(client, headers):
    # One data set per size and every URL measured on both: building 10,000 rows is the
    # slow part, so it happens once per variant rather than once per URL.
    def counts() -> dict[str, int]:
        # Each URL from a cold cache: cards one URL cached would spare the next its
        # loads, more often among 10 events than among 10,000.
        found = {}
        for url in URLS:
            cache.clear()
            found[url] = count_queries(client, url, headers=headers)
        return found

    make_events(10)
    few = counts()
    Event.objects.all().delete()

    make_events(10_000)
    many = counts()

    assert few == many


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize(
    ("headers", "queries"), [(None, 9), (HX_RESULTS, 7)], ids=["page", "fragment"]
)
def test_timeline_query_count_is_fixed(
    client, django_assert_num_queries, item_count, headers, queries
):
    partnership = PartnershipFactory()
    for index in range(item_count):
        event_with_everything(partnership, date=dt.date(2020 + index, 1, 1))

    with django_assert_num_queries(queries):
        response = client.get("/", headers=headers or {})

    assert response.status_code == 200
    assert len(card_ids(response)) == item_count


@pytest.mark.parametrize(
    ("headers", "queries"), [(None, 9), (HX_RESULTS, 7)], ids=["page", "fragment"]
)
def test_timeline_sourcing_filter_adds_no_query(
    client, django_assert_num_queries, headers, queries
):
    partnership = PartnershipFactory()
    event_with_everything(partnership, date=dt.date(2020, 1, 1))
    EventFactory(partnership=partnership, date=dt.date(2021, 1, 1))

    with django_assert_num_queries(queries):
        response = client.get("/?sourcing=sourced", headers=headers or {})

    assert response.status_code == 200
    assert len(card_ids(response)) == 1


@pytest.mark.parametrize("lanes", ["partnership", "company"])
def test_timeline_side_by_side_layout_groups_each_period_by_lane(client, deal, lanes):
    response = client.get(f"/?layout=lanes&lanes={lanes}&zoom=month")

    html = response.content.decode()
    lane_sections = re.findall(
        r'<section class="lane" aria-label="([^"]+)">(.*?)</section>', html, re.S
    )
    assert lane_sections
    shown = [
        title
        for _, body in lane_sections
        for card in re.split(r"<article ", body)
        if card.startswith('class="event-card') and " data-event " in card
        for title in re.findall(r"data-event-link>(.*?)</a>", card)
    ]
    # Each event once where j/k visit (data-event); repeats in other lanes are extra.
    assert sorted(shown) == sorted(titles(client.get(f"/?lanes={lanes}&zoom=month")))
    if lanes == "partnership":
        for name, body in lane_sections:
            partnership_chips = set(
                re.findall(r'class="chip lane-\d+" href="[^"]+">([^<]+)</a>', body)
            )
            assert partnership_chips == {name}


def legend_colours(html: str) -> dict[str, str]:
    legend = html[html.index('aria-label="Lane colours"') :]
    legend = legend[: legend.index("</ul>")]
    return dict(
        (name, colour)
        for colour, name in re.findall(r'class="chip (lane-\d+)" href="[^"]+">([^<]+)</a>', legend)
    )


@pytest.mark.parametrize("headers", [None, HX_RESULTS], ids=["page", "fragment"])
def test_timeline_company_lanes_each_have_their_own_colour(client, demo, headers):
    response = client.get("/?layout=lanes&lanes=company", headers=headers or {})

    colours = legend_colours(response.content.decode())
    assert {"Apple", "Microsoft", "Oracle", "SoftBank"} <= colours.keys()
    assert len(set(colours.values())) == len(colours)


@pytest.mark.parametrize("headers", [None, HX_RESULTS], ids=["page", "fragment"])
def test_timeline_side_by_side_shows_an_event_in_every_company_lane(client, demo, headers):
    stargate = Event.objects.get(title="The Stargate Project is announced")
    companies = sorted(company.name for company in stargate.companies.all())

    response = client.get("/?layout=lanes&lanes=company", headers=headers or {})

    html = response.content.decode()
    lane_sections = re.findall(
        r'<section class="lane" aria-label="([^"]+)">(.*?)</section>', html, re.S
    )
    colours = legend_colours(html)
    holding = {}
    for name, body in lane_sections:
        if f'href="{stargate.get_absolute_url()}"' in body:
            # The card takes the colour of the lane it is in.
            holding[name] = re.search(r'<article class="event-card (lane-\d+)', body)[1]
    assert len(companies) == 7
    assert holding == {name: colours[name] for name in companies}
    # One card where j/k and links to #event-<slug> go, the rest marked as repeats, and
    # every HTML id on the page still unique.
    assert card_ids(response).count(stargate.slug) == 1
    assert html.count(f'data-event-repeat id="event-{stargate.slug}--in-') == 6
    all_ids = re.findall(r' id="([^"]+)"', html)
    assert len(all_ids) == len(set(all_ids))


def headings(response) -> list[tuple[str, str]]:
    return re.findall(
        r'<h3 class="period__heading" id="period-([^"]+)">\s*<span>([^<]+)</span>',
        response.content.decode(),
    )


@pytest.mark.parametrize("headers", [None, HX_RESULTS], ids=["page", "fragment"])
def test_timeline_zoomed_to_months_heads_coarse_events_at_their_precision(client, deal, headers):
    partnership = deal["investment"].partnership
    for date, precision in [(dt.date(2019, 7, 1), "quarter"), (dt.date(2021, 1, 1), "year")]:
        EventFactory(partnership=partnership, date=date, precision=precision, significance=3)

    response = client.get("/?zoom=month", headers=headers or {})

    assert headings(response)[:3] == [
        ("quarter-2019-07-01", "Q3 2019"),
        ("month-2019-07-01", "Jul 2019"),
        ("year-2021-01-01", "2021"),
    ]
    assert "Jan 2021" not in response.content.decode()


def test_timeline_coarse_heading_zooms_in_to_its_own_period(client, deal):
    partnership = deal["investment"].partnership
    EventFactory(partnership=partnership, date=dt.date(2021, 1, 1), precision="year")

    html = client.get("/?zoom=quarter").content.decode()

    heading = html[html.index('id="period-year-2021-01-01"') :]
    link = re.search(r'class="period__zoom" href="([^"]+)"', heading)[1].replace("&amp;", "&")
    assert sorted(link.lstrip("?").split("&")) == ["from=2021", "to=2021", "zoom=month"]
    assert headings(client.get("/" + link)) == [("year-2021-01-01", "2021")]


def test_timeline_layout_kept_by_the_filter_form(client, deal):
    html = client.get("/?layout=lanes").content.decode()

    assert 'name="layout" id="filter-layout" value="lanes"' in html


# --- as it stood on a date ---------------------------------------------------------------


def card_dates(response) -> list[dt.date]:
    found = re.findall(
        r'data-event id="[^"]+">\s*<p class="event-card__meta">\s*<time datetime="([\d-]+)"',
        response.content.decode(),
    )
    return [dt.date.fromisoformat(day) for day in found]


def card(response, slug: str) -> str:
    html = response.content.decode()
    start = html.index(f'id="event-{slug}"')
    return html[start : html.index("</article>", start)]


def test_asof_timeline_hides_later_events_and_shows_banner(client, demo):
    response = client.get("/?as_of=2025-09-30&zoom=month")

    dates = card_dates(response)
    text = text_of(response)
    assert response.status_code == 200
    assert dates
    assert max(dates) <= dt.date(2025, 9, 30)
    assert dt.date(2025, 9, 11) in dates
    assert "As it stood on 30 Sep 2025 — later events hidden" in text
    assert "Show today" in text
    assert "Definitive agreement for the next chapter" not in text


def test_asof_timeline_cards_show_status_then(client, demo):
    response = client.get("/?as_of=2025-09-30&zoom=month")

    mou_card = card(response, MOU_EVENT)
    assert "MOU · non-binding" in mou_card
    assert "Status then: </span>Signed" in mou_card
    assert f'href="/agreements/{MOU}/?as_of=2025-09-30"' in mou_card


def test_asof_timeline_without_as_of_has_no_banner(client, demo):
    text = text_of(client.get("/?zoom=month"))

    assert "As it stood on 30" not in text
    assert "Status then" not in text


def test_asof_timeline_fragment_keeps_as_of_in_pushed_url(client, demo):
    response = client.get("/?as_of=2025-09-30&zoom=month", headers=HX_RESULTS)

    assert "<html" not in response.content.decode()
    assert response["HX-Push-Url"] == "/?as_of=2025-09-30&zoom=month"
    assert "As it stood on" in text_of(response)
    assert max(card_dates(response)) <= dt.date(2025, 9, 30)


def test_asof_timeline_filter_form_has_the_control(client, demo):
    html = client.get("/?as_of=2025-09-30").content.decode()

    assert '<label for="id_as_of">As it stood on</label>' in html
    assert 'name="as_of" id="id_as_of" value="2025-09-30"' in html


@pytest.mark.parametrize("bad", ["30/09/2025", "2025-13-01", "soon"])
def test_asof_timeline_bad_date_says_so(client, demo, bad):
    response = client.get("/", {"as_of": bad})

    text = text_of(response)
    assert response.status_code == 200
    assert "Some filters could not be used." in text
    assert "As it stood on:" in text
    assert card_dates(response) == []


def test_asof_timeline_after_the_deal_shows_mou_superseded(client, demo):
    response = client.get("/?as_of=2025-11-01&zoom=month")

    assert "Status then: </span>Superseded" in card(response, MOU_EVENT)


def make_deals(count: int) -> None:
    """``count`` events, each with its own MOU that a definitive agreement supersedes."""
    partnership = PartnershipFactory()
    for index in range(count):
        mou = AgreementFactory(
            partnership=partnership, kind="mou", signed_on=dt.date(2000 + index % 20, 1, 1)
        )
        definitive = AgreementFactory(
            partnership=partnership, kind="definitive", signed_on=dt.date(2001 + index % 20, 1, 1)
        )
        AgreementLink.objects.create(from_agreement=definitive, to_agreement=mou, kind="supersedes")
        EventFactory(partnership=partnership, agreement=mou, date=dt.date(2000 + index % 20, 1, 1))


@pytest.mark.parametrize("url", ["/?as_of=2010-06-30&zoom=month", "/?as_of=2010&zoom=year"])
def test_asof_timeline_query_count_does_not_grow_with_agreements(client, url):
    make_deals(3)
    few = count_queries(client, url)
    Event.objects.all().delete()
    Agreement.objects.all().delete()

    make_deals(60)
    many = count_queries(client, url)

    assert few == many
