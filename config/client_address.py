"""The client's real address behind a known number of proxies (``TRUSTED_PROXY_COUNT``).

Each proxy appends the address it received the request from to ``X-Forwarded-For``
(nginx's ``$proxy_add_x_forwarded_for``, Caddy's ``reverse_proxy``), and the app sees the
nearest proxy as ``REMOTE_ADDR``. Reading the chain ``X-Forwarded-For + [REMOTE_ADDR]``
from the right, the first ``count`` addresses are our proxies; the next one is the
client. Everything further left was written by the client and proves nothing, so a
spoofed header cannot choose the address ("rightmost untrusted").

With no trusted proxies (the default) the header is ignored: anyone could send it.

Used by django-axes (``AXES_CLIENT_IP_CALLABLE``), so that log-in failures lock the
username only for the client that made them, and by gunicorn's access log
(``gunicorn.conf.py``). Kept free of Django imports at module level for the latter.
"""

from __future__ import annotations

import ipaddress


def client_address_from(remote_addr: str, forwarded_for: str, trusted_proxies: int) -> str:
    """The address ``trusted_proxies`` hops before the app; ``remote_addr`` if that is
    not a valid IP address (a header no proxy of ours could have written)."""
    if trusted_proxies <= 0:
        return remote_addr
    forwarded = [part.strip() for part in forwarded_for.split(",") if part.strip()]
    chain = [*forwarded, remote_addr]
    # Fewer hops than proxies: the request skipped some, and the leftmost is the best known.
    candidate = chain[max(len(chain) - 1 - trusted_proxies, 0)]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


def client_address(request) -> str:
    """django-axes' ``AXES_CLIENT_IP_CALLABLE``: the request's real client address."""
    from django.conf import settings

    return client_address_from(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        settings.TRUSTED_PROXY_COUNT,
    )
