"""Agreement views: the agreement page, as it stood on a date, and editors' agreement forms
(partnerships/views/agreements.py)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.db.models.signals import pre_save
from django.urls import reverse

from partnerships.models import (
    Agreement,
    AgreementCitation,
    AgreementHistory,
    AgreementLink,
    AgreementTerm,
    AgreementTermHistory,
    Partnership,
    TermCitation,
)
from partnerships.services.agreements import save_agreement
from tests.factories import (
    AgreementCitationFactory,
    AgreementFactory,
    AgreementLinkFactory,
    AgreementTermFactory,
    EventFactory,
    PartnershipFactory,
    SourceFactory,
    TermCitationFactory,
)
from tests.helpers import (
    DEFINITIVE,
    MOU,
    count_queries,
    error_summary,
    form_data,
    html,
    make_editor,
    management,
    text_of,
)

pytestmark = pytest.mark.django_db


# --- the agreement page (on the demo data) ---------------------------------------------------


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


def test_agreement_link_direction_drives_comparison(client):
    older = AgreementFactory(kind="mou", title="Old MOU")
    newer = AgreementFactory(partnership=older.partnership, title="New deal")
    AgreementLink.objects.create(from_agreement=newer, to_agreement=older, kind="supersedes")

    html = client.get(newer.get_absolute_url()).content.decode()

    assert "Term by term: MOU → Definitive agreement" in html


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize(
    ("params", "queries"),
    [
        # 13: citations load with their sources (select_related), one query each, not two.
        ({}, 13),
        # The 13 of today's page and one each for the text recorded by then: the
        # agreement's, its (and compared) terms', the links', the events'.
        ({"as_of": "2025-12-31"}, 17),
    ],
    ids=["today", "as-of"],
)
def test_agreement_page_query_count_is_fixed(
    client, django_assert_num_queries, item_count, params, queries
):
    partnership = PartnershipFactory()
    agreement = AgreementFactory(partnership=partnership, title="Definitive")
    for index in range(item_count):
        TermCitationFactory(term=AgreementTermFactory(agreement=agreement))
        AgreementCitationFactory(agreement=agreement)
        EventFactory(partnership=partnership, agreement=agreement, date=dt.date(2025, 1 + index, 1))
        earlier = AgreementFactory(partnership=partnership, kind="mou")
        AgreementTermFactory(agreement=earlier)
        AgreementLinkFactory(from_agreement=earlier, to_agreement=agreement, note="A note.")

    with django_assert_num_queries(queries):
        response = client.get(agreement.get_absolute_url(), params)

    page = html(response)
    assert response.status_code == 200
    assert page.count("Term by term:") == item_count
    assert len(re.findall(r"data-event-link>", page)) == item_count


def test_agreement_page_lists_sources_with_publisher_author_date_and_link(client):
    agreement = AgreementFactory()
    AgreementCitationFactory(
        agreement=agreement,
        source=SourceFactory(
            title="Deal signed",
            publisher="Reuters",
            author="A. Writer",
            url="https://example.com/deal",
            published_on=dt.date(2025, 10, 1),
            published_precision="month",
        ),
        excerpt="The companies signed.",
    )
    TermCitationFactory(
        term=AgreementTermFactory(agreement=agreement, heading="Exclusivity"),
        source=SourceFactory(title="Filing", publisher="SEC", url=""),
        excerpt="Exclusive until 2030.",
    )

    response = client.get(agreement.get_absolute_url())

    page, text = html(response), text_of(response)
    assert '<a href="https://example.com/deal" rel="noopener noreferrer">Deal signed</a>' in page
    assert '<time datetime="2025-10">Oct 2025</time>' in page
    assert "Deal signed Publisher: Reuters by A. Writer Oct 2025 The companies signed." in text
    assert "Filing Publisher: SEC 11 Sep 2025 no link Exclusive until 2030." in text


# --- the agreement page as it stood on a date ------------------------------------------------


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


SUPERSEDED = "Superseded by the definitive agreement"


def test_asof_agreement_page_hides_summary_written_later(client, demo):
    response = client.get(f"/agreements/{MOU}/", {"as_of": "2025-09-30"})

    text = text_of(response)
    assert SUPERSEDED not in html(response)
    assert (
        "This summary was written after 30 Sep 2025, so it may describe later events. "
        "Show it anyway" in text
    )
    assert "The key terms were written after 30 Sep 2025" in text


def test_asof_agreement_page_shows_later_text_on_request(client, demo):
    page = html(client.get(f"/agreements/{MOU}/", {"as_of": "2025-09-30"}))
    show = re.search(r'href="([^"]*later=shown[^"]*)"', page)[1].replace("&amp;", "&")

    response = client.get(show)

    text = text_of(response)
    assert SUPERSEDED in text
    assert "Text written after 30 Sep 2025 is shown, marked as written later. Hide it" in text
    assert "Commitment to AI safety" in text


def test_asof_agreement_page_hides_sources_published_later(client):
    agreement = AgreementFactory(signed_on=dt.date(2025, 9, 1))
    for title, day in (
        ("Early report", dt.date(2025, 9, 2)),
        ("Late report", dt.date(2025, 11, 2)),
    ):
        AgreementCitationFactory(
            agreement=agreement, source=SourceFactory(title=title, published_on=day)
        )

    text = text_of(client.get(agreement.get_absolute_url(), {"as_of": "2025-10-01"}))

    assert "Early report" in text
    assert "Late report" not in text
    assert "1 source was published after 1 Oct 2025 or is undated" in text


def recorded_at(history, pk, when: dt.datetime) -> None:
    """Date the newest history row of record ``pk`` to ``when``, as if it was saved then."""
    row = history.objects.filter(pgh_obj_id=pk).order_by("-pgh_id").first()
    history.objects.filter(pgh_id=row.pgh_id).update(pgh_created_at=when)


def test_asof_agreement_page_shows_text_as_recorded_by_then(client, editor, partnership):
    agreement = Agreement(
        partnership=partnership,
        title="Deal",
        kind="mou",
        announced_on=dt.date(2025, 8, 1),
        summary="First summary.",
    )
    term = AgreementTerm(topic="exclusivity", heading="Exclusivity", text="Original term.")
    save_agreement(agreement=agreement, terms=[term], user=editor)
    september = dt.datetime(2025, 9, 1, 12, tzinfo=dt.UTC)
    recorded_at(AgreementHistory, agreement.pk, september)
    recorded_at(AgreementTermHistory, term.pk, september)
    agreement.summary = f"Later summary. {SUPERSEDED} of 28 October 2025."
    term.text = "Changed term."
    save_agreement(agreement=agreement, terms=[term], user=editor)
    november = dt.datetime(2025, 11, 1, 12, tzinfo=dt.UTC)
    recorded_at(AgreementHistory, agreement.pk, november)
    recorded_at(AgreementTermHistory, term.pk, november)

    october = text_of(client.get(agreement.get_absolute_url(), {"as_of": "2025-10-01"}))
    later = text_of(client.get(agreement.get_absolute_url(), {"as_of": "2025-11-02"}))

    assert "First summary. The summary as recorded by 1 Oct 2025; it has been edited since." in (
        october
    )
    assert "Original term." in october
    assert SUPERSEDED not in october and "Changed term." not in october
    assert SUPERSEDED in later and "Changed term." in later
    assert "edited since" not in later


# --- adding and editing ----------------------------------------------------------------------


def test_write_urls_editor_gets_forms(editor_client):
    agreement = AgreementFactory()

    for url in [
        reverse("partnerships:agreement_add"),
        reverse("partnerships:agreement_edit", args=[agreement.slug]),
    ]:
        page = html(editor_client.get(url))

        assert '<button type="submit" class="button">Save</button>' in page, url
        assert ">Cancel</a>" in page, url


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Microsoft–OpenAI")


def agreement_post(partnership: Partnership, *, terms=(), links=(), **fields) -> dict[str, str]:
    """What the agreement form posts, without reading it first."""
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
    for prefix in ("citations", "new_sources", "term_citations"):
        data.update(management(prefix, []))
    return data


def test_agreement_mou_then_definitive_shows_chain_and_term_comparison(
    editor_client, client, partnership
):
    # Arrange: the MOU, recorded first.
    editor_client.post(
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
    response = editor_client.post(
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


def test_agreement_edit_records_link_from_this_side(editor_client, partnership):
    mou = AgreementFactory(partnership=partnership, kind="mou", title="MOU")
    definitive = AgreementFactory(partnership=partnership, title="Definitive")
    url = f"/agreements/{mou.slug}/edit/"
    data = form_data(
        editor_client.get(url),
        **{"links-0-direction": "from", "links-0-other": str(definitive.pk)},
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    link = AgreementLink.objects.get()
    assert (link.from_agreement, link.to_agreement, link.kind) == (mou, definitive, "leads-to")
    # The link is shown on the other side's form, read from there.
    other_side = form_data(editor_client.get(f"/agreements/{definitive.slug}/edit/"))
    assert (other_side["links-0-direction"], other_side["links-0-other"]) == (
        ["to"],
        [str(mou.pk)],
    )


def test_agreement_add_binding_select_overrides_kind_default(editor_client, partnership):
    editor_client.post(
        "/agreements/add/",
        agreement_post(partnership, title="Binding MOU", kind="mou", is_binding="True"),
    )

    assert Agreement.objects.get(title="Binding MOU").is_binding is True


def test_agreement_add_preselects_partnership(editor_client, partnership):
    html = editor_client.get(f"/agreements/add/?partnership={partnership.slug}").content.decode()

    assert f'<option value="{partnership.pk}" selected>Microsoft–OpenAI</option>' in html
    assert 'type="date"' in html
    assert '<datalist id="topic-keys">' in html


def test_agreement_add_suggests_topic_keys_in_use(editor_client, partnership):
    AgreementTermFactory(topic="cloud-exclusivity")

    html = editor_client.get("/agreements/add/").content.decode()

    assert '<option value="cloud-exclusivity"></option>' in html
    assert 'list="topic-keys"' in html


def test_agreement_add_duplicate_topic_rejected(editor_client, partnership):
    data = agreement_post(
        partnership,
        title="Two of a kind",
        terms=[
            {"position": "1", "topic": "exclusivity", "heading": "One", "text": ""},
            {"position": "2", "topic": "Exclusivity", "heading": "Two", "text": ""},
        ],
    )

    response = editor_client.post("/agreements/add/", data)

    assert response.status_code == 200
    assert "The topic key “exclusivity” is already used by another term" in error_summary(response)
    assert not Agreement.objects.exists()


def test_agreement_add_bad_topic_key_rejected(editor_client, partnership):
    data = agreement_post(
        partnership, terms=[{"position": "1", "topic": "no spaces!", "heading": "H", "text": ""}]
    )

    response = editor_client.post("/agreements/add/", data)

    assert "Use lowercase letters, numbers and hyphens" in error_summary(response)
    assert not AgreementTerm.objects.exists()


def test_agreement_edit_self_link_rejected(editor_client, partnership):
    agreement = AgreementFactory(partnership=partnership)
    url = f"/agreements/{agreement.slug}/edit/"
    data = form_data(editor_client.get(url), **{"links-0-other": str(agreement.pk)})

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "An agreement cannot link to itself" in error_summary(response)
    assert not AgreementLink.objects.exists()


def test_agreement_edit_duplicate_link_rejected(editor_client, partnership):
    agreement = AgreementFactory(partnership=partnership)
    other = AgreementFactory(partnership=partnership, title="Other one")
    url = f"/agreements/{agreement.slug}/edit/"
    data = form_data(
        editor_client.get(url),
        **{
            "links-0-other": str(other.pk),
            "links-1-direction": "from",
            "links-1-other": str(other.pk),
        },
    )

    response = editor_client.post(url, data)

    assert "The same link is already listed above: this agreement leads to “Other one”." in (
        error_summary(response)
    )
    assert not AgreementLink.objects.exists()


def test_agreement_add_link_to_other_partnership_rejected(editor_client, partnership):
    elsewhere = AgreementFactory(title="Elsewhere")
    data = agreement_post(
        partnership,
        links=[{"direction": "from", "kind": "leads-to", "other": str(elsewhere.pk), "note": ""}],
    )

    response = editor_client.post("/agreements/add/", data)

    assert "“Elsewhere” belongs to another partnership" in error_summary(response)
    assert not AgreementLink.objects.exists()


def test_agreement_add_value_without_currency_rejected(editor_client, partnership):
    response = editor_client.post(
        "/agreements/add/", agreement_post(partnership, value="10000000000")
    )

    assert response.status_code == 200
    assert "Currency: Give the currency of the value, e.g. USD." in error_summary(response)
    assert not Agreement.objects.exists()


def test_agreement_add_bad_dates_and_unknown_ids_get_messages(editor_client, partnership):
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

    response = editor_client.post("/agreements/add/", data)

    summary = error_summary(response)
    assert response.status_code == 200
    assert "That partnership is not on record" in summary
    assert "Signed: Enter a valid date." in summary
    assert "Ends: An agreement cannot end before it takes effect." in summary
    assert "The value cannot be negative." in summary
    assert "three-letter ISO 4217 code" in summary
    assert "That agreement is not on record" in summary
    assert not Agreement.objects.exists()


def test_agreement_add_row_adds_a_blank_term_without_saving(editor_client, partnership):
    data = agreement_post(
        partnership, title="", terms=[{"position": "", "topic": "x", "heading": "", "text": ""}]
    )
    data["add_row"] = "terms"

    response = editor_client.post("/agreements/add/", data)

    html = response.content.decode()
    assert 'name="terms-TOTAL_FORMS" value="2"' in html
    assert 'value="x"' in html
    assert "error-summary" not in html
    assert not Agreement.objects.exists()


def test_agreement_edit_removes_term(editor_client):
    term = AgreementTermFactory(topic="gone")
    url = f"/agreements/{term.agreement.slug}/edit/"
    data = form_data(editor_client.get(url), **{"terms-0-DELETE": "on"})

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert not AgreementTerm.objects.exists()


def test_agreement_edit_second_editor_gets_conflict_and_nothing_overwritten(client, partnership):
    agreement = AgreementFactory(partnership=partnership, title="Original title")
    url = f"/agreements/{agreement.slug}/edit/"
    first, second = make_editor("first"), make_editor("second")
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


def test_agreement_edit_stale_term_gets_conflict(editor_client):
    term = AgreementTermFactory(heading="Exclusivity", text="Original")
    url = f"/agreements/{term.agreement.slug}/edit/"
    data = form_data(editor_client.get(url))
    term.text = "Theirs"
    term.save()

    response = editor_client.post(url, {**data, "terms-0-text": "Mine"})

    term.refresh_from_db()
    html = response.content.decode()
    assert term.text == "Theirs"
    assert "Key term “Exclusivity” was changed by someone else" in html
    assert "<td>Theirs</td><td>Mine</td>" in html


def test_agreement_edit_removing_stale_term_asks_first(editor_client):
    term = AgreementTermFactory(heading="Exclusivity", text="Original")
    url = f"/agreements/{term.agreement.slug}/edit/"
    data = form_data(editor_client.get(url))
    term.text = "Theirs"
    term.save()

    response = editor_client.post(url, {**data, "terms-0-DELETE": "on"})

    assert "so it was not removed" in error_summary(response)
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


def test_agreement_add_next_redirect_appends_created_agreement(editor_client, partnership):
    data = agreement_post(partnership, title="Letter", kind="loi", next="/events/add/")

    response = editor_client.post("/agreements/add/", data)

    assert response["Location"] == "/events/add/?created_agreement=letter"


def test_agreement_edit_keeps_binding_default_for_kind(editor_client, partnership):
    agreement = AgreementFactory(partnership=partnership, kind="mou")
    assert agreement.is_binding is False
    url = f"/agreements/{agreement.slug}/edit/"
    data = form_data(editor_client.get(url))
    assert data["is_binding"] == [""]

    editor_client.post(url, {**data, "kind": "definitive"})

    agreement.refresh_from_db()
    assert (agreement.kind, agreement.is_binding) == ("definitive", True)


def test_agreement_edit_html_in_terms_shown_escaped(editor_client, client):
    term = AgreementTermFactory(heading="Plain")
    url = f"/agreements/{term.agreement.slug}/edit/"
    data = form_data(editor_client.get(url))

    editor_client.post(url, {**data, "terms-0-heading": "<b>bold</b>", "summary": "<img src=x>"})

    html = client.get(term.agreement.get_absolute_url()).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;img src=x&gt;" in html
    assert "<img src=x>" not in html


def test_agreement_edit_unknown_slug_is_404(editor_client):
    assert editor_client.get("/agreements/no-such-thing/edit/").status_code == 404


def test_agreement_add_dates_round_trip_as_iso(editor_client, partnership):
    editor_client.post(
        "/agreements/add/", agreement_post(partnership, title="Dated", signed_on="2025-10-28")
    )
    agreement = Agreement.objects.get(title="Dated")

    data = form_data(editor_client.get(f"/agreements/{agreement.slug}/edit/"))

    assert agreement.signed_on == dt.date(2025, 10, 28)
    assert data["signed_on"] == ["2025-10-28"]


def test_agreement_edit_queries_do_not_grow_with_terms_links_and_sources(
    editor_client, partnership
):
    small = AgreementFactory(partnership=partnership, title="Small")
    TermCitationFactory(term=AgreementTermFactory(agreement=small))
    AgreementCitationFactory(agreement=small)
    large = AgreementFactory(partnership=partnership, title="Large")
    for number in range(6):
        TermCitationFactory(term=AgreementTermFactory(agreement=large))
        AgreementCitationFactory(agreement=large)
        other = AgreementFactory(partnership=partnership, title=f"Other {number}")
        AgreementLink.objects.create(from_agreement=large, to_agreement=other, kind="amends")
    AgreementLink.objects.create(from_agreement=small, to_agreement=large, kind="leads-to")
    count_queries(editor_client, f"/agreements/{small.slug}/edit/")  # warm the session and perms

    assert count_queries(editor_client, f"/agreements/{small.slug}/edit/") == count_queries(
        editor_client, f"/agreements/{large.slug}/edit/"
    )


# --- sources on the agreement form -----------------------------------------------------------


def test_agreement_edit_cites_a_source_on_record(editor_client):
    agreement = AgreementFactory()
    source = SourceFactory(title="Deal signed")
    url = f"/agreements/{agreement.slug}/edit/"
    page = html(editor_client.get(url))
    assert 'hx-get="/sources/search/"' in page
    data = form_data(
        editor_client.get(url),
        **{"citations-0-source": str(source.pk), "citations-0-excerpt": "Signed."},
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert list(AgreementCitation.objects.values_list("agreement", "source", "excerpt")) == [
        (agreement.pk, source.pk, "Signed.")
    ]


def test_agreement_edit_cites_a_source_for_a_saved_term(editor_client, client):
    term = AgreementTermFactory(heading="Exclusivity")
    source = SourceFactory(title="Filing", publisher="SEC")
    url = f"/agreements/{term.agreement.slug}/edit/"
    data = form_data(
        editor_client.get(url),
        **{
            "term_citations-0-term": str(term.pk),
            "term_citations-0-source": str(source.pk),
            "term_citations-0-excerpt": "Exclusive until 2030.",
        },
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert list(TermCitation.objects.values_list("term", "source")) == [(term.pk, source.pk)]
    text = text_of(client.get(term.agreement.get_absolute_url()))
    assert "Filing Publisher: SEC 11 Sep 2025 no link Exclusive until 2030." in text


def test_agreement_edit_bad_source_rows_get_messages_and_save_nothing(editor_client):
    agreement = AgreementFactory(title="Original")
    url = f"/agreements/{agreement.slug}/edit/"
    data = form_data(
        editor_client.get(url),
        title="Changed",
        **{"new_sources-0-title": "", "new_sources-0-published": "2025-9-31"},
    )

    response = editor_client.post(url, data)

    agreement.refresh_from_db()
    assert response.status_code == 200
    assert agreement.title == "Original"
    summary = error_summary(response)
    assert "New source 1, Title: This field is required." in summary
    assert "New source 1, Published:" in summary


def test_agreement_add_explains_terms_get_sources_after_saving(editor_client, partnership):
    text = text_of(editor_client.get("/agreements/add/"))

    assert "Key terms get their sources once they are saved" in text
    assert "Sources for key terms" in text


def test_agreement_add_with_a_new_source(editor_client, partnership):
    data = agreement_post(partnership, title="Letter", kind="loi")
    data |= management(
        "new_sources",
        [
            {
                "title": "Press release",
                "publisher": "OpenAI",
                "published": "2025-Q3",
                "excerpt": "We agree.",
            }
        ],
    )

    response = editor_client.post("/agreements/add/", data)

    agreement = Agreement.objects.get(title="Letter")
    assert response["Location"] == agreement.get_absolute_url()
    citation = agreement.citations.get()
    assert (citation.source.title, citation.source.published_display, citation.excerpt) == (
        "Press release",
        "Q3 2025",
        "We agree.",
    )
