"""Who may write: checked in the views, because a partial rendered alone skips template logic."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseForbidden

EDITOR_GROUP = "Editors"


def is_editor(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.groups.filter(name=EDITOR_GROUP).exists()
    )


def editor_required(*perms: str):
    """Anonymous: redirect to login (htmx: 403, since a redirect would swap a login page
    into the timeline). Logged in without the permissions (or, when none are named, not
    an editor at all): 403."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                if getattr(request, "htmx", False):
                    response = HttpResponse(
                        "Log in to edit.", status=403, content_type="text/plain"
                    )
                    response["HX-Redirect"] = f"/accounts/login/?next={request.get_full_path()}"
                    return response
                return redirect_to_login(request.get_full_path())
            if not (user.has_perms(perms) if perms else is_editor(user)):
                return HttpResponseForbidden("You do not have permission to make this change.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
