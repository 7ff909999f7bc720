"""Test data, in one place."""

import factory
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
    *, role: str = "data-scientist", hours: float = 10, started_weeks_ago: int = 0, **user_fields
):
    """A learner with a real first roadmap, built as if ``started_weeks_ago`` weeks ago."""
    from datetime import timedelta

    from django.utils import timezone

    from curriculum.models import Role
    from planner.services import build_roadmap, update_profile

    user = UserFactory(**user_fields)
    update_profile(user=user, target_role=Role.objects.get(slug=role), weekly_hours=hours)
    today = timezone.localdate() - timedelta(weeks=started_weeks_ago)
    build_roadmap(user=user, reason="first plan", today=today)
    return user


def copy_roadmap(roadmap, users) -> None:
    """Give each user a copy of ``roadmap`` (version 1) in bulk: many learners, fast."""
    from planner.models import LearnerProfile, Roadmap, RoadmapItem

    items = list(roadmap.items.all())
    profile = LearnerProfile.objects.get(user_id=roadmap.user_id)
    LearnerProfile.objects.bulk_create(
        [
            LearnerProfile(
                user=u, target_role_id=profile.target_role_id, weekly_hours=profile.weekly_hours
            )
            for u in users
        ],
        ignore_conflicts=True,
    )
    skip = {"id", "user", "items", "created_at"}
    fields = {
        f.attname: getattr(roadmap, f.attname)
        for f in Roadmap._meta.concrete_fields
        if f.name not in skip
    }
    copies = Roadmap.objects.bulk_create([Roadmap(user=u, **fields) for u in users])
    if copies and copies[0].pk is None:
        by_user = dict(Roadmap.objects.filter(user__in=users).values_list("user_id", "pk"))
        for copy in copies:
            copy.pk = by_user[copy.user.pk]
    item_fields = [
        f.attname for f in RoadmapItem._meta.concrete_fields if f.name not in {"id", "roadmap"}
    ]
    RoadmapItem.objects.bulk_create(
        [
            RoadmapItem(roadmap_id=copy.pk, **{name: getattr(item, name) for name in item_fields})
            for copy in copies
            for item in items
        ],
        batch_size=2000,
    )
