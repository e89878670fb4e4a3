"""The timeline's reads (partnerships/queries/timeline.py): keys, keyset windows over
(date, id), clusters of hidden events, periods, lanes, the overview strip and cards."""

import datetime as dt

import pytest
from django.core.cache import cache

from partnerships.models import Agreement, Company, Event, EventCitation, Source
from partnerships.queries.timeline import (
    LANE_COLOURS,
    ZOOMS,
    Cluster,
    Key,
    cards_for,
    cluster_events,
    group_by_period,
    group_into_lanes,
    lane_colour,
    lanes_legend,
    overview,
    timeline_stamp,
    timeline_window,
)
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    EventCitationFactory,
    EventFactory,
    PartnershipFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date
MONTH, QUARTER, YEAR = ZOOMS["month"], ZOOMS["quarter"], ZOOMS["year"]


@pytest.fixture(autouse=True)
def empty_cache():
    """The overview is cached in local memory, which outlives a test's transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Microsoft–OpenAI")


def ids(items) -> list[int]:
    return [item.pk for item in items]


def all_events():
    return Event.objects.all()


def clusters_of(window) -> list[Cluster]:
    return [item for group in window.groups for item in group.items if item.is_cluster]


# --- Key ------------------------------------------------------------------------------------


def test_key_str_then_parse_round_trips():
    key = Key(D(2025, 9, 11), 42)

    text = str(key)

    assert text == "2025-09-11.42"
    assert Key.parse(text) == key


def test_key_parse_reads_an_id_of_eighteen_digits():
    assert Key.parse("2025-09-11." + "9" * 18) == Key(D(2025, 9, 11), 10**18 - 1)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "2025-09-11",
        "2025-09-11.",
        ".42",
        "2025-9-11.42",
        "2025-13-01.1",
        "2025-02-30.1",
        "2025-09-11.-1",
        "2025-09-11.1.2",
        "2025-09-11.1234567890123456789",
        "x2025-09-11.1",
        "2025-09-11.1 ",
        "٢٠٢٥-٠٩-١١.1",
    ],
)
def test_key_parse_returns_none_for_anything_but_a_cursor(text):
    assert Key.parse(text) is None


@pytest.mark.parametrize("text", ["2025-09-11.١٢", "2025-09-11.12\n"])
def test_key_parse_accepts_only_what_str_writes(text):
    key = Key.parse(text)

    assert key is None or str(key) == text


def test_key_of_an_event_is_its_date_and_id(partnership):
    event = EventFactory(partnership=partnership, date=D(2024, 6, 10))

    assert Key.of(event) == Key(D(2024, 6, 10), event.pk)


def test_key_orders_by_date_then_id():
    keys = [Key(D(2025, 1, 2), 1), Key(D(2025, 1, 1), 9), Key(D(2025, 1, 1), 3)]

    assert sorted(keys) == [Key(D(2025, 1, 1), 3), Key(D(2025, 1, 1), 9), Key(D(2025, 1, 2), 1)]


@pytest.fixture
def around_a_day(partnership):
    """One event the day before, three on 11 Sep 2025 (ids ascending), one the day after."""
    day = D(2025, 9, 11)
    return [
        EventFactory(partnership=partnership, date=day - dt.timedelta(days=1)),
        *(EventFactory(partnership=partnership, date=day) for _ in range(3)),
        EventFactory(partnership=partnership, date=day + dt.timedelta(days=1)),
    ]


def test_key_after_q_keeps_the_rows_strictly_after_the_key(around_a_day):
    key = Key.of(around_a_day[2])

    found = Event.objects.filter(key.after_q()).order_by("date", "id")

    assert ids(found) == ids(around_a_day[3:])


def test_key_before_q_keeps_the_rows_strictly_before_the_key(around_a_day):
    key = Key.of(around_a_day[2])

    found = Event.objects.filter(key.before_q()).order_by("date", "id")

    assert ids(found) == ids(around_a_day[:2])


def test_key_through_q_keeps_the_rows_up_to_and_including_the_key(around_a_day):
    key = Key.of(around_a_day[2])

    found = Event.objects.filter(key.through_q()).order_by("date", "id")

    assert ids(found) == ids(around_a_day[:3])


def test_key_with_id_zero_splits_before_a_whole_day(around_a_day):
    key = Key(D(2025, 9, 11), 0)

    after = Event.objects.filter(key.after_q()).order_by("date", "id")
    before = Event.objects.filter(key.before_q()).order_by("date", "id")

    assert ids(after) == ids(around_a_day[1:])
    assert ids(before) == ids(around_a_day[:1])


# --- Windows of visible events --------------------------------------------------------------


@pytest.fixture
def five(partnership):
    """Five major events; the 2nd and 3rd share 1 Mar 2025."""
    dates = [D(2025, 1, 10), D(2025, 3, 1), D(2025, 3, 1), D(2025, 5, 5), D(2025, 7, 7)]
    return [EventFactory(partnership=partnership, date=date, significance=3) for date in dates]


def test_timeline_window_first_window_has_no_earlier_and_a_later_cursor(five):
    window = timeline_window(all_events(), zoom=MONTH, size=2)

    assert ids(window.events) == ids(five[:2])
    assert window.earlier is None
    assert window.later == Key.of(five[1])
    assert (window.event_count, window.cluster_count) == (2, 0)


def test_timeline_window_after_a_cursor_starts_past_it(five):
    window = timeline_window(all_events(), zoom=MONTH, after=Key.of(five[1]), size=2)

    assert ids(window.events) == ids(five[2:4])
    assert window.earlier == Key.of(five[2])
    assert window.later == Key.of(five[3])


def test_timeline_window_last_window_has_no_later_cursor(five):
    window = timeline_window(all_events(), zoom=MONTH, after=Key.of(five[3]), size=2)

    assert ids(window.events) == ids(five[4:])
    assert window.earlier == Key.of(five[4])
    assert window.later is None


def test_timeline_window_before_a_cursor_ends_just_before_it(five):
    window = timeline_window(all_events(), zoom=MONTH, before=Key.of(five[3]), size=2)

    assert ids(window.events) == ids(five[1:3])
    assert window.earlier == Key.of(five[1])
    assert window.later == Key.of(five[2])


def test_timeline_window_before_near_the_start_has_no_earlier_cursor(five):
    window = timeline_window(all_events(), zoom=MONTH, before=Key.of(five[1]), size=2)

    assert ids(window.events) == ids(five[:1])
    assert window.earlier is None
    assert window.later == Key.of(five[0])


@pytest.mark.parametrize(
    ("at", "expected", "has_earlier"),
    [
        (D(2024, 1, 1), slice(0, 2), False),
        (D(2025, 3, 1), slice(1, 3), True),  # from the first event of that day
        (D(2025, 3, 2), slice(3, 5), True),
    ],
)
def test_timeline_window_at_a_date_starts_at_its_first_event(five, at, expected, has_earlier):
    window = timeline_window(all_events(), zoom=MONTH, at=at, size=2)

    assert ids(window.events) == ids(five[expected])
    assert window.earlier == (Key.of(five[expected][0]) if has_earlier else None)


def test_timeline_window_size_defaults_to_the_setting(five, settings):
    settings.TIMELINE_WINDOW_SIZE = 3

    window = timeline_window(all_events(), zoom=MONTH)

    assert ids(window.events) == ids(five[:3])
    assert window.later == Key.of(five[2])


def test_timeline_window_groups_events_under_the_zooms_heading(five):
    window = timeline_window(all_events(), zoom=MONTH, size=10)

    assert [(group.label, ids(group.items)) for group in window.groups] == [
        ("Jan 2025", ids(five[:1])),
        ("Mar 2025", ids(five[1:3])),
        ("May 2025", ids(five[3:4])),
        ("Jul 2025", ids(five[4:])),
    ]


def test_timeline_window_of_no_events_is_empty(partnership):
    window = timeline_window(all_events(), zoom=YEAR, size=2)

    assert (window.groups, window.earlier, window.later) == ([], None, None)
    assert (window.event_count, window.cluster_count) == (0, 0)


@pytest.fixture
def crowded_day(partnership, settings):
    """Seven events, five of them on one day, and windows of two."""
    settings.TIMELINE_WINDOW_SIZE = 2
    dates = [D(2025, 1, 1), *[D(2025, 6, 1)] * 5, D(2025, 12, 1)]
    return [EventFactory(partnership=partnership, date=date, significance=3) for date in dates]


def test_timeline_window_walking_later_neither_skips_nor_repeats_a_shared_date(crowded_day):
    seen, window = [], timeline_window(all_events(), zoom=MONTH)
    seen += window.events
    while window.later:
        window = timeline_window(all_events(), zoom=MONTH, after=window.later)
        seen += window.events

    assert ids(seen) == ids(crowded_day)


def test_timeline_window_walking_earlier_neither_skips_nor_repeats_a_shared_date(crowded_day):
    last = timeline_window(all_events(), zoom=MONTH, after=Key.of(crowded_day[4]))
    seen, window = list(last.events), last
    while window.earlier:
        window = timeline_window(all_events(), zoom=MONTH, before=window.earlier)
        seen[:0] = window.events

    assert ids(seen) == ids(crowded_day)


# --- Hidden events and their clusters -------------------------------------------------------


@pytest.fixture
def mixed(partnership):
    """At the year zoom (significance >= 2 shown), five visible events and seven hidden
    ones, some hidden ones on a visible event's day (before or after it by id)."""
    rows = [
        ("h0", D(2025, 1, 5), 1),
        ("v0", D(2025, 1, 10), 3),
        ("h1", D(2025, 1, 10), 1),
        ("h2", D(2025, 2, 1), 1),
        ("v1", D(2025, 3, 1), 2),
        ("h3", D(2025, 3, 1), 1),
        ("v2", D(2025, 3, 1), 3),
        ("h4", D(2025, 5, 5), 1),
        ("v3", D(2025, 7, 7), 2),
        ("h5", D(2025, 8, 8), 1),
        ("v4", D(2025, 10, 1), 3),
        ("h6", D(2025, 12, 12), 1),
    ]
    return {
        name: EventFactory(partnership=partnership, title=name, date=date, significance=sig)
        for name, date, sig in rows
    }


