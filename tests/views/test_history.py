"""History pages: public reading, "recorded on", editors' revert and restore
(partnerships/views/history.py). Who may revert and restore: tests/views/test_permissions.py."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from partnerships.models import Agreement, AgreementHistory, Event, EventHistory
from tests.factories import (
    AgreementFactory,
    AgreementTermFactory,
    CompanyFactory,
    EventCitationFactory,
    EventFactory,
    QuoteFactory,
)
from tests.helpers import count_queries, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrected_event():
    """An event whose title was corrected after it was first recorded."""
    event = EventFactory(title="MOU signed", slug="mou-signed", kind="announcement")
    first = EventHistory.objects.get(pgh_obj_id=event.pk)
    event.title = "Non-binding MOU signed"
    event.kind = "signing"
    event.save()
    return event, first


def history_url(event: Event) -> str:
    return reverse("partnerships:event_history", args=[event.slug])


def revert_url(event: Event, history_id: int) -> str:
    return reverse("partnerships:event_revert", args=[event.slug, history_id])


def test_history_page_is_public_and_shows_field_before_after(client, corrected_event):
    event, _ = corrected_event

    response = client.get(history_url(event))

    html = response.content.decode()
    text = text_of(response)
    assert response.status_code == 200
    assert '<th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th>' in html
    assert "Title MOU signed Non-binding MOU signed" in text
    assert "Kind Announcement Signing" in text
    assert f"By {'unknown (shell or migration)'}" in text
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}T[^"]+\+00:00">', html)
    assert "Revert to this version" not in html  # readers see no revert button


def test_history_page_offers_revert_to_editors(editor_client, corrected_event):
    event, first = corrected_event

    html = editor_client.get(history_url(event)).content.decode()

    assert f'href="{revert_url(event, first.pk)}"' in html
    assert html.count("Revert to this version") == 1  # not on the current version


def test_history_links_from_event_and_agreement_pages(client):
    event = EventFactory(agreement=AgreementFactory())

    event_page = client.get(event.get_absolute_url()).content.decode()
    agreement_page = client.get(event.agreement.get_absolute_url()).content.decode()

    assert f'href="{history_url(event)}"' in event_page
    assert (
        f'href="{reverse("partnerships:agreement_history", args=[event.agreement.slug])}"'
        in agreement_page
    )


def test_history_change_in_admin_is_recorded_with_user_and_url(admin_client, admin_user):
    company = CompanyFactory(name="OpenAI", description="A lab.")
    url = reverse("admin:partnerships_company_change", args=[company.pk])

    response = admin_client.post(
        url,
        {
            "name": "OpenAI",
            "slug": company.slug,
            "kind": "nonprofit",
            "website": "",
            "description": "An AI research lab.",
            "loaded_version": str(company.version),
            "parties-TOTAL_FORMS": "0",
            "parties-INITIAL_FORMS": "0",
            "parties-MIN_NUM_FORMS": "0",
            "parties-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    row = company.history.latest("pgh_id")
    assert row.pgh_label == "update"
    assert row.description == "An AI research lab."
    assert row.pgh_context.metadata["user"] == admin_user.pk
    assert row.pgh_context.metadata["url"] == url
    assert row.pgh_created_at is not None


def test_history_event_change_in_admin_shows_on_history_page(admin_client, client):
    event = EventFactory(title="MOU signed")
    url = reverse("admin:partnerships_event_change", args=[event.pk])
    data = {
        "partnership": str(event.partnership_id),
        "agreement": "",
        "kind": event.kind,
        "title": "Non-binding MOU signed",
        "slug": event.slug,
        "date": "2025-09-11",
        "precision": "day",
        "end_date": "",
        "end_precision": "day",
        "significance": str(event.significance),
        "summary": event.summary,
        "is_unsourced": "on",  # it cites nothing: the admin requires saying so
        "loaded_version": str(event.version),
    }
    for prefix in ("eventcompany_set", "citations", "quotes"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    text = text_of(admin_client.get(history_url(Event.objects.get(pk=event.pk))))
    assert "Changed event “Non-binding MOU signed” By admin" in text
    assert f"from {url}" in text
    assert "Title MOU signed Non-binding MOU signed" in text


def test_history_revert_confirm_page_then_post(editor_client, corrected_event):
    event, first = corrected_event

    confirm = editor_client.get(revert_url(event, first.pk))
    response = editor_client.post(revert_url(event, first.pk))

    assert confirm.status_code == 200
    assert "Title Non-binding MOU signed MOU signed" in text_of(confirm)
    assert 'name="csrfmiddlewaretoken"' in confirm.content.decode()
    assert response.status_code == 302
    assert response["Location"] == history_url(event)
    event.refresh_from_db()
    assert (event.title, event.kind, event.version) == ("MOU signed", "announcement", 3)
    page = editor_client.get(response["Location"])
    assert "Reverted to the version of" in text_of(page)
    assert "Changed event “MOU signed” By ada" in text_of(page)


def test_history_revert_agreement_via_post(editor_client):
    agreement = AgreementFactory(title="Definitive", status="signed")
    first = AgreementHistory.objects.get(pgh_obj_id=agreement.pk)
    Agreement.objects.filter(pk=agreement.pk).update(status="terminated")
    url = reverse("partnerships:agreement_revert", args=[agreement.slug, first.pk])

    response = editor_client.post(url)

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "signed"


def test_history_revert_bad_ids_are_404(editor_client, corrected_event):
    event, first = corrected_event
    other = EventFactory()
    others_row = EventHistory.objects.get(pgh_obj_id=other.pk)

    assert editor_client.post(revert_url(event, 999_999_999)).status_code == 404
    assert editor_client.post(revert_url(event, others_row.pk)).status_code == 404
    assert editor_client.post(revert_url(other, first.pk)).status_code == 404
    assert editor_client.get("/events/no-such-event/history/").status_code == 404


def test_history_recorded_on_shows_older_title_after_later_correction(client):
    event = EventFactory(title="MOU signed", date=dt.date(2025, 9, 11))
    EventHistory.objects.filter(pgh_obj_id=event.pk).update(
        pgh_created_at=dt.datetime(2025, 9, 12, 9, 0, tzinfo=dt.UTC)
    )
    event.title = "Non-binding MOU signed"
    event.save()

    response = client.get(history_url(event), {"recorded_on": "2025-09-30"})

    text = text_of(response)
    assert response.status_code == 200
    assert "What we had recorded on 30 Sep 2025" in text
    assert "Title MOU signed Non-binding MOU signed Later correction" in text
    assert "1 later correction to this event since that day." in text
    assert "Change in the deal" in text


def test_history_recorded_on_before_the_record_existed(client):
    event = EventFactory()

    text = text_of(client.get(history_url(event), {"recorded_on": "2020-01-01"}))

    assert "Nothing yet: this event was first recorded on" in text


def test_history_recorded_on_lists_deal_changes_after_the_date(client):
    agreement = AgreementFactory(
        title="Definitive", announced_on=dt.date(2025, 9, 1), signed_on=dt.date(2025, 10, 28)
    )
    AgreementHistory.objects.filter(pgh_obj_id=agreement.pk).update(
        pgh_created_at=dt.datetime(2025, 9, 2, tzinfo=dt.UTC)
    )
    url = reverse("partnerships:agreement_history", args=[agreement.slug])

    text = text_of(client.get(url, {"recorded_on": "2025-09-30"}))

    assert "No later corrections" in text
    assert "28 Oct 2025 — Signed on" in text


def test_history_recorded_on_bad_date_says_so(client, corrected_event):
    event, _ = corrected_event

    response = client.get(history_url(event), {"recorded_on": "30/09/2025"})

    assert response.status_code == 200
    assert "is not a date" in response.content.decode()


def test_history_agreement_page_lists_term_changes(client):
    agreement = AgreementFactory(title="Definitive")
    AgreementTermFactory(agreement=agreement, heading="IP rights")

    response = client.get(reverse("partnerships:agreement_history", args=[agreement.slug]))

    assert response.status_code == 200
    assert "Added term “IP rights”" in text_of(response)


def recorded_on(event: Event) -> str:
    """The event's history page as recorded on 30 Sep 2025."""
    return f"{history_url(event)}?recorded_on=2025-09-30"


