"""The planner on a small hand-made curriculum: reasons, variants, targets, fit, frontier."""

from __future__ import annotations

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


def test_the_plan_lists_steps_in_order_with_projects_after_their_last_level(curriculum):
    plan = build_plan(curriculum, "data-scientist", learner())
    # Lower levels first (foundations), then the longest chain in hours, then slug.
    assert [item.key for item in plan.items] == [
        "skill:python:1",
        "project:hello",
        "skill:statistics:1",  # a level 1 before any level 2
        "skill:python:2",  # chain 100 h (python 2, ML 1–3) beats statistics 2's 50 h
        "skill:machine-learning:1",
        "project:titanic",
        "skill:machine-learning:2",  # chain 60 h beats statistics 2's 50 h
        "skill:statistics:2",
        "skill:machine-learning:3",
    ]
    assert plan.total_hours == 10 + 2 + 10 + 30 + 20 + 20 + 20 + 30 + 30
    assert plan.weeks == 17.2
    assert plan.finish_date == START + timedelta(days=round(17.2 * 7))
    assert plan.message == ""


def test_each_item_says_why_it_is_there(curriculum):
    items = by_key(build_plan(curriculum, "data-scientist", learner()))
    assert items["skill:machine-learning:3"].reasons == (
        "Required by Data scientist at level 3 (core)",
    )
    assert items["skill:machine-learning:1"].reasons == (
        "Step towards Machine learning level 3 required by Data scientist",
    )
    assert items["skill:python:2"].reasons == (
        "Prerequisite of Machine learning level 1 (for Data scientist)",
    )
    assert items["skill:python:1"].reasons == (
        "Prerequisite of Statistics level 1 (for Data scientist)",
    )
    assert items["skill:statistics:1"].reasons == (
        "Step towards Statistics level 2, prerequisite of Machine learning level 3 "
        "(for Data scientist)",
    )
    assert items["project:titanic"].reasons == (
        "Practises Python level 2, Machine learning level 1 as soon as your planned levels allow",
    )


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
    assert last.reasons == ("Required by Data scientist at level 2 (nice-to-have)",)


def test_a_variant_inherits_and_raises_its_base_requirements(curriculum):
    plan = build_plan(
        curriculum, "deep-learning-data-scientist", learner(include_nice_to_have=True)
    )
    items = by_key(plan)
    # Inherited core ML 3 wins over the variant's nice ML 2; its own DL 2 is added.
    assert items["skill:machine-learning:3"].reasons == (
        "Required by Deep learning data scientist at level 3 (core)",
    )
    assert items["skill:machine-learning:2"].priority == "core"
    assert items["skill:deep-learning:2"].priority == "core"
    # Nice communication raised from 2 to 3.
    assert items["skill:communication:3"].reasons == (
        "Required by Deep learning data scientist at level 3 (nice-to-have)",
    )
    assert items["skill:communication:2"].reasons == (
        "Step towards Communication level 3 required by Deep learning data scientist",
    )
    assert plan.role_name == "Deep learning data scientist"


def test_steps_and_projects_the_learner_already_has_are_not_planned(curriculum):
    plan = build_plan(curriculum, "data-scientist", learner({"python": 2, "statistics": 5}))
    # Hello world practises nothing new; Titanic needs ML 1, which the plan raises.
    assert [item.key for item in plan.items] == [
        "skill:machine-learning:1",
        "project:titanic",
        "skill:machine-learning:2",
        "skill:machine-learning:3",
    ]
    assert plan.items[0].from_level == 0
    assert plan.items[1].start_week == plan.items[0].end_week == 3.0
    assert plan.items[2].start_week == 5.0  # the project's 20 hours push the next step back


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
    total = build_plan(curriculum, "data-scientist", learner()).total_hours  # 172 hours
    reachable = build_plan(
        curriculum, "data-scientist", learner(target_date=START + timedelta(weeks=20))
    ).target
    assert reachable.reachable is True
    assert reachable.weekly_hours_needed == 8.6  # 172 / 20
    tight = build_plan(
        curriculum, "data-scientist", learner(target_date=START + timedelta(weeks=15))
    ).target
    assert tight.reachable is False
    assert tight.weekly_hours_needed == 11.5  # 11.47 rounded up, so that it is enough
    assert total / 15 <= tight.weekly_hours_needed
    past = build_plan(curriculum, "data-scientist", learner(target_date=START)).target
    assert past.reachable is False and past.weekly_hours_needed is None
    done = build_plan(
        curriculum, "data-scientist", learner({"machine-learning": 3}, target_date=START)
    ).target
    assert done.reachable is True and done.weekly_hours_needed == 0.0


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


def test_role_fit_ranks_roles_by_hours_to_ready(curriculum):
    fits = role_fit(curriculum, {"python": 2, "statistics": 2})
    assert [(fit.role, fit.hours_to_ready, fit.steps) for fit in fits] == [
        ("data-scientist", 90.0, 3),
        ("deep-learning-data-scientist", 170.0, 5),
    ]
    with_nice = role_fit(curriculum, {"python": 2, "statistics": 2}, include_nice_to_have=True)
    assert with_nice[0].hours_to_ready == 100.0


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
