"""A learner's profile as the pages and the API read it."""

from __future__ import annotations

from accounts.models import User
from planner.models import LearnerProfile


def learner_profile(user: User) -> LearnerProfile:
    """The learner's profile; before their first change, an unsaved one with the defaults.

    Reads only: the profile row is made by the services that change it
    (``planner.services.learners.ensure_profile``).
    """
    profile = LearnerProfile.objects.select_related("target_role").filter(user=user).first()
    return profile if profile is not None else LearnerProfile(user=user)
