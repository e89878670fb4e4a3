"""Company views: the company page and editors' company forms (partnerships/views/companies.py)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from partnerships.models import Company, Event
from tests.factories import CompanyFactory, PartnershipFactory
from tests.helpers import error_summary, event_with_everything, form_data, html

pytestmark = pytest.mark.django_db


# --- the company page ------------------------------------------------------------------------


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


@pytest.mark.parametrize("item_count", [1, 3])
def test_company_page_query_count_is_fixed(client, django_assert_num_queries, item_count):
    company = CompanyFactory(name="Microsoft")
    for index in range(item_count):
        partnership = PartnershipFactory(parties=[company, CompanyFactory()])
        event_with_everything(partnership, date=dt.date(2020 + index, 1, 1))

    with django_assert_num_queries(13):
        response = client.get(company.get_absolute_url())

    assert response.status_code == 200
    assert len(re.findall(r"data-event-link>", html(response))) == item_count


# --- adding and editing ----------------------------------------------------------------------


def test_write_urls_editor_gets_forms(editor_client):
    company = CompanyFactory()

    for url in [
        reverse("partnerships:company_add"),
        reverse("partnerships:company_edit", args=[company.slug]),
    ]:
        page = html(editor_client.get(url))

        assert '<button type="submit" class="button">Save</button>' in page, url
        assert ">Cancel</a>" in page, url


def test_company_add_creates_company(editor_client):
    response = editor_client.post(
        "/companies/add/",
        {"name": "Anthropic", "kind": "private", "website": "https://anthropic.com"},
    )

    company = Company.objects.get(name="Anthropic")
    assert response.status_code == 302
    assert response["Location"] == company.get_absolute_url()
    assert company.slug == "anthropic"
    assert company.website == "https://anthropic.com"


def test_company_edit_changes_company(editor_client):
    company = CompanyFactory(name="Open AI")
    data = form_data(editor_client.get(f"/companies/{company.slug}/edit/"), name="OpenAI")

    response = editor_client.post(f"/companies/{company.slug}/edit/", data)

    company.refresh_from_db()
    assert response.status_code == 302
    assert (company.name, company.version) == ("OpenAI", 2)


def test_company_add_duplicate_name_rejected(editor_client):
    CompanyFactory(name="Microsoft")

    response = editor_client.post("/companies/add/", {"name": "Microsoft", "kind": "public"})

    assert response.status_code == 200
    assert "A company with this name is already recorded." in error_summary(response)
    assert Company.objects.filter(name="Microsoft").count() == 1


def test_company_add_bad_input_gets_messages_and_saves_nothing(editor_client):
    response = editor_client.post(
        "/companies/add/",
        {"name": "x" * 201, "kind": "nonsense", "website": "not a url", "description": "y" * 3000},
    )

    summary = error_summary(response)
    assert response.status_code == 200
    assert "There are 4 problems" in summary
    assert "Ensure this value has at most 200 characters" in summary
    assert "Select a valid choice" in summary
    assert "Enter a valid URL." in summary
    assert "at most 2000 characters" in summary
    assert not Company.objects.exists()


def test_company_add_html_is_stored_as_typed_and_shown_escaped(editor_client, client):
    name = "<script>alert(1)</script> & Co"
    editor_client.post("/companies/add/", {"name": name, "kind": "private"})
    company = Company.objects.get()

    html = client.get(company.get_absolute_url()).content.decode()

    assert company.name == name
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


def test_company_add_next_redirect_appends_created_company(editor_client):
    response = editor_client.post(
        "/companies/add/?next=/events/add/%3Fdraft%3D7",
        {"name": "Oracle", "kind": "public", "next": "/events/add/?draft=7"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/events/add/?draft=7&created_company=oracle"


def test_company_add_keeps_next_through_errors(editor_client):
    response = editor_client.post(
        "/companies/add/", {"name": "", "kind": "public", "next": "/x/?a=1"}
    )

    assert '<input type="hidden" name="next" value="/x/?a=1">' in response.content.decode()


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_company_add_unsafe_next_is_ignored(editor_client, unsafe):
    response = editor_client.post(
        "/companies/add/", {"name": "Nvidia", "kind": "public", "next": unsafe}
    )

    assert response.status_code == 302
    assert response["Location"] == "/companies/nvidia/"


def test_company_add_htmx_renders_form_fragment(editor_client):
    response = editor_client.get("/companies/add/", headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<form method="post"')
    assert "<html" not in html


def test_company_add_htmx_success_redirects_client(editor_client):
    response = editor_client.post(
        "/companies/add/", {"name": "Meta", "kind": "public"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/companies/meta/"
