"""The form kit: a stale form is merged field by field against the version its editor
loaded, on the site's event and record forms and in the admin.

Two editors open the same record. A saves first; B's save is refused and B sees the
conflict view. Saving again must apply B's changes without undoing A's: fields only A
changed keep A's value, fields only B changed take B's, and only fields both changed
are B's choice.
"""

import pytest
from django.test import Client
from django.urls import reverse

from partnerships.forms.fields import as_posted
from partnerships.models import Event, Party, Quote
from tests.factories import (
    AgreementFactory,
    EventFactory,
    PartnershipFactory,
    QuoteFactory,
)
from tests.helpers import form_data, html, make_editor

pytestmark = pytest.mark.django_db


def logged_in(username: str) -> Client:
    client = Client()
    client.force_login(make_editor(username))
    return client


@pytest.fixture
def editors() -> tuple[Client, Client]:
    return logged_in("ada"), logged_in("bob")


def test_event_conflict_keeps_their_change_to_a_field_you_did_not_touch(editors):
    ada, bob = editors
    event = EventFactory(title="Original title", summary="Original summary")
    url = reverse("partnerships:event_edit", args=[event.slug])
    bobs_form = form_data(bob.get(url))
    ada.post(url, form_data(ada.get(url), summary="Ada's summary"))

    conflict = bob.post(url, {**bobs_form, "title": ["Bob's title"]})
    again = bob.post(url, form_data(conflict))

    event.refresh_from_db()
    assert "was changed by someone else" in html(conflict)
    assert again.status_code == 302
    assert (event.title, event.summary) == ("Bob's title", "Ada's summary")


def test_event_conflict_on_a_field_both_changed_is_yours_to_choose(editors):
    ada, bob = editors
    event = EventFactory(title="Original title", summary="Original summary")
    url = reverse("partnerships:event_edit", args=[event.slug])
    bobs_form = form_data(bob.get(url))
    ada.post(url, form_data(ada.get(url), title="Ada's title", summary="Ada's summary"))

    conflict = bob.post(url, {**bobs_form, "title": ["Bob's title"]})
    page = html(conflict)
    bob.post(url, form_data(conflict))

    event.refresh_from_db()
    assert (
        "<td>Ada&#x27;s title</td><td>Bob&#x27;s title</td>"
        '<td class="conflict__kept">Yours: you both changed it</td>'
    ) in page
    assert '<td class="conflict__kept">Theirs: you had not changed it</td>' in page
    assert (event.title, event.summary) == ("Bob's title", "Ada's summary")


def test_event_conflict_keeps_their_change_to_a_quote_you_did_not_touch(editors):
    ada, bob = editors
    quote = QuoteFactory(speaker_title="CEO")
    event = quote.event
    url = reverse("partnerships:event_edit", args=[event.slug])
    bobs_form = form_data(bob.get(url))
    ada.post(url, form_data(ada.get(url), **{"quotes-0-speaker_title": "Chief executive"}))

    conflict = bob.post(url, {**bobs_form, "title": ["Bob's title"]})
    bob.post(url, form_data(conflict))

    assert Event.objects.get(pk=event.pk).title == "Bob's title"
    assert Quote.objects.get(pk=quote.pk).speaker_title == "Chief executive"


def test_agreement_conflict_keeps_their_change_to_a_field_you_did_not_touch(editors):
    ada, bob = editors
    agreement = AgreementFactory(title="Original title", summary="Original summary")
    url = reverse("partnerships:agreement_edit", args=[agreement.slug])
    bobs_form = form_data(bob.get(url))
    ada.post(url, form_data(ada.get(url), summary="Ada's summary"))

    conflict = bob.post(url, {**bobs_form, "title": ["Bob's title"]})
    again = bob.post(url, form_data(conflict))

    agreement.refresh_from_db()
    assert conflict.status_code == 200
    assert again.status_code == 302
    assert (agreement.title, agreement.summary) == ("Bob's title", "Ada's summary")


def test_partnership_conflict_keeps_their_change_to_a_party_you_did_not_touch(editors):
    ada, bob = editors
    partnership = PartnershipFactory(name="Original name")
    party = partnership.parties.order_by("id").first()
    url = reverse("partnerships:partnership_edit", args=[partnership.slug])
    bobs_form = form_data(bob.get(url))
    ada.post(url, form_data(ada.get(url), **{"parties-0-role": "investor"}))

    conflict = bob.post(url, {**bobs_form, "name": ["Bob's name"]})
    bob.post(url, form_data(conflict))

    partnership.refresh_from_db()
    assert partnership.name == "Bob's name"
    assert Party.objects.get(pk=party.pk).role == "investor"


def admin_post(form, **changes) -> dict:
    """What the admin's change form posts as it was loaded (with no inline rows)."""
    data = {}
    for name, field in form.fields.items():
        value = as_posted(field, form.get_initial_for_field(field, name))
        data[name] = data[f"initial-{name}"] = value
    for prefix in ("eventcompany_set", "citations", "quotes"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return {**data, **changes}


def test_admin_conflict_keeps_their_change_to_a_field_you_did_not_touch(admin_client):
    event = EventFactory(title="Original title", summary="Original summary")
    url = reverse("admin:partnerships_event_change", args=[event.pk])
    data = admin_post(admin_client.get(url).context["adminform"].form, title="My title")
    theirs = Event.objects.get(pk=event.pk)
    theirs.summary = "Their summary"
    theirs.save()

    conflict = admin_client.post(url, data)
    again = admin_client.post(url, conflict.context["adminform"].form.data)

    event.refresh_from_db()
    assert "Someone else saved this record" in html(conflict)
    assert again.status_code == 302
    assert (event.title, event.summary) == ("My title", "Their summary")


def test_event_row_you_did_not_touch_is_not_saved_over_a_change_made_meanwhile(editors):
    _, bob = editors
    quote = QuoteFactory(text="As first recorded.")
    url = reverse("partnerships:event_edit", args=[quote.event.slug])
    bobs_form = form_data(bob.get(url))
    Quote.objects.filter(pk=quote.pk).update(text="Corrected in the admin.")

    bob.post(url, {**bobs_form, "title": ["Bob's title"]})

    assert Event.objects.get(pk=quote.event.pk).title == "Bob's title"
    assert Quote.objects.get(pk=quote.pk).text == "Corrected in the admin."


def test_admin_inline_row_you_did_not_touch_is_not_saved_over_a_change_made_meanwhile(
    admin_client,
):
    quote = QuoteFactory(text="As first recorded.")
    url = reverse("admin:partnerships_event_change", args=[quote.event.pk])
    page = admin_client.get(url)
    inline = page.context["inline_admin_formsets"][2].formset.forms[0]
    data = admin_post(page.context["adminform"].form, title="My title")
    data |= {"quotes-TOTAL_FORMS": "1", "quotes-INITIAL_FORMS": "1"}
    for name, field in inline.fields.items():
        value = as_posted(field, inline.get_initial_for_field(field, name))
        data[inline.add_prefix(name)] = data[inline.add_initial_prefix(name)] = value
    Quote.objects.filter(pk=quote.pk).update(text="Corrected meanwhile.")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert Event.objects.get(pk=quote.event.pk).title == "My title"
    assert Quote.objects.get(pk=quote.pk).text == "Corrected meanwhile."
