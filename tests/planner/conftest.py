import pytest
from rest_framework.test import APIClient

from curriculum.models import Role
from planner.services import set_skill_levels, update_profile
from tests.factories import UserFactory, roadmap_for


@pytest.fixture
def aiming_at(learner):
    """The learner, aiming at a role with some hours a week."""

    def aim(role_slug="data-scientist", hours=10, levels=None, **more):
        update_profile(
            user=learner, target_role=Role.objects.get(slug=role_slug), weekly_hours=hours, **more
        )
        if levels:
            set_skill_levels(user=learner, levels=levels)
        return learner

    return aim


@pytest.fixture
def mentor(db):
    return UserFactory(email="mentor@example.com", name="Marie")


@pytest.fixture
def mentor_api(mentor):
    client = APIClient()
    client.force_authenticate(mentor)
    return client


@pytest.fixture
def roadmap(learner):
    """The learner's first roadmap, for data scientist."""
    return roadmap_for(learner)[1]
