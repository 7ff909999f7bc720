"""Sign-ups on the site, counted per client address (the API's register endpoint has DRF's
anonymous throttle for the same purpose).

Each sign-up hashes a password and may queue an email, so one client gets a bounded number
an hour; each address also gets a bounded number of sign-up emails a day
(``accounts.services.SIGN_UP_EMAILS_PER_ADDRESS_PER_DAY``). Counts live in the default
cache like the log-in lockout (accounts/lockout.py), with the same failure mode: with Redis
unreachable nothing is counted and sign-up keeps working.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from config.clients import client_ip

SIGN_UPS_PER_CLIENT_PER_HOUR = 20
WINDOW_SECONDS = 60 * 60
MESSAGE = "Too many sign-ups from your network in the last hour. Try again later."


def allow_sign_up(request) -> bool:
    """Count one sign-up from the request's client; False once it is over the hour's limit."""
    key = "sign-ups:client:" + hashlib.sha256(client_ip(request).encode()).hexdigest()
    if cache.add(key, 1, WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return True
    return count is None or count <= SIGN_UPS_PER_CLIENT_PER_HOUR
