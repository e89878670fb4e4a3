"""Editors' forms for companies, partnerships and agreements (partnerships/editing_records.py)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection, connections
from django.db.models.signals import pre_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import (
    Agreement,
    AgreementLink,
    AgreementTerm,
    Company,
    Partnership,
    Party,
)
from tests.factories import (
    AgreementFactory,
    AgreementTermFactory,
    CompanyFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db

TOO_FEW_PARTIES = "A partnership needs at least two distinct companies as parties."


# --- helpers -------------------------------------------------------------------------------


class _FormReader(HTMLParser):
    """What a browser would post from the page's record form, as a dict."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._in_form = False
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "records-form" in (attrs.get("class") or ""):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") == "checkbox" and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value") or (
                "on" if attrs.get("type") == "checkbox" else ""
            )
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
                self.data[self._select] = value
            if "selected" in attrs and not self._select_chosen:
                self.data[self._select], self._select_chosen = value, True
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            # The template puts a newline after <textarea>, which browsers drop.
            self.data[self._textarea] += (
                data.removeprefix("\n") if not self.data[self._textarea] else data
            )


def form_data(response) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader.data


def management(prefix: str, rows: list[dict], initial: int = 0) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "50",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def agreement_post(partnership: Partnership, *, terms=(), links=(), **fields) -> dict[str, str]:
    data = {
        "partnership": str(partnership.pk),
        "title": "Agreement",
        "kind": "mou",
        "is_binding": "",
        "status": "announced",
        "announced_on": "",
        "signed_on": "",
        "effective_on": "",
        "ends_on": "",
        "value": "",
        "currency": "",
        "summary": "",
        **fields,
    }
    data.update(management("terms", list(terms)))
    data.update(management("links", list(links)))
    return data


def make_user(username: str, *, editor: bool) -> User:
    user = User.objects.create_user(username, password="unused-password-1")
    if editor:
        user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor(client):
    client.force_login(make_user("editor", editor=True))
    return client


def errors_on(response) -> str:
    """The text of the page's error summary."""
    html = response.content.decode()
    found = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return found[0] if found else ""


# --- permissions ---------------------------------------------------------------------------


