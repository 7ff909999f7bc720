"""What a weekly reminder shows of each learner's roadmap, read for a whole batch at once.

A reminder shows this week's and the overdue items, progress per stage and overall, and the
learner's verdict (on track, behind, ahead). Only the first two need item views (names,
dates, what to study); the rest is sums over the plan's hours. So a batch reads every item
row as a few numbers (no joins, no dates) for the sums, and builds item views only for the
open items that start by the end of the week: five queries (one of them the study content's
revision) for any number of learners and any plan size, and a fraction of the cost of every
item of every learner as a view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from planner import engine
from planner.models import FINISHED, ItemStatus, Roadmap, RoadmapItem
from planner.selectors.roadmaps import (
    ItemView,
    counts_done,
    current_roadmaps,
    done_share,
    item_view,
    verified_levels,
)
from planner.study import attach_study

# What the sums need of every item: the engine's ScheduledWork (key, hours, weeks) for the
# verdict, and what decides whether it counts as done.
PROGRESS_COLUMNS = (
    "key", "stage", "kind", "skill_id", "to_level", "hours", "start_week", "end_week", "status",
)  # fmt: skip


# What the email shows of this week's and the overdue items: no reasons, deliverables or notes.
# The slugs name the study content.
SHOWN_ITEM_COLUMNS = (
    "id", "key", "kind", "stage", "skill_id", "skill__slug", "skill__name", "from_level",
    "to_level", "project__slug", "project__name", "hours", "start_week", "end_week",
    "start_date", "end_date", "status",
)  # fmt: skip
# What a reminder shows of the roadmap itself (not its stored rendering, levels or diff).
ROADMAP_COLUMNS = (
    "user_id", "version", "role__name", "role__slug", "start_date", "weekly_hours",
)  # fmt: skip


@dataclass(frozen=True)
class StageProgress:
    title: str
    percent: int
    count: int  # items planned in the stage


@dataclass
class ReminderView:
    roadmap: Roadmap
    local_day: date
    stages: list[StageProgress]
    percent: int  # of the whole plan's hours, done
    progress: engine.Progress  # today's verdict
    this_week: list[ItemView]
    overdue: list[ItemView]

    @property
    def week_start(self) -> date:
        return week_start(self.local_day)

    @property
    def week_end(self) -> date:
        return week_start(self.local_day) + timedelta(days=6)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def reminder_views(local_days: dict[int, date]) -> dict[int, ReminderView]:
    """By learner id, what the reminder of each learner in ``local_days`` (learner id → their
    local date) shows; learners without a roadmap are left out."""
    latest = current_roadmaps(list(local_days), only=ROADMAP_COLUMNS)
    if not latest:
        return {}
    roadmaps = {roadmap.pk: roadmap for roadmap in latest.values()}
    verified = verified_levels(list(latest))
    rows: dict[int, list] = {pk: [] for pk in roadmaps}
    for row in (
        RoadmapItem.objects.filter(roadmap_id__in=roadmaps)
        .order_by("roadmap_id", "position")
        .values_list("roadmap_id", *PROGRESS_COLUMNS, named=True)
        .iterator(chunk_size=5000)
    ):
        rows[row.roadmap_id].append(row)
    shown = _shown_items(roadmaps, local_days, verified)
    views = {}
    for roadmap in roadmaps.values():
        user_id = roadmap.user_id
        day = local_days[user_id]
        items = shown[roadmap.pk]
        week_end = week_start(day) + timedelta(days=6)
        views[user_id] = ReminderView(
            roadmap=roadmap,
            local_day=day,
            **_sums(rows[roadmap.pk], verified.get(user_id, {})),
            progress=engine.assess_progress(
                rows[roadmap.pk],
                {row.key for row in rows[roadmap.pk] if row.status == ItemStatus.DONE},
                day,
                roadmap.start_date,
                roadmap.weekly_hours,
            ),
            this_week=[i for i in items if i.start_date <= week_end and i.end_date >= day],
            overdue=[i for i in items if i.end_date < day],
        )
    return views


def _sums(rows: list, verified: dict[int, int]) -> dict:
    """Progress per stage and overall, as :class:`~planner.selectors.roadmaps.StageView` and
    ``RoadmapView.progress`` compute it from item views."""
    totals = {stage.key: [0.0, 0.0, 0] for stage in engine.STAGE_SPANS}  # hours, done, count
    for row in rows:
        total = totals[row.stage]
        total[0] += row.hours
        total[2] += 1
        if counts_done(row.status, row.kind, row.skill_id, row.to_level, verified):
            total[1] += row.hours
    hours = sum(t[0] for t in totals.values())
    done = sum(t[1] for t in totals.values())
    return {
        "stages": [
            StageProgress(stage.title, _percent(*totals[stage.key]), totals[stage.key][2])
            for stage in engine.STAGE_SPANS
        ],
        "percent": _percent(hours, done, len(rows)),
    }


def _percent(hours: float, done: float, count: int) -> int:
    return round(done_share(hours, done, count) * 100)


def _shown_items(
    roadmaps: dict[int, Roadmap], local_days: dict[int, date], verified: dict[int, dict]
) -> dict[int, list[ItemView]]:
    """The open items that start by the end of their learner's week (this week's and the
    overdue ones, and for learners in earlier time zones a few more, left out by the
    caller), as item views with what to study."""
    last = max(week_start(day) for day in local_days.values()) + timedelta(days=6)
    items: dict[int, list[ItemView]] = {pk: [] for pk in roadmaps}
    names = ("roadmap_id", *SHOWN_ITEM_COLUMNS)
    for values in (
        RoadmapItem.objects.filter(roadmap_id__in=roadmaps, start_date__lte=last)
        .exclude(status__in=FINISHED)
        .order_by("roadmap_id", "position")
        .values_list(*names)
    ):
        row = dict(zip(names, values, strict=True))
        user_id = roadmaps[row["roadmap_id"]].user_id
        items[row["roadmap_id"]].append(item_view(row, verified.get(user_id, {})))
    attach_study(item for rows in items.values() for item in rows)
    return items
