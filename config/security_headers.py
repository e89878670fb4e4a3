"""Response headers Django has no setting for: Cross-Origin-Resource-Policy and
Permissions-Policy (``SECURE_CROSS_ORIGIN_RESOURCE_POLICY``, ``PERMISSIONS_POLICY``).

Placed right after SecurityMiddleware, before WhiteNoise, so static files carry them too.
"""

from __future__ import annotations

from django.conf import settings


def permissions_policy_header(features: dict[str, list[str]]) -> str:
    """``{"camera": []}`` -> ``camera=()``; ``{"fullscreen": ["self"]}`` -> ``fullscreen=(self)``."""
    return ", ".join(f"{name}=({' '.join(allowed)})" for name, allowed in features.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.resource_policy = settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY
        self.permissions_policy = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.resource_policy:
            response.headers.setdefault("Cross-Origin-Resource-Policy", self.resource_policy)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
