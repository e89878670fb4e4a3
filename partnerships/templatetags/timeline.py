import hashlib

from django import template
from django.core.cache import cache
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from partnerships.dates import Precision, format_date
from partnerships.queries.timeline import lane_colour

register = template.Library()


@register.filter
def lane(slug: str) -> str:
    """The CSS class of a lane's colour: the same slug gets the same colour everywhere."""
    return f"lane-{lane_colour(slug or '')}"


@register.filter
def day(value) -> str:
    """A full date through the project's one date formatter: "22 Jul 2019"."""
    return format_date(value, Precision.DAY)


@register.filter
def highlight(text: str) -> SafeString:
    """Escape a search headline, then turn its match markers into <mark>.

    PostgreSQL returns the raw stored text, so the markers are control characters
    that cannot be typed, and everything else is escaped before they become tags.
    """
    escaped = escape(text or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


MARK_START, MARK_STOP = "\x01", "\x02"


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
            cache.set(key, html, CARD_CACHE_SECONDS)
    return mark_safe(html)


CARD_CACHE_SECONDS = 600


@register.simple_tag(takes_context=True)
def timeline_card(context, event) -> SafeString:
    """An event card, cached when the page knows the timeline stamp.

    The stamp changes with any write to events, their companies, citations,
    agreements, companies or partnerships (migration 0005), and the key also
    holds everything else the card shows: lanes, the reader's rights, as-of.
    Search highlights depend on the words searched, so those are in the key too.
    """
    markup = context.template.engine.get_template("partnerships/_timeline.html#card_markup")
    stamp = context.get("timeline_stamp")
    loader = context.get("highlight_loader")
    if not stamp:
        if loader:
            loader.load()
        with context.push(event=event):
            return mark_safe(markup.render(context))
    perms = context.get("perms")
    rights = (
        (perms["partnerships"]["change_event"], perms["partnerships"]["delete_event"])
        if perms
        else (False, False)
    )
    parts = ":".join(
        str(part)
        for part in (
            "timeline-card",
            stamp,
            event.pk,
            event.version,
            context.get("lanes"),
            context.get("as_of"),
            context.get("text"),
            *rights,
            context.get("just_saved") == event.pk,
        )
    )
    # Hashed: the searched words may hold anything, and keys must stay portable.
    key = "timeline-card:" + hashlib.sha256(parts.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        if loader:
            loader.load()
        with context.push(event=event):
            html = markup.render(context)
        cache.set(key, html, CARD_CACHE_SECONDS)
    return mark_safe(html)
