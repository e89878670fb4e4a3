"""Reader-facing pages: the timeline, and event, agreement, company and partnership pages.

One template per screen; htmx requests get a named partial of it. Every htmx
control is also a plain link or GET form, so all of this works without JavaScript.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from partnerships.dates import DateError, parse_optional_end, parse_partial_date, period_param
from partnerships.models import Agreement, AgreementTerm, Company, Event, Partnership, Quote
from partnerships.queries import agreements as queries
from partnerships.queries.asof import mark_as_of, mark_event_agreements_as_of
from partnerships.queries.timeline import (
    DEFAULT_ZOOM,
    ZOOMS,
    EventFilter,
    HighlightLoader,
    Key,
    Lane,
    canonical_query,
    cluster_events,
    overview,
    relevance_results,
    timeline_stamp,
    timeline_window,
    with_param,
)
from partnerships.views.htmx import HtmxHttpRequest, wants_fragment

LANES = {"partnership": "Partnership", "company": "Company"}
LAYOUTS = {"list": "One list", "lanes": "Side by side"}
POSITION_PARAMS = ("after", "before", "at")


def _timeline_state(request, *, scope: dict[str, str] | None = None) -> dict:
    """Everything the timeline shows, from the GET parameters (plus a page's fixed scope)."""
    params = request.GET.copy()
    for key, value in (scope or {}).items():
        params[key] = value
    event_filter = EventFilter(params, queryset=Event.objects.all())
    zoom = ZOOMS.get(params.get("zoom", ""), ZOOMS[DEFAULT_ZOOM])
    lanes = params.get("lanes") if params.get("lanes") in LANES else "partnership"
    layout = params.get("layout") if params.get("layout") in LAYOUTS else "list"
    text = params.get("q", "").strip()
    relevance = bool(text) and params.get("sort") == "relevance"

    events = event_filter.qs if event_filter.is_valid() else Event.objects.none()

    at = None
    if params.get("at"):
        try:
            at = parse_partial_date(params["at"])
        except DateError:
            at = None

    window = results = None
    if relevance:
        results = relevance_results(events, text)
    else:
        window = timeline_window(
            events,
            zoom=zoom,
            after=Key.parse(params.get("after")),
            before=Key.parse(params.get("before")),
            at=at,
        )
    stamp = timeline_stamp()
    overview_period, bars = overview(
        event_filter.qs if event_filter.is_valid() else events, stamp=stamp
    )
    total = sum(bar.count for bar in bars)
    as_of = event_filter.form.cleaned_data.get("as_of") if event_filter.is_valid() else None
    if as_of:
        mark_event_agreements_as_of(results if relevance else _window_events(window), as_of)

    base = {key: None for key in POSITION_PARAMS}
    state_params = request.GET.copy()
    _link_window(window, state_params, zoom, scope or {})
    if layout == "lanes":
        _group_into_lanes(window, lanes)
    # One encoded base for every bar; each adds its own position.
    bars_base = canonical_query(state_params, sort=None, **base)
    for bar in bars:
        bar.link = with_param(bars_base, "at", bar.param)
    direction = "earlier" if params.get("before") else "later" if params.get("after") else None
    on_page = results or [
        item
        for group in (window.groups if window else [])
        for item in group.items
        if not getattr(item, "is_cluster", False)
    ]
    return {
        "highlight_loader": HighlightLoader(on_page, text) if text else None,
        "timeline_stamp": stamp,
        "direction": direction,
        "lanes_legend": _lanes_legend(window, results, lanes),
        "layout": layout,
        "layout_options": [
            (name, label, canonical_query(state_params, layout=name if name != "list" else None))
            for name, label in LAYOUTS.items()
        ],
        "filter": event_filter,
        "form": event_filter.form,
        "zoom": zoom,
        "zooms": [
            (name, item.label, canonical_query(state_params, zoom=name, **base))
            for name, item in ZOOMS.items()
        ],
        "lanes": lanes,
        "lane_options": [
            (name, label, canonical_query(state_params, lanes=name))
            for name, label in LANES.items()
        ],
        "text": text,
        "relevance": relevance,
        "sort_links": {
            "timeline": canonical_query(state_params, sort=None, **base),
            "relevance": canonical_query(state_params, sort="relevance", **base),
        },
        "window": window,
        "results": results,
        "overview_period": overview_period,
        "bars": bars,
        "total": total,
        "params": state_params,
        "query": canonical_query(state_params),
        "earlier_query": window
        and window.earlier
        and canonical_query(state_params, before=str(window.earlier), after=None, at=None),
        "later_query": window
        and window.later
        and canonical_query(state_params, after=str(window.later), before=None, at=None),
        "clear_query": canonical_query(
            state_params,
            **{name: None for name in [*event_filter.form.fields, "from", "to", *POSITION_PARAMS]},
        ),
        "filtered": any(
            request.GET.get(name) for name in [*event_filter.form.fields, "from", "to"]
        ),
        "cluster_base": canonical_query(state_params, **base),
        "as_of": as_of,
        "show_today_query": canonical_query(state_params, as_of=None, **base),
    }


def _window_events(window) -> list[Event]:
    if window is None:
        return []
    return [
        item
        for group in window.groups
        for item in group.items
        if not getattr(item, "is_cluster", False)
    ]


def _render_timeline(request: HtmxHttpRequest, page: str, context: dict) -> HttpResponse:
    """The whole page, or for htmx the part it asked for: one window, or all results."""
    if not wants_fragment(request):
        return render(request, page, context)
    if (request.htmx.target or "").startswith("window-"):
        return render(request, "partnerships/_timeline.html#window", context)
    response = render(request, "partnerships/_timeline.html#results", context)
    return push_url(response, request.path + context["query"])


def _link_window(window, params, zoom, scope) -> None:
    """Give the window's period headings and clusters their zoom-in and expand links."""
    if window is None:
        return
    position = {key: None for key in POSITION_PARAMS}
    for group in window.groups:
        if zoom.finer:
            bound = period_param(group.start, group.period)
            group.zoom_query = canonical_query(
                params, zoom=zoom.finer, **position, **{"from": bound, "to": bound}
            )
        for item in group.items:
            if getattr(item, "is_cluster", False):
                item.expand_query = canonical_query(
                    params,
                    zoom=zoom.finer or zoom.name,
                    **{**position, "at": item.start.isoformat()},
                )
                fragment = params.copy()
                fragment.update(scope)
                item.fragment_url = reverse("partnerships:cluster") + canonical_query(
                    fragment,
                    zoom=zoom.name,
                    period=item.start.isoformat(),
                    after=str(item.after) if item.after else None,
                    through=str(item.through) if item.through else None,
                    before=None,
                    at=None,
                )


def _group_into_lanes(window, lanes: str) -> None:
    """Within each period, the events lane by lane (each in date order), for the
    side-by-side layout. An event sits in one lane: its partnership, or its first company."""
    if window is None:
        return
    for group in window.groups:
        by_lane: dict[str, Lane] = {}
        for item in group.items:
            if getattr(item, "is_cluster", False):
                group.clusters.append(item)
                continue
            if lanes == "company":
                companies = item.companies.all()
                record = companies[0] if companies else item.partnership
            else:
                record = item.partnership
            by_lane.setdefault(record.slug, Lane(record.name, record.slug)).events.append(item)
        group.lanes = list(by_lane.values())


def _lanes_legend(window, results, lanes: str) -> list[tuple[str, str, str]]:
    """The lanes present on screen, each with its colour and a link to its page."""
    events = results or [
        item
        for group in (window.groups if window else [])
        for item in group.items
        if not getattr(item, "is_cluster", False)
    ]
    lanes_seen = {}
    for event in events:
        records = event.companies.all() if lanes == "company" else [event.partnership]
        for record in records:
            lanes_seen.setdefault(record.slug, record)
    # URLs only for the lanes shown, not once per event.
    seen = {
        slug: (record.name, slug, record.get_absolute_url()) for slug, record in lanes_seen.items()
    }
    return sorted(seen.values())


@require_GET
@vary_on_headers("HX-Request")
def timeline(request: HtmxHttpRequest) -> HttpResponse:
    return _render_timeline(request, "partnerships/timeline.html", _timeline_state(request))


@require_GET
@vary_on_headers("HX-Request")
def timeline_cluster(request: HtmxHttpRequest) -> HttpResponse:
    """The hidden events of one cluster; without htmx, the timeline zoomed in there."""
    event_filter = EventFilter(request.GET, queryset=Event.objects.all())
    zoom = ZOOMS.get(request.GET.get("zoom", ""), ZOOMS[DEFAULT_ZOOM])
    try:
        period_start = parse_partial_date(request.GET.get("period", ""))
    except DateError:
        return HttpResponse("Unknown period.", status=400, content_type="text/plain")
    events = event_filter.qs if event_filter.is_valid() else Event.objects.none()
    found = cluster_events(
        events,
        zoom=zoom,
        start=period_start,
        after=Key.parse(request.GET.get("after")),
        through=Key.parse(request.GET.get("through")),
    )
    as_of = event_filter.form.cleaned_data.get("as_of") if event_filter.is_valid() else None
    if as_of:
        mark_event_agreements_as_of(found, as_of)
    context = {"events": found, "lanes": request.GET.get("lanes", "partnership")}
    return render(request, "partnerships/cluster.html", context)


@require_GET
def event_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.select_related("partnership", "agreement").prefetch_related(
            "companies",
            Prefetch("citations__source"),
            Prefetch("quotes", queryset=Quote.objects.select_related("company", "source")),
        ),
        slug=slug,
    )
    chain, links = queries.agreement_chain(event.agreement) if event.agreement else ([], [])
    previous, following = queries.neighbours(event)
    return render(
        request,
        "partnerships/event.html",
        {"event": event, "chain": chain, "links": links, "previous": previous, "next": following},
    )


