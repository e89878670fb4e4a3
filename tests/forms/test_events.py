"""The event form and its rows, validated as the views use them."""

import pytest
from django.http import QueryDict

from partnerships.forms.events import EventForm
from partnerships.forms.fields import as_posted
from partnerships.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def posted(form, **changes) -> QueryDict:
    """What an unbound form would post as it was rendered, with some fields changed."""
    data = QueryDict(mutable=True)
    for name, field in form.fields.items():
        value = as_posted(field, form[name].initial)
        data.setlist(form.add_prefix(name), value if isinstance(value, list) else [value])
    for name, value in changes.items():
        data[form.add_prefix(name)] = value
    return data


def test_event_form_opened_before_a_bulk_update_gets_the_conflict_view():
    event = EventFactory(title="Original")
    opened = EventForm(instance=event)
    Event.objects.filter(pk=event.pk).update(summary="Changed in bulk")

    form = EventForm(posted(opened, title="Mine"), instance=Event.objects.get(pk=event.pk))

    assert not form.is_valid()
    assert form.has_conflict
    assert Event.objects.get(pk=event.pk).title == "Original"
