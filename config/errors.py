"""What a visitor gets when a request cannot be answered the normal way.

Django turns every exception raised in a view, a template or a middleware into a call of
the project's error handlers (``handler400`` and ``handler500`` in ``config/urls.py``),
wherever in the middleware stack it was raised. These handlers therefore see every
failure, and they are written so that they cannot fail themselves:

- they never read the request body (Django's own handlers do, to check the CSRF token,
  and a body that could not be read is often why we are here: a form sent as latin-1
  raises ``BadRequest`` again inside the handler, and the visitor gets a 500);
- they never touch the database, the session or the user, and their templates are
  plain HTML rendered without a request, so they work while PostgreSQL is down.

While the database is unavailable every request answers 503 with ``Retry-After``;
``OneLineLogs`` (see ``LOGGING``) logs each such failure as one line, without the
traceback that would repeat for every request. Nothing is kept between requests: with
``CONN_HEALTH_CHECKS`` the first request after the database is back gets a new
connection and a normal answer.
"""

from __future__ import annotations

import logging
import sys

from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

# Seconds a client (a browser, a monitor, a crawler) is asked to wait while the database
# is down; a restart takes a few seconds.
RETRY_AFTER_SECONDS = 30

# If a template fails to render, still answer with something readable.
FALLBACK = (
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>{title}</title>'
    "<h1>{title}</h1><p>{text}</p></html>"
)
PAGES = {
    400: ("Bad request", "This request could not be read."),
    500: ("Server error", "Something went wrong on our side."),
    503: ("Temporarily unavailable", "Please try again in a minute."),
}


def database_unavailable(error: BaseException | None) -> BaseException | None:
    """The database error behind ``error`` (itself, or what it was raised from or
    during) when it means the database cannot be reached or the connection broke."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, (OperationalError, InterfaceError)):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def plain_page(status: int) -> HttpResponse:
    """``templates/<status>.html``: no request, no context processors, no database."""
    try:
        content = render_to_string(f"{status}.html", {"retry_after": RETRY_AFTER_SECONDS})
    except Exception:  # an error page must not fail: fall back to a fixed one
        title, text = PAGES[status]
        content = FALLBACK.format(title=title, text=text)
    return HttpResponse(content, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: a request Django could not read (a form not in UTF-8, a disallowed host...)."""
    return plain_page(400)


class FormEncodingMiddleware:
    """A form not sent as UTF-8 answers 400 before anything reads it.

    Django refuses an ``application/x-www-form-urlencoded`` body whose Content-Type names
    another charset (``latin-1``, ``iso-8859-1``, even ``UTF8``) by raising ``BadRequest``
    from ``request.POST``, wherever that is first read: the CSRF check, the 404
    handler's CSRF check, a view. Answered here, the page is the plain 400 without an
    exception, and it still goes out through the other middleware (security headers).
    Listed after everything that runs before the view but reads no form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method == "POST"
            and request.content_type == "application/x-www-form-urlencoded"
            and request.encoding is not None
            and request.encoding.lower() != "utf-8"
        ):
            return plain_page(400)
        return self.get_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or what the exception being handled really means.

    Django calls this for any exception that escapes a view or a middleware, and also
    when another error handler (``handler404``'s CSRF check, say) raised while reading a
    body it cannot read; ``sys.exc_info()`` is that exception.
    """
    error = sys.exc_info()[1]
    if isinstance(error, BadRequest):
        return plain_page(400)
    if database_unavailable(error):
        response = plain_page(503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
    return plain_page(500)


class OneLineLogs(logging.Filter):
    """On ``django.request``: one line, no traceback, for failures that are not bugs.

    - the database is unavailable: "Service Unavailable: /path (database unavailable:
      <the error's first line>)", once per request however long the outage lasts;
    - a client error (4xx, e.g. a form not sent as UTF-8): Django's own line, without
      the traceback of the exception that caused it.
    Every other record (a 500: a bug) keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None:
            return True
        if cause := database_unavailable(error):
            first_line = (str(cause).strip().splitlines() or [""])[0]
            reason = f"{type(cause).__name__}: {first_line}"
            record.msg = f"{record.msg} (database unavailable: %s)"
            record.args = (*(record.args or ()), reason.encode("unicode_escape").decode())
        elif getattr(record, "status_code", 500) >= 500:
            return True
        record.exc_info = None
        record.exc_text = None
        return True
