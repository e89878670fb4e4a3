"""What the editors' record screens share: showing a form group, adding a row, saving
through a service, and going back where the editor came from.

Plain POST forms that work without JavaScript. "Add another …" buttons post the page
(name="add_row") and get it back as typed with one more blank row, judged only on Save.
A stale form is refused and shows their version beside yours; saving again applies
yours. ``?next=<path>`` sends the editor back where they came from, with
``created_<record>=<slug>`` appended when a record was added.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db.models import Model
from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from partnerships.forms.base import add_row
from partnerships.forms.groups import FormGroup, reload, save_or_conflict
from partnerships.views.htmx import HtmxHttpRequest, navigate, render_screen

# A form page is posted whole, so one decorator serves showing and saving it.
form_page = require_http_methods(["GET", "POST"])


def record_screen(
    request: HtmxHttpRequest,
    record: Model,
    *,
    build: Callable[..., FormGroup],
    save: Callable[..., Model],
    template: str,
    created_param: str,
    context: dict | None = None,
    cancel_url: str = "",
) -> HttpResponse:
    """Show, reshow with one more row, or save a record's form group.

    ``build(data, record, reshow=False)`` makes the group; ``save(**changes, user=…)``
    is the service that writes it.
    """
    data = request.POST if request.method == "POST" else None
    adding = record.pk is None
    if data is not None and "add_row" in data:
        prefix = data["add_row"]
        group = build(add_row(data, prefix), record, reshow=True)
        group.focus_last_row(prefix)
    elif data is not None:
        group, saved = save_or_conflict(
            build(data, record),
            save=lambda group: save(**group.changes(), user=request.user),
            rebuild=lambda: build(data, reload(record)),
        )
        if saved is not None:
            return after_save(request, saved, added=adding, param=created_param)
    else:
        group = build(None, record)
    back = next_url(request)
    context = {
        **(context or {}),
        "group": group,
        "form": group.form,
        "adding": adding,
        # As saved: the form may have changed the instance.
        "name": str(record) if record.pk else "",
        "next": back,
        "cancel_url": back or cancel_url or _record_url(record),
    }
    return render_screen(request, template, context, fragment="record-form")


def _record_url(record: Model) -> str:
    return record.get_absolute_url() if record.pk else reverse("partnerships:timeline")


def after_save(request: HtmxHttpRequest, record: Model, *, added: bool, param: str):
    """Back to ``next`` (saying what was added), else to the record's own page."""
    back = next_url(request)
    if back:
        target = with_query(back, param, record.slug) if added else back
    else:
        target = record.get_absolute_url()
    return navigate(request, target)


def next_url(request: HtmxHttpRequest) -> str:
    """A path on this site to return to; anything else (another host, a scheme) is ignored."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts=None)
    ):
        return candidate
    return ""


def with_query(url: str, key: str, value: str) -> str:
    """``url`` with ``key=value`` set in its query string."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    return urlunsplit(parts._replace(query=urlencode([*query, (key, value)])))