def hidden_ids(mixed) -> list[int]:
    return sorted(event.pk for name, event in mixed.items() if name.startswith("h"))


def expanded_ids(windows) -> list[int]:
    """The hidden events every cluster of these windows stands for, expanded."""
    return sorted(
        event.pk
        for window in windows
        for cluster in clusters_of(window)
        for event in cluster_events(
            all_events(),
            zoom=YEAR,
            start=cluster.start,
            after=cluster.after,
            through=cluster.through,
        )
    )


def test_timeline_window_clusters_the_hidden_events_up_to_its_last_visible_one(mixed):
    window = timeline_window(all_events(), zoom=YEAR, size=2)

    assert ids(window.events) == ids([mixed["v0"], mixed["v1"]])
    assert [(c.period, c.start, c.count) for c in clusters_of(window)] == [
        ("quarter", D(2025, 1, 1), 3)  # h0, h1, h2; h3 is after v1 by id
    ]
    assert [c.label for c in clusters_of(window)] == ["3 more events in Q1 2025"]
    assert window.cluster_count == 1


def test_timeline_window_last_window_clusters_everything_after_its_cursor(mixed):
    window = timeline_window(all_events(), zoom=YEAR, after=Key.of(mixed["v3"]), size=2)

    assert ids(window.events) == [mixed["v4"].pk]
    assert [(c.start, c.count) for c in clusters_of(window)] == [
        (D(2025, 7, 1), 1),  # h5
        (D(2025, 10, 1), 1),  # h6, after the last visible event
    ]


