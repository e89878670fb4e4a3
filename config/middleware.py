"""Project-wide HTTP behaviour that belongs to no view."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


class HeadWithoutBodyMiddleware:
    """A HEAD answers with GET's headers (Content-Length included) and no body.

    Views answer HEAD as they answer GET (``require_safe``), body and all; Django's
    test client and runserver drop that body, but under gunicorn it reaches the WSGI
    server, which drops it too and logs a warning for every HEAD an uptime monitor
    sends. First in MIDDLEWARE, so it empties the body after every other middleware
    has seen it (CommonMiddleware sets Content-Length from it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming:
            response.content = b""
        return response
