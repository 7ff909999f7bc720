"""A skill's ``order`` among its area's skills breaks ties between otherwise-equal steps."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import planning_cases

from planner.engine import (
    Curriculum,
    LearnerState,
    Prerequisite,
    Requirement,
    Role,
    Skill,
    build_plan,
)

ROLE = "engineer"


def curriculum(**orders):
    """Skills equal in every respect (area, hours, no prerequisites, required level) but order."""
    slugs = ("alpha", "beta", "gamma")
    return Curriculum(
        skills={
            slug: Skill(slug, slug.title(), (10,) * 5, area="tools", order=orders.get(slug))
            for slug in slugs
        },
        roles={ROLE: Role(ROLE, "Engineer", tuple(Requirement(slug, 2) for slug in slugs))},
    )


def planned_skills(graph):
    plan = build_plan(graph, ROLE, LearnerState({}, 10, date(2026, 1, 5)))
    return list(dict.fromkeys(item.skill for item in plan.items))


def test_without_an_order_ties_fall_back_to_the_slug():
    assert planned_skills(curriculum()) == ["alpha", "beta", "gamma"]


@pytest.mark.parametrize(
    ("orders", "expected"),
    [
        ({"alpha": 2, "beta": 1, "gamma": 3}, ["beta", "alpha", "gamma"]),
        ({"alpha": 1, "beta": 2, "gamma": 3}, ["alpha", "beta", "gamma"]),
        ({"alpha": 3, "beta": 2, "gamma": 1}, ["gamma", "beta", "alpha"]),
        # Skills without an order come after those with one, by slug.
        ({"gamma": 0}, ["gamma", "alpha", "beta"]),
    ],
)
def test_equal_siblings_are_planned_in_their_order(orders, expected):
    assert planned_skills(curriculum(**orders)) == expected


def test_swapping_two_orders_swaps_the_two_skills():
    first = planned_skills(curriculum(alpha=1, beta=2))
    second = planned_skills(curriculum(alpha=2, beta=1))
    assert first[:2] == ["alpha", "beta"]
    assert second[:2] == ["beta", "alpha"]


def test_order_only_ranks_skills_of_the_same_area():
    # "middle" (another area, no order) keeps its slug place between the two tools.
    skills = {
        slug: Skill(slug, slug.title(), (10,) * 5, area=area, order=order)
        for slug, area, order in (
            ("alpha", "tools", 2),
            ("middle", "other", None),
            ("zeta", "tools", 1),
        )
    }
    graph = Curriculum(
        skills=skills,
        roles={ROLE: Role(ROLE, "Engineer", tuple(Requirement(slug, 1) for slug in skills))},
    )
    assert planned_skills(graph) == ["zeta", "middle", "alpha"]


def test_order_never_beats_what_a_skill_unlocks():
    # Beta has the lower order, but alpha unlocks gamma: alpha still comes first.
    skills = {
        "alpha": Skill("alpha", "Alpha", (10,) * 5, area="tools", order=2),
        "beta": Skill("beta", "Beta", (10,) * 5, area="tools", order=1),
        "gamma": Skill(
            "gamma", "Gamma", (10,) * 5, (Prerequisite("alpha", 1),), area="tools", order=3
        ),
    }
    graph = Curriculum(
        skills=skills,
        roles={ROLE: Role(ROLE, "Engineer", tuple(Requirement(slug, 1) for slug in skills))},
    )
    assert planned_skills(graph)[0] == "alpha"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planning_cases())
def test_order_changes_only_the_order_of_the_same_steps(case):
    unordered = Curriculum(
        skills={
            slug: dataclasses.replace(skill, order=None)
            for slug, skill in case.curriculum.skills.items()
        },
        roles=case.curriculum.roles,
        projects=case.curriculum.projects,
    )
    with_order = build_plan(case.curriculum, case.role, case.learner)
    without = build_plan(unordered, case.role, case.learner)

    def steps(plan):
        return sorted(item.key for item in plan.items if item.kind == "skill")

    assert steps(with_order) == steps(without)
