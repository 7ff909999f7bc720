"""Putting the ordered items on a calendar and into the three stages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import PlanningError

WEEK_DECIMALS = 2


@dataclass(frozen=True, slots=True)
class StageSpan:
    key: str
    title: str
    start_week: int
    end_week: int | None


STAGE_SPANS = (
    StageSpan("0-6", "0–6 months", 0, 26),
    StageSpan("6-18", "6–18 months", 26, 78),
    StageSpan("18+", "18+ months", 78, None),
)


def stage_key(start_week: float) -> str:
    """The stage an item belongs to, by the (displayed, rounded) week it starts."""
    for span in STAGE_SPANS:
        if span.end_week is None or start_week < span.end_week:
            return span.key
    raise AssertionError("the last stage is open-ended")


@dataclass(frozen=True, slots=True)
class Slot:
    start_week: float
    end_week: float
    start_date: date
    end_date: date
    stage: str


def back_to_back(hours: Iterable[float], weekly_hours: float, start: date) -> list[Slot]:
    """Consecutive slots: each starts when the previous ends, lasting hours ÷ weekly hours.

    Weeks are accumulated exactly and rounded only for display (two decimals, dates to the
    day), so an item's start is always the previous item's end.
    """
    try:
        return _back_to_back(hours, weekly_hours, start)
    except OverflowError:
        raise PlanningError(
            "This plan would end after the year 9999; give it more hours."
        ) from None


def _back_to_back(hours: Iterable[float], weekly_hours: float, start: date) -> list[Slot]:
    slots = []
    done = 0.0
    start_week = 0.0
    start_day = start
    for h in hours:
        done += h
        end_week = done / weekly_hours
        end_day = start + timedelta(days=round(end_week * 7))
        shown = round(start_week, WEEK_DECIMALS)
        slots.append(
            Slot(shown, round(end_week, WEEK_DECIMALS), start_day, end_day, stage_key(shown))
        )
        start_week, start_day = end_week, end_day
    return slots
