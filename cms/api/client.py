"""The client's address, trusting exactly ``DJANGO_NUM_PROXIES`` proxies in front of us."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The address the last trusted proxy saw (``X-Forwarded-For``), else the socket peer.

    With N trusted proxies, the client is the N-th address from the right of X-Forwarded-For:
    anything further left was written by the client itself and cannot be trusted.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.NUM_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            candidate = forwarded[-min(proxies, len(forwarded))]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return remote
    return remote
