"""Putting the ordered items on a calendar and into the three stages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from .errors import PlanningError

WEEK_DECIMALS = 2


class StageSpan(NamedTuple):
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


# A slot on the calendar: (start week, end week, start date, end date, stage key). Plain
# tuples, as a plan has one per item and tens of thousands of items on large curricula.
Slot = tuple[float, float, date, date, str]


def back_to_back(hours: Iterable[float], weekly_hours: float, start: date) -> list[Slot]:
    """Consecutive slots: each starts when the previous ends, lasting hours ÷ weekly hours.

    Weeks are accumulated exactly and rounded only for display (two decimals, dates to the
    day), so an item's start is always the previous item's end. The stage is that of the
    displayed start week (``stage_key``).
    """
    try:
        return _back_to_back(hours, weekly_hours, start)
    except (OverflowError, ValueError):
        raise PlanningError(
            "This plan would end after the year 9999; give it more hours."
        ) from None


def _back_to_back(hours: Iterable[float], weekly_hours: float, start: date) -> list[Slot]:
    slots: list[Slot] = []
    append = slots.append
    day_zero = start.toordinal()
    on_day = date.fromordinal
    # Start weeks only grow, so the stage is found by moving forward through the spans.
    spans = iter(STAGE_SPANS)
    span = next(spans)
    done = 0.0
    # Each item starts at the exact week the previous one ends, so its rounded start is the
    # previous rounded end (rounding to decimals is the costly part).
    shown_start = round(0.0, WEEK_DECIMALS)
    start_day = start
    for h in hours:
        done += h
        end_week = done / weekly_hours
        end_day = on_day(day_zero + round(end_week * 7))
        shown_end = round(end_week, WEEK_DECIMALS)
        while span.end_week is not None and shown_start >= span.end_week:
            span = next(spans)
        append((shown_start, shown_end, start_day, end_day, span.key))
        shown_start, start_day = shown_end, end_day
    return slots
