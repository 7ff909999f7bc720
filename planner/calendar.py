"""A roadmap's milestones as an iCalendar file."""

from datetime import timedelta

from icalendar import Calendar, Event

from planner.emails import site_url
from planner.selectors.roadmaps import RoadmapView


def roadmap_calendar(view: RoadmapView) -> bytes:
    """One all-day event per item, spanning its planned dates, plus the finish line."""
    calendar = Calendar()
    calendar.add("prodid", "-//Waymark//roadmap//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Waymark: {view.role_name}")
    version = view.roadmap.version if view.roadmap else 0
    for item in view.items:
        event = Event()
        event.add("uid", f"{item.key}.v{version}.u{view.roadmap.user_id}@waymark")
        event.add("summary", item.label)
        event.add("dtstart", item.start_date)
        event.add("dtend", max(item.end_date, item.start_date + timedelta(days=1)))
        event.add("description", "\n".join([f"{item.hours:g} hours", *item.reasons]))
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    finish = Event()
    finish.add("uid", f"finish.v{version}.u{view.roadmap.user_id}@waymark")
    finish.add("summary", f"Ready for {view.role_name}")
    finish.add("dtstart", view.finish_date)
    finish.add("dtend", view.finish_date + timedelta(days=1))
    finish.add("url", site_url("roadmap"))
    calendar.add_component(finish)
    return calendar.to_ical()
