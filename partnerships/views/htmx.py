"""What every view needs from a request: its htmx details, the fragment it asked for,
and records named in it (by slug or by id) without trusting what was typed.

One decision, one place: a request gets a template partial instead of the whole page
when htmx sent it, except a boosted navigation or a history restore, which both
want a whole page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import SuspiciousOperation
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from partnerships.forms.fields import parse_id

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")


class HtmxHttpRequest(HttpRequest):
    """A request after django-htmx's middleware: for type hints in views."""

    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest) -> bool:
    """Whether to answer with a partial: htmx swaps it into the page it is on."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_screen(
    request: HtmxHttpRequest, template: str, context: dict, *, fragment: str
) -> HttpResponse:
    """The whole page, or for htmx its named partial ``fragment``."""
    if wants_fragment(request):
        template = f"{template}#{fragment}"
    return render(request, template, context)


def navigate(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """Go to ``url``: a redirect, or for htmx a full navigation (not a swap of that page)."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def by_slug[M: Model](model: type[M], slug: str | None) -> M | None:
    """The record with this slug, or None for anything that is not one."""
    if not slug or not SLUG.match(slug):
        return None
    return model._default_manager.filter(slug=slug).first()


def by_pk[M: Model](model: type[M], value: str | int | None) -> M | None:
    """The record with this id, or None for anything that could not be an id."""
    pk = parse_id(value)
    if pk is None:
        return None
    return model._default_manager.filter(pk=pk).first()


def current_page(request: HtmxHttpRequest) -> tuple[str | None, dict, QueryDict]:
    """The page htmx was on (HX-Current-URL): its URL name in this app, kwargs and query.

    The header is whatever the client sent; anything that does not parse as a page of
    this app (``http://[::1``, a path of another site, ten thousand parameters) is no
    page at all, never an error: a save path reads it after writing.
    """
    nowhere = None, {}, QueryDict()
    if not request.htmx:
        return nowhere
    try:
        path = request.htmx.current_url_abs_path
        if not path:
            return nowhere
        parts = urlsplit(path)
        match = resolve(parts.path)
        query = QueryDict(parts.query)
    except (ValueError, Resolver404, SuspiciousOperation):
        return nowhere
    if match.namespace != "partnerships":
        return nowhere
    return match.url_name, match.kwargs, query