@pytest.fixture
def write_urls():
    agreement = AgreementFactory()
    company = agreement.partnership.companies.first()
    return [
        reverse("partnerships:company_add"),
        reverse("partnerships:company_edit", args=[company.slug]),
        reverse("partnerships:partnership_add"),
        reverse("partnerships:partnership_edit", args=[agreement.partnership.slug]),
        reverse("partnerships:agreement_add"),
        reverse("partnerships:agreement_edit", args=[agreement.slug]),
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_write_urls_anonymous_redirect_to_login(client, write_urls, method):
    for url in write_urls:
        response = getattr(client, method)(url)

        assert response.status_code == 302, url
        assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("method", ["get", "post"])
def test_write_urls_anonymous_htmx_are_forbidden(client, write_urls, method):
    for url in write_urls:
        response = getattr(client, method)(url, headers={"HX-Request": "true"})

        assert response.status_code == 403, url


@pytest.mark.parametrize("method", ["get", "post"])
def test_write_urls_non_editor_is_forbidden(client, write_urls, method):
    client.force_login(make_user("reader", editor=False))
    before = (Company.objects.count(), Partnership.objects.count(), Agreement.objects.count())

    for url in write_urls:
        response = getattr(client, method)(url, {"name": "Sneaky", "title": "Sneaky"})

        assert response.status_code == 403, url
    assert (
        Company.objects.count(),
        Partnership.objects.count(),
        Agreement.objects.count(),
    ) == before


def test_write_urls_editor_gets_forms(editor, write_urls):
    for url in write_urls:
        html = editor.get(url).content.decode()

        assert '<button type="submit" class="button">Save</button>' in html, url
        assert ">Cancel</a>" in html, url


def test_write_urls_other_methods_not_allowed(editor, write_urls):
    assert editor.put(write_urls[0]).status_code == 405


def test_edit_links_shown_to_editors_only(client, editor):
    agreement = AgreementFactory()
    company = agreement.partnership.companies.first()
    pages = {
        company.get_absolute_url(): reverse("partnerships:company_edit", args=[company.slug]),
        agreement.partnership.get_absolute_url(): reverse(
            "partnerships:partnership_edit", args=[agreement.partnership.slug]
        ),
        agreement.get_absolute_url(): reverse("partnerships:agreement_edit", args=[agreement.slug]),
    }

    for page, edit_url in pages.items():
        assert f'href="{edit_url}"' in editor.get(page).content.decode()
    new_agreement = f"/agreements/add/?partnership={agreement.partnership.slug}"
    assert new_agreement in editor.get(agreement.partnership.get_absolute_url()).content.decode()

    editor.logout()
    for page, edit_url in pages.items():
        assert edit_url not in client.get(page).content.decode()


# --- companies -----------------------------------------------------------------------------


def test_company_add_creates_company(editor):
    response = editor.post(
        "/companies/add/",
        {"name": "Anthropic", "kind": "private", "website": "https://anthropic.com"},
    )

    company = Company.objects.get(name="Anthropic")
    assert response.status_code == 302
    assert response["Location"] == company.get_absolute_url()
    assert company.slug == "anthropic"
    assert company.website == "https://anthropic.com"


def test_company_edit_changes_company(editor):
    company = CompanyFactory(name="Open AI")
    data = form_data(editor.get(f"/companies/{company.slug}/edit/"))
    data["name"] = "OpenAI"

    response = editor.post(f"/companies/{company.slug}/edit/", data)

    company.refresh_from_db()
    assert response.status_code == 302
    assert (company.name, company.version) == ("OpenAI", 2)


def test_company_add_duplicate_name_rejected(editor):
    CompanyFactory(name="Microsoft")

    response = editor.post("/companies/add/", {"name": "Microsoft", "kind": "public"})

    assert response.status_code == 200
    assert "A company with this name is already recorded." in errors_on(response)
    assert Company.objects.filter(name="Microsoft").count() == 1


def test_company_add_bad_input_gets_messages_and_saves_nothing(editor):
    response = editor.post(
        "/companies/add/",
        {"name": "x" * 201, "kind": "nonsense", "website": "not a url", "description": "y" * 3000},
    )

    summary = errors_on(response)
    assert response.status_code == 200
    assert "There are 4 problems" in summary
    assert "Ensure this value has at most 200 characters" in summary
    assert "Select a valid choice" in summary
    assert "Enter a valid URL." in summary
    assert "at most 2000 characters" in summary
    assert not Company.objects.exists()


def test_company_add_html_is_stored_as_typed_and_shown_escaped(editor, client):
    name = "<script>alert(1)</script> & Co"
    editor.post("/companies/add/", {"name": name, "kind": "private"})
    company = Company.objects.get()

    html = client.get(company.get_absolute_url()).content.decode()

    assert company.name == name
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


def test_company_add_next_redirect_appends_created_company(editor):
    response = editor.post(
        "/companies/add/?next=/events/add/%3Fdraft%3D7",
        {"name": "Oracle", "kind": "public", "next": "/events/add/?draft=7"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/events/add/?draft=7&created_company=oracle"


def test_company_add_keeps_next_through_errors(editor):
    response = editor.post("/companies/add/", {"name": "", "kind": "public", "next": "/x/?a=1"})

    assert '<input type="hidden" name="next" value="/x/?a=1">' in response.content.decode()


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_company_add_unsafe_next_is_ignored(editor, unsafe):
    response = editor.post("/companies/add/", {"name": "Nvidia", "kind": "public", "next": unsafe})

    assert response.status_code == 302
    assert response["Location"] == "/companies/nvidia/"


def test_company_add_htmx_renders_form_fragment(editor):
    response = editor.get("/companies/add/", headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<form method="post"')
    assert "<html" not in html


def test_company_add_htmx_success_redirects_client(editor):
    response = editor.post(
        "/companies/add/", {"name": "Meta", "kind": "public"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/companies/meta/"


# --- partnerships --------------------------------------------------------------------------


def partnership_post(*parties, **fields) -> dict[str, str]:
    data = {"name": "Cloud deal", "status": "active", "summary": "", **fields}
    data.update(
        management("parties", [{"company": str(c.pk), "role": role} for c, role in parties])
    )
    return data


def test_partnership_add_creates_partnership_with_two_parties(editor):
    microsoft, openai = CompanyFactory(name="Microsoft"), CompanyFactory(name="OpenAI")

    response = editor.post(
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
def test_partnership_add_fewer_than_two_distinct_parties_rejected(editor, twice):
    microsoft = CompanyFactory(name="Microsoft")
    parties = (
        [(microsoft, "investor"), (microsoft, "partner")] if twice else [(microsoft, "partner")]
    )

    response = editor.post("/partnerships/add/", partnership_post(*parties))

    summary = errors_on(response)
    assert response.status_code == 200
    if twice:
        assert "Microsoft is listed twice" in summary
    else:
        assert TOO_FEW_PARTIES in summary
    assert not Partnership.objects.exists()


def test_partnership_add_row_adds_a_blank_party_without_saving(editor):
    microsoft = CompanyFactory(name="Microsoft")
    data = partnership_post((microsoft, "investor"), name="")
    data["add_row"] = "parties"

    response = editor.post("/partnerships/add/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="parties-TOTAL_FORMS" value="2"' in html
    assert 'name="parties-1-company"' in html
    assert "error-summary" not in html  # judged on Save, not while adding rows
    assert not Partnership.objects.exists()


def test_partnership_edit_removes_and_adds_parties(editor):
    a, b, c = CompanyFactory(), CompanyFactory(), CompanyFactory()
    partnership = PartnershipFactory(parties=[a, b])
    url = f"/partnerships/{partnership.slug}/edit/"
    data = form_data(editor.get(url))
    data["parties-1-DELETE"] = "on"
    data["parties-2-company"] = str(c.pk)

    response = editor.post(url, data)

    assert response.status_code == 302
    assert set(partnership.parties.values_list("company", flat=True)) == {a.pk, c.pk}


def test_partnership_add_preselects_company_just_created(editor):
    company = CompanyFactory(name="xAI")

    html = editor.get("/partnerships/add/?created_company=xai").content.decode()

    assert f'<option value="{company.pk}" selected>xAI</option>' in html


# --- agreements ----------------------------------------------------------------------------


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Microsoft–OpenAI")


def test_agreement_mou_then_definitive_shows_chain_and_term_comparison(editor, client, partnership):
    # Arrange: the MOU, recorded first.
    editor.post(
        "/agreements/add/",
        agreement_post(
            partnership,
            title="Non-binding MOU",
            kind="mou",
            announced_on="2025-09-11",
            terms=[
                {
                    "position": "1",
                    "topic": "cloud-exclusivity",
                    "heading": "Azure",
                    "text": "Exclusive.",
                },
                {
                    "position": "2",
                    "topic": "agi-clause",
                    "heading": "AGI",
                    "text": "Board decides.",
                },
            ],
        ),
    )
    mou = Agreement.objects.get(title="Non-binding MOU")

    # Act: the definitive agreement, linked from its own form ("the MOU leads to this").
    response = editor.post(
        "/agreements/add/",
        agreement_post(
            partnership,
            title="Definitive agreement",
            kind="definitive",
            status="signed",
            signed_on="2025-10-28",
            value="135000000000",
            currency="usd",
            terms=[
                {
                    "position": "",
                    "topic": "cloud-exclusivity",
                    "heading": "Azure",
                    "text": "Right of first refusal.",
                },
                {"position": "", "topic": "agi-clause", "heading": "AGI", "text": "Board decides."},
                {"position": "", "topic": "ip-rights", "heading": "IP", "text": "Through 2032."},
            ],
            links=[{"direction": "to", "kind": "leads-to", "other": str(mou.pk), "note": ""}],
        ),
    )

    # Assert
    definitive = Agreement.objects.get(title="Definitive agreement")
    assert response["Location"] == definitive.get_absolute_url()
    assert (mou.is_binding, definitive.is_binding) == (False, True)
    assert (definitive.value, definitive.currency) == (Decimal("135000000000"), "USD")
    assert list(definitive.terms.values_list("position", "topic")) == [
        (1, "cloud-exclusivity"),
        (2, "agi-clause"),
        (3, "ip-rights"),
    ]
    link = AgreementLink.objects.get()
    assert (link.from_agreement, link.to_agreement, link.kind) == (mou, definitive, "leads-to")
    html = client.get(definitive.get_absolute_url()).content.decode()
    chain = re.search(r'<ol class="chain".*?</ol>', html, re.S)[0]
    assert chain.index("Non-binding MOU") < chain.index("Definitive agreement")
    assert "Term by term: MOU → Definitive agreement" in html
    assert "status--changed" in html and "status--added" in html
    assert "<code>cloud-exclusivity</code>" in html


def test_agreement_edit_records_link_from_this_side(editor, partnership):
    mou = AgreementFactory(partnership=partnership, kind="mou", title="MOU")
    definitive = AgreementFactory(partnership=partnership, title="Definitive")
    url = f"/agreements/{mou.slug}/edit/"
    data = form_data(editor.get(url))
    data.update({"links-0-direction": "from", "links-0-other": str(definitive.pk)})

    response = editor.post(url, data)

    assert response.status_code == 302
    link = AgreementLink.objects.get()
    assert (link.from_agreement, link.to_agreement, link.kind) == (mou, definitive, "leads-to")
    # The link is shown on the other side's form, read from there.
    other_side = form_data(editor.get(f"/agreements/{definitive.slug}/edit/"))
    assert (other_side["links-0-direction"], other_side["links-0-other"]) == ("to", str(mou.pk))


def test_agreement_add_binding_select_overrides_kind_default(editor, partnership):
    editor.post(
        "/agreements/add/",
        agreement_post(partnership, title="Binding MOU", kind="mou", is_binding="True"),
    )

    assert Agreement.objects.get(title="Binding MOU").is_binding is True


def test_agreement_add_preselects_partnership(editor, partnership):
    html = editor.get(f"/agreements/add/?partnership={partnership.slug}").content.decode()

    assert f'<option value="{partnership.pk}" selected>Microsoft–OpenAI</option>' in html
    assert 'type="date"' in html
    assert '<datalist id="topic-keys">' in html


def test_agreement_add_suggests_topic_keys_in_use(editor, partnership):
    AgreementTermFactory(topic="cloud-exclusivity")

    html = editor.get("/agreements/add/").content.decode()

    assert '<option value="cloud-exclusivity"></option>' in html
    assert 'list="topic-keys"' in html


def test_agreement_add_duplicate_topic_rejected(editor, partnership):
    data = agreement_post(
        partnership,
        title="Two of a kind",
        terms=[
            {"position": "1", "topic": "exclusivity", "heading": "One", "text": ""},
            {"position": "2", "topic": "Exclusivity", "heading": "Two", "text": ""},
        ],
    )

    response = editor.post("/agreements/add/", data)

    assert response.status_code == 200
    assert "The topic key “exclusivity” is already used by another term" in errors_on(response)
    assert not Agreement.objects.exists()


def test_agreement_add_bad_topic_key_rejected(editor, partnership):
    data = agreement_post(
        partnership, terms=[{"position": "1", "topic": "no spaces!", "heading": "H", "text": ""}]
    )

    response = editor.post("/agreements/add/", data)

    assert "Use lowercase letters, numbers and hyphens" in errors_on(response)
    assert not AgreementTerm.objects.exists()


def test_agreement_edit_self_link_rejected(editor, partnership):
    agreement = AgreementFactory(partnership=partnership)
    url = f"/agreements/{agreement.slug}/edit/"
    data = form_data(editor.get(url))
    data["links-0-other"] = str(agreement.pk)

    response = editor.post(url, data)

    assert response.status_code == 200
    assert "An agreement cannot link to itself" in errors_on(response)
    assert not AgreementLink.objects.exists()


def test_agreement_edit_duplicate_link_rejected(editor, partnership):
    agreement = AgreementFactory(partnership=partnership)
    other = AgreementFactory(partnership=partnership, title="Other one")
    url = f"/agreements/{agreement.slug}/edit/"
    data = form_data(editor.get(url))
    data.update(
        {
            "links-0-other": str(other.pk),
            "links-1-direction": "from",
            "links-1-other": str(other.pk),
        }
    )

    response = editor.post(url, data)

    assert "The same link is already listed above: this agreement leads to “Other one”." in (
        errors_on(response)
    )
    assert not AgreementLink.objects.exists()


def test_agreement_add_link_to_other_partnership_rejected(editor, partnership):
    elsewhere = AgreementFactory(title="Elsewhere")
    data = agreement_post(
        partnership,
        links=[{"direction": "from", "kind": "leads-to", "other": str(elsewhere.pk), "note": ""}],
    )

    response = editor.post("/agreements/add/", data)

    assert "“Elsewhere” belongs to another partnership" in errors_on(response)
    assert not AgreementLink.objects.exists()


def test_agreement_add_value_without_currency_rejected(editor, partnership):
    response = editor.post("/agreements/add/", agreement_post(partnership, value="10000000000"))

    assert response.status_code == 200
    assert "Currency: Give the currency of the value, e.g. USD." in errors_on(response)
    assert not Agreement.objects.exists()


def test_agreement_add_bad_dates_and_unknown_ids_get_messages(editor, partnership):
    data = agreement_post(
        partnership,
        signed_on="2025-02-30",
        effective_on="2025-10-01",
        ends_on="2025-09-01",
        value="-5",
        currency="US",
        links=[{"direction": "from", "kind": "leads-to", "other": "999999", "note": ""}],
    )
    data["partnership"] = "999999"

    response = editor.post("/agreements/add/", data)

    summary = errors_on(response)
    assert response.status_code == 200
    assert "That partnership is not on record" in summary
    assert "Signed: Enter a valid date." in summary
    assert "Ends: An agreement cannot end before it takes effect." in summary
    assert "The value cannot be negative." in summary
    assert "three-letter ISO 4217 code" in summary
    assert "That agreement is not on record" in summary
    assert not Agreement.objects.exists()


def test_agreement_add_row_adds_a_blank_term_without_saving(editor, partnership):
    data = agreement_post(
        partnership, title="", terms=[{"position": "", "topic": "x", "heading": "", "text": ""}]
    )
    data["add_row"] = "terms"

    response = editor.post("/agreements/add/", data)

    html = response.content.decode()
    assert 'name="terms-TOTAL_FORMS" value="2"' in html
    assert 'value="x"' in html
    assert "error-summary" not in html
    assert not Agreement.objects.exists()


def test_agreement_edit_removes_term(editor):
    term = AgreementTermFactory(topic="gone")
    url = f"/agreements/{term.agreement.slug}/edit/"
    data = form_data(editor.get(url))
    data["terms-0-DELETE"] = "on"

    response = editor.post(url, data)

    assert response.status_code == 302
    assert not AgreementTerm.objects.exists()


def test_agreement_edit_second_editor_gets_conflict_and_nothing_overwritten(client, partnership):
    agreement = AgreementFactory(partnership=partnership, title="Original title")
    url = f"/agreements/{agreement.slug}/edit/"
    first, second = make_user("first", editor=True), make_user("second", editor=True)
    client.force_login(first)
    first_data = form_data(client.get(url))
    client.force_login(second)
    second_data = form_data(client.get(url))
    client.force_login(first)
    client.post(url, {**first_data, "title": "First's title"})
    client.force_login(second)

    response = client.post(url, {**second_data, "title": "Second's title"})

    html = response.content.decode()
    agreement.refresh_from_db()
    assert response.status_code == 200
    assert agreement.title == "First's title"
    assert "Someone else saved this record since you opened it" in html
    assert '<th scope="col">Their version</th><th scope="col">Your version</th>' in html
    assert "<td>First&#x27;s title</td><td>Second&#x27;s title</td>" in html

    # Saving again applies the second editor's change over the first's, deliberately.
    again = client.post(url, form_data(response))

    agreement.refresh_from_db()
    assert again.status_code == 302
    assert agreement.title == "Second's title"


def test_agreement_edit_stale_term_gets_conflict(editor):
    term = AgreementTermFactory(heading="Exclusivity", text="Original")
    url = f"/agreements/{term.agreement.slug}/edit/"
    data = form_data(editor.get(url))
    term.text = "Theirs"
    term.save()

    response = editor.post(url, {**data, "terms-0-text": "Mine"})

    term.refresh_from_db()
    html = response.content.decode()
    assert term.text == "Theirs"
    assert "Key term “Exclusivity” was changed by someone else" in html
    assert "<td>Theirs</td><td>Mine</td>" in html


def test_agreement_edit_removing_stale_term_asks_first(editor):
    term = AgreementTermFactory(heading="Exclusivity", text="Original")
    url = f"/agreements/{term.agreement.slug}/edit/"
    data = form_data(editor.get(url))
    term.text = "Theirs"
    term.save()

    response = editor.post(url, {**data, "terms-0-DELETE": "on"})

    assert "so it was not removed" in errors_on(response)
    assert AgreementTerm.objects.filter(pk=term.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_agreement_edit_race_during_save_shows_conflict(client):
    # Between this editor's checks passing and the term being saved, another editor's
    # save commits on its own connection: the version check in save() must catch it.
    client.force_login(User.objects.create_superuser("racer", password="unused-password-1"))
    term = AgreementTermFactory(heading="Exclusivity", text="Original")
    agreement = term.agreement
    url = f"/agreements/{agreement.slug}/edit/"
    data = {**form_data(client.get(url)), "title": "My title", "terms-0-text": "Mine"}
    rival = connections.create_connection("default")

    def rival_saves_term(sender, instance, **kwargs):
        with rival.cursor() as cursor:
            cursor.execute(
                "UPDATE partnerships_agreementterm SET text = %s, version = version + 1 "
                "WHERE id = %s",
                ["Theirs", term.pk],
            )

    pre_save.connect(rival_saves_term, sender=Agreement, dispatch_uid="rival")
    try:
        response = client.post(url, data)
    finally:
        pre_save.disconnect(sender=Agreement, dispatch_uid="rival")
        rival.close()

    agreement.refresh_from_db()
    term.refresh_from_db()
    assert response.status_code == 200
    assert agreement.title != "My title"  # rolled back with the term
    assert agreement.version == 1
    assert term.text == "Theirs"
    assert "<td>Theirs</td><td>Mine</td>" in response.content.decode()


def test_agreement_add_next_redirect_appends_created_agreement(editor, partnership):
    data = agreement_post(partnership, title="Letter", kind="loi", next="/events/add/")

    response = editor.post("/agreements/add/", data)

    assert response["Location"] == "/events/add/?created_agreement=letter"


def test_partnership_add_next_redirect_appends_created_partnership(editor):
    a, b = CompanyFactory(), CompanyFactory()
    data = partnership_post(
        (a, "partner"), (b, "partner"), name="Joint venture", next="/agreements/add/"
    )

    response = editor.post("/partnerships/add/", data)

    assert response["Location"] == "/agreements/add/?created_partnership=joint-venture"


def test_agreement_edit_keeps_binding_default_for_kind(editor, partnership):
    agreement = AgreementFactory(partnership=partnership, kind="mou")
    assert agreement.is_binding is False
    url = f"/agreements/{agreement.slug}/edit/"
    data = form_data(editor.get(url))
    assert data["is_binding"] == ""

    editor.post(url, {**data, "kind": "definitive"})

    agreement.refresh_from_db()
    assert (agreement.kind, agreement.is_binding) == ("definitive", True)


def test_agreement_edit_html_in_terms_shown_escaped(editor, client):
    term = AgreementTermFactory(heading="Plain")
    url = f"/agreements/{term.agreement.slug}/edit/"
    data = form_data(editor.get(url))

    editor.post(url, {**data, "terms-0-heading": "<b>bold</b>", "summary": "<img src=x>"})

    html = client.get(term.agreement.get_absolute_url()).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;img src=x&gt;" in html
    assert "<img src=x>" not in html


def test_agreement_edit_unknown_slug_is_404(editor):
    assert editor.get("/agreements/no-such-thing/edit/").status_code == 404


def test_agreement_add_dates_round_trip_as_iso(editor, partnership):
    editor.post(
        "/agreements/add/", agreement_post(partnership, title="Dated", signed_on="2025-10-28")
    )
    agreement = Agreement.objects.get(title="Dated")

    data = form_data(editor.get(f"/agreements/{agreement.slug}/edit/"))

    assert agreement.signed_on == dt.date(2025, 10, 28)
    assert data["signed_on"] == "2025-10-28"


def test_party_rows_are_saved_in_place(editor):
    a, b = CompanyFactory(), CompanyFactory()
    partnership = PartnershipFactory(parties=[a, b])
    url = f"/partnerships/{partnership.slug}/edit/"
    data = form_data(editor.get(url))
    data["parties-0-role"] = "licensor"

    editor.post(url, data)

    assert Party.objects.get(partnership=partnership, company=a).role == "licensor"


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_agreement_edit_queries_do_not_grow_with_terms_and_links(editor, partnership):
    small = AgreementFactory(partnership=partnership, title="Small")
    AgreementTermFactory(agreement=small)
    large = AgreementFactory(partnership=partnership, title="Large")
    for number in range(6):
        AgreementTermFactory(agreement=large)
        other = AgreementFactory(partnership=partnership, title=f"Other {number}")
        AgreementLink.objects.create(from_agreement=large, to_agreement=other, kind="amends")
    AgreementLink.objects.create(from_agreement=small, to_agreement=large, kind="leads-to")
    _queries_for(editor, f"/agreements/{small.slug}/edit/")  # warm the session and perms

    assert _queries_for(editor, f"/agreements/{small.slug}/edit/") == _queries_for(
        editor, f"/agreements/{large.slug}/edit/"
    )


def test_partnership_edit_queries_do_not_grow_with_parties(editor):
    small = PartnershipFactory()
    large = PartnershipFactory(parties=[CompanyFactory() for _ in range(6)])
    _queries_for(editor, f"/partnerships/{small.slug}/edit/")

    assert _queries_for(editor, f"/partnerships/{small.slug}/edit/") == _queries_for(
        editor, f"/partnerships/{large.slug}/edit/"
    )