def test_timeline_window_orders_clusters_among_the_events_of_a_heading(mixed):
    window = timeline_window(all_events(), zoom=YEAR, after=Key.of(mixed["v1"]), size=2)

    [group] = window.groups
    assert group.label == "2025"
    assert [item.label if item.is_cluster else item.title for item in group.items] == [
        "1 more event in Q1 2025",  # h3
        "v2",
        "1 more event in Q2 2025",  # h4
        "v3",
    ]


def test_timeline_window_walking_later_counts_every_hidden_event_once(mixed):
    windows = [timeline_window(all_events(), zoom=YEAR, size=2)]
    while windows[-1].later:
        windows.append(timeline_window(all_events(), zoom=YEAR, after=windows[-1].later, size=2))

    assert len(windows) == 3
    assert sum(cluster.count for window in windows for cluster in clusters_of(window)) == 7
    assert expanded_ids(windows) == hidden_ids(mixed)


def test_timeline_window_walking_earlier_counts_every_hidden_event_once(mixed):
    windows = [timeline_window(all_events(), zoom=YEAR, after=Key.of(mixed["v3"]), size=2)]
    while windows[-1].earlier:
        windows.append(timeline_window(all_events(), zoom=YEAR, before=windows[-1].earlier, size=2))

    assert len(windows) == 3
    assert sum(cluster.count for window in windows for cluster in clusters_of(window)) == 7
    assert expanded_ids(windows) == hidden_ids(mixed)