@require_GET
def agreement_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(
        Agreement.objects.select_related("partnership").prefetch_related(
            Prefetch("terms", queryset=AgreementTerm.objects.prefetch_related("citations__source")),
            "citations__source",
            "partnership__parties__company",
        ),
        slug=slug,
    )
    chain, links = queries.agreement_chain(agreement)
    events = agreement.events.for_cards().order_by("date", "id")
    try:
        as_of, as_of_error = parse_optional_end(request.GET.get("as_of")), ""
    except DateError as error:
        as_of, as_of_error = None, str(error)
    if as_of:
        # As it stood then: the statuses of that date, and no agreement that came later.
        mark_as_of([agreement, *chain], as_of, links)
        existing = {item.pk for item in chain if item.as_of_status is not None} | {agreement.pk}
        chain = [item for item in chain if item.pk in existing]
        links = [
            link
            for link in links
            if link.from_agreement_id in existing and link.to_agreement_id in existing
        ]
        events = events.filter(date__lte=as_of)
    return render(
        request,
        "partnerships/agreement.html",
        {
            "agreement": agreement,
            "chain": chain,
            "links": links,
            "comparisons": queries.comparisons(agreement, links),
            "events": events,
            "as_of": as_of,
            "as_of_error": as_of_error,
            "as_of_text": request.GET.get("as_of", ""),
        },
    )


@require_GET
@vary_on_headers("HX-Request")
def company_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company, slug=slug)
    parties = company.parties.select_related("partnership").prefetch_related(
        "partnership__parties__company"
    )
    context = _timeline_state(request, scope={"company": company.slug})
    context.update(company=company, parties=parties, scoped=True)
    return _render_timeline(request, "partnerships/company.html", context)


@require_GET
@vary_on_headers("HX-Request")
def partnership_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(
        Partnership.objects.prefetch_related("parties__company", "agreements"), slug=slug
    )
    context = _timeline_state(request, scope={"partnership": partnership.slug})
    context.update(partnership=partnership, scoped=True)
    return _render_timeline(request, "partnerships/partnership.html", context)
