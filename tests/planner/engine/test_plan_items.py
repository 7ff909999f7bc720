"""A plan's items behave as the frozen records they were: immutable, equal by their fields
(reasons included, worded when read), copyable; reasons read twice are the same text."""

from __future__ import annotations

import copy
import pickle
from datetime import date

import pytest

from benchmarks.synthetic import layered_curriculum
from planner.engine import LearnerState, PlanItem, build_plan

LEARNER = LearnerState({}, 10, date(2026, 1, 5), include_nice_to_have=True)


@pytest.fixture(scope="module")
def plan():
    return build_plan(layered_curriculum(60, projects=6), "generalist", LEARNER)


def test_items_are_immutable(plan):
    item = plan.items[0]
    with pytest.raises(AttributeError):
        item.key = "skill:other:1"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        item.reasons = ()  # type: ignore[misc]


def test_items_are_equal_by_their_fields_and_reasons(plan):
    again = build_plan(layered_curriculum(60, projects=6), "generalist", LEARNER)
    assert plan.items == again.items
    assert {hash(item) for item in plan.items} == {hash(item) for item in again.items}
    first = plan.items[0]
    made = PlanItem(
        first.key, first.kind, first.skill, first.skill_name, first.from_level, first.to_level,
        first.project, first.project_name, first.hours, first.start_week, first.end_week,
        first.start_date, first.end_date, first.stage, first.priority, first.reasons,
    )  # fmt: skip
    assert made == first and hash(made) == hash(first)
    other = PlanItem(*made.__getnewargs__()[:-1], reasons=("Something else",))
    assert other != first
    assert first != tuple(first) and tuple(first) != first


def test_reasons_read_twice_are_the_same_and_every_item_has_some(plan):
    kinds = {item.kind for item in plan.items}
    assert kinds == {"skill", "project"}
    for item in plan.items:
        assert item.reasons and all(isinstance(line, str) and line for line in item.reasons)
        assert item.reasons == item.reasons


def test_items_copy_and_pickle_with_their_reasons(plan):
    for item in plan.items[:5]:
        assert copy.copy(item) == item
        restored = pickle.loads(pickle.dumps(item))
        assert restored == item and restored.reasons == item.reasons
    assert "reasons=(" in repr(plan.items[0]) and repr(plan.items[0]).startswith("PlanItem(key=")
