"""Planning over the shipped AI-careers curriculum: every role, calibration against seed 002."""

from datetime import date

import pytest

from curriculum.exchange import read_file
from planner import engine
from planner.snapshot import curriculum_graph, graph_from_document

pytestmark = pytest.mark.django_db
START = date(2026, 12, 7)


def plan(role, levels=None, hours=10, nice=False):
    learner = engine.LearnerState(
        levels=levels or {}, weekly_hours=hours, start_date=START, include_nice_to_have=nice
    )
    return engine.build_plan(curriculum_graph(), role, learner)


def core_levels(graph, role):
    """The levels that meet every core requirement of a role (variants inherit their base's)."""
    levels = {}
    slug = role
    while slug:
        for requirement in graph.roles[slug].requirements:
            if requirement.priority != "core":
                continue
            levels[requirement.skill] = max(levels.get(requirement.skill, 0), requirement.level)
        slug = graph.roles[slug].variant_of
    return levels


def test_every_role_can_be_planned_from_zero():
    graph = curriculum_graph()
    assert len(graph.roles) >= 13
    for role in graph.roles:
        result = plan(role)
        assert result.items, role
        assert [s.key for s in result.stages] == ["0-6", "6-18", "18+"]
        assert result.total_hours == pytest.approx(sum(i.hours for i in result.items))


def test_a_learner_who_meets_a_role_gets_an_empty_plan_that_says_so():
    graph = curriculum_graph()
    # Meeting the role means meeting its requirements *and* their prerequisites.
    full = {slug: 5 for slug in graph.skills}
    result = plan("data-analyst", full)
    assert result.items == ()
    assert result.total_hours == 0
    assert len(result.stages) == 3 and all(not s.items for s in result.stages)
    assert "already" in result.message.lower()


def test_a_data_analyst_moving_to_data_scientist_gets_only_the_difference():
    graph = curriculum_graph()
    analyst_done = plan("data-analyst")
    levels = {}
    for item in analyst_done.items:
        if item.kind == "skill":
            levels[item.skill] = max(levels.get(item.skill, 0), item.to_level)
    from_zero = plan("data-scientist")
    moving = plan("data-scientist", levels)

    assert 0 < moving.total_hours < from_zero.total_hours
    planned = {(i.skill, i.to_level) for i in moving.items if i.kind == "skill"}
    assert not any(levels.get(skill, 0) >= level for skill, level in planned)
    # Everything the analyst route did not reach is still there.
    needed = core_levels(graph, "data-scientist")
    for skill, level in needed.items():
        if levels.get(skill, 0) < level:
            assert (skill, level) in planned


BEGINNER = {"python", "git", "supervised-learning"}
MATHS = {"linear-algebra", "probability", "calculus", "statistics"}
ADVANCED = {"distributed-training", "model-compression", "reinforcement-learning", "graph-ml"}


@pytest.mark.parametrize("role", ["data-scientist", "machine-learning-engineer"])
def test_a_beginners_first_six_months_hold_seed_002s_beginner_material(role):
    first = plan(role).stages[0]
    skills = {i.skill for i in first.items if i.kind == "skill"}
    assert skills >= BEGINNER, BEGINNER - skills
    assert len(MATHS & skills) >= 2, "basic maths comes early"
    assert any(i.kind == "project" for i in first.items), "a small project in the first stage"
    assert not ADVANCED & skills
    assert first.hours == pytest.approx(sum(i.hours for i in first.items))


@pytest.mark.parametrize("role", ["data-scientist", "machine-learning-engineer"])
def test_advanced_material_comes_after_the_first_stage(role):
    result = plan(role, nice=True)
    later = {i.skill for s in result.stages[1:] for i in s.items if i.kind == "skill"}
    first = {i.skill for i in result.stages[0].items if i.kind == "skill"}
    assert not ADVANCED & first
    assert later


def test_the_shipped_curriculum_has_no_cycle():
    assert engine.find_cycle(curriculum_graph()) is None


def test_the_database_and_the_curriculum_file_give_roles_the_same_lifecycle_subtasks():
    from_file = graph_from_document(read_file("curriculum/data/ai-careers.yaml")).roles
    from_db = curriculum_graph().roles
    assert from_db["data-analyst"].task_skills
    for slug, role in from_db.items():
        assert sorted(map(sorted, role.task_skills)) == sorted(
            map(sorted, from_file[slug].task_skills)
        ), slug
