"""Event, agreement, company and partnership pages, on the demo data."""

import re

import pytest

from partnerships.models import Agreement, AgreementLink, Company, Event, Partnership
from partnerships.queries.agreements import compare_terms
from partnerships.sample_data.demo import load_demo
from tests.factories import AgreementFactory, AgreementTermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()


@pytest.fixture
def mou(demo):
    return Agreement.objects.get(kind="mou")


@pytest.fixture
def definitive(demo):
    return Agreement.objects.get(kind="definitive")


def test_event_page_shows_sources_quotes_and_chain(client, mou):
    event = mou.events.get(significance=3)

    html = client.get(event.get_absolute_url()).content.decode()

    assert f"<h1>{event.title}</h1>" in html
    assert "Satya Nadella" in html and "Sam Altman" in html
    assert html.count('class="citation"') == event.citations.count() >= 2
    assert 'aria-label="Agreement chain"' in html
    assert "Definitive agreement" in html


def test_event_page_links_previous_and_next_in_partnership(client, mou):
    event = mou.events.get(significance=3)
    same = list(Event.objects.filter(partnership=event.partnership).order_by("date", "id"))
    index = same.index(event)

    html = client.get(event.get_absolute_url()).content.decode()

    assert f'rel="prev" href="{same[index - 1].get_absolute_url()}"' in html
    assert f'rel="next" href="{same[index + 1].get_absolute_url()}"' in html


def test_event_page_unknown_slug_is_404(client):
    assert client.get("/events/no-such-event/").status_code == 404


def test_agreement_page_draws_chain_in_date_order(client, mou, definitive):
    html = client.get(mou.get_absolute_url()).content.decode()

    chain = re.search(r'<ol class="chain".*?</ol>', html, re.S)[0]
    assert chain.index(mou.title) < chain.index(definitive.title)
    assert "Non-binding · Superseded" in chain
    assert "Binding" in chain


def test_agreement_page_compares_terms_by_topic(client, mou, definitive):
    html = client.get(definitive.get_absolute_url()).content.decode()

    assert "Term by term: MOU → Definitive agreement" in html
    shared = set(mou.terms.values_list("topic", flat=True)) & set(
        definitive.terms.values_list("topic", flat=True)
    )
    for topic in shared:
        assert f"<code>{topic}</code>" in html
    assert "status--added" in html


def test_agreement_page_unknown_slug_is_404(client):
    assert client.get("/agreements/nothing/").status_code == 404


def test_compare_terms_reports_added_removed_changed_unchanged():
    older = AgreementFactory(kind="mou")
    newer = AgreementFactory(partnership=older.partnership)
    AgreementTermFactory(agreement=older, topic="ai-safety", heading="Safety", text="Commit.")
    AgreementTermFactory(agreement=newer, topic="ai-safety", heading="Safety", text="Commit.")
    AgreementTermFactory(agreement=older, topic="cloud", heading="Cloud", text="Exclusive.")
    AgreementTermFactory(agreement=newer, topic="cloud", heading="Cloud", text="ROFR only.")
    AgreementTermFactory(agreement=older, topic="community", heading="Community")
    AgreementTermFactory(agreement=newer, topic="ip-rights", heading="IP through 2032")

    changes = {change.topic: change.status for change in compare_terms(older, newer)}

    assert changes == {
        "ai-safety": "unchanged",
        "cloud": "changed",
        "community": "removed",
        "ip-rights": "added",
    }


def test_agreement_link_direction_drives_comparison(client):
    older = AgreementFactory(kind="mou", title="Old MOU")
    newer = AgreementFactory(partnership=older.partnership, title="New deal")
    AgreementLink.objects.create(from_agreement=newer, to_agreement=older, kind="supersedes")

    html = client.get(newer.get_absolute_url()).content.decode()

    assert "Term by term: MOU → Definitive agreement" in html


def test_company_page_lists_partnerships_and_scoped_timeline(client, demo):
    microsoft = Company.objects.get(name="Microsoft")

    response = client.get(microsoft.get_absolute_url() + "?zoom=month")

    html = response.content.decode()
    assert "<h1>Microsoft</h1>" in html
    assert "Stargate" in html
    titles = re.findall(r"data-event-link>(.*?)</a>", html)
    assert len(titles) == Event.objects.filter(companies=microsoft).count()


def test_company_page_fragment_on_htmx(client, demo):
    response = client.get(
        "/companies/microsoft/?zoom=decade",
        headers={"HX-Request": "true", "HX-Target": "timeline-results"},
    )

    assert "<html" not in response.content.decode()
    assert response["HX-Push-Url"] == "/companies/microsoft/?zoom=decade"


def test_partnership_page_lists_parties_agreements_and_events(client, demo):
    stargate = Partnership.objects.get(slug="stargate")

    html = client.get(stargate.get_absolute_url() + "?zoom=month").content.decode()

    for party in stargate.parties.select_related("company"):
        assert party.company.name in html
    titles = re.findall(r"data-event-link>(.*?)</a>", html)
    assert len(titles) == stargate.events.count()


@pytest.mark.parametrize(
    "url",
    ["/", "/?zoom=decade", "/companies/microsoft/", "/partnerships/microsoft-openai/"],
)
def test_pages_send_csp_with_nonce_and_no_inline_scripts(client, demo, url):
    response = client.get(url)

    policy = response["Content-Security-Policy"]
    html = response.content.decode()
    assert "'unsafe-inline'" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)[1]
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert 'style="' not in html
