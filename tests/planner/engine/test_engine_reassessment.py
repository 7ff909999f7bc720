"""Diffs between plan versions and on-track / behind / ahead assessment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from planner.engine import InvalidLearnerState, PlanDiff, assess_progress, diff_plans

START = date(2026, 1, 5)


@dataclass(frozen=True)
class Row:
    """Stands in for a stored roadmap item: only the attributes the engine reads."""

    key: str
    start_week: float
    end_week: float = 0.0
    hours: float = 0.0


def test_the_diff_lists_added_removed_and_moved_items():
    old = [Row("skill:a:1", 0.0), Row("skill:b:1", 1.0), Row("skill:c:1", 2.0)]
    new = [Row("skill:a:1", 0.005), Row("skill:c:1", 1.0), Row("project:p", 2.0)]
    assert diff_plans(old, new) == PlanDiff(
        added=("project:p",), removed=("skill:b:1",), moved=(("skill:c:1", 2.0, 1.0),)
    )


def test_identical_plans_have_an_empty_diff():
    items = [Row("skill:a:1", 0.0), Row("skill:a:2", 1.5)]
    assert diff_plans(items, list(items)).is_empty


# Two items of 10 hours at 10 hours a week: weeks 0–1 and 1–2, then 20 hours: 2–4.
PLAN = [
    Row("skill:a:1", 0.0, 1.0, 10.0),
    Row("skill:a:2", 1.0, 2.0, 10.0),
    Row("skill:b:1", 2.0, 4.0, 20.0),
]


def assess(done, days, threshold_weeks=2.0):
    return assess_progress(
        PLAN, done, START + timedelta(days=days), START, 10, threshold_weeks=threshold_weeks
    )


def test_a_learner_who_did_what_was_scheduled_is_on_track():
    progress = assess({"skill:a:1", "skill:a:2"}, days=14)
    assert (progress.state, progress.weeks, progress.progress) == ("on_track", 0.0, 0.5)


def test_half_a_week_either_way_is_still_on_track():
    assert assess({"skill:a:1"}, days=10).state == "on_track"  # expected 14.3 h, done 10 h


def test_a_learner_who_did_nothing_for_three_weeks_is_behind():
    # By week 3: 10 + 10 + half of 20 = 30 hours expected, none done.
    progress = assess(set(), days=21)
    assert (progress.state, progress.weeks, progress.progress) == ("behind", 3.0, 0.0)
    assert progress.needs_new_version is True
    assert assess(set(), days=21, threshold_weeks=5).needs_new_version is False


def test_a_learner_who_finished_early_is_ahead():
    progress = assess({"skill:a:1", "skill:a:2", "skill:b:1"}, days=7)
    assert (progress.state, progress.weeks, progress.progress) == ("ahead", 3.0, 1.0)
    assert progress.needs_new_version is False


def test_nothing_is_expected_before_the_start():
    assert assess(set(), days=-7).state == "on_track"


def test_progress_needs_positive_weekly_hours():
    with pytest.raises(InvalidLearnerState):
        assess_progress(PLAN, set(), START, START, 0)
