"""A learner's profile as the pages and the API read it."""

from __future__ import annotations

from django.core.signing import BadSignature, Signer

from accounts.models import User
from planner.models import LearnerProfile


def learner_profile(user: User) -> LearnerProfile:
    """The learner's profile; before their first change, an unsaved one with the defaults.

    Reads only: the profile row is made by the services that change it
    (``planner.services.learners.ensure_profile``).
    """
    profile = LearnerProfile.objects.select_related("target_role").filter(user=user).first()
    return profile if profile is not None else LearnerProfile(user=user)


CALENDAR_SALT = "waymark.calendar-feed"


def calendar_feed_token(user: User) -> str:
    """The secret of the learner's calendar feed URL: their id and the link's generation,
    signed. Nothing is stored for it, so showing it writes nothing."""
    generation = (
        LearnerProfile.objects.filter(user=user)
        .values_list("calendar_generation", flat=True)
        .first()
    )
    return Signer(salt=CALENDAR_SALT, sep=".").sign(f"{user.pk}-{generation or 0}")


def learner_by_calendar_token(token: str) -> User | None:
    """Whose feed this is; None for a forged token or one replaced by a newer link."""
    try:
        value = Signer(salt=CALENDAR_SALT, sep=".").unsign(token)
        user_id, generation = (int(part) for part in value.split("-"))
    except (BadSignature, ValueError):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    current = (
        LearnerProfile.objects.filter(user=user)
        .values_list("calendar_generation", flat=True)
        .first()
    )
    return user if generation == (current or 0) else None
