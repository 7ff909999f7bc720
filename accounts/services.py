"""Account operations: sign-up and the settings that belong to the person."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import get_random_string

from accounts.models import User
from outbox.services import queue_email

_UNSET = object()


@transaction.atomic
def register_user(*, email: str, password: str, name: str = "") -> User | None:
    """Create an account; the password must pass Django's validators.

    For an address that already has an account nothing is created and None is returned,
    after the same checks and the same hashing work as a real sign-up (so the answer and
    its timing say nothing about who has an account); the owner is emailed instead.
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
    if existing is not None:
        _tell_owner_of_sign_up_attempt(existing)
        return None
    user.save()
    return user


def _tell_owner_of_sign_up_attempt(owner: User) -> None:
    site = settings.SITE_URL.rstrip("/")
    context = {
        "user": owner,
        "login_url": site + reverse("accounts:login"),
        "reset_url": site + reverse("accounts:password_reset"),
    }
    queue_email(
        # One per attempt: each is news to the owner.
        key=f"sign_up_existing:{owner.pk}:{get_random_string(16)}",
        to=owner.email,
        subject="Someone tried to sign up to Waymark with your address",
        text=render_to_string("accounts/email/sign_up_existing.txt", context),
    )


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
