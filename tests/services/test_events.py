"""Writing events through the service, as the shell, an importer or a view calls it."""

import pytest

from partnerships.models import Event, StaleVersionError
from partnerships.services.events import delete_event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("loaded_version", [None, 1])
def test_delete_event_refuses_a_missing_or_stale_loaded_version(loaded_version):
    event = EventFactory()
    event.title = "Changed meanwhile"
    event.save()  # version 2

    with pytest.raises(StaleVersionError):
        delete_event(event=event, loaded_version=loaded_version)

    assert Event.objects.filter(pk=event.pk).exists()


def test_delete_event_with_the_current_version_deletes_it():
    event = EventFactory()

    delete_event(event=event, loaded_version=event.version)

    assert not Event.objects.filter(pk=event.pk).exists()