def test_timeline_window_from_a_date_both_ways_counts_every_hidden_event_once(mixed):
    middle = timeline_window(all_events(), zoom=YEAR, at=D(2025, 3, 1), size=2)
    windows = [middle]
    for direction in ("earlier", "later"):
        window = middle
        while getattr(window, direction):
            cursor = {"before" if direction == "earlier" else "after": getattr(window, direction)}
            window = timeline_window(all_events(), zoom=YEAR, size=2, **cursor)
            windows.append(window)

    assert ids(middle.events) == ids([mixed["v1"], mixed["v2"]])
    assert [c.count for c in clusters_of(middle)] == [3]  # h1, h2, h3: after v0
    assert expanded_ids(windows) == hidden_ids(mixed)


def test_timeline_window_at_a_date_after_the_last_visible_event_leads_earlier(mixed):
    window = timeline_window(all_events(), zoom=YEAR, at=D(2025, 11, 1), size=2)

    assert [c.count for c in clusters_of(window)] == [1]  # h6
    assert window.earlier is not None
    previous = timeline_window(all_events(), zoom=YEAR, before=window.earlier, size=2)
    assert ids(previous.events) == ids([mixed["v3"], mixed["v4"]])


def test_timeline_window_at_the_finest_zoom_shows_every_event_and_no_clusters(mixed):
    window = timeline_window(all_events(), zoom=QUARTER, size=20)

    assert len(window.events) == 12
    assert (clusters_of(window), window.cluster_count) == ([], 0)


def test_cluster_events_are_the_hidden_events_of_one_period_in_a_range(mixed):
    found = cluster_events(
        all_events(), zoom=YEAR, start=D(2025, 1, 1), after=None, through=Key.of(mixed["v1"])
    )

    assert ids(found) == ids([mixed["h0"], mixed["h1"], mixed["h2"]])


def test_cluster_events_after_a_key_stay_within_the_period(mixed):
    found = cluster_events(
        all_events(), zoom=YEAR, start=D(2025, 1, 1), after=Key.of(mixed["v0"]), through=None
    )

    assert ids(found) == ids([mixed["h1"], mixed["h2"], mixed["h3"]])


def test_cluster_events_are_loaded_for_cards(mixed):
    EventCitationFactory(event=mixed["h4"])

    [found] = cluster_events(all_events(), zoom=YEAR, start=D(2025, 4, 1), after=None, through=None)

    assert (found.pk, found.source_count) == (mixed["h4"].pk, 1)


# --- Periods --------------------------------------------------------------------------------


