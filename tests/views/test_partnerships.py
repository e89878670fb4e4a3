"""Partnership views: the partnership page and editors' partnership forms
(partnerships/views/partnerships.py)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from partnerships.models import Partnership, Party
from tests.factories import CompanyFactory, PartnershipFactory
from tests.helpers import (
    TOO_FEW_PARTIES,
    count_queries,
    error_summary,
    event_with_everything,
    form_data,
    html,
    management,
)

pytestmark = pytest.mark.django_db


# --- the partnership page --------------------------------------------------------------------


def test_partnership_page_lists_parties_agreements_and_events(client, demo):
    stargate = Partnership.objects.get(slug="stargate")

    html = client.get(stargate.get_absolute_url() + "?zoom=month").content.decode()

    for party in stargate.parties.select_related("company"):
        assert party.company.name in html
    titles = re.findall(r"data-event-link>(.*?)</a>", html)
    assert len(titles) == stargate.events.count()


@pytest.mark.parametrize("item_count", [1, 3])
def test_partnership_page_query_count_is_fixed(client, django_assert_num_queries, item_count):
    partnership = PartnershipFactory(parties=[CompanyFactory() for _ in range(item_count + 1)])
    for index in range(item_count):
        event_with_everything(partnership, date=dt.date(2020 + index, 1, 1))

    with django_assert_num_queries(13):
        response = client.get(partnership.get_absolute_url())

    page = html(response)
    assert response.status_code == 200
    assert len(re.findall(r"data-event-link>", page)) == item_count
    assert page.count('href="/agreements/') >= item_count


# --- adding and editing ----------------------------------------------------------------------


def test_write_urls_editor_gets_forms(editor_client):
    partnership = PartnershipFactory()

    for url in [
        reverse("partnerships:partnership_add"),
        reverse("partnerships:partnership_edit", args=[partnership.slug]),
    ]:
        page = html(editor_client.get(url))

        assert '<button type="submit" class="button">Save</button>' in page, url
        assert ">Cancel</a>" in page, url


def partnership_post(*parties, **fields) -> dict[str, str]:
    data = {"name": "Cloud deal", "status": "active", "summary": "", **fields}
    data.update(
        management("parties", [{"company": str(c.pk), "role": role} for c, role in parties])
    )
    return data


def test_partnership_add_creates_partnership_with_two_parties(editor_client):
    microsoft, openai = CompanyFactory(name="Microsoft"), CompanyFactory(name="OpenAI")

    response = editor_client.post(
        "/partnerships/add/",
        partnership_post((microsoft, "investor"), (openai, "investee"), name="Microsoft–OpenAI"),
    )

    partnership = Partnership.objects.get(name="Microsoft–OpenAI")
    assert response["Location"] == partnership.get_absolute_url()
    assert sorted(partnership.parties.values_list("company__name", "role")) == [
        ("Microsoft", "investor"),
        ("OpenAI", "investee"),
    ]


@pytest.mark.parametrize("twice", [True, False])
def test_partnership_add_fewer_than_two_distinct_parties_rejected(editor_client, twice):
    microsoft = CompanyFactory(name="Microsoft")
    parties = (
        [(microsoft, "investor"), (microsoft, "partner")] if twice else [(microsoft, "partner")]
    )

    response = editor_client.post("/partnerships/add/", partnership_post(*parties))

    summary = error_summary(response)
    assert response.status_code == 200
    if twice:
        assert "Microsoft is listed twice" in summary
    else:
        assert TOO_FEW_PARTIES in summary
    assert not Partnership.objects.exists()


def test_partnership_add_row_adds_a_blank_party_without_saving(editor_client):
    microsoft = CompanyFactory(name="Microsoft")
    data = partnership_post((microsoft, "investor"), name="")
    data["add_row"] = "parties"

    response = editor_client.post("/partnerships/add/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="parties-TOTAL_FORMS" value="2"' in html
    assert 'name="parties-1-company"' in html
    assert "error-summary" not in html  # judged on Save, not while adding rows
    assert not Partnership.objects.exists()


def test_partnership_edit_removes_and_adds_parties(editor_client):
    a, b, c = CompanyFactory(), CompanyFactory(), CompanyFactory()
    partnership = PartnershipFactory(parties=[a, b])
    url = f"/partnerships/{partnership.slug}/edit/"
    data = form_data(
        editor_client.get(url), **{"parties-1-DELETE": "on", "parties-2-company": str(c.pk)}
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert set(partnership.parties.values_list("company", flat=True)) == {a.pk, c.pk}


def test_partnership_add_preselects_company_just_created(editor_client):
    company = CompanyFactory(name="xAI")

    html = editor_client.get("/partnerships/add/?created_company=xai").content.decode()

    assert f'<option value="{company.pk}" selected>xAI</option>' in html


def test_partnership_add_next_redirect_appends_created_partnership(editor_client):
    a, b = CompanyFactory(), CompanyFactory()
    data = partnership_post(
        (a, "partner"), (b, "partner"), name="Joint venture", next="/agreements/add/"
    )

    response = editor_client.post("/partnerships/add/", data)

    assert response["Location"] == "/agreements/add/?created_partnership=joint-venture"


def test_party_rows_are_saved_in_place(editor_client):
    a, b = CompanyFactory(), CompanyFactory()
    partnership = PartnershipFactory(parties=[a, b])
    url = f"/partnerships/{partnership.slug}/edit/"
    data = form_data(editor_client.get(url), **{"parties-0-role": "licensor"})

    editor_client.post(url, data)

    assert Party.objects.get(partnership=partnership, company=a).role == "licensor"


def test_partnership_edit_queries_do_not_grow_with_parties(editor_client):
    small = PartnershipFactory()
    large = PartnershipFactory(parties=[CompanyFactory() for _ in range(6)])
    count_queries(editor_client, f"/partnerships/{small.slug}/edit/")

    assert count_queries(editor_client, f"/partnerships/{small.slug}/edit/") == count_queries(
        editor_client, f"/partnerships/{large.slug}/edit/"
    )
