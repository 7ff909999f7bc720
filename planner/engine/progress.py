"""How a learner is doing against their plan."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from .diff import Scheduled
from .errors import InvalidLearnerState

# Less than half a week either way is noise (a busy weekend), not a reason to worry.
ON_TRACK_TOLERANCE_WEEKS = 0.5


@dataclass(frozen=True, slots=True)
class Progress:
    """``state`` is on_track, behind or ahead; ``weeks`` how far (≥ 0, 0 when on track);
    ``progress`` the share of the plan's hours done (0–1); ``needs_new_version`` whether the
    learner is behind by more than the threshold."""

    state: str
    weeks: float
    progress: float
    needs_new_version: bool = False


class ScheduledWork(Scheduled, Protocol):
    @property
    def hours(self) -> float: ...
    @property
    def end_week(self) -> float: ...


def assess_progress(
    items: Iterable[ScheduledWork],
    done_keys: Collection[str],
    today: date,
    start_date: date,
    weekly_hours: float,
    threshold_weeks: float = 2.0,
) -> Progress:
    """Compare the hours done with the hours the schedule expected by today.

    Expected: the hours of items scheduled to end by the weeks elapsed since the start, plus
    the elapsed share of the item in progress. Done: the hours of items whose key is in
    ``done_keys``. The difference in weeks is (done − expected) ÷ weekly hours; within
    ±0.5 week it is on track. Before the start date nothing is expected.
    """
    if not weekly_hours > 0:
        raise InvalidLearnerState(f"Weekly hours must be positive, got {weekly_hours!r}.")
    elapsed = max((today - start_date).days / 7, 0.0)
    done = set(done_keys)
    expected = actual = total = 0.0
    for item in items:
        hours = float(item.hours)
        total += hours
        if item.key in done:
            actual += hours
        if item.end_week <= elapsed:
            expected += hours
        elif item.start_week < elapsed:
            expected += hours * (elapsed - item.start_week) / (item.end_week - item.start_week)
    difference = (actual - expected) / weekly_hours
    share = min(max(actual / total, 0.0), 1.0) if total > 0 else 1.0
    if abs(difference) <= ON_TRACK_TOLERANCE_WEEKS:
        return Progress("on_track", 0.0, round(share, 4))
    weeks = round(abs(difference), 2)
    if difference < 0:
        return Progress("behind", weeks, round(share, 4), abs(difference) > threshold_weeks)
    return Progress("ahead", weeks, round(share, 4))