def test_group_by_period_sorts_items_into_labelled_periods():
    july = Event(pk=1, date=D(2025, 7, 7))
    january = Event(pk=2, date=D(2025, 1, 10))
    cluster = Cluster("month", D(2025, 2, 1), 2, None, None)

    groups = group_by_period([july, cluster, january], "quarter")

    assert [(g.label, g.key, g.items) for g in groups] == [
        ("Q1 2025", "quarter-2025-01-01", [january, cluster]),
        ("Q3 2025", "quarter-2025-07-01", [july]),
    ]


def test_group_by_period_orders_a_shared_date_by_id():
    second, first = Event(pk=8, date=D(2025, 3, 1)), Event(pk=3, date=D(2025, 3, 1))

    [group] = group_by_period([second, first], "month")

    assert group.items == [first, second]


def test_group_by_period_heads_a_coarse_event_at_its_own_precision():
    quarter = Event(pk=5, date=D(2019, 7, 1), precision="quarter")
    july = Event(pk=6, date=D(2019, 7, 1), precision="day")
    year = Event(pk=9, date=D(2021, 1, 1), precision="year")
    new_year = Event(pk=2, date=D(2021, 1, 1), precision="day")
    cluster = Cluster("month", D(2021, 1, 1), 3, None, None)

    groups = group_by_period([new_year, year, july, cluster, quarter], "month")

    assert [(g.label, g.key, g.items) for g in groups] == [
        ("Q3 2019", "quarter-2019-07-01", [quarter]),
        ("Jul 2019", "month-2019-07-01", [july]),
        ("2021", "year-2021-01-01", [year]),
        ("Jan 2021", "month-2021-01-01", [cluster, new_year]),
    ]


def test_group_by_period_keeps_finer_events_under_the_zoom_heading():
    month = Event(pk=1, date=D(2019, 8, 1), precision="month")
    quarter = Event(pk=2, date=D(2019, 10, 1), precision="quarter")
    year = Event(pk=3, date=D(2021, 1, 1), precision="year")

    by_quarter = group_by_period([month, quarter, year], "quarter")
    by_year = group_by_period([month, quarter, year], "year")

    assert [g.label for g in by_quarter] == ["Q3 2019", "Q4 2019", "2021"]
    assert [(g.label, g.items) for g in by_year] == [("2019", [month, quarter]), ("2021", [year])]


def test_timeline_window_zoomed_to_months_heads_events_at_their_precision(partnership):
    year = EventFactory(partnership=partnership, date=D(2021, 1, 1), precision="year")
    quarter = EventFactory(partnership=partnership, date=D(2019, 7, 1), precision="quarter")
    day = EventFactory(partnership=partnership, date=D(2021, 1, 20))

    window = timeline_window(all_events(), zoom=MONTH)

    assert [(g.label, ids(g.items)) for g in window.groups] == [
        ("Q3 2019", [quarter.pk]),
        ("2021", [year.pk]),
        ("Jan 2021", [day.pk]),
    ]


def test_group_by_period_by_decade():
    events = [Event(pk=n, date=date) for n, date in enumerate([D(2019, 7, 22), D(2025, 9, 11)])]

    groups = group_by_period(events, "decade")

    assert [(g.label, g.start) for g in groups] == [
        ("2010s", D(2010, 1, 1)),
        ("2020s", D(2020, 1, 1)),
    ]


# --- Lanes ----------------------------------------------------------------------------------


