"""Failed log-ins, counted per account and per client address, for every way in: the log-in
page, the admin's log-in and the API's token endpoint.

While a limit is reached even the right password is refused, so guessing gains nothing.
Counts live in the default cache, which production points at Redis so that every web
process shares them. Failure mode: with Redis unreachable the cache answers nothing
(django-redis ``IGNORE_EXCEPTIONS``, logged), so counts restart and log-ins are not locked
out for as long as the outage lasts; log-in itself keeps working (sessions are in the
database). A successful log-in clears the account's count, not the address's.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from config.clients import client_ip

# Failed log-ins allowed per email address, and per client address, within the window.
FAILURES_PER_ACCOUNT = 5
FAILURES_PER_CLIENT = 20
WINDOW_SECONDS = 15 * 60
MESSAGE = "Too many failed log-ins. Wait 15 minutes or reset your password."


def _key(kind: str, value: str) -> str:
    return f"login-failures:{kind}:" + hashlib.sha256(value.encode()).hexdigest()


def _counters(email: str, request) -> list[tuple[str, int]]:
    email = (email or "").strip().lower()
    client = client_ip(request) if request is not None else ""
    return [
        (_key("email", email), FAILURES_PER_ACCOUNT),
        (_key("client", client), FAILURES_PER_CLIENT),
    ]


def is_locked_out(*, email: str, request) -> bool:
    counters = _counters(email, request)
    counts = cache.get_many([key for key, _ in counters])
    return any(counts.get(key, 0) >= limit for key, limit in counters)


def record_failure(*, email: str, request) -> None:
    for key, _ in _counters(email, request):
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, WINDOW_SECONDS)


def record_success(*, email: str, request) -> None:
    cache.delete(_counters(email, request)[0][0])
