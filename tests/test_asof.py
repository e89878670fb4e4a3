"""The partnership as it stood on a date: statuses derived from dated milestones and links."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import Agreement, AgreementLink, Event
from partnerships.queries.asof import agreement_status_on, links_touching
from partnerships.sample_data.demo import load_demo
from tests.factories import AgreementFactory, EventFactory, PartnershipFactory

pytestmark = pytest.mark.django_db
MOU = "microsoft-openai-2025-mou"
MOU_EVENT = "2025-09-11-microsoft-openai-sign-mou"
DEFINITIVE = "microsoft-openai-2025-definitive-agreement"
HX = {"HX-Request": "true", "HX-Target": "timeline-results"}


@pytest.fixture
def demo():
    load_demo()


def status_on(slug: str, day: dt.date) -> str | None:
    agreement = Agreement.objects.get(slug=slug)
    return agreement_status_on(agreement, day, links_touching([agreement.pk]))


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


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_asof_mou_on_30_sep_2025_is_in_place_and_non_binding(demo):
    mou = Agreement.objects.get(slug=MOU)

    status = status_on(MOU, dt.date(2025, 9, 30))

    assert status == Agreement.Status.SIGNED
    assert mou.is_binding is False


def test_asof_definitive_agreement_does_not_exist_on_30_sep_2025(demo):
    assert status_on(DEFINITIVE, dt.date(2025, 9, 30)) is None


def test_asof_mou_is_superseded_on_1_nov_2025(demo):
    assert status_on(MOU, dt.date(2025, 11, 1)) == Agreement.Status.SUPERSEDED
    assert status_on(DEFINITIVE, dt.date(2025, 11, 1)) == Agreement.Status.SIGNED


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 12, 31), None),
        (dt.date(2025, 1, 1), "announced"),
        (dt.date(2025, 2, 1), "signed"),
        (dt.date(2025, 3, 1), "in-effect"),
        (dt.date(2026, 1, 1), "expired"),
    ],
)
def test_asof_status_follows_milestones(day, expected):
    agreement = AgreementFactory(
        announced_on=dt.date(2025, 1, 1),
        signed_on=dt.date(2025, 2, 1),
        effective_on=dt.date(2025, 3, 1),
        ends_on=dt.date(2025, 12, 31),
    )

    assert agreement_status_on(agreement, day, []) == expected


def test_asof_stage_recorded_without_its_date_begins_on_the_first_date():
    announced_only = AgreementFactory(
        status="in-effect", announced_on=dt.date(2025, 1, 1), signed_on=None
    )
    negotiating = AgreementFactory(
        status="negotiating", announced_on=dt.date(2025, 1, 1), signed_on=None
    )
    merely_announced = AgreementFactory(
        status="announced", announced_on=dt.date(2025, 1, 1), signed_on=None
    )

    day = dt.date(2025, 6, 1)
    assert agreement_status_on(announced_only, day, []) == "in-effect"
    assert agreement_status_on(negotiating, day, []) == "negotiating"
    assert agreement_status_on(merely_announced, day, []) == "announced"


def test_asof_terminated_by_a_dated_agreement():
    partnership = PartnershipFactory()
    deal = AgreementFactory(partnership=partnership, signed_on=dt.date(2020, 1, 1))
    ending = AgreementFactory(partnership=partnership, signed_on=dt.date(2024, 5, 1))
    AgreementLink.objects.create(from_agreement=ending, to_agreement=deal, kind="terminates")
    links = links_touching([deal.pk])

    assert agreement_status_on(deal, dt.date(2024, 4, 30), links) == "signed"
    assert agreement_status_on(deal, dt.date(2024, 5, 1), links) == "terminated"


def test_asof_binding_agreement_leading_to_another_stays_in_force():
    partnership = PartnershipFactory()
    investment = AgreementFactory(
        partnership=partnership, kind="investment", signed_on=dt.date(2019, 7, 22)
    )
    licence = AgreementFactory(
        partnership=partnership, kind="licence", signed_on=dt.date(2020, 9, 22)
    )
    AgreementLink.objects.create(from_agreement=investment, to_agreement=licence, kind="leads-to")

    assert agreement_status_on(
        investment, dt.date(2021, 1, 1), links_touching([investment.pk])
    ) == ("signed")


# --- the timeline -------------------------------------------------------------------------


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
    response = client.get("/?as_of=2025-09-30&zoom=month", headers=HX)

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


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/?as_of=2010-06-30&zoom=month", "/?as_of=2010&zoom=year"])
def test_asof_timeline_query_count_does_not_grow_with_agreements(client, url):
    make_deals(3)
    few = count_queries(client, url)
    Event.objects.all().delete()
    Agreement.objects.all().delete()

    make_deals(60)
    many = count_queries(client, url)

    assert few == many


# --- the agreement page -------------------------------------------------------------------


def test_asof_agreement_page_shows_status_then_and_hides_later_chain(client, demo):
    response = client.get(f"/agreements/{MOU}/", {"as_of": "2025-09-30"})

    text = text_of(response)
    assert response.status_code == 200
    assert "As it stood on 30 Sep 2025" in text
    assert "MOU · non-binding Signed" in text
    assert "Definitive agreement for the next chapter" not in text


def test_asof_agreement_page_after_the_deal(client, demo):
    text = text_of(client.get(f"/agreements/{MOU}/", {"as_of": "2025-11-01"}))

    assert "MOU · non-binding Superseded" in text
    assert "Definitive agreement for the next chapter" in text


def test_asof_agreement_page_before_it_existed(client, demo):
    text = text_of(client.get(f"/agreements/{DEFINITIVE}/", {"as_of": "2025-09-30"}))

    assert "this agreement did not exist yet" in text
    assert "Not yet agreed" in text


def test_asof_agreement_page_bad_date_says_so(client, demo):
    response = client.get(f"/agreements/{MOU}/", {"as_of": "tomorrow"})

    assert response.status_code == 200
    assert "“As it stood on” could not be used" in text_of(response)
