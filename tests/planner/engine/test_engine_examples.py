"""The planner on a small hand-made curriculum: reasons, variants, targets, fit, frontier."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from planner.engine import (
    Curriculum,
    CurriculumCycleError,
    InvalidLearnerState,
    LearnerState,
    Prerequisite,
    Project,
    Requirement,
    Role,
    Skill,
    SkillLevel,
    Step,
    UnknownRoleError,
    build_plan,
    find_cycle,
    ready_to_learn,
    role_fit,
)

START = date(2026, 1, 5)


def skill(slug, name, hours=10, prerequisites=()):
    return Skill(slug, name, (hours,) * 5, tuple(prerequisites))


@pytest.fixture
def curriculum():
    return Curriculum(
        skills={
            "python": skill("python", "Python"),
            "statistics": skill("statistics", "Statistics", 20, [Prerequisite("python", 1)]),
            "machine-learning": skill(
                "machine-learning",
                "Machine learning",
                30,
                [Prerequisite("python", 2), Prerequisite("statistics", 2, for_level=3)],
            ),
            "deep-learning": skill(
                "deep-learning", "Deep learning", 40, [Prerequisite("machine-learning", 2)]
            ),
            "communication": skill("communication", "Communication", 5),
        },
        roles={
            "data-scientist": Role(
                "data-scientist",
                "Data scientist",
                (
                    Requirement("machine-learning", 3, "core"),
                    Requirement("communication", 2, "nice"),
                ),
            ),
            "deep-learning-data-scientist": Role(
                "deep-learning-data-scientist",
                "Deep learning data scientist",
                (
                    Requirement("deep-learning", 2, "core"),
                    Requirement("machine-learning", 2, "nice"),
                    Requirement("communication", 3, "nice"),
                ),
                variant_of="data-scientist",
            ),
        },
        projects=(
            Project(
                "titanic",
                "Titanic classifier",
                "beginner",
                20,
                (
                    SkillLevel("python", 2),
                    SkillLevel("machine-learning", 1),
                ),
            ),  # fmt: skip
            Project("hello", "Hello world", "beginner", 2, (SkillLevel("python", 1),)),
        ),
    )


def learner(levels=None, weekly_hours=10, **kwargs):
    return LearnerState(levels or {}, weekly_hours, START, **kwargs)


def by_key(plan):
    return {item.key: item for item in plan.items}


def test_the_plan_learns_each_skill_in_one_block_with_a_project_early(curriculum):
    plan = build_plan(curriculum, "data-scientist", learner())
    assert [item.key for item in plan.items] == [
        "skill:python:1",  # practice first, and Python unlocks the most
        "skill:python:2",  # the next level of the same skill follows at once
        "project:titanic",  # within reach: Python 2 met, Machine learning one level short
        "skill:statistics:1",
        "skill:statistics:2",
        "skill:machine-learning:1",
        "skill:machine-learning:2",
        "skill:machine-learning:3",
    ]
    # Hello world lists no skill the role requires: not planned.
    assert plan.total_hours == 10 + 10 + 20 + 20 + 20 + 30 + 30 + 30
    assert plan.weeks == 17.0
    assert plan.finish_date == START + timedelta(days=119)
    assert plan.message == ""


def test_each_item_says_why_it_is_there_the_roles_need_first(curriculum):
    items = by_key(build_plan(curriculum, "data-scientist", learner()))
    assert items["skill:machine-learning:3"].reasons == (
        "Data scientist needs Machine learning level 3 to be job-ready",
    )
    assert items["skill:machine-learning:1"].reasons == (
        "Data scientist needs Machine learning level 3 to be job-ready",
    )
    assert items["skill:python:2"].reasons == ("Prerequisite of Machine learning level 1",)
    assert items["skill:python:1"].reasons == ("Prerequisite of Statistics level 1",)
    assert items["skill:statistics:1"].reasons == (
        "Step towards Statistics level 2, prerequisite of Machine learning level 3",
    )
    assert items["project:titanic"].reasons == (
        "Your first hands-on project: practise early, then keep learning",
        "Practice for Data scientist: Python 2, Machine learning 1",
    )
    assert all(len(item.reasons) <= 3 for item in items.values())


def test_nice_to_have_requirements_come_last_and_only_when_asked(curriculum):
    without = build_plan(curriculum, "data-scientist", learner())
    assert "skill:communication:1" not in by_key(without)
    plan = build_plan(curriculum, "data-scientist", learner(include_nice_to_have=True))
    assert [item.key for item in plan.items][-2:] == [
        "skill:communication:1",
        "skill:communication:2",
    ]
    last = by_key(plan)["skill:communication:2"]
    assert last.priority == "nice"
    assert last.reasons == ("Data scientist lists Communication level 2 as nice-to-have",)


def test_a_variant_inherits_and_raises_its_base_requirements(curriculum):
    plan = build_plan(
        curriculum, "deep-learning-data-scientist", learner(include_nice_to_have=True)
    )
    items = by_key(plan)
    # Inherited core ML 3 wins over the variant's nice ML 2; its own DL 2 is added.
    assert items["skill:machine-learning:3"].reasons == (
        "Deep learning data scientist needs Machine learning level 3 to be job-ready",
    )
    assert items["skill:machine-learning:2"].priority == "core"
    assert items["skill:deep-learning:2"].priority == "core"
    # Nice communication raised from 2 to 3.
    assert items["skill:communication:3"].reasons == (
        "Deep learning data scientist lists Communication level 3 as nice-to-have",
    )
    assert items["skill:communication:2"].reasons == items["skill:communication:3"].reasons
    # Job-ready as the base role on the way.
    assert [m.key for m in plan.milestones] == [
        "role:data-scientist",
        "job-ready",
        "proficient",
    ]
    assert plan.role_name == "Deep learning data scientist"


def test_steps_and_projects_the_learner_already_has_are_not_planned(curriculum):
    plan = build_plan(curriculum, "data-scientist", learner({"python": 2, "statistics": 5}))
    # Hello world practises nothing new; Titanic is within reach from the start (Python 2
    # met, Machine learning one level short) and the plan raises Machine learning.
    assert [item.key for item in plan.items] == [
        "project:titanic",
        "skill:machine-learning:1",
        "skill:machine-learning:2",
        "skill:machine-learning:3",
    ]
    assert plan.items[1].from_level == 0
    assert plan.items[1].start_week == plan.items[0].end_week == 2.0


def test_a_learner_who_meets_everything_gets_an_empty_plan_with_three_stages(curriculum):
    plan = build_plan(curriculum, "data-scientist", learner({"machine-learning": 5}))
    assert plan.items == ()
    assert plan.message == "You already meet every requirement of Data scientist."
    assert [(s.key, s.title, s.start_week, s.end_week, s.hours, s.items) for s in plan.stages] == [
        ("0-6", "0–6 months", 0, 26, 0, ()),
        ("6-18", "6–18 months", 26, 78, 0, ()),
        ("18+", "18+ months", 78, None, 0, ()),
    ]
    assert plan.total_hours == 0 and plan.weeks == 0 and plan.finish_date == START
    assert plan.ready_now == ()


def test_items_go_to_the_stage_in_which_they_start(curriculum):
    plan = build_plan(
        curriculum,
        "deep-learning-data-scientist",
        learner(weekly_hours=1, include_nice_to_have=True),
    )
    for item in plan.items:
        expected = "0-6" if item.start_week < 26 else "6-18" if item.start_week < 78 else "18+"
        assert item.stage == expected
    assert all(stage.items for stage in plan.stages)


def test_the_target_verdict_says_whether_the_date_is_reachable(curriculum):
    total = build_plan(curriculum, "data-scientist", learner()).total_hours  # 170 hours
    reachable = build_plan(
        curriculum, "data-scientist", learner(target_date=START + timedelta(weeks=20))
    ).target
    assert reachable.reachable is True and reachable.advice == ""
    assert reachable.weekly_hours_needed == 8.5  # 170 / 20
    tight = build_plan(
        curriculum, "data-scientist", learner(target_date=START + timedelta(weeks=15))
    ).target
    assert tight.reachable is False
    assert tight.weekly_hours_needed == 11.4  # 11.33 rounded up, so that it is enough
    assert total / 15 <= tight.weekly_hours_needed
    assert tight.weeks_short == 2.0
    assert tight.earliest_date == START + timedelta(weeks=17)
    assert tight.fits == "nothing"
    assert tight.advice == (
        "At 10 h a week you finish on 04 May 2026, 2 weeks after your target. "
        "11.4 h a week would reach it."
    )
    past = build_plan(curriculum, "data-scientist", learner(target_date=START)).target
    assert past.reachable is False and past.weekly_hours_needed is None
    done = build_plan(
        curriculum, "data-scientist", learner({"machine-learning": 3}, target_date=START)
    ).target
    assert done.reachable is True and done.weekly_hours_needed == 0.0


def test_a_target_no_realistic_effort_reaches_says_so_and_what_fits(curriculum):
    entry = dataclasses.replace(
        curriculum,
        roles={
            "data-scientist": Role(
                "data-scientist", "Data scientist", (Requirement("machine-learning", 3, "core", 1),)
            )
        },
        _cache={},
    )
    plan = build_plan(
        entry, "data-scientist", learner(weekly_hours=40, target_date=START + timedelta(days=13))
    )
    target = plan.target
    # 170 hours in under two weeks is more than 80 h a week: no weekly figure is offered.
    assert target.reachable is False and target.weekly_hours_needed is None
    assert target.fits == "job-ready"
    assert "No realistic weekly effort (up to 80 h)" in target.advice
    assert "By then you can be job-ready" in target.advice


def test_job_ready_comes_first_at_the_entry_levels_then_proficient(curriculum):
    entry = dataclasses.replace(
        curriculum,
        roles={
            "data-scientist": Role(
                "data-scientist", "Data scientist", (Requirement("machine-learning", 3, "core", 1),)
            )
        },
        _cache={},
    )
    plan = build_plan(entry, "data-scientist", learner())
    keys = [item.key for item in plan.items]
    assert keys.index("skill:machine-learning:1") < keys.index("skill:statistics:1")
    milestones = {m.key: m for m in plan.milestones}
    ml1 = by_key(plan)["skill:machine-learning:1"]
    assert milestones["job-ready"].week == ml1.end_week or keys[keys.index(ml1.key) + 1].startswith(
        "project:"
    )
    assert milestones["job-ready"].week < milestones["proficient"].week == plan.weeks
    assert ml1.reasons[0] == "Data scientist needs Machine learning level 1 to be job-ready"
    assert by_key(plan)["skill:machine-learning:3"].reasons[0] == (
        "Data scientist needs Machine learning level 3 to be proficient"
    )


def test_ready_now_is_the_learners_frontier_for_the_role(curriculum):
    plan = build_plan(curriculum, "data-scientist", learner({"python": 2}))
    assert plan.ready_now == (
        Step("machine-learning", "Machine learning", 0, 1, 30.0),
        Step("statistics", "Statistics", 0, 1, 20.0),
    )


def test_ready_to_learn_without_a_role_covers_every_skill(curriculum):
    steps = ready_to_learn(curriculum, {"python": 1})
    assert [step.key for step in steps] == [
        "skill:communication:1",
        "skill:python:2",
        "skill:statistics:1",
    ]
    within_role = ready_to_learn(curriculum, {"python": 1}, "data-scientist")
    assert [step.key for step in within_role] == ["skill:python:2", "skill:statistics:1"]


def test_role_fit_ranks_roles_by_closeness(curriculum):
    fits = role_fit(curriculum, {"python": 2, "statistics": 2})
    # Data scientist from zero: 150 h, 90 h left (40 % met); the variant 230 h, 170 h left.
    assert [(fit.role, fit.hours_to_ready, fit.steps, fit.closeness) for fit in fits] == [
        ("data-scientist", 90.0, 3, 0.4),
        ("deep-learning-data-scientist", 170.0, 5, 0.2609),
    ]
    with_nice = role_fit(curriculum, {"python": 2, "statistics": 2}, include_nice_to_have=True)
    assert with_nice[0].hours_to_ready == 90.0
    assert with_nice[0].hours_to_proficient == 100.0


def test_bad_learner_states_and_unknown_roles_are_refused(curriculum):
    with pytest.raises(InvalidLearnerState):
        build_plan(curriculum, "data-scientist", learner(weekly_hours=0.5))
    with pytest.raises(InvalidLearnerState):
        build_plan(curriculum, "data-scientist", learner(weekly_hours=81))
    with pytest.raises(InvalidLearnerState):
        build_plan(curriculum, "data-scientist", learner({"python": 6}))
    with pytest.raises(InvalidLearnerState):
        role_fit(curriculum, {"python": -1})
    with pytest.raises(UnknownRoleError):
        build_plan(curriculum, "astronaut", learner())


def test_a_cycle_is_named_in_prerequisite_order():
    cyclic = Curriculum(
        skills={
            "a": skill("a", "A", prerequisites=[Prerequisite("c", 1)]),
            "b": skill("b", "B", prerequisites=[Prerequisite("a", 1)]),
            "c": skill("c", "C", prerequisites=[Prerequisite("b", 1)]),
            "d": skill("d", "D"),
        },
        roles={"r": Role("r", "R", (Requirement("d", 1),))},
    )
    assert find_cycle(cyclic) == ["a", "b", "c", "a"]
    with pytest.raises(CurriculumCycleError, match="a → b → c → a") as raised:
        build_plan(cyclic, "r", learner())
    assert raised.value.cycle == ["a", "b", "c", "a"]


def test_a_role_variant_loop_is_a_cycle_error():
    looping = Curriculum(
        skills={"a": skill("a", "A")},
        roles={
            "x": Role("x", "X", variant_of="y"),
            "y": Role("y", "Y", variant_of="x"),
        },
    )
    with pytest.raises(CurriculumCycleError):
        build_plan(looping, "x", learner())
