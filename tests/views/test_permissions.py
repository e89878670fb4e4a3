"""Who may write: every URL whose view is wrapped by ``editor_required``, found in the URLconf.

Readers are sent to log in (htmx: 403 and an HX-Redirect), logged-in users outside the
Editors group are refused and write nothing — the editing forms' helpers (source search,
agreement options) too — and editors get through (partnerships/permissions.py).
"""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from partnerships.models import AgreementHistory, EventHistory
from tests.factories import AgreementFactory, CompanyFactory, EventFactory
from tests.helpers import (
    HX,
    allowed_methods,
    html,
    snapshot,
    write_patterns,
)

pytestmark = pytest.mark.django_db

WRITE_PATTERNS = write_patterns()
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
ACCEPTED = [
    pytest.param(name, method, id=f"{name.split(':')[-1]}-{method}")
    for name, pattern in WRITE_PATTERNS.items()
    for method in allowed_methods(pattern)
]
REFUSED = [
    pytest.param(name, method, id=f"{name.split(':')[-1]}-{method}")
    for name, pattern in WRITE_PATTERNS.items()
    for method in METHODS
    if method not in allowed_methods(pattern)
]
# What a sneaky post might try to save on any of the forms.
SNEAKY = {"name": "Sneaky", "title": "Sneaky", "loaded_version": "1"}


@pytest.fixture
def arguments() -> dict[tuple[str, str], object]:
    """Real values for the write URLs' parameters, by (subject, parameter): the subject is
    the first word of the URL's name ("event" for "event_revert")."""
    agreement = AgreementFactory(title="Original agreement")
    agreement.title = "Corrected agreement"
    agreement.save()
    event = EventFactory(partnership=agreement.partnership, agreement=agreement, title="Original")
    event.title = "Corrected"
    event.save()
    deleted = EventFactory(title="Deleted")
    deleted_id = deleted.pk
    deleted.delete()
    return {
        ("company", "slug"): CompanyFactory().slug,
        ("partnership", "slug"): agreement.partnership.slug,
        ("agreement", "slug"): agreement.slug,
        ("agreement", "history_id"): AgreementHistory.objects.filter(pgh_obj_id=agreement.pk)
        .earliest("pgh_id")
        .pk,
        ("event", "slug"): event.slug,
        ("event", "history_id"): EventHistory.objects.filter(pgh_obj_id=event.pk)
        .earliest("pgh_id")
        .pk,
        ("event", "event_id"): deleted_id,
    }


@pytest.fixture
def url_of(arguments):
    """The URL of a write view by its name, with real slugs and ids."""

    def url_of(name: str) -> str:
        subject = name.split(":")[-1].split("_")[0]
        parameters = WRITE_PATTERNS[name].pattern.converters
        missing = [p for p in parameters if (subject, p) not in arguments]
        assert not missing, f"give a real value for {name}'s {missing} in arguments()"
        return reverse(name, kwargs={p: arguments[subject, p] for p in parameters})

    return url_of


def send(client, method: str, url: str, **kwargs):
    data = SNEAKY if method == "POST" else None
    return getattr(client, method.lower())(url, data, **kwargs)


def test_write_urls_are_discovered_from_the_urlconf():
    names = set(WRITE_PATTERNS)

    assert names >= {
        "partnerships:event_add",
        "partnerships:event_edit",
        "partnerships:event_delete",
        "partnerships:company_add",
        "partnerships:company_edit",
        "partnerships:partnership_add",
        "partnerships:partnership_edit",
        "partnerships:agreement_add",
        "partnerships:agreement_edit",
        "partnerships:event_revert",
        "partnerships:agreement_revert",
        "partnerships:event_restore",
        "partnerships:deleted_events",
        "partnerships:source_search",
        "partnerships:event_agreement_options",
    }
    assert names.isdisjoint(
        {"partnerships:timeline", "partnerships:event", "partnerships:event_card"}
    )


@pytest.mark.parametrize(("name", "method"), ACCEPTED)
def test_write_urls_send_anonymous_readers_to_log_in(client, url_of, name, method):
    url = url_of(name)
    before = snapshot()

    response = send(client, method, url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert snapshot() == before


@pytest.mark.parametrize(("name", "method"), ACCEPTED)
def test_write_urls_answer_anonymous_htmx_403_with_a_redirect(client, url_of, name, method):
    url = url_of(name)
    before = snapshot()

    response = send(client, method, url, headers=HX)

    assert response.status_code == 403
    assert response["HX-Redirect"] == f"/accounts/login/?next={url}"
    assert snapshot() == before


@pytest.mark.parametrize(("name", "method"), ACCEPTED)
def test_write_urls_refuse_users_who_are_not_editors(client, url_of, name, method):
    url = url_of(name)
    client.force_login(User.objects.create_user("reader", password="unused-password-1"))
    before = snapshot()

    response = send(client, method, url)

    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(("name", "method"), ACCEPTED)
def test_write_urls_let_editors_in(editor_client, url_of, name, method):
    url = url_of(name)

    response = send(editor_client, method, url)

    assert response.status_code != 403
    assert not response.get("Location", "").startswith("/accounts/login/")
    if method == "GET":
        assert response.status_code == 200


@pytest.mark.parametrize(("name", "method"), REFUSED)
def test_write_urls_answer_other_methods_405(editor_client, url_of, name, method):
    response = send(editor_client, method, url_of(name))

    assert response.status_code == 405


@pytest.mark.parametrize(
    ("record", "edit_name", "also_shown"),
    [
        ("company", "company_edit", []),
        ("partnership", "partnership_edit", ["/agreements/add/?partnership={slug}"]),
        ("agreement", "agreement_edit", []),
    ],
)
def test_edit_links_shown_to_editors_only(editor_client, record, edit_name, also_shown):
    agreement = AgreementFactory()
    shown_on = {
        "company": agreement.partnership.companies.first(),
        "partnership": agreement.partnership,
        "agreement": agreement,
    }[record]
    edit_url = reverse(f"partnerships:{edit_name}", args=[shown_on.slug])

    shown = html(editor_client.get(shown_on.get_absolute_url()))
    editor_client.logout()
    hidden = html(editor_client.get(shown_on.get_absolute_url()))

    assert f'href="{edit_url}"' in shown
    for link in also_shown:
        assert link.format(slug=shown_on.slug) in shown
    assert edit_url not in hidden
