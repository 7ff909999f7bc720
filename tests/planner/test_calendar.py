"""The calendar: a valid RFC 5545 feed whose events keep their identity across versions,
behind a private URL the learner can replace."""

from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from planner.selectors.learners import calendar_feed_token
from planner.services import build_roadmap, update_profile
from tests.factories import roadmap_for


def events(body: bytes):
    calendar = Calendar.from_ical(body)
    return [c for c in calendar.walk("VEVENT")]


@pytest.fixture
def planned(learner):
    learner.timezone, learner.reminder_weekday, learner.reminder_hour = "Europe/Paris", 2, 19
    learner.save()
    return roadmap_for(learner, hours=10)[1]


def test_every_event_has_the_properties_rfc_5545_requires(client, learner, planned):
    client.force_login(learner)
    body = client.get(reverse("api:planner:roadmap-ics")).content
    calendar = Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    found = events(body)
    assert len(found) == planned.items.count() + len(planned.milestones)
    titles = {str(e["SUMMARY"]) for e in found}
    assert {m["title"] for m in planned.milestones} <= titles
    for event in found:
        assert event.get("UID") and event.get("DTSTAMP") and event.get("DTSTART")
    assert len({str(e["UID"]) for e in found}) == len(found), "UIDs are unique"


def test_steps_are_weekly_study_blocks_at_the_reminder_day_and_hour(client, learner, planned):
    client.force_login(learner)
    study = [
        e for e in events(client.get(reverse("api:planner:roadmap-ics")).content) if "RRULE" in e
    ]
    assert study
    for event in study:
        start = event.decoded("DTSTART")
        assert (start.weekday(), start.hour) == (2, 19)
        assert str(start.tzinfo) == "Europe/Paris"
        assert event["RRULE"]["FREQ"] == ["WEEKLY"]
        assert event.decoded("DURATION") <= timedelta(hours=3)


def test_uids_stay_the_same_across_versions_so_a_reimport_updates_events(client, learner, planned):
    client.force_login(learner)
    first = {
        str(e["UID"]): e for e in events(client.get(reverse("api:planner:roadmap-ics")).content)
    }
    update_profile(user=learner, weekly_hours=15)
    build_roadmap(user=learner, reason="weekly hours changed")
    second = {
        str(e["UID"]): e for e in events(client.get(reverse("api:planner:roadmap-ics")).content)
    }
    shared = set(first) & set(second)
    assert len(shared) == len(first), "the same steps keep their UIDs"
    assert all(int(second[uid]["SEQUENCE"]) == 2 for uid in shared)
    assert all("v1" not in uid and "v2" not in uid for uid in second)


def test_the_feed_url_works_without_a_session_and_404s_after_a_new_link(client, learner, planned):
    token = calendar_feed_token(learner)
    url = reverse("planner:calendar-feed", args=[token])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert events(response.content)

    client.force_login(learner)
    assert client.post(reverse("planner:calendar-rotate")).status_code == 302
    client.logout()
    assert client.get(url).status_code == 404
    new = calendar_feed_token(learner)
    assert (
        new != token and client.get(reverse("planner:calendar-feed", args=[new])).status_code == 200
    )


def test_an_unknown_token_is_404(client, db):
    assert client.get(reverse("planner:calendar-feed", args=["not-a-token"])).status_code == 404
