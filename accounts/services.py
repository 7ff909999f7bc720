"""Account operations: sign-up and the settings that belong to the person."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User

_UNSET = object()


@transaction.atomic
def register_user(*, email: str, password: str, name: str = "") -> User:
    """Create an account; the password must pass Django's validators."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "An account with this email already exists."})
    user = User(email=email, name=name)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


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
