"""Who is asking: the client's address, believing only the proxies we run."""

from __future__ import annotations

from django.conf import settings


def trusted_proxies() -> int:
    return settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0


def client_ip(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or with N trusted proxies in front of us, the
    address the outermost of them saw (the N-th entry of ``X-Forwarded-For`` from the
    right). Entries further left were written by the client and prove nothing.

    The same rule as DRF's throttles (``NUM_PROXIES``), for every counter of the site.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = trusted_proxies()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return remote
