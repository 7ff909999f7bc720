"""What the planner knows about the learner."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .curriculum import MAX_LEVEL, is_level
from .errors import InvalidLearnerState

MIN_WEEKLY_HOURS = 1
MAX_WEEKLY_HOURS = 80


@dataclass(frozen=True)
class LearnerState:
    """The learner's current levels (0 where absent), weekly hours and dates.

    Levels of skills the curriculum does not know are ignored, so a stored self-assessment
    survives a skill being retired.
    """

    levels: Mapping[str, int]
    weekly_hours: float
    start_date: date
    target_date: date | None = None
    include_nice_to_have: bool = False


def check_levels(levels: Mapping[str, int]) -> None:
    """Raise InvalidLearnerState unless every level is a whole number from 0 to MAX_LEVEL."""
    for skill, level in levels.items():
        if not is_level(level):
            raise InvalidLearnerState(
                f"Level of {skill!r} must be a whole number from 0 to {MAX_LEVEL}, got {level!r}."
            )


def check_weekly_hours(weekly_hours: float) -> None:
    if (
        isinstance(weekly_hours, bool)
        or not isinstance(weekly_hours, int | float)
        or not math.isfinite(weekly_hours)
        or not MIN_WEEKLY_HOURS <= weekly_hours <= MAX_WEEKLY_HOURS
    ):
        raise InvalidLearnerState(
            f"Weekly hours must be from {MIN_WEEKLY_HOURS} to {MAX_WEEKLY_HOURS}, "
            f"got {weekly_hours!r}."
        )


def check_learner(learner: LearnerState) -> None:
    """Raise InvalidLearnerState if the learner's state cannot be planned for."""
    check_weekly_hours(learner.weekly_hours)
    check_levels(learner.levels)
    if not isinstance(learner.start_date, date):
        raise InvalidLearnerState(f"Start date must be a date, got {learner.start_date!r}.")
    if learner.target_date is not None and not isinstance(learner.target_date, date):
        raise InvalidLearnerState(f"Target date must be a date, got {learner.target_date!r}.")
