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
