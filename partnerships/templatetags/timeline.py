"""Template tags of the timeline: lane colours, dates, search highlights, and the two
cached pieces of every timeline page (event cards and filter options)."""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache import cache
from django.template import Context
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from partnerships.dates import Precision, format_date
from partnerships.queries.search import MARK_START, MARK_STOP
from partnerships.queries.timeline import lane_colour, lane_of

register = template.Library()

CACHE_SECONDS = 600
# Everything an event card shows besides the event itself. The card is rendered from
# these alone (an isolated context), and they are all in its cache key, so a card can
# never show something its key does not vary on.
# "in_lane": the lane a card is repeated in (side by side, an event with several
# companies is in each of their lanes; None in its first lane and everywhere else).
CARD_INPUTS = ("lanes", "as_of", "text", "just_saved", "in_lane")


@register.filter
def lane(record) -> str:
    """The CSS class of a company's or partnership's lane colour, the same everywhere."""
    return f"lane-{lane_colour(record)}"


@register.filter
def event_lane(event, lanes: str) -> str:
    """The CSS class of the lane colour an event's card takes: its first lane's."""
    return lane(lane_of(event, lanes))


@register.filter
def card_id(event, in_lane=None) -> str:
    """A card's HTML id: a repeat in another lane gets that lane's suffix, so ids stay
    unique and "#event-<slug>" still finds the card in the event's first lane."""
    return f"event-{event.slug}--in-{in_lane.slug}" if in_lane else f"event-{event.slug}"


@register.filter
def day(value) -> str:
    """A full date through the project's one date formatter: "22 Jul 2019"."""
    return format_date(value, Precision.DAY)


@register.filter
def highlight(text: str) -> SafeString:
    """Escape a search headline, then turn its match markers into <mark>."""
    escaped = escape(text or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


@register.simple_tag(takes_context=True)
def select_options(context, bound_field) -> SafeString:
    """A select's options, built in Python, cached under the timeline stamp.

    Django renders each option through its own template, about a millisecond per
    hundred options, and a model choice field queries its table every time: too
    slow for a filter that lists every company on every page.
    """
    selected = bound_field.value()
    selected = (
        {str(value) for value in selected}
        if isinstance(selected, list)
        else {str(selected) if selected is not None else ""}
    )
    stamp = context.get("timeline_stamp")
    chosen = hashlib.sha256(repr(sorted(selected)).encode()).hexdigest()[:16]
    key = f"select-options:{stamp}:{bound_field.html_name}:{chosen}"
    html = cache.get(key) if stamp else None
    if html is None:
        html = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if str(value) in selected else "", label)
                for value, label in bound_field.field.choices
            ),
        )
        if stamp:
            cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)


def card_inputs(context) -> dict:
    """What a card shows besides its event: the page's CARD_INPUTS and the reader's rights."""
    inputs = {name: context.get(name) for name in CARD_INPUTS}
    perms = context.get("perms")
    app = perms["partnerships"] if perms else None
    inputs["can_change"] = bool(app and app["change_event"])
    inputs["can_delete"] = bool(app and app["delete_event"])
    return inputs


@register.simple_tag(takes_context=True)
def timeline_card(context, event) -> SafeString:
    """An event card, cached when the page knows the timeline stamp.

    The stamp changes with any write to events, their companies, citations,
    agreements, companies or partnerships (migrations 0004 and 0005).
    """
    markup = context.template.engine.get_template("partnerships/_timeline.html#card_markup")
    inputs = card_inputs(context)
    loader = context.get("highlight_loader")
    stamp = context.get("timeline_stamp")
    key = None
    if stamp:
        parts = repr((stamp, event.pk, event.version, sorted(inputs.items())))
        # Hashed: the searched words may hold anything, and keys must stay portable.
        key = "timeline-card:" + hashlib.sha256(parts.encode()).hexdigest()
        html = cache.get(key)
        if html is not None:
            return mark_safe(html)
    if loader:
        loader.load()
    html = markup.render(Context({**inputs, "event": event}, autoescape=context.autoescape))
    if key:
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)
