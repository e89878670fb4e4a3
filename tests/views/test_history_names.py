"""History pages name editors only to editors and admins (partnerships/views/history.py):
a reader sees "an editor", so the public pages do not list the accounts to attack."""

import pghistory
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import AgreementFactory, EventFactory
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(editor):
    """An event and an agreement changed by the editor ada, from the admin."""
    event = EventFactory(title="MOU signed")
    agreement = AgreementFactory(title="Framework")
    with pghistory.context(user=editor.pk, url="/admin/partnerships/event/1/change/"):
        event.title = "Non-binding MOU signed"
        event.save()
        agreement.title = "Framework agreement"
        agreement.save()
    return [
        reverse("partnerships:event_history", args=[event.slug]),
        reverse("partnerships:agreement_history", args=[agreement.slug]),
    ]


@pytest.mark.parametrize("which", [0, 1], ids=["event", "agreement"])
def test_history_page_hides_editor_names_from_readers(client, edited, which):
    text = text_of(client.get(edited[which]))

    assert "By an editor" in text
    assert "ada" not in text
    assert "/admin/" not in text


@pytest.mark.parametrize("which", [0, 1], ids=["event", "agreement"])
def test_history_page_hides_editor_names_from_logged_in_non_editors(client, edited, which):
    client.force_login(User.objects.create_user("reader", password="x"))

    text = text_of(client.get(edited[which]))

    assert "By an editor" in text
    assert "By ada" not in text


@pytest.mark.parametrize("which", [0, 1], ids=["event", "agreement"])
def test_history_page_names_editors_to_editors(editor_client, edited, which):
    text = text_of(editor_client.get(edited[which]))

    assert "By ada" in text
    assert "from /admin/partnerships/event/1/change/" in text


def test_history_page_names_editors_to_admins(client, edited):
    client.force_login(User.objects.create_superuser("root", password="x"))

    text = text_of(client.get(edited[0]))

    assert "By ada" in text


def test_history_page_hides_a_deleted_editors_number_from_readers(client, edited, editor):
    editor.delete()

    text = text_of(client.get(edited[0]))

    assert "By an editor" in text
    assert "since deleted" not in text