@pytest.fixture
def two_deals():
    """Two partnerships; e1 involves Beta and Alpha, e2 only Gamma, e3 only Beta; a minor
    event in Q1 2025 that the year zoom hides; e4 in 2026."""
    alpha, beta = CompanyFactory(name="Alpha Inc"), CompanyFactory(name="Beta Corp")
    gamma, delta = CompanyFactory(name="Gamma Ltd"), CompanyFactory(name="Delta AG")
    first = PartnershipFactory(name="Alpha–Beta", parties=[alpha, beta])
    second = PartnershipFactory(name="Delta–Gamma", parties=[gamma, delta])
    events = {
        "e1": EventFactory(partnership=first, date=D(2025, 1, 10), significance=3),
        "hidden": EventFactory(partnership=first, date=D(2025, 2, 1), significance=1),
        "e2": EventFactory(partnership=second, date=D(2025, 2, 10), significance=3),
        "e3": EventFactory(partnership=first, date=D(2025, 3, 10), significance=3),
        "e4": EventFactory(partnership=second, date=D(2026, 1, 10), significance=3),
    }
    events["e1"].companies.set([beta, alpha])
    events["e2"].companies.set([gamma])
    events["e3"].companies.set([beta])
    events["e4"].companies.set([delta])
    return first, second, events


def lanes_of(window) -> list[list[tuple[str, list[int]]]]:
    return [[(lane.name, ids(lane.events)) for lane in group.lanes] for group in window.groups]


def test_group_into_lanes_by_partnership_keeps_date_order_in_each_lane(two_deals):
    first, second, events = two_deals
    window = timeline_window(all_events(), zoom=YEAR)

    group_into_lanes(window, "partnership")

    assert lanes_of(window) == [
        [
            ("Alpha–Beta", ids([events["e1"], events["e3"]])),
            ("Delta–Gamma", ids([events["e2"]])),
        ],
        [("Delta–Gamma", ids([events["e4"]]))],
    ]
    assert [lane.slug for lane in window.groups[0].lanes] == [first.slug, second.slug]


def test_group_into_lanes_by_company_puts_an_event_in_each_of_its_companies_lanes(two_deals):
    _, _, events = two_deals
    window = timeline_window(all_events(), zoom=YEAR)

    group_into_lanes(window, "company")

    assert lanes_of(window) == [
        [
            ("Alpha Inc", ids([events["e1"]])),
            ("Beta Corp", ids([events["e1"], events["e3"]])),
            ("Gamma Ltd", ids([events["e2"]])),
        ],
        [("Delta AG", ids([events["e4"]]))],
    ]
    # e1's card lives in its first company's lane (by name); in Beta's it is a repeat.
    assert [[lane.repeats for lane in group.lanes] for group in window.groups] == [
        [set(), {events["e1"].pk}, set()],
        [set()],
    ]
    beta = window.groups[0].lanes[1]
    assert beta.placements == [(events["e1"], beta), (events["e3"], None)]


def test_lane_colour_by_rank_differs_for_as_many_lanes_as_colours_and_stays_put():
    companies = [CompanyFactory() for _ in range(LANE_COLOURS)]
    partnerships = [PartnershipFactory() for _ in range(3)]

    company_colours = [lane_colour(company) for company in companies]
    partnership_colours = [lane_colour(partnership) for partnership in partnerships]
    reloaded = [
        lane_colour(company)
        for company in Company.objects.filter(pk__in=ids(companies)).order_by("pk")
    ]

    assert sorted(company_colours) == list(range(LANE_COLOURS))
    assert len(set(partnership_colours)) == 3
    assert reloaded == company_colours


def test_lane_legend_and_lanes_carry_their_lane_colour(two_deals):
    window = timeline_window(all_events(), zoom=YEAR)
    group_into_lanes(window, "company")

    legend = lanes_legend(window.events, "company")

    by_slug = {slug: colour for _, slug, _, colour in legend}
    assert len(set(by_slug.values())) == len(by_slug)
    assert all(lane.colour == by_slug[lane.slug] for group in window.groups for lane in group.lanes)


def test_group_into_lanes_by_company_puts_an_event_without_companies_in_its_partnership(
    two_deals,
):
    first, _, events = two_deals
    events["e3"].companies.clear()
    window = timeline_window(all_events(), zoom=YEAR)

    group_into_lanes(window, "company")

    assert lanes_of(window)[0][-1] == ("Alpha–Beta", ids([events["e3"]]))
    assert window.groups[0].lanes[-1].slug == first.slug


