from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from partnerships.timeline import lane_colour

register = template.Library()


@register.filter
def lane(slug: str) -> str:
    """The CSS class of a lane's colour: the same slug gets the same colour everywhere."""
    return f"lane-{lane_colour(slug or '')}"


@register.filter
def highlight(text: str) -> SafeString:
    """Escape a search headline, then turn its match markers into <mark>.

    PostgreSQL returns the raw stored text, so the markers are control characters
    that cannot be typed, and everything else is escaped before they become tags.
    """
    escaped = escape(text or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


MARK_START, MARK_STOP = "\x01", "\x02"


@register.simple_tag
def select_options(bound_field) -> SafeString:
    """A select's options, built in Python.

    Django renders each option through its own template, which costs about a
    millisecond per hundred options: too slow for a filter listing every company.
    """
    selected = bound_field.value()
    selected = (
        {str(value) for value in selected}
        if isinstance(selected, list)
        else {str(selected) if selected is not None else ""}
    )
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) in selected else "", label)
            for value, label in bound_field.field.choices
        ),
    )
