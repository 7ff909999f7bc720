"""Account operations: sign-up and the settings that belong to the person."""

import hashlib
import logging
from collections.abc import Mapping
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.models import User
from accounts.signup import account_of_link, account_to_confirm, confirmation_url, link_days
from outbox.models import Email
from outbox.services import queue_email

logger = logging.getLogger(__name__)

_UNSET = object()


# Sign-up emails (the link, or the notice to an address's owner) one address receives at
# most in a day: sign-up must not be a way to fill a stranger's inbox.
SIGN_UP_EMAILS_PER_ADDRESS_PER_DAY = 5


@transaction.atomic
def register_user(
    *, email: str, password: str, name: str = "", carried: Mapping[str, str] | None = None
) -> User | None:
    """Create an account and email it the link that confirms the address; the password must
    pass Django's validators.

    For an address that already has an account nothing is created and None is returned,
    after the same checks and the same hashing work as a real sign-up (so the answer and
    its timing say nothing about who has an account); the owner is emailed instead. Either
    way one email is queued, unless the address has had its day's sign-up emails.
    ``carried`` (role, hours, next page) travels in the link (accounts/signup.py).
    """
    email = User.objects.normalize_email(email).lower()
    user = User(email=email, name=name)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.full_clean(exclude=["password"], validate_unique=False)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same address signed up at the same moment
            existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _tell_owner_of_sign_up_attempt(existing, carried=carried)
        return None
    _send_sign_up_link(user, carried=carried)
    return user


@transaction.atomic
def confirm_sign_up(*, uidb64: str, token: str) -> User | None:
    """Confirm the address of the account a sign-up link names; the link works once.

    Returns the account, or None for a link that is unknown, expired or used.
    """
    user = account_to_confirm(uidb64, token)
    if user is None:
        return None
    now = timezone.now()
    # Conditional, so that two clicks at the same moment confirm (and log in) once.
    if not User.objects.filter(pk=user.pk, email_confirmed_at__isnull=True).update(
        email_confirmed_at=now
    ):
        return None
    user.email_confirmed_at = now
    return user


@transaction.atomic
def send_new_sign_up_link(*, uidb64: str, carried: Mapping[str, str] | None = None) -> None:
    """Asked from a link that no longer works: a new link if the account still waits for
    one, else the owner's notice (log in or reset the password); nothing for no account."""
    user = account_of_link(uidb64)
    if user is None:
        return
    if user.email_confirmed_at is None:
        _send_sign_up_link(user, carried=carried)
    else:
        _tell_owner_of_sign_up_attempt(user, carried=carried)


def _sign_up_email_key(email: str) -> str:
    """The outbox key prefix of every sign-up email to ``email``: counted per address."""
    return "sign_up:" + hashlib.sha256(email.lower().encode()).hexdigest()[:32] + ":"


def _queue_sign_up_email(*, to: str, kind: str, subject: str, text: str) -> None:
    """Queue a sign-up email unless the address has had its day's worth (then nothing, and
    nobody is told: the page answers the same either way)."""
    prefix = _sign_up_email_key(to)
    since = timezone.now() - timedelta(days=1)
    sent = Email.objects.filter(key__startswith=prefix, created_at__gte=since).count()
    if sent >= SIGN_UP_EMAILS_PER_ADDRESS_PER_DAY:
        logger.info("sign-up email to %s not queued: the day's limit is reached", prefix)
        return
    # One per attempt: each is news to the address.
    queue_email(key=f"{prefix}{kind}:{get_random_string(16)}", to=to, subject=subject, text=text)


def _send_sign_up_link(user: User, *, carried: Mapping[str, str] | None) -> None:
    context = {
        "user": user,
        "confirm_url": confirmation_url(user, carried),
        "reset_url": _site_url("accounts:password_reset"),
        "days": link_days(),
    }
    _queue_sign_up_email(
        to=user.email,
        kind="link",
        subject="Finish signing up to Waymark",
        text=render_to_string("accounts/email/sign_up_link.txt", context),
    )


def _tell_owner_of_sign_up_attempt(
    owner: User, *, carried: Mapping[str, str] | None = None
) -> None:
    context = {
        "user": owner,
        "login_url": _site_url("accounts:login"),
        "reset_url": _site_url("accounts:password_reset"),
        # An owner who never followed their first link (lost it?) gets a new one.
        "confirm_url": confirmation_url(owner, carried) if owner.email_confirmed_at is None else "",
    }
    _queue_sign_up_email(
        to=owner.email,
        kind="existing",
        subject="Someone tried to sign up to Waymark with your address",
        text=render_to_string("accounts/email/sign_up_existing.txt", context),
    )


def _site_url(name: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name)


def update_account(
    *,
    user: User,
    name=_UNSET,
    timezone=_UNSET,
    reminder_weekday=_UNSET,
    reminder_hour=_UNSET,
) -> list[str]:
    """Change the person's name, time zone or reminder settings; returns what changed."""
    values = {
        "name": name,
        "timezone": timezone,
        "reminder_weekday": reminder_weekday,
        "reminder_hour": reminder_hour,
    }
    changed = [f for f, v in values.items() if v is not _UNSET and getattr(user, f) != v]
    for field in changed:
        setattr(user, field, values[field])
    if changed:
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed)
    return changed


# Where sign-up keeps, in the session, the role and hours of the preview the visitor came
# from; onboarding starts from them.
PREVIEW_GOAL_KEY = "preview_goal"
