"""Helpers shared by the tests: reading pages as a browser would, counting queries, users.

One copy of each: the form reader, the page-text helpers, the query counter and the
discovery of the URLs only editors may use.
"""

from __future__ import annotations

import inspect
import re
from html.parser import HTMLParser

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from partnerships.models import Event, Partnership
from partnerships.permissions import EDITOR_GROUP, editor_required
from partnerships.queries.history import Change
from tests.factories import (
    AgreementFactory,
    EventCitationFactory,
    EventFactory,
    QuoteFactory,
    SourceFactory,
)

HX = {"HX-Request": "true"}
# An htmx request for the timeline's results (the filter form's target).
HX_RESULTS = {**HX, "HX-Target": "timeline-results"}
EDITOR_PASSWORD = "correct horse battery staple"
TOO_FEW_PARTIES = "A partnership needs at least two distinct companies as parties."

# The demo data's Microsoft–OpenAI MOU, its definitive agreement and the MOU's signing.
MOU = "microsoft-openai-2025-mou"
DEFINITIVE = "microsoft-openai-2025-definitive-agreement"
MOU_EVENT = "2025-09-11-microsoft-openai-sign-mou"


# --- users -----------------------------------------------------------------------------------


def make_editor(username: str, *, password: str = EDITOR_PASSWORD) -> User:
    """A user in the "Editors" group (created by a migration)."""
    user = User.objects.create_user(username, password=password)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


# --- data ----------------------------------------------------------------------------------


def event_with_everything(partnership: Partnership, **fields) -> Event:
    """A major event with all a card or a page shows: an agreement, the partnership's
    companies, a cited source and a quote by one of them from another source."""
    companies = list(partnership.companies.all())
    event = EventFactory(
        partnership=partnership,
        agreement=AgreementFactory(partnership=partnership, kind="mou"),
        significance=3,
        **fields,
    )
    event.companies.set(companies)
    EventCitationFactory(event=event)
    QuoteFactory(event=event, company=companies[0], source=SourceFactory())
    return event


# --- reading pages ---------------------------------------------------------------------------


def html(response) -> str:
    return response.content.decode()


def text_of(response) -> str:
    """The page's text without tags, runs of white space as one space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html(response)))


def field_error(response, name: str) -> str:
    """The message shown next to a field (ids are "<form>_<name>")."""
    match = re.search(rf'id="[a-z0-9_]+_{re.escape(name)}_error">(.*?)</p>', html(response), re.S)
    return match[1] if match else ""


def error_summary(response) -> str:
    """The error summary at the top of a form, as HTML ("" when there is none)."""
    match = re.search(r'<div class="error-summary".*?</div>', html(response), re.S)
    return match[0] if match else ""


class FormReader(HTMLParser):
    """What a browser would submit from the first form that posts (except the log-in and
    log-out forms, whose action starts with /accounts/), without pressing any button."""

    SKIPPED_INPUTS = frozenset({"submit", "button", "search", "reset", "image", "file"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: list[tuple[str, str]] = []
        self.in_form = False
        self.done = False
        # The open <select>: its name, whether it is multiple, and its options so far
        # as (value, selected); the open <option>: its value attribute, selected, text.
        self.select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self.option: tuple[str | None, bool, list[str]] | None = None
        self.textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if (
            tag == "form"
            and attrs.get("method", "").lower() == "post"
            and not (attrs.get("action") or "").startswith("/accounts/")
        ):
            self.in_form = True
            return
        if not self.in_form:
            return
        if tag in ("option", "optgroup") or (tag == "select" and self.select):
            self._end_option()
        if tag == "option" and self.select:
            self.option = (attrs.get("value"), "selected" in attrs, [])
            return
        name = attrs.get("name")
        if not name or "disabled" in attrs:
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            value = attrs.get("value")
            if kind in self.SKIPPED_INPUTS:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, "on" if value is None else value))
                return
            self.data.append((name, value or ""))
        elif tag == "select":
            self.select = (name, "multiple" in attrs, [])
        elif tag == "textarea":
            self.textarea = (name, [])

    def handle_data(self, data):
        if self.option:
            self.option[2].append(data)
        elif self.textarea:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if not self.in_form:
            return
        if tag in ("option", "optgroup"):
            self._end_option()
        elif tag == "select" and self.select:
            self._end_option()
            self._post_select()
        elif tag == "textarea" and self.textarea:
            name, parts = self.textarea
            # Browsers drop the newline that follows <textarea>.
            self.data.append((name, "".join(parts).removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.in_form, self.done = False, True

    def _end_option(self):
        if self.option and self.select:
            value, selected, text = self.option
            if value is None:  # an option without a value posts its text
                value = " ".join("".join(text).split())
            self.select[2].append((value, selected))
        self.option = None

    def _post_select(self):
        name, multiple, options = self.select
        chosen = [value for value, selected in options if selected]
        if multiple:
            self.data.extend((name, value) for value in chosen)
        elif chosen:
            self.data.append((name, chosen[-1]))  # of several, the last "selected" wins
        elif options:
            self.data.append((name, options[0][0]))  # none chosen: the first is shown
        self.select = None


def form_data(response, **changes: str | list[str]) -> dict[str, list[str]]:
    """The form in a response as a browser would post it, with some fields changed.

    Every value is a list (a field may be posted several times); a change may be given
    as a string or a list.
    """
    reader = FormReader()
    reader.feed(html(response))
    reader.close()
    data: dict[str, list[str]] = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = value if isinstance(value, list) else [value]
    return data


def management(prefix: str, rows: list[dict], initial: int = 0) -> dict[str, str]:
    """A formset's management form and rows, as posted."""
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


def field_change(change: Change, label: str) -> tuple[str, str]:
    """One field's (before, after) in a change read from history."""
    found = {item.label: (item.before, item.after) for item in change.fields}
    return found[label]


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every partnerships table, M2M tables included, in primary-key order."""
    config = apps.get_app_config("partnerships")
    return {
        model._meta.db_table: list(model._default_manager.order_by("pk").values_list())
        for model in config.get_models(include_auto_created=True)
    }


# --- queries ---------------------------------------------------------------------------------


def count_queries(client, url: str, *, headers: dict | None = None) -> int:
    """How many queries a GET of ``url`` makes; the page must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, url
    return len(queries)


# --- the URLs only editors may use -----------------------------------------------------------

_EDITOR_REQUIRED_CODE = editor_required()(lambda request: None).__code__
_HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _view_chain(view):
    """The view and every function it wraps (decorators keep ``__wrapped__``)."""
    while view is not None:
        yield view
        view = getattr(view, "__wrapped__", None)


def _patterns(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def write_patterns() -> dict[str, URLPattern]:
    """Every URL whose view is wrapped by ``editor_required``, by its namespaced name."""
    return {
        name: pattern
        for name, pattern in _patterns(get_resolver())
        if any(
            getattr(view, "__code__", None) is _EDITOR_REQUIRED_CODE
            for view in _view_chain(pattern.callback)
        )
    }


def allowed_methods(pattern: URLPattern) -> tuple[str, ...]:
    """The HTTP methods a view accepts, read from its ``require_http_methods`` decorators."""
    allowed = set(_HTTP_METHODS)
    for view in _view_chain(pattern.callback):
        if not hasattr(view, "__code__"):
            continue
        methods = inspect.getclosurevars(view).nonlocals.get("request_method_list")
        if methods is not None:
            allowed &= set(methods)
    return tuple(method for method in _HTTP_METHODS if method in allowed)
