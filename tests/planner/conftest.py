import pytest

from curriculum.models import Role
from planner.services import set_skill_levels, update_profile


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
