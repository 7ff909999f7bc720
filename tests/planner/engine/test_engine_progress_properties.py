"""Invariants of what the planner says about a learner over time: role fit, replanning after
progress, the diff between versions and the on-track verdict."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from strategies import planning_cases

from planner.engine import assess_progress, build_plan, diff_plans, role_fit
from planner.engine.progress import ON_TRACK_TOLERANCE_WEEKS

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def skill_steps(plan):
    return [item for item in plan.items if item.kind == "skill"]


@SETTINGS
@given(planning_cases())
def test_role_fit_ranks_roles_by_the_share_of_their_job_ready_profile_already_met(case):
    levels = case.learner.levels
    fits = role_fit(case.curriculum, levels, case.learner.include_nice_to_have)
    from_zero = {fit.role: fit for fit in role_fit(case.curriculum, {})}

    assert sorted(fit.role for fit in fits) == sorted(case.curriculum.roles)
    assert list(fits) == sorted(
        fits, key=lambda fit: (-fit.closeness, fit.hours_to_ready, fit.role)
    )
    for fit in fits:
        plan = build_plan(case.curriculum, fit.role, case.learner)
        job_ready = next(m for m in plan.milestones if m.key == "job-ready")
        # Job-ready steps come first: the first ``fit.steps`` of the plan.
        ready = skill_steps(plan)[: fit.steps]
        assert all(s.end_week <= job_ready.week for s in ready)
        assert all(s.start_week >= job_ready.week for s in skill_steps(plan)[fit.steps :])
        assert fit.hours_to_ready == pytest.approx(sum(s.hours for s in ready), abs=0.01)
        assert fit.hours_to_proficient == pytest.approx(
            sum(s.hours for s in skill_steps(plan)), abs=0.01
        )
        zero = from_zero[fit.role].hours_to_ready
        assert 0.0 <= fit.closeness <= 1.0
        if zero:
            assert fit.closeness == pytest.approx(1 - fit.hours_to_ready / zero, abs=1e-4)
        else:
            assert fit.closeness == 1.0


@SETTINGS
@given(planning_cases(), st.data())
def test_replanning_after_doing_the_first_steps_plans_exactly_the_rest(case, data):
    """Done work is never planned again and nothing new appears: plans do not churn."""
    plan = build_plan(case.curriculum, case.role, case.learner)
    steps = skill_steps(plan)
    done = steps[: data.draw(st.integers(0, len(steps)), label="steps done")]
    levels = dict(case.learner.levels)
    for step in done:
        levels[step.skill] = step.to_level
    later = dataclasses.replace(
        case.learner, levels=levels, start_date=case.learner.start_date + timedelta(days=30)
    )

    replanned = build_plan(case.curriculum, case.role, later)

    remaining = {item.key for item in steps} - {item.key for item in done}
    assert {item.key for item in skill_steps(replanned)} == remaining
    diff = diff_plans(plan.items, replanned.items)
    assert {item.key for item in done} <= set(diff.removed)
    assert not {key for key in diff.added if key.startswith("skill:")}


@SETTINGS
@given(planning_cases(), planning_cases())
def test_a_diff_is_the_difference_of_the_two_plans(first_case, second_case):
    old = build_plan(first_case.curriculum, first_case.role, first_case.learner).items
    new = build_plan(second_case.curriculum, second_case.role, second_case.learner).items
    forward, backward = diff_plans(old, new), diff_plans(new, old)

    old_keys, new_keys = {i.key for i in old}, {i.key for i in new}
    assert set(forward.added) == new_keys - old_keys == set(backward.removed)
    assert set(forward.removed) == old_keys - new_keys == set(backward.added)
    starts_old, starts_new = {i.key: i.start_week for i in old}, {i.key: i.start_week for i in new}
    assert {key for key, _, _ in forward.moved} == {key for key, _, _ in backward.moved}
    for key, was, now in forward.moved:
        assert (was, now) == (starts_old[key], starts_new[key]) and was != now
    assert diff_plans(old, old).is_empty


@SETTINGS
@given(planning_cases(), st.data())
def test_the_verdict_follows_the_hours_done_against_the_schedule(case, data):
    plan = build_plan(case.curriculum, case.role, case.learner)
    items = plan.items
    done = data.draw(st.sets(st.sampled_from([i.key for i in items])) if items else st.just(set()))
    today = case.learner.start_date + timedelta(days=data.draw(st.integers(-10, 2000)))
    hours = case.learner.weekly_hours

    verdict = assess_progress(items, done, today, case.learner.start_date, hours)
    assert 0 <= verdict.progress <= 1
    assert verdict.needs_new_version == (verdict.state == "behind" and verdict.weeks > 2.0)
    if verdict.state == "on_track":
        assert verdict.weeks == 0
    else:
        assert verdict.weeks >= round(ON_TRACK_TOLERANCE_WEEKS, 2)

    # Doing one more item never makes the verdict worse.
    signed = {"behind": -1, "on_track": 0, "ahead": 1}
    rest = [i.key for i in items if i.key not in done]
    if rest:
        more = assess_progress(items, done | {rest[0]}, today, case.learner.start_date, hours)
        assert (signed[more.state] * more.weeks, more.progress) >= (
            signed[verdict.state] * verdict.weeks,
            verdict.progress,
        )

    # Having done exactly what was scheduled to end by today is on track.
    elapsed = max((today - case.learner.start_date).days / 7, 0)
    scheduled = {i.key for i in items if i.end_week <= elapsed}
    if all(i.end_week <= elapsed or i.start_week >= elapsed for i in items):
        on_time = assess_progress(items, scheduled, today, case.learner.start_date, hours)
        assert on_time.state == "on_track"
