"""Invariants every plan keeps, over random acyclic curricula and learners."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from strategies import curricula, learners, planning_cases

from benchmarks.networkx_planner import plan_with_networkx
from planner.engine import (
    CurriculumCycleError,
    Prerequisite,
    build_plan,
    find_cycle,
    ready_to_learn,
    stage_key,
)
from planner.engine.graph import current_levels, gap_for, planned_steps, step_predecessors
from planner.engine.index import index_of
from planner.engine.ordering import step_graph

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def wanted_levels(curriculum, role_slug, include_nice):
    """The role's requirements with its base roles', written as plainly as possible:
    (entry, core, all) levels per skill."""
    core: dict[str, int] = {}
    nice: dict[str, int] = {}
    entry: dict[str, int] = {}
    slug = role_slug
    while slug is not None:
        role = curriculum.roles[slug]
        for requirement in role.requirements:
            chosen = core if requirement.priority == "core" else nice
            chosen[requirement.skill] = max(chosen.get(requirement.skill, 0), requirement.level)
            if requirement.priority == "core":
                level = requirement.level
                if requirement.entry_level is not None:
                    level = requirement.entry_level
                entry[requirement.skill] = max(entry.get(requirement.skill, 0), level)
        slug = role.variant_of
    entry = {skill: min(level, core[skill]) for skill, level in entry.items()}
    if not include_nice:
        return entry, core, core
    both = {skill: max(core.get(skill, 0), nice.get(skill, 0)) for skill in {*core, *nice}}
    return entry, core, both


def within_reach(project, reached):
    """Every listed level met or one short, at least half of them met."""
    met = sum(reached[s.skill] >= s.level for s in project.skills)
    return all(reached[s.skill] >= s.level - 1 for s in project.skills) and 2 * met >= len(
        project.skills
    )


def closure_steps(curriculum, levels, wanted):
    """Fixed point: raise needed levels until every prerequisite of a needed level is met."""
    need = {skill: max(level, levels.get(skill, 0)) for skill, level in wanted.items()}
    changed = True
    while changed:
        changed = False
        for skill, level in list(need.items()):
            if level <= levels.get(skill, 0):
                continue
            for prerequisite in curriculum.skills[skill].prerequisites:
                if prerequisite.for_level <= level and need.get(prerequisite.skill, 0) < max(
                    prerequisite.level, levels.get(prerequisite.skill, 0)
                ):
                    need[prerequisite.skill] = max(
                        prerequisite.level, levels.get(prerequisite.skill, 0)
                    )
                    changed = True
    return {
        (skill, level)
        for skill, top in need.items()
        for level in range(levels.get(skill, 0) + 1, top + 1)
    }


@SETTINGS
@given(planning_cases())
def test_every_plan_keeps_the_invariants(case):
    curriculum, role, learner = case.curriculum, case.role, case.learner
    plan = build_plan(curriculum, role, learner)
    levels = dict(learner.levels)
    entry_wanted, core_wanted, all_wanted = wanted_levels(
        curriculum, role, learner.include_nice_to_have
    )

    steps = [item for item in plan.items if item.kind == "skill"]
    planned = {(item.skill, item.to_level) for item in steps}
    # Exactly the closure: nothing already known, nothing no requirement needs, nothing missing.
    assert planned == closure_steps(curriculum, levels, all_wanted)
    assert len(planned) == len(steps)
    core_steps = closure_steps(curriculum, levels, core_wanted)
    ready_steps = closure_steps(curriculum, levels, entry_wanted)
    for item in steps:
        assert item.priority == ("core" if (item.skill, item.to_level) in core_steps else "nice")
    # Phases in order: job-ready, the rest of core, nice-to-have.
    phases = [
        0 if (i.skill, i.to_level) in ready_steps else 1 if i.priority == "core" else 2
        for i in steps
    ]
    assert phases == sorted(phases)

    # Each step after the level below it and after its prerequisites; projects within reach,
    # relevant to the role, each once, none the learner could already do.
    reached = {slug: levels.get(slug, 0) for slug in curriculum.skills}
    required = set(all_wanted)
    projects = [item.project for item in plan.items if item.kind == "project"]
    assert len(projects) == len(set(projects))
    for item in plan.items:
        if item.kind == "skill":
            assert item.from_level == item.to_level - 1 == reached[item.skill]
            for prerequisite in curriculum.skills[item.skill].prerequisites:
                if prerequisite.for_level <= item.to_level:
                    assert reached[prerequisite.skill] >= prerequisite.level
            reached[item.skill] = item.to_level
        else:
            project = next(p for p in curriculum.projects if p.slug == item.project)
            assert within_reach(project, reached)
            assert any(s.skill in required for s in project.skills)
            assert any(s.level > levels.get(s.skill, 0) for s in project.skills)
            assert item.priority is None and item.to_level is None
    for skill, level in all_wanted.items():
        assert reached[skill] >= level

    # Milestones in order; job-ready when every core entry level is reached, proficient at
    # the end; another role's milestone when its entry levels are all reached.
    weeks = [m.week for m in plan.milestones]
    assert weeks == sorted(weeks)
    by_key = {m.key: m for m in plan.milestones}
    assert (
        by_key["job-ready"].week
        <= by_key["proficient"].week
        == (plan.items[-1].end_week if plan.items else 0.0)
    )
    ready_week = by_key["job-ready"].week
    assert all(i.end_week <= ready_week for i in steps if (i.skill, i.to_level) in ready_steps)
    assert all(
        i.start_week >= ready_week for i in steps if (i.skill, i.to_level) not in ready_steps
    )
    for milestone in plan.milestones:
        if milestone.key.startswith("role:"):
            other, _, _ = wanted_levels(curriculum, milestone.key[5:], False)
            by_then = dict(levels)
            for i in steps:
                if i.end_week <= milestone.week:
                    by_then[i.skill] = i.to_level
            assert all(by_then.get(skill, 0) >= level for skill, level in other.items())
            assert not all(levels.get(skill, 0) >= level for skill, level in other.items())

    # Back to back, hours ÷ weekly hours each, in the stage where they start.
    previous_end, previous_date = 0.0, learner.start_date
    for item in plan.items:
        assert item.start_week == previous_end
        assert item.start_date == previous_date
        assert item.end_week - item.start_week == pytest.approx(
            item.hours / learner.weekly_hours, abs=0.011
        )
        assert item.end_date >= item.start_date
        assert item.stage == stage_key(item.start_week)
        assert item.reasons and all(item.reasons)
        previous_end, previous_date = item.end_week, item.end_date

    assert [stage.key for stage in plan.stages] == ["0-6", "6-18", "18+"]
    assert [item for stage in plan.stages for item in stage.items] == list(plan.items)
    for stage in plan.stages:
        assert all(item.stage == stage.key for item in stage.items)
        assert stage.hours == pytest.approx(sum(item.hours for item in stage.items), abs=0.01)
    assert plan.total_hours == pytest.approx(sum(item.hours for item in plan.items), abs=0.01)
    assert plan.weeks == pytest.approx(plan.total_hours / learner.weekly_hours, abs=0.01)
    assert plan.finish_date == previous_date
    assert (plan.message == "") == bool(plan.items)
    if learner.target_date is None:
        assert plan.target is None
    else:
        weeks_available = max((learner.target_date - learner.start_date).days / 7, 0)
        hours = sum(item.hours for item in plan.items)
        if abs(hours - learner.weekly_hours * weeks_available) > 1e-6:
            assert plan.target.reachable == (hours < learner.weekly_hours * weeks_available)
        if plan.target.reachable and plan.items:
            # (With nothing left to learn, any target is met, even one already past.)
            assert plan.finish_date <= learner.target_date
            assert plan.target.weekly_hours_needed is not None

    assert plan.ready_now == ready_to_learn(
        curriculum, levels, role, include_nice_to_have=learner.include_nice_to_have
    )


@SETTINGS
@given(planning_cases())
def test_the_same_inputs_give_the_same_plan(case):
    first = build_plan(case.curriculum, case.role, case.learner)
    again = build_plan(case.curriculum, case.role, case.learner)
    cold = build_plan(dataclasses.replace(case.curriculum, _cache={}), case.role, case.learner)
    assert first == again == cold


@SETTINGS
@given(planning_cases())
def test_the_networkx_planner_plans_the_same_steps(case):
    engine = build_plan(case.curriculum, case.role, case.learner)
    reference = plan_with_networkx(case.curriculum, case.role, case.learner)
    assert sorted(i.key for i in engine.items if i.kind == "skill") == sorted(
        i.key for i in reference
    )


def is_prerequisite_cycle(curriculum, cycle):
    return cycle[0] == cycle[-1] and all(
        any(p.skill == before for p in curriculum.skills[after].prerequisites)
        for before, after in zip(cycle, cycle[1:], strict=False)
    )


@SETTINGS
@given(curricula(), st.data())
def test_an_injected_cycle_is_refused_naming_it(curriculum, data):
    assert find_cycle(curriculum) is None
    dependants = [
        (slug, p.skill) for slug, skill in curriculum.skills.items() for p in skill.prerequisites
    ]
    if dependants:
        # skill → its prerequisite: make the prerequisite depend on the skill too.
        later, earlier = data.draw(st.sampled_from(sorted(dependants)))
    else:
        later = earlier = data.draw(st.sampled_from(sorted(curriculum.skills)))
    skills = dict(curriculum.skills)
    skills[earlier] = dataclasses.replace(
        skills[earlier],
        prerequisites=(*skills[earlier].prerequisites, Prerequisite(later, 1)),
    )
    cyclic = dataclasses.replace(curriculum, skills=skills, _cache={})
    cycle = find_cycle(cyclic)
    assert cycle is not None and is_prerequisite_cycle(cyclic, cycle)
    role = sorted(cyclic.roles)[0]
    learner = data.draw(learners(cyclic))
    with pytest.raises(CurriculumCycleError) as raised:
        build_plan(cyclic, role, learner)
    assert raised.value.cycle == cycle
    assert " → ".join(cycle) in str(raised.value)


def test_a_cycle_longer_than_the_recursion_limit_is_found():
    """The search is iterative: a 5,000-skill cycle is named, not a RecursionError."""
    from planner.engine import Curriculum, LearnerState, Role, Skill

    count = 5000
    skills = {
        f"s{n:04d}": Skill(
            f"s{n:04d}", f"S{n}", (1, 1, 1, 1, 1),
            (Prerequisite(f"s{(n - 1) % count:04d}", 1),),
        )
        for n in range(count)
    }  # fmt: skip
    curriculum = Curriculum(skills, {"r": Role("r", "R")})
    with pytest.raises(CurriculumCycleError) as raised:
        build_plan(curriculum, "r", LearnerState({}, 10, date(2026, 1, 1)))
    assert len(raised.value.cycle) == count + 1
    assert is_prerequisite_cycle(curriculum, raised.value.cycle)


@SETTINGS
@given(planning_cases())
def test_the_step_graph_has_the_edges_of_step_predecessors(case):
    """The step graph's fast paths (index step ids for skills whose prerequisites the learner
    has not started) give the edges of the plain definition, graph.step_predecessors."""
    index = index_of(case.curriculum)
    current = current_levels(index, case.learner.levels)
    gap = gap_for(index, case.role, current, case.learner.include_nice_to_have)
    graph = step_graph(index, current, gap.need_ready, gap.need_core, gap.need_all)
    for step in planned_steps(current, gap.need_all):
        plain = step_predecessors(index, current, step)
        below = [plain[0]] if plain and plain[0] == step - 1 else []
        assert [*below, *graph.prerequisites[step]] == plain
        assert graph.waiting[step] == len(plain)
        for before in graph.prerequisites[step]:
            assert step in graph.dependants[before]
