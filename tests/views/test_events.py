"""Event views: the event page, and adding, editing and deleting events, as full pages and
as htmx fragments (partnerships/views/events.py)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client

from partnerships.models import Company, Event, EventCitation, EventHistory, Quote, Source
from tests.factories import (
    AgreementFactory,
    AgreementLinkFactory,
    CompanyFactory,
    EventCitationFactory,
    EventFactory,
    PartnershipFactory,
    QuoteFactory,
    SourceFactory,
)
from tests.helpers import (
    HX,
    MOU_EVENT,
    count_queries,
    error_summary,
    field_error,
    form_data,
    html,
    make_editor,
    text_of,
)

pytestmark = pytest.mark.django_db
TIMELINE_URL = "http://testserver/"


def card_ids(response) -> list[str]:
    return re.findall(r'data-event id="event-([^"]+)"', html(response))


def hx(current_url: str = TIMELINE_URL) -> dict:
    return {**HX, "HX-Current-URL": current_url}


@pytest.fixture
def deal():
    microsoft = CompanyFactory(name="Microsoft")
    openai = CompanyFactory(name="OpenAI")
    partnership = PartnershipFactory(name="Microsoft–OpenAI", parties=[microsoft, openai])
    mou = AgreementFactory(partnership=partnership, kind="mou", title="Next phase MOU")
    other = PartnershipFactory(name="Apple–OpenAI")
    other_agreement = AgreementFactory(partnership=other, title="Apple licence")
    source = SourceFactory(title="Joint statement", publisher="Microsoft")
    event = EventFactory(
        partnership=partnership,
        agreement=mou,
        title="Non-binding MOU signed",
        kind="signing",
        date=dt.date(2025, 9, 11),
        significance=3,
    )
    event.companies.set([microsoft, openai])
    EventCitationFactory(event=event, source=source, excerpt="Both are working to finalize.")
    QuoteFactory(event=event, speaker="Satya Nadella", text="A shared vision.")
    earlier = EventFactory(
        partnership=partnership, title="Microsoft invests", date=dt.date(2019, 7, 22)
    )
    apple = EventFactory(partnership=other, title="ChatGPT on iPhone", date=dt.date(2024, 6, 10))
    return {
        "microsoft": microsoft,
        "openai": openai,
        "partnership": partnership,
        "mou": mou,
        "other": other,
        "other_agreement": other_agreement,
        "source": source,
        "event": event,
        "earlier": earlier,
        "apple": apple,
    }


def new_event_data(client, deal, **changes) -> dict:
    response = client.get("/events/add/")
    values = {
        "title": "Definitive agreement signed",
        "kind": "signing",
        "when": "2025-10-28",
        "significance": "3",
        "partnership": str(deal["partnership"].pk),
        "agreement": str(deal["mou"].pk),
        "companies": [str(deal["microsoft"].pk), str(deal["openai"].pk)],
        "summary": "The next chapter.",
        # Cited, as every event must be or be ticked "Unsourced".
        "citations-0-source": str(deal["source"].pk),
    }
    values.update(changes)
    return form_data(response, **values)


# --- the event's page (on the demo data) ------------------------------------------------------


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


@pytest.mark.parametrize("item_count", [1, 3])
def test_event_page_query_count_is_fixed(client, django_assert_num_queries, item_count):
    partnership = PartnershipFactory()
    agreement = AgreementFactory(partnership=partnership, kind="mou")
    event = EventFactory(partnership=partnership, agreement=agreement, significance=3)
    EventFactory(partnership=partnership, date=dt.date(2019, 1, 1))
    EventFactory(partnership=partnership, date=dt.date(2026, 1, 1))
    for _ in range(item_count):
        AgreementLinkFactory(from_agreement=agreement)
        company = CompanyFactory()
        event.companies.add(company)
        EventCitationFactory(event=event)
        QuoteFactory(event=event, company=company, source=SourceFactory())

    with django_assert_num_queries(10):
        response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert html(response).count('class="citation"') == item_count


# --- edit controls: shown to editors only -----------------------------------------------------


def test_timeline_shows_readers_no_edit_controls(client, deal):
    page = html(client.get("/?zoom=month"))

    assert "Add event" not in page
    assert ">Edit<" not in page
    assert ">Delete<" not in page
    assert "event-form-slot" not in page


def test_timeline_shows_editors_add_edit_and_delete(editor_client, deal):
    page = html(editor_client.get("/?zoom=month"))

    assert ">Add event</a>" in page
    assert 'id="event-form-slot"' in page
    assert page.count(">Edit</a>") == 3
    assert page.count(">Delete</a>") == 3
    assert 'hx-get="/events/non-binding-mou-signed/edit/"' in page


def test_timeline_window_fragment_has_edit_controls_for_editors(editor_client, deal):
    response = editor_client.get("/?zoom=month", headers={**HX, "HX-Target": "window-later-x"})

    assert ">Edit</a>" in html(response)


def test_cluster_fragment_shows_readers_no_edit_controls(client, deal):
    response = client.get("/timeline/cluster/?zoom=decade&period=2019-01-01", headers=HX)

    assert "Microsoft invests" in html(response)
    assert ">Edit</a>" not in html(response)


def test_cluster_fragment_shows_editors_edit_controls(editor_client, deal):
    response = editor_client.get("/timeline/cluster/?zoom=decade&period=2019-01-01", headers=HX)

    assert ">Edit</a>" in html(response)


def test_timeline_query_count_for_editors_does_not_grow_with_cards(editor_client):
    partnership = PartnershipFactory()
    EventFactory(partnership=partnership, significance=3)
    few = count_queries(editor_client, "/?zoom=month")
    for day in range(1, 25):
        EventFactory(partnership=partnership, date=dt.date(2020, 1, day), significance=3)

    many = count_queries(editor_client, "/?zoom=month")

    assert many == few


# --- adding ----------------------------------------------------------------------------------


def test_add_form_full_page(editor_client, deal):
    response = editor_client.get("/events/add/")

    page = html(response)
    assert response.status_code == 200
    assert "<html" in page
    assert '<form method="post" action="/events/add/"' in page
    assert "hx-post" not in page.split("<form method")[1].split(">")[0]
    assert ">Save</button>" in page
    assert ">Cancel</a>" in page
    assert 'name="when"' in page


def test_add_form_fragment_opens_inline(editor_client, deal):
    response = editor_client.get("/events/add/", headers=hx())

    page = html(response)
    assert "<html" not in page
    assert 'hx-post="/events/add/"' in page
    assert "data-dismiss-editor" in page
    assert 'id="event-new"' in page


def test_add_full_page_redirects_to_the_timeline_at_the_event(editor_client, deal):
    data = new_event_data(editor_client, deal)

    response = editor_client.post("/events/add/", data)

    event = Event.objects.get(title="Definitive agreement signed")
    assert response.status_code == 302
    assert response["Location"] == f"/?at=2025-10-28#event-{event.slug}"
    assert (event.date, event.precision, event.end_date) == (dt.date(2025, 10, 28), "day", None)
    assert event.agreement == deal["mou"]
    assert set(event.companies.all()) == {deal["microsoft"], deal["openai"]}
    assert EventHistory.objects.filter(pgh_obj_id=event.pk, pgh_label="insert").count() == 1


def test_add_htmx_redraws_results_at_the_event_with_the_readers_filters(editor_client, deal):
    data = new_event_data(editor_client, deal)
    current = f"{TIMELINE_URL}?zoom=month&partnership={deal['partnership'].slug}"

    response = editor_client.post("/events/add/", data, headers=hx(current))

    page = html(response)
    event = Event.objects.get(title="Definitive agreement signed")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#timeline-results"
    assert response["HX-Reswap"] == "outerHTML"
    assert 'id="timeline-results"' in page
    assert f'is-just-saved" data-event id="event-{event.slug}"' in page
    # The reader's partnership filter still applies: Apple's event is not drawn.
    assert "ChatGPT on iPhone" not in page
    assert 'id="event-form-slot" class="event-form-slot" hx-swap-oob="true"' in page


def test_add_htmx_says_so_when_filters_hide_the_new_event(editor_client, deal):
    data = new_event_data(editor_client, deal)
    current = f"{TIMELINE_URL}?partnership={deal['other'].slug}"

    response = editor_client.post("/events/add/", data, headers=hx(current))

    assert "It is not shown here with these filters" in html(response)


def test_add_htmx_from_a_page_without_results_redirects(editor_client, deal):
    data = new_event_data(editor_client, deal)

    response = editor_client.post("/events/add/", data, headers=hx("http://testserver/events/add/"))

    event = Event.objects.get(title="Definitive agreement signed")
    assert response["HX-Redirect"] == f"/?at=2025-10-28#event-{event.slug}"


@pytest.mark.parametrize(
    ("when", "stored"),
    [
        ("2019", (dt.date(2019, 1, 1), "year", False, None)),
        ("2019-Q3", (dt.date(2019, 7, 1), "quarter", False, None)),
        ("~2019-07", (dt.date(2019, 7, 1), "month", True, None)),
        ("2025-09-11/2025-10-28", (dt.date(2025, 9, 11), "day", False, dt.date(2025, 10, 28))),
    ],
)
def test_add_parses_when_into_the_date_fields(editor_client, deal, when, stored):
    editor_client.post("/events/add/", new_event_data(editor_client, deal, when=when))

    event = Event.objects.get(title="Definitive agreement signed")
    assert (event.date, event.precision, event.is_approximate, event.end_date) == stored


def test_add_minor_event_redirects_to_a_zoom_that_shows_it(editor_client, deal):
    data = new_event_data(editor_client, deal, significance="1")

    response = editor_client.post("/events/add/", data)

    assert response["Location"].startswith("/?at=2025-10-28&zoom=month#event-")


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2019-13", "months are 01 to 12"),
        ("2019-02-30", "is not a real date"),
        ("", "Enter when it happened"),
        ("2025-10-28/2025-09-11", "The end (2025-09-11) is before the start (2025-10-28)."),
    ],
)
def test_add_bad_when_shows_message_next_to_field_and_in_summary(
    editor_client, deal, when, message
):
    data = new_event_data(editor_client, deal, when=when)

    response = editor_client.post("/events/add/", data)

    assert response.status_code == 200
    assert message in field_error(response, "when")
    assert 'href="#new_event_when">When: ' in error_summary(response)
    assert message in error_summary(response)
    assert not Event.objects.filter(title="Definitive agreement signed").exists()


def test_add_invalid_htmx_returns_the_form_with_errors_to_swap(editor_client, deal):
    data = new_event_data(editor_client, deal, title="")

    response = editor_client.post("/events/add/", data, headers=hx())

    page = html(response)
    assert response.status_code == 200
    assert "HX-Retarget" not in response
    assert "data-error-summary" in page
    assert 'hx-post="/events/add/"' in page
    assert "This field is required." in field_error(response, "title")


def test_add_keeps_what_was_typed_when_invalid(editor_client, deal):
    data = new_event_data(editor_client, deal, when="2019-13", summary="Typed <carefully>")

    response = editor_client.post("/events/add/", data)

    assert form_data(response)["summary"] == ["Typed <carefully>"]
    assert form_data(response)["when"] == ["2019-13"]


def test_add_rejects_agreement_of_another_partnership_next_to_agreement(editor_client, deal):
    data = new_event_data(editor_client, deal, agreement=str(deal["other_agreement"].pk))

    response = editor_client.post("/events/add/", data)

    assert response.status_code == 200
    assert "belongs to another partnership" in field_error(response, "agreement")
    assert not Event.objects.filter(title="Definitive agreement signed").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("partnership", "999999", "Select a valid choice"),
        ("partnership", "abc", "Select a valid choice"),
        ("agreement", "999999", "That agreement does not exist"),
        ("companies", ["999999"], "Company 999999 does not exist"),
        ("companies", ["x'; drop"], "is not a valid value"),
        ("kind", "party", "Select a valid choice"),
        ("significance", "7", "Select a valid choice"),
    ],
)
def test_add_unknown_ids_are_form_errors(editor_client, deal, field, value, message):
    data = new_event_data(editor_client, deal, **{field: value})

    response = editor_client.post("/events/add/", data)

    assert response.status_code == 200
    assert message in field_error(response, field)


def test_add_unknown_source_in_a_citation_row_is_an_error(editor_client, deal):
    data = new_event_data(editor_client, deal, **{"citations-0-source": "999999"})

    response = editor_client.post("/events/add/", data)

    assert response.status_code == 200
    assert "That source does not exist" in field_error(response, "citations-0-source")
    assert "Source 1, Source: That source does not exist" in error_summary(response)


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("title", 251, "at most 250 characters"),
        ("summary", 20_001, "at most 20000 characters"),
        ("when", 61, "at most 60 characters"),
        ("citations-0-excerpt", 5_001, "at most 5000 characters"),
        ("quotes-0-text", 5_001, "at most 5000 characters"),
    ],
)
def test_add_oversized_text_is_refused(editor_client, deal, field, length, message):
    data = new_event_data(editor_client, deal, **{field: "x" * length})

    response = editor_client.post("/events/add/", data)

    assert response.status_code == 200
    assert message in field_error(response, field)


def test_add_html_is_stored_as_typed_and_shown_escaped(editor_client, deal):
    title = "<script>alert('x')</script> & <b>bold</b>"
    data = new_event_data(editor_client, deal, title=title, summary="<img src=x onerror=alert(1)>")

    editor_client.post("/events/add/", data, headers=hx())

    event = Event.objects.get(title=title)
    assert event.summary == "<img src=x onerror=alert(1)>"
    page = html(editor_client.get("/?zoom=month"))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold" in page
    assert "<img src=x" not in page
    edit_form = html(editor_client.get(f"/events/{event.slug}/edit/", headers=hx()))
    assert "<script>alert" not in edit_form


def test_add_tampered_management_form_is_an_error_not_a_crash(editor_client, deal):
    data = new_event_data(editor_client, deal, **{"quotes-TOTAL_FORMS": "lots"})

    response = editor_client.post("/events/add/", data)

    assert response.status_code == 200
    assert "ManagementForm data is missing or has been tampered with" in error_summary(response)


# --- sources, new sources and quotes ---------------------------------------------------------


def test_add_with_citation_new_source_and_quote(editor_client, deal):
    data = new_event_data(
        editor_client,
        deal,
        **{
            "citations-0-source": str(deal["source"].pk),
            "citations-0-excerpt": "The passage.",
            "new_sources-0-title": "Microsoft blog",
            "new_sources-0-publisher": "Microsoft",
            "new_sources-0-url": "https://blogs.microsoft.com/next-chapter",
            "new_sources-0-published": "2025-10",
            "new_sources-0-excerpt": "A new chapter.",
            "quotes-0-speaker": "Sam Altman",
            "quotes-0-speaker_title": "CEO",
            "quotes-0-company": str(deal["openai"].pk),
            "quotes-0-text": "Great partnership.",
        },
    )

    response = editor_client.post("/events/add/", data)

    assert response.status_code == 302
    event = Event.objects.get(title="Definitive agreement signed")
    new_source = Source.objects.get(title="Microsoft blog")
    assert (new_source.published_on, new_source.published_precision) == (
        dt.date(2025, 10, 1),
        "month",
    )
    citations = {(c.source.title, c.excerpt) for c in event.citations.all()}
    assert citations == {("Joint statement", "The passage."), ("Microsoft blog", "A new chapter.")}
    quote = event.quotes.get()
    assert (quote.speaker, quote.company, quote.text) == (
        "Sam Altman",
        deal["openai"],
        "Great partnership.",
    )


def test_new_source_with_bad_date_or_existing_url_is_refused(editor_client, deal):
    deal["source"].url = "https://example.com/joint"
    deal["source"].save()
    data = new_event_data(
        editor_client,
        deal,
        **{
            "new_sources-0-title": "Copy",
            "new_sources-0-url": "https://example.com/joint",
            "new_sources-0-published": "~2025",
        },
    )

    response = editor_client.post("/events/add/", data)

    assert "already has this URL" in field_error(response, "new_sources-0-url")
    assert "no “~” or “/”" in field_error(response, "new_sources-0-published")
    assert not Source.objects.filter(title="Copy").exists()


def test_citing_the_same_source_twice_is_refused(editor_client, deal):
    data = new_event_data(
        editor_client,
        deal,
        **{
            "citations-TOTAL_FORMS": "2",
            "citations-0-source": str(deal["source"].pk),
            "citations-1-source": str(deal["source"].pk),
        },
    )

    response = editor_client.post("/events/add/", data)

    assert "cited above already" in field_error(response, "citations-1-source")


@pytest.mark.parametrize("prefix", ["citations", "new_sources", "quotes"])
def test_add_another_row_shows_one_more_without_judging(editor_client, deal, prefix):
    data = new_event_data(editor_client, deal, title="", add_row=prefix)

    response = editor_client.post("/events/add/", data)

    assert response.status_code == 200
    assert form_data(response)[f"{prefix}-TOTAL_FORMS"] == ["2"]
    assert "data-error-summary" not in html(response)
    assert re.search(rf'name="{prefix}-1-\w+"[^>]*autofocus', html(response))
    assert not Event.objects.filter(title="").exists()


def test_new_sources_and_quotes_fold_away_until_used(editor_client, deal):
    add_form = html(editor_client.get("/events/add/"))
    edit_form = html(editor_client.get("/events/non-binding-mou-signed/edit/"))

    assert '<details class="rows-details"><summary>New sources</summary>' in add_form
    assert '<details class="rows-details"><summary>Quotes</summary>' in add_form
    assert '<details class="rows-details" open><summary>Quotes (1)</summary>' in edit_form


def test_edit_form_lists_existing_citations_and_quotes(editor_client, deal):
    response = editor_client.get("/events/non-binding-mou-signed/edit/")

    data = form_data(response)
    assert data["when"] == ["2025-09-11"]
    assert data["citations-0-source"] == [str(deal["source"].pk)]
    assert data["citations-0-excerpt"] == ["Both are working to finalize."]
    assert data["quotes-0-speaker"] == ["Satya Nadella"]
    assert sorted(data["companies"]) == sorted([str(deal["microsoft"].pk), str(deal["openai"].pk)])


def test_edit_removes_a_citation_and_changes_a_quote(editor_client, deal):
    response = editor_client.get("/events/non-binding-mou-signed/edit/")
    data = form_data(
        response,
        **{"citations-0-DELETE": "on", "quotes-0-text": "A shared vision, revised."},
    )

    response = editor_client.post("/events/non-binding-mou-signed/edit/", data)

    assert response.status_code == 302
    event = deal["event"]
    assert EventCitation.objects.filter(event=event).count() == 0
    assert Quote.objects.get(event=event).text == "A shared vision, revised."
    assert Source.objects.filter(pk=deal["source"].pk).exists()


def test_source_search_returns_matching_options(editor_client, deal):
    SourceFactory(title="Unrelated memo", publisher="Wire")

    response = editor_client.get("/sources/search/?q=JOINT", headers=HX)

    page = html(response)
    assert '<option value="" selected>Choose a source</option>' in page
    assert f'<option value="{deal["source"].pk}">Joint statement — Microsoft' in page
    assert "Unrelated memo" not in page


def test_agreement_options_are_the_partnerships_own(editor_client, deal):
    url = f"/events/agreement-options/?partnership={deal['other'].pk}&agreement={deal['mou'].pk}"

    page = html(editor_client.get(url, headers=HX))

    assert '<option value="">No agreement</option>' in page
    assert "Apple licence" in page
    assert "Next phase MOU" not in page


def test_agreement_options_keep_the_chosen_one_selected(editor_client, deal):
    url = (
        f"/events/agreement-options/?partnership={deal['partnership'].pk}"
        f"&agreement={deal['mou'].pk}"
    )

    page = html(editor_client.get(url, headers=HX))

    assert f'<option value="{deal["mou"].pk}" selected>Next phase MOU' in page


@pytest.mark.parametrize("value", ["", "abc", "99999999", "1" * 40])
def test_agreement_options_for_no_partnership(editor_client, deal, value):
    page = html(editor_client.get(f"/events/agreement-options/?partnership={value}"))

    assert page.strip() == '<option value="" selected>Choose a partnership first</option>'


def test_edit_form_lists_only_the_partnerships_agreements(editor_client, deal):
    page = html(editor_client.get("/events/non-binding-mou-signed/edit/"))

    assert "Next phase MOU" in page
    assert "Apple licence" not in page
    assert 'hx-get="/events/agreement-options/"' in page


# --- editing ---------------------------------------------------------------------------------


def test_edit_form_fragment_replaces_the_card(editor_client, deal):
    response = editor_client.get("/events/non-binding-mou-signed/edit/", headers=hx())

    page = html(response)
    assert page.lstrip().startswith('<article class="event-editor event-editor--inline"')
    assert 'id="event-non-binding-mou-signed"' in page
    assert 'hx-target="closest article"' in page
    assert 'hx-get="/events/non-binding-mou-signed/card/"' in page
    assert ">Save</button>" in page


def test_edit_htmx_same_date_returns_the_card_in_place(editor_client, deal):
    response = editor_client.get("/events/non-binding-mou-signed/edit/", headers=hx())
    data = form_data(response, title="MOU signed (non-binding)")

    response = editor_client.post("/events/non-binding-mou-signed/edit/", data, headers=hx())

    page = html(response)
    assert response.status_code == 200
    assert "HX-Retarget" not in response
    assert page.lstrip().startswith('<article class="event-card')
    assert "is-just-saved" in page
    assert 'id="event-non-binding-mou-signed"' in page
    assert "MOU signed (non-binding)" in page
    deal["event"].refresh_from_db()
    assert deal["event"].title == "MOU signed (non-binding)"
    assert deal["event"].version == 2


def test_edit_htmx_new_date_redraws_results_at_the_event(editor_client, deal):
    response = editor_client.get("/events/non-binding-mou-signed/edit/", headers=hx())
    data = form_data(response, when="2018-Q2")

    response = editor_client.post(
        "/events/non-binding-mou-signed/edit/", data, headers=hx(f"{TIMELINE_URL}?zoom=month")
    )

    page = html(response)
    assert response["HX-Retarget"] == "#timeline-results"
    assert response["HX-Reswap"] == "outerHTML"
    assert 'is-just-saved" data-event id="event-non-binding-mou-signed"' in page
    assert page.index("Non-binding MOU signed") < page.index("Microsoft invests")
    assert ">Q2 2018<" in page


def test_edit_on_a_company_page_redraws_its_results_within_the_company(editor_client, deal):
    response = editor_client.get("/events/non-binding-mou-signed/edit/", headers=hx())
    data = form_data(response, when="2018")

    response = editor_client.post(
        "/events/non-binding-mou-signed/edit/",
        data,
        headers=hx("http://testserver/companies/microsoft/?zoom=month"),
    )

    page = html(response)
    assert response["HX-Retarget"] == "#timeline-results"
    assert "is-just-saved" in page
    assert "ChatGPT on iPhone" not in page
    assert "event-form-slot" not in page


def test_edit_on_the_agreement_page_keeps_the_card_in_place_when_moved(editor_client, deal):
    response = editor_client.get("/events/non-binding-mou-signed/edit/", headers=hx())
    data = form_data(response, when="2018")

    response = editor_client.post(
        "/events/non-binding-mou-signed/edit/",
        data,
        headers=hx(f"http://testserver{deal['mou'].get_absolute_url()}"),
    )

    assert "HX-Retarget" not in response
    assert html(response).lstrip().startswith('<article class="event-card')


def test_edit_full_page_redirects_to_the_timeline(editor_client, deal):
    response = editor_client.get("/events/non-binding-mou-signed/edit/")
    data = form_data(response, summary="Changed without JavaScript.")

    response = editor_client.post("/events/non-binding-mou-signed/edit/", data)

    assert response.status_code == 302
    assert response["Location"] == "/?at=2025-09-11#event-non-binding-mou-signed"
    deal["event"].refresh_from_db()
    assert deal["event"].summary == "Changed without JavaScript."


def test_edit_form_shows_when_in_the_same_syntax(editor_client, deal):
    event = deal["event"]
    event.precision, event.date, event.is_approximate = "quarter", dt.date(2025, 7, 1), True
    event.end_date, event.end_precision = dt.date(2026, 1, 1), "year"
    event.save()

    data = form_data(editor_client.get(f"/events/{event.slug}/edit/"))

    assert data["when"] == ["~2025-Q3/2026"]


def test_edit_unknown_event_is_404(editor_client):
    assert editor_client.get("/events/no-such-event/edit/").status_code == 404
    assert editor_client.post("/events/no-such-event/edit/", {}).status_code == 404


def test_card_fragment_is_what_cancel_restores(editor_client, deal):
    response = editor_client.get("/events/non-binding-mou-signed/card/", headers=hx())

    page = html(response)
    assert page.lstrip().startswith('<article class="event-card')
    assert "is-just-saved" not in page
    assert ">Edit</a>" in page


def test_card_without_htmx_goes_to_the_event_page(client, deal):
    response = client.get("/events/non-binding-mou-signed/card/")

    assert response.status_code == 302
    assert response["Location"] == "/events/non-binding-mou-signed/"


# --- two editors -----------------------------------------------------------------------------


def test_two_editors_saving_the_same_event_second_gets_the_conflict(deal, editor):
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(make_editor("bob"))
    url = "/events/non-binding-mou-signed/edit/"
    first_data = form_data(first.get(url, headers=hx()), title="Ada's title", when="2025-09")
    second_data = form_data(second.get(url, headers=hx()), title="Bob's title")

    first_response = first.post(url, first_data, headers=hx())
    second_response = second.post(url, second_data, headers=hx())

    page = html(second_response)
    assert first_response.status_code == 200
    assert second_response.status_code == 200
    assert "Someone else saved this record since you opened it" in error_summary(second_response)
    assert "Their version" in page
    assert "Your version" in page
    assert re.search(
        r"<th scope=\"row\">Title</th><td>Ada&#x27;s title</td><td>Bob&#x27;s title", page
    )
    assert re.search(r"<th scope=\"row\">When</th><td>Sep 2025</td><td>11 Sep 2025</td>", page)
    deal["event"].refresh_from_db()
    assert deal["event"].title == "Ada's title"
    assert deal["event"].version == 2
    # Saving again, knowingly, applies Bob's version over Ada's.
    again = form_data(second_response)
    assert again["loaded_version"] == ["2"]
    assert again["title"] == ["Bob's title"]
    second.post(url, again, headers=hx())
    deal["event"].refresh_from_db()
    assert deal["event"].title == "Bob's title"


def test_conflict_lists_changed_sources_and_quotes(deal, editor_client):
    url = "/events/non-binding-mou-signed/edit/"
    stale = form_data(editor_client.get(url))
    fresh = form_data(editor_client.get(url), **{"quotes-0-text": "Changed by someone else."})
    editor_client.post(url, fresh)

    response = editor_client.post(url, stale)

    page = html(response)
    assert '<th scope="row">Quotes</th><td>Satya Nadella: Changed by someone else.</td>' in page
    assert Quote.objects.get().text == "Changed by someone else."


def test_save_that_loses_a_race_after_validation_shows_the_conflict(editor_client, deal):
    url = "/events/non-binding-mou-signed/edit/"
    data = form_data(editor_client.get(url), title="Mine")
    event_id = deal["event"].pk

    def someone_saves_first(execute, sql, params, many, context):
        # Another editor's save commits after our form was judged valid, just before our
        # transaction starts (its first SAVEPOINT), so rolling ours back keeps theirs.
        if sql.startswith("SAVEPOINT") and not fired:
            fired.append(True)
            execute(
                'UPDATE "partnerships_event" SET "version" = "version" + 1, "title" = %s '
                'WHERE "id" = %s',
                ["Theirs", event_id],
                False,
                context,
            )
        return execute(sql, params, many, context)

    fired: list[bool] = []
    with connection.execute_wrapper(someone_saves_first):
        response = editor_client.post(url, data, headers=hx())

    assert fired == [True]
    assert response.status_code == 200
    assert "Their version" in html(response)
    assert re.search(r"<th scope=\"row\">Title</th><td>Theirs</td><td>Mine</td>", html(response))
    deal["event"].refresh_from_db()
    assert deal["event"].title == "Theirs"


# --- drafts: "New company…" and back ---------------------------------------------------------


def test_new_company_button_keeps_the_draft_and_goes_to_add_a_company(editor_client, deal):
    data = new_event_data(editor_client, deal, title="Half typed", _create="company")

    response = editor_client.post("/events/add/", data)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/companies/add/"
    back = parse_qs(location.query)["next"][0]
    assert back.startswith("/events/add/?draft=")
    key = back.split("draft=")[1]
    draft = editor_client.session["event_drafts"][key]
    assert draft["event"] is None
    assert draft["data"]["title"] == ["Half typed"]
    assert "csrfmiddlewaretoken" not in draft["data"]
    assert not Event.objects.filter(title="Half typed").exists()


def test_new_company_button_under_htmx_navigates_the_page(editor_client, deal):
    data = new_event_data(editor_client, deal, _create="partnership")

    response = editor_client.post("/events/add/", data, headers=hx())

    assert response["HX-Redirect"].startswith(
        "/partnerships/add/?next=%2Fevents%2Fadd%2F%3Fdraft%3D"
    )


def test_new_agreement_button_passes_the_chosen_partnership(editor_client, deal):
    data = new_event_data(editor_client, deal, _create="agreement")

    response = editor_client.post("/events/add/", data)

    query = parse_qs(urlsplit(response["Location"]).query)
    assert urlsplit(response["Location"]).path == "/agreements/add/"
    assert query["partnership"] == [deal["partnership"].slug]


def draft_key(response) -> str:
    return parse_qs(urlsplit(response["Location"]).query)["next"][0].split("draft=")[1]


def test_draft_comes_back_as_typed_with_the_new_company_chosen(editor_client, deal):
    data = new_event_data(
        editor_client, deal, title="Half typed", when="2019-13", companies=[], _create="company"
    )
    key = draft_key(editor_client.post("/events/add/", data))
    created = CompanyFactory(name="Nvidia")  # as the company form would have made it

    response = editor_client.get(f"/events/add/?draft={key}&created_company={created.slug}")

    restored = form_data(response)
    assert response.status_code == 200
    assert restored["title"] == ["Half typed"]
    assert restored["when"] == ["2019-13"]
    assert restored["companies"] == [str(created.pk)]
    assert restored["draft"] == [key]
    # Not judged until saved: no errors for the unfinished "When".
    assert "data-error-summary" not in html(response)


def test_draft_with_a_new_partnership_chooses_it_and_drops_a_foreign_agreement(editor_client, deal):
    data = new_event_data(editor_client, deal, _create="partnership")
    key = draft_key(editor_client.post("/events/add/", data))

    response = editor_client.get(
        f"/events/add/?draft={key}&created_partnership={deal['other'].slug}"
    )

    restored = form_data(response)
    assert restored["partnership"] == [str(deal["other"].pk)]
    assert restored["agreement"] == [""]
    assert "Apple licence" in html(response)


def test_draft_with_a_new_agreement_chooses_it_and_its_partnership(editor_client, deal):
    data = new_event_data(editor_client, deal, _create="agreement")
    key = draft_key(editor_client.post("/events/add/", data))

    response = editor_client.get(
        f"/events/add/?draft={key}&created_agreement={deal['other_agreement'].slug}"
    )

    restored = form_data(response)
    assert restored["agreement"] == [str(deal["other_agreement"].pk)]
    assert restored["partnership"] == [str(deal["other"].pk)]


def test_draft_saved_then_forgotten(editor_client, deal):
    data = new_event_data(editor_client, deal, _create="company")
    key = draft_key(editor_client.post("/events/add/", data))
    restored = form_data(editor_client.get(f"/events/add/?draft={key}"))

    response = editor_client.post("/events/add/", restored)

    assert response.status_code == 302
    assert Event.objects.filter(title="Definitive agreement signed").exists()
    assert key not in editor_client.session["event_drafts"]


def test_draft_of_an_edit_returns_to_the_edit_form(editor_client, deal):
    url = "/events/non-binding-mou-signed/edit/"
    data = form_data(editor_client.get(url), title="Edited, then off to add a company")
    data["_create"] = ["company"]

    response = editor_client.post(url, data)
    back = parse_qs(urlsplit(response["Location"]).query)["next"][0]
    restored = form_data(editor_client.get(back + f"&created_company={deal['microsoft'].slug}"))

    assert back.startswith(url + "?draft=")
    assert restored["title"] == ["Edited, then off to add a company"]
    assert restored["loaded_version"] == ["1"]
    editor_client.post(url, restored)
    deal["event"].refresh_from_db()
    assert deal["event"].title == "Edited, then off to add a company"


@pytest.mark.parametrize("key", ["nope", "x" * 500, "<script>"])
def test_unknown_draft_starts_afresh(editor_client, deal, key):
    response = editor_client.get("/events/add/", {"draft": key})

    assert response.status_code == 200
    assert "That draft has expired" in html(response)
    assert form_data(response)["title"] == [""]


def test_draft_of_another_event_is_not_used(editor_client, deal):
    data = new_event_data(editor_client, deal, title="For a new event", _create="company")
    key = draft_key(editor_client.post("/events/add/", data))

    response = editor_client.get(f"/events/non-binding-mou-signed/edit/?draft={key}")

    assert form_data(response)["title"] == ["Non-binding MOU signed"]


def test_drafts_are_capped_per_session(editor_client, deal):
    data = new_event_data(editor_client, deal, _create="company")
    for _ in range(15):
        editor_client.post("/events/add/", data)

    assert len(editor_client.session["event_drafts"]) == 10


# --- deleting --------------------------------------------------------------------------------


def test_delete_asks_first_full_page(editor_client, deal):
    response = editor_client.get("/events/non-binding-mou-signed/delete/")

    page = html(response)
    assert "<html" in page
    assert "Delete this event?" in page
    assert ">Delete</button>" in page
    assert ">Cancel</a>" in page
    assert Event.objects.filter(pk=deal["event"].pk).exists()


def test_delete_asks_first_in_the_card(editor_client, deal):
    response = editor_client.get("/events/non-binding-mou-signed/delete/", headers=hx())

    page = html(response)
    assert "<html" not in page
    assert 'id="event-non-binding-mou-signed"' in page
    assert 'hx-post="/events/non-binding-mou-signed/delete/"' in page
    assert 'hx-get="/events/non-binding-mou-signed/card/"' in page


def test_delete_full_page_redirects_with_a_restore_link(editor_client, deal):
    response = editor_client.post(
        "/events/non-binding-mou-signed/delete/", {"loaded_version": "1"}, follow=True
    )

    page = html(response)
    assert response.redirect_chain == [("/", 302)]
    assert "Deleted “Non-binding MOU signed”." in page
    assert '<a href="/events/deleted/">Restore from history</a>' in page
    assert not Event.objects.filter(pk=deal["event"].pk).exists()
    assert Source.objects.filter(pk=deal["source"].pk).exists()
    assert EventHistory.objects.filter(pgh_obj_id=deal["event"].pk, pgh_label="delete").exists()


def test_delete_htmx_replaces_the_card_with_a_notice(editor_client, deal):
    response = editor_client.post(
        "/events/non-binding-mou-signed/delete/", {"loaded_version": "1"}, headers=hx()
    )

    page = html(response)
    assert 'id="event-non-binding-mou-signed"' in page
    assert "Deleted “Non-binding MOU signed”." in page
    assert "Restore from history" in page
    assert not Event.objects.filter(pk=deal["event"].pk).exists()


def test_delete_of_a_changed_event_asks_again(editor_client, deal):
    deal["event"].title = "Changed meanwhile"
    deal["event"].save()

    response = editor_client.post(
        "/events/non-binding-mou-signed/delete/", {"loaded_version": "1"}, headers=hx()
    )

    assert "Someone changed this event since you opened this" in html(response)
    assert 'name="loaded_version" value="2"' in html(response)
    assert Event.objects.filter(pk=deal["event"].pk).exists()


def test_delete_unknown_event_is_404(editor_client):
    assert editor_client.post("/events/nothing-here/delete/").status_code == 404


def test_delete_escapes_the_title_in_the_message(editor_client, deal):
    deal["event"].title = "<b>bold</b>"
    deal["event"].save()

    response = editor_client.post(
        "/events/non-binding-mou-signed/delete/", {"loaded_version": "2"}, follow=True
    )

    assert "Deleted “&lt;b&gt;bold&lt;/b&gt;”." in html(response)


def test_form_data_helper_reads_selects_and_textareas(editor_client, deal):
    data = form_data(editor_client.get("/events/non-binding-mou-signed/edit/"))

    assert data["kind"] == ["signing"]
    assert data["summary"] == ["Something happened."]
    assert data["citations-TOTAL_FORMS"] == ["2"]


def test_draft_round_trip_through_the_company_form(editor_client, deal):
    data = new_event_data(editor_client, deal, title="Waiting for Nvidia", _create="company")
    to_company_form = editor_client.post("/events/add/", data)["Location"]
    company_form = editor_client.get(to_company_form)
    assert company_form.status_code == 200

    back = editor_client.post(to_company_form, form_data(company_form, name="Nvidia"))

    assert back.status_code == 302
    assert back["Location"].startswith("/events/add/?draft=")
    assert "created_company=nvidia" in back["Location"]
    restored = form_data(editor_client.get(back["Location"]))
    nvidia = Company.objects.get(name="Nvidia")
    assert restored["title"] == ["Waiting for Nvidia"]
    assert str(nvidia.pk) in restored["companies"]
    assert editor_client.post("/events/add/", restored).status_code == 302
    assert nvidia in Event.objects.get(title="Waiting for Nvidia").companies.all()


@pytest.mark.parametrize("value", ["9" * 30, "²", "-1", " 1"])
def test_add_odd_ids_everywhere_are_form_errors(editor_client, deal, value):
    data = new_event_data(
        editor_client,
        deal,
        partnership=value,
        agreement=value,
        companies=[value],
        **{"citations-0-source": value, "quotes-0-source": value, "quotes-0-company": value},
    )

    response = editor_client.post("/events/add/", data)

    assert response.status_code == 200
    assert field_error(response, "partnership")


@pytest.mark.parametrize("version", ["²", "9" * 30, "", "x"])
def test_delete_with_a_missing_or_odd_version_is_refused_like_a_stale_one(
    editor_client, deal, version
):
    response = editor_client.post(
        "/events/non-binding-mou-signed/delete/", {"loaded_version": version}
    )

    assert response.status_code == 200
    assert "so it was not deleted" in html(response)
    assert 'name="loaded_version" value="1"' in html(response)
    assert Event.objects.filter(pk=deal["event"].pk).exists()


def test_edit_with_errors_still_names_the_event_as_saved(editor_client, deal):
    data = form_data(editor_client.get("/events/non-binding-mou-signed/edit/"), title="")

    response = editor_client.post("/events/non-binding-mou-signed/edit/", data, headers=hx())

    assert "Edit “Non-binding MOU signed”" in html(response)


# --- sourcing: cited or flagged, shown plainly, and sources that disagree ---------------------


def test_event_page_says_sources_disagree_with_counts_most_cited_first(client, demo):
    event = Event.objects.get(slug=MOU_EVENT)

    response = client.get(event.get_absolute_url())

    page = text_of(response)
    assert "Sources disagree: 11 Sep 2025 (3 sources) · 15 Sep 2025 (1 source)" in page
    assert page.count("Gives 15 Sep 2025") == 1  # beside the trade-press report only
    assert "tag--unsourced" not in html(response)


def test_event_page_has_no_disagreement_line_when_sources_agree(client, deal):
    EventCitationFactory(event=deal["event"], gives_date=dt.date(2025, 9, 11))

    page = text_of(client.get(deal["event"].get_absolute_url()))

    assert "Sources disagree" not in page
    assert "Gives" not in page


def test_event_page_disagreement_honours_precision_and_adds_no_query(client, deal):
    url = deal["event"].get_absolute_url()
    agreeing = count_queries(client, url)
    EventCitationFactory(
        event=deal["event"], gives_date=dt.date(2025, 9, 1), gives_precision="month"
    )

    disagreeing = count_queries(client, url)

    assert disagreeing == agreeing
    page = text_of(client.get(url))
    assert "Sources disagree: 11 Sep 2025 (1 source) · Sep 2025 (1 source)" in page
    assert "Gives Sep 2025" in page


def test_event_page_marks_an_unsourced_event_plainly(client, deal):
    response = client.get(deal["earlier"].get_absolute_url())

    page = text_of(response)
    assert 'class="tag tag--unsourced" href="#unsourced">Unsourced</a>' in html(response)
    assert "This event is published without a source" in page
    assert "No sources recorded yet." in page


def test_timeline_card_shows_unsourced_badge_only_on_uncited_events(client, deal):
    response = client.get("/?zoom=month")

    cards = dict(re.findall(r'data-event id="event-([^"]+)">(.*?)</article>', html(response), re.S))
    assert "tag--unsourced" in cards[deal["earlier"].slug]
    assert "tag--unsourced" not in cards[deal["event"].slug]
    assert "1 source<" in cards[deal["event"].slug]


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "fragment"])
@pytest.mark.parametrize(
    ("sourcing", "expected"),
    [
        ("unsourced", {"earlier", "apple"}),
        ("sourced", {"event"}),
        ("", {"earlier", "apple", "event"}),
    ],
)
def test_timeline_sourcing_filter_finds_them(client, deal, headers, sourcing, expected):
    response = client.get(f"/?zoom=month&sourcing={sourcing}", headers=headers)

    assert set(card_ids(response)) == {deal[name].slug for name in expected}


def test_timeline_sourcing_filter_works_without_js_and_keeps_its_permalink(client, deal):
    response = client.get("/?sourcing=unsourced&zoom=decade")

    page = html(response)
    assert '<select name="sourcing" id="id_sourcing">' in page
    assert '<option value="unsourced" selected>Unsourced</option>' in page
    # Links the page shows (zoom, lanes) keep the filter; "Clear filters" drops it.
    assert 'href="?sourcing=unsourced&amp;zoom=month' in page
    assert re.search(r'href="\?zoom=decade"[^>]*>Clear filters', page)


def test_timeline_sourcing_filter_refuses_an_unknown_value_without_crashing(client, deal):
    response = client.get("/?sourcing=maybe")

    assert response.status_code == 200
    assert card_ids(response) == []


def test_add_without_a_source_is_refused_with_a_message_by_the_sources(editor_client, deal):
    data = new_event_data(editor_client, deal, **{"citations-0-source": ""})

    response = editor_client.post("/events/add/", data)

    message = "Cite at least one source, or tick “Unsourced” to publish it without one."
    assert response.status_code == 200
    assert f"Sources: {message}" in error_summary(response)
    assert f'<p class="field__error">{message}</p>' in html(response)
    assert not Event.objects.filter(title="Definitive agreement signed").exists()


def test_add_ticked_unsourced_is_saved_flagged_and_shown(editor_client, deal):
    data = new_event_data(editor_client, deal, **{"citations-0-source": "", "is_unsourced": "on"})

    editor_client.post("/events/add/", data)

    event = Event.objects.get(title="Definitive agreement signed")
    assert event.is_unsourced is True
    assert "This event is published without a source" in text_of(
        editor_client.get(event.get_absolute_url())
    )


def test_edit_records_the_date_a_source_gives(editor_client, deal):
    url = f"/events/{deal['event'].slug}/edit/"
    data = form_data(editor_client.get(url), **{"citations-0-gives": "2025-09-15"})

    editor_client.post(url, data)

    citation = deal["event"].citations.get()
    assert (citation.gives_date, citation.gives_precision) == (dt.date(2025, 9, 15), "day")
    assert "Sources disagree" not in text_of(editor_client.get(deal["event"].get_absolute_url()))
    assert "Gives 15 Sep 2025" in text_of(editor_client.get(deal["event"].get_absolute_url()))
