"""Finding a source to cite: what the search box beside a source <select> fetches."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from partnerships.forms.sources import source_label
from partnerships.permissions import editor_required
from partnerships.queries.sources import search_sources
from partnerships.views.htmx import HtmxHttpRequest


@require_safe
@editor_required()
def source_search(request: HtmxHttpRequest) -> HttpResponse:
    """Sources whose title, publisher or author contains ``q``, as <option>s for a source
    <select>."""
    empty = request.GET.get("empty", "Choose a source")[:40]
    options = [
        ("", empty),
        *((s.pk, source_label(s)) for s in search_sources(request.GET.get("q", ""))),
    ]
    return render(
        request, "partnerships/event_form.html#options", {"options": options, "selected": ""}
    )