def test_history_page_query_count_does_not_grow_with_changes(editor_client):
    few = EventFactory(title="Few changes")
    QuoteFactory(event=few, company=CompanyFactory())
    EventCitationFactory(event=few)
    few.companies.add(CompanyFactory())
    many = EventFactory(title="Many changes")
    for index in range(15):
        quote = QuoteFactory(event=many, company=CompanyFactory())
        quote.text = f"Corrected quote {index}"
        quote.save()
        EventCitationFactory(event=many)
        many.companies.add(CompanyFactory())
        many.summary = f"Summary {index}"
        many.save()

    assert count_queries(editor_client, recorded_on(few)) == count_queries(
        editor_client, recorded_on(many)
    )


@pytest.mark.parametrize("item_count", [1, 3])
def test_history_page_query_count_is_fixed(editor_client, django_assert_num_queries, item_count):
    event = EventFactory(title="Changed")
    for index in range(item_count):
        quote = QuoteFactory(event=event, company=CompanyFactory())
        quote.text = f"Corrected quote {index}"
        quote.save()
        EventCitationFactory(event=event)
        event.companies.add(CompanyFactory())
        event.summary = f"Summary {index}"
        event.save()

    with django_assert_num_queries(13):
        response = editor_client.get(history_url(event))

    page = text_of(response)
    assert response.status_code == 200
    assert page.count("Revert to this version") == item_count
    assert page.count("Changed quote by Satya Nadella: each field") == item_count


# --- deleted events ------------------------------------------------------------------------


@pytest.fixture
def deleted_event():
    event = EventFactory(title="Stargate announced", slug="stargate-announced")
    event.companies.add(CompanyFactory(name="Oracle"))
    EventCitationFactory(event=event)
    QuoteFactory(event=event, speaker="Larry Ellison")
    event_id = event.pk
    event.delete()
    return event_id


def test_deleted_events_lists_them_for_editors(editor_client, deleted_event):
    EventFactory(title="Still here")

    response = editor_client.get(reverse("partnerships:deleted_events"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Stargate announced" in html
    assert "Still here" not in html
    assert reverse("partnerships:event_restore", args=[deleted_event]) in html


def test_restore_redirects_to_event_with_message(editor_client, deleted_event):
    response = editor_client.post(reverse("partnerships:event_restore", args=[deleted_event]))

    assert response.status_code == 302
    assert response["Location"] == "/events/stargate-announced/"
    page = editor_client.get(response["Location"])
    text = text_of(page)
    assert "Restored “Stargate announced” with 1 company, 1 source, 1 quote." in text
    assert "Larry Ellison" in text
    assert "Oracle" in text


def test_restore_twice_says_so_without_error(editor_client, deleted_event):
    url = reverse("partnerships:event_restore", args=[deleted_event])
    editor_client.post(url)

    response = editor_client.post(url, follow=True)

    assert response.status_code == 200
    assert "is not deleted (it may have been restored already)" in text_of(response)
    assert Event.objects.filter(pk=deleted_event).count() == 1


def test_restore_unknown_event_is_404(editor_client):
    response = editor_client.post(reverse("partnerships:event_restore", args=[999_999_999]))

    assert response.status_code == 404
