"""A learner's plan as an iCalendar feed: weekly study blocks and the milestones (job-ready,
other roles met on the way, proficient).

Every event's UID is the step's key and the learner (never the plan's version), so a
calendar that subscribed to the feed, or re-imports the download after a replan, updates the
same events instead of adding copies; ``SEQUENCE`` is the version and ``DTSTAMP`` when that
version last changed (RFC 5545 requires both to be there for updates to be recognised).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from planner.emails import site_url
from planner.models import ItemStatus
from planner.selectors.roadmaps import RoadmapView
from planner.study import study_text

# A study block is at most this long, however many hours a week the learner gives: a weekly
# evening, not a day-long marathon. The description says the week's full hours.
MAX_BLOCK_HOURS = 3
UNFINISHED = (ItemStatus.TODO, ItemStatus.IN_PROGRESS)


def _first_weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def roadmap_calendar(view: RoadmapView, *, weekday: int | None, hour: int, tz: str) -> bytes:
    """Each unfinished step as a weekly study block (the learner's reminder day and hour, in
    their timezone) from its planned start to its planned end, plus each milestone as an
    all-day event."""
    roadmap = view.roadmap
    user_id = roadmap.user_id if roadmap else 0
    version = roadmap.version if roadmap else 0
    stamp = roadmap.changed_at if roadmap else datetime.now(tz=ZoneInfo("UTC"))
    zone = ZoneInfo(tz)
    weekday = 0 if weekday is None else weekday

    calendar = Calendar()
    calendar.add("prodid", "-//Waymark//roadmap//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Waymark: {view.role_name}")
    calendar.add("x-wr-timezone", tz)
    for item in view.items:
        if item.status not in UNFINISHED:
            continue
        weeks = max(item.end_week - item.start_week, 0.01)
        per_week = item.hours / weeks
        block = min(per_week, item.hours, MAX_BLOCK_HOURS)
        first = _first_weekday_on_or_after(item.start_date, weekday)
        start = datetime.combine(first, time(hour=hour), tzinfo=zone)
        last = max(item.end_date, first)
        event = Event()
        event.add("uid", f"{item.key}.u{user_id}@waymark")
        event.add("dtstamp", stamp)
        event.add("sequence", version)
        event.add("summary", f"Study: {item.label}")
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=round(block * 60)))
        event.add(
            "rrule",
            vRecur(
                freq="weekly",
                until=datetime.combine(last, time(23, 59), tzinfo=zone).astimezone(ZoneInfo("UTC")),
            ),
        )
        event.add(
            "description",
            "\n".join(
                [
                    f"About {per_week:.3g} h a week, {item.hours:g} h in all, "
                    f"{item.start_date:%d %b %Y} – {item.end_date:%d %b %Y}.",
                    *item.reasons,
                    *([""] + [study] if (study := study_text(item.study)) else []),
                ]
            ),
        )
        event.add("url", f"{site_url('planner:roadmap')}#item-{item.id}")
        calendar.add_component(event)
    for milestone in view.milestones:
        event = Event()
        event.add("uid", f"milestone.{milestone.key}.u{user_id}@waymark")
        event.add("dtstamp", stamp)
        event.add("sequence", version)
        event.add("summary", milestone.title)
        event.add("dtstart", milestone.date)
        event.add("dtend", milestone.date + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("url", site_url("planner:roadmap"))
        calendar.add_component(event)
    if not view.milestones:  # a version made before milestones existed
        finish = Event()
        finish.add("uid", f"finish.u{user_id}@waymark")
        finish.add("dtstamp", stamp)
        finish.add("sequence", version)
        finish.add("summary", f"Ready for {view.role_name}")
        finish.add("dtstart", view.finish_date)
        finish.add("dtend", view.finish_date + timedelta(days=1))
        finish.add("transp", "TRANSPARENT")
        finish.add("url", site_url("planner:roadmap"))
        calendar.add_component(finish)
    return calendar.to_ical()


def learner_calendar(user, view: RoadmapView) -> bytes:
    """The calendar at the learner's own reminder day, hour and timezone."""
    return roadmap_calendar(
        view, weekday=user.reminder_weekday, hour=user.reminder_hour, tz=user.timezone or "UTC"
    )
