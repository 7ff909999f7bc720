"""Test data, in one place."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from planner.models import LearnerProfile


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"learner{n}@example.com")
    name = factory.Faker("name")
    password = factory.django.Password("correct-horse-battery-staple")
    email_confirmed_at = factory.LazyFunction(timezone.now)  # followed the sign-up link


class LearnerProfileFactory(DjangoModelFactory):
    class Meta:
        model = LearnerProfile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)
    weekly_hours = 10


class MentorshipFactory(DjangoModelFactory):
    """An invitation; pass ``mentor=…, status="active"`` for an accepted one."""

    class Meta:
        model = "planner.Mentorship"

    learner = factory.SubFactory(UserFactory)
    email = factory.Sequence(lambda n: f"mentor{n}@example.com")
    token = factory.Sequence(lambda n: f"token-{n:06d}-" + "x" * 20)


def follow(learner, mentor, *, accepted_at=None):
    """An active mentorship: ``mentor`` follows ``learner`` (accepted now, or at
    ``accepted_at``)."""
    return MentorshipFactory(
        learner=learner,
        mentor=mentor,
        email=mentor.email,
        status="active",
        accepted_at=accepted_at or timezone.now(),
    )


def roadmap_for(user=None, *, role="data-scientist", hours=10, levels=None):
    """A learner aiming at ``role`` with a first roadmap built; returns (user, roadmap)."""
    from curriculum.models import Role
    from planner.services import build_roadmap, set_skill_levels, update_profile

    user = user or UserFactory()
    update_profile(user=user, target_role=Role.objects.get(slug=role), weekly_hours=hours)
    if levels:
        set_skill_levels(user=user, levels=levels)
    return user, build_roadmap(user=user, reason="first plan")


def learner_with_roadmap(
    *,
    role: str = "data-scientist",
    hours: float = 10,
    started_weeks_ago: int = 0,
    on=None,
    **user_fields,
):
    """A learner with a real first roadmap, built as if ``started_weeks_ago`` weeks before
    ``on`` (a date; by default today: a test with a fixed "now" passes its date)."""
    from datetime import timedelta

    from django.utils import timezone

    from curriculum.models import Role
    from planner.services import build_roadmap, update_profile

    user = UserFactory(**user_fields)
    update_profile(user=user, target_role=Role.objects.get(slug=role), weekly_hours=hours)
    today = (on or timezone.localdate()) - timedelta(weeks=started_weeks_ago)
    build_roadmap(user=user, reason="first plan", today=today)
    return user