def test_group_into_lanes_sets_clusters_apart(two_deals):
    window = timeline_window(all_events(), zoom=YEAR)

    group_into_lanes(window, "partnership")

    assert [[c.label for c in group.clusters] for group in window.groups] == [
        ["1 more event in Q1 2025"],
        [],
    ]


def test_lanes_legend_by_partnership_lists_each_partnership_once_by_name(two_deals):
    first, second, _ = two_deals
    window = timeline_window(all_events(), zoom=YEAR)

    legend = lanes_legend(window.events, "partnership")

    assert legend == [
        ("Alpha–Beta", first.slug, f"/partnerships/{first.slug}/", lane_colour(first)),
        ("Delta–Gamma", second.slug, f"/partnerships/{second.slug}/", lane_colour(second)),
    ]


def test_lanes_legend_by_company_lists_the_events_companies_by_name(two_deals):
    window = timeline_window(all_events(), zoom=YEAR)

    legend = lanes_legend(window.events, "company")

    assert [(name, url) for name, _, url, _ in legend] == [
        ("Alpha Inc", "/companies/alpha-inc/"),
        ("Beta Corp", "/companies/beta-corp/"),
        ("Delta AG", "/companies/delta-ag/"),
        ("Gamma Ltd", "/companies/gamma-ltd/"),
    ]


def test_lanes_legend_by_company_names_every_lane_group_into_lanes_makes(two_deals):
    _, _, events = two_deals
    events["e3"].companies.clear()
    window = timeline_window(all_events(), zoom=YEAR)
    group_into_lanes(window, "company")

    legend = lanes_legend(window.events, "company")

    lanes = {lane.slug for group in window.groups for lane in group.lanes}
    assert lanes - {slug for _, slug, _, _ in legend} == set()


# --- Overview strip -------------------------------------------------------------------------


def bars_of(result) -> tuple[str, list[tuple]]:
    period, bars = result
    return period, [(bar.label, bar.count, bar.height, bar.param, bar.start) for bar in bars]


def test_overview_counts_per_month_over_a_short_range_with_empty_months(partnership):
    for date in [D(2025, 1, 10), D(2025, 1, 20), D(2025, 3, 5)]:
        EventFactory(partnership=partnership, date=date)

    result = overview(all_events())

    assert bars_of(result) == (
        "month",
        [
            ("Jan 2025", 2, 8, "2025-01", D(2025, 1, 1)),
            ("Feb 2025", 0, 0, "2025-02", D(2025, 2, 1)),
            ("Mar 2025", 1, 4, "2025-03", D(2025, 3, 1)),
        ],
    )


def test_overview_counts_per_year_over_a_long_range(partnership):
    for date in [D(2019, 7, 22), D(2022, 1, 1), D(2022, 6, 1), D(2022, 12, 1), D(2023, 11, 1)]:
        EventFactory(partnership=partnership, date=date)

    result = overview(all_events())

    assert bars_of(result) == (
        "year",
        [
            ("2019", 1, 3, "2019", D(2019, 1, 1)),
            ("2020", 0, 0, "2020", D(2020, 1, 1)),
            ("2021", 0, 0, "2021", D(2021, 1, 1)),
            ("2022", 3, 8, "2022", D(2022, 1, 1)),
            ("2023", 1, 3, "2023", D(2023, 1, 1)),
        ],
    )


def test_overview_counts_only_the_filtered_events(partnership):
    EventFactory(partnership=partnership, date=D(2025, 1, 10))
    EventFactory(date=D(2025, 1, 11))  # another partnership

    result = overview(Event.objects.filter(partnership=partnership))

    assert [bar.count for bar in result[1]] == [1]


@pytest.mark.parametrize(
    "events", [lambda: Event.objects.none(), lambda: Event.objects.filter(title="Nothing")]
)
def test_overview_of_no_events_is_empty(partnership, events):
    EventFactory(partnership=partnership)

    assert overview(events()) == ("year", [])


