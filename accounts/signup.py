"""The link of the sign-up email: signed, expiring, single-use, and what it carries.

Sign-up on the site answers the same for a new address and one that has an account, so it
cannot log anyone in at once: the new account's owner follows the emailed link, which logs
them in and continues where they were going (onboarding with the preview's role and hours,
or the ``next`` page such as a mentor invitation).

The token is Django's password-reset machinery with its own salt and state: it holds the
account's id, a timestamp and an HMAC over the password hash, the address and whether it is
confirmed, so it dies when the address is confirmed (single use), when the password or the
address changes, and after ``SIGN_UP_LINK_MAX_AGE`` seconds. What the link carries (role,
hours, next page) is plain query text: it is only a starting point the pages validate again,
and it travels with the link so that it works in another browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from accounts.models import User

# What a sign-up link carries to the page after it, with the most of each that is kept.
CARRIED = {"role": 100, "weekly_hours": 10, "next": 500}


class SignUpTokenGenerator(PasswordResetTokenGenerator):
    """A token for one account's sign-up link (never valid as a password-reset token)."""

    key_salt = "accounts.signup.SignUpTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        # Not last_login: logging in with the password first must not spoil the link.
        confirmed = user.email_confirmed_at
        confirmed_text = "" if confirmed is None else confirmed.replace(microsecond=0).isoformat()
        return f"{user.pk}{user.password}{user.email}{confirmed_text}{timestamp}"

    def check_token(self, user: User | None, token: str | None) -> bool:
        if user is None or not token or not super().check_token(user, token):
            return False
        issued = base36_to_int(token.partition("-")[0])
        return self._num_seconds(self._now()) - issued <= settings.SIGN_UP_LINK_MAX_AGE


sign_up_tokens = SignUpTokenGenerator()


def link_days() -> int:
    """How many days a sign-up link works, for the email and pages to say."""
    return max(settings.SIGN_UP_LINK_MAX_AGE // 86400, 1)


def carried_from(values: Mapping[str, str]) -> dict[str, str]:
    """The role, hours and next page of ``values`` (a query or a form), trimmed; no blanks."""
    carried = {}
    for name, most in CARRIED.items():
        value = (values.get(name) or "").strip()[:most]
        if value:
            carried[name] = value
    return carried


def link_uid(user: User) -> str:
    """The account's id as a sign-up link (and the form asking for a new one) carries it."""
    return urlsafe_base64_encode(force_bytes(user.pk))


def confirmation_url(user: User, carried: Mapping[str, str] | None = None) -> str:
    """The absolute link of the sign-up email for ``user``, carrying ``carried``."""
    path = reverse(
        "accounts:signup-confirm",
        args=[link_uid(user), sign_up_tokens.make_token(user)],
    )
    query = urlencode(carried_from(carried or {}))
    return settings.SITE_URL.rstrip("/") + path + (f"?{query}" if query else "")


def account_of_link(uidb64: str) -> User | None:
    """The active account a link names, whatever its token; None when there is none."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        return None
    if not 0 < pk < 2**63:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def account_to_confirm(uidb64: str, token: str) -> User | None:
    """The account a valid, unused, unexpired link confirms; None for any other link."""
    user = account_of_link(uidb64)
    if user is None or user.email_confirmed_at is not None:
        return None
    return user if sign_up_tokens.check_token(user, token) else None
