"""Reading a roadmap costs the same number of SQL queries whatever the plan's size."""

import pytest

from benchmarks.management.commands.query_counts import (
    count_queries,
    levels_for_plan_size,
    make_learner,
    token_client,
)

pytestmark = pytest.mark.django_db

ROLE = "data-scientist"


@pytest.fixture
def plans(learner):
    """The ``learner`` fixture with a small plan, and another learner with a large one."""
    from curriculum.models import Role
    from planner.services import build_roadmap, set_skill_levels, update_profile
    from planner.study import studies

    small_levels = levels_for_plan_size(ROLE, 5)
    update_profile(user=learner, target_role=Role.objects.get(slug=ROLE), weekly_hours=10)
    set_skill_levels(user=learner, levels=small_levels)
    small = build_roadmap(user=learner)
    _, large = make_learner(email="large-plan@example.com", role=ROLE, levels={}, versions=1)
    assert small.items.count() <= 10
    assert large.items.count() >= 60
    # The study content is cached per process by curriculum revision, and read by whichever
    # request comes first: warm it, so both sizes are measured in the steady state.
    studies([])
    return small, large


def _measure(roadmap, method, path, body=None):
    client = token_client(roadmap.user)
    path = path.format(version=roadmap.version, item=roadmap.items.order_by("position")[0].pk)
    count, response = count_queries(client, method, path, body)
    assert response.status_code == 200, response.content[:300]
    return count


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/me/roadmap/", None),
        ("GET", "/api/v1/me/roadmaps/{version}/", None),
        ("GET", "/api/v1/me/roadmap.ics", None),
        ("PATCH", "/api/v1/me/roadmap/items/{item}/", {"status": "in_progress", "note": "n"}),
    ],
)
def test_a_roadmap_is_read_in_the_same_number_of_queries_whatever_its_size(
    plans, method, path, body
):
    small, large = plans
    assert _measure(small, method, path, body) == _measure(large, method, path, body)