def test_overview_is_cached_under_the_stamp(partnership):
    EventFactory(partnership=partnership, date=D(2025, 1, 10))
    first = overview(all_events(), stamp="fixed")
    EventFactory(partnership=partnership, date=D(2025, 1, 11))

    cached = overview(all_events(), stamp="fixed")
    fresh = overview(all_events(), stamp="another")

    assert [bar.count for bar in first[1]] == [1]
    assert [bar.count for bar in cached[1]] == [1]
    assert [bar.count for bar in fresh[1]] == [2]


def test_overview_without_a_stamp_counts_the_write_just_made(partnership):
    EventFactory(partnership=partnership, date=D(2025, 1, 10))
    before = overview(all_events())

    EventFactory(partnership=partnership, date=D(2025, 1, 11))
    after = overview(all_events())

    assert ([bar.count for bar in before[1]], [bar.count for bar in after[1]]) == ([1], [2])


def test_overview_caches_each_filter_under_its_own_key(partnership):
    EventFactory(partnership=partnership, date=D(2025, 1, 10))
    EventFactory(partnership=partnership, date=D(2025, 1, 11), significance=3)

    everything = overview(all_events(), stamp="fixed")
    major = overview(all_events().filter(significance=3), stamp="fixed")

    assert ([b.count for b in everything[1]], [b.count for b in major[1]]) == ([2], [1])


WRITES = {
    "event insert": lambda p: EventFactory(partnership=p),
    "event update": lambda p: Event.objects.filter(partnership=p).update(title="Renamed"),
    "event delete": lambda p: Event.objects.filter(partnership=p).delete(),
    "event companies": lambda p: p.events.first().companies.add(p.companies.first()),
    "company update": lambda p: Company.objects.filter(pk=p.companies.first().pk).update(
        description="Changed"
    ),
    "partnership insert": lambda p: PartnershipFactory(),
    "agreement insert": lambda p: AgreementFactory(partnership=p),
    "agreement update": lambda p: Agreement.objects.filter(partnership=p).update(title="New"),
    "citation insert": lambda p: EventCitation.objects.create(
        event=p.events.first(), source=Source.objects.first()
    ),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_timeline_stamp_changes_with_a_write_the_timeline_shows(partnership, write):
    EventFactory(partnership=partnership)
    AgreementFactory(partnership=partnership)
    SourceFactory()
    before = timeline_stamp()

    write(partnership)

    assert timeline_stamp() != before


def test_timeline_stamp_stays_the_same_without_a_write(partnership):
    EventFactory(partnership=partnership)

    assert timeline_stamp() == timeline_stamp()


# --- Cards ----------------------------------------------------------------------------------


def test_cards_for_keeps_the_order_of_the_keys(five):
    keys = [Key.of(five[3]), Key.of(five[0]), Key.of(five[2])]

    cards = cards_for(all_events(), keys)

    assert ids(cards) == ids([five[3], five[0], five[2]])


def test_cards_for_leaves_out_keys_outside_the_queryset(five, partnership):
    other = EventFactory(date=D(2025, 1, 1))
    keys = [Key.of(other), Key.of(five[1]), Key(D(2025, 1, 1), 10**12)]

    cards = cards_for(Event.objects.filter(partnership=partnership), keys)

    assert ids(cards) == [five[1].pk]


def test_cards_for_loads_what_a_card_shows(partnership, django_assert_num_queries):
    event = EventFactory(partnership=partnership)
    EventCitationFactory(event=event)
    EventCitationFactory(event=event)
    event.companies.set(partnership.companies.all())

    with django_assert_num_queries(2):  # the events, then their companies
        [card] = cards_for(all_events(), [Key.of(event)])
        names = sorted(company.name for company in card.companies.all())
        partnership_name = card.partnership.name

    assert card.source_count == 2
    assert names == sorted(partnership.companies.values_list("name", flat=True))
    assert partnership_name == "Microsoft–OpenAI"


def test_cards_for_no_keys_makes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert cards_for(all_events(), []) == []
