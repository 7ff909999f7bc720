"""The learner's API: profile, levels, roadmaps, items, role fit, calendar, preview."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from planner.models import LearnerSkill, Roadmap, RoadmapItem
from planner.services import build_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_roadmap(learner_api, learner):
    learner_api.patch(
        "/api/v1/me/", {"target_role": "data-scientist", "weekly_hours": 10}, format="json"
    )
    response = learner_api.post("/api/v1/me/roadmaps/")
    assert response.status_code == 201, response.content
    return response.json()


def test_register_then_get_a_token_and_use_it(api):
    response = api.post(
        "/api/v1/auth/register/",
        {"email": "Lin@Example.com", "password": "a-long-unusual-passphrase", "name": "Lin"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["email"] == "lin@example.com"
    token = api.post(
        "/api/v1/auth/token/", {"email": "lin@example.com", "password": "a-long-unusual-passphrase"}
    ).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/").json()
    # Reminders wait for the emailed sign-up link; the profile says whether it was followed.
    assert me["name"] == "Lin" and me["email_confirmed"] is False


def test_register_refuses_a_weak_password_and_does_not_tell_a_taken_email(api, learner):
    weak = api.post(
        "/api/v1/auth/register/", {"email": "x@example.com", "password": "123"}, format="json"
    )
    assert weak.status_code == 400 and "password" in weak.json()
    taken = api.post(
        "/api/v1/auth/register/", {"email": learner.email, "password": "a-long-unusual-passphrase"}
    )
    # The same answer as for a new address (tests/accounts/test_sign_up_api.py).
    assert taken.status_code == 201 and "id" not in taken.json()


def test_a_wrong_password_gets_no_token(api, learner):
    response = api.post("/api/v1/auth/token/", {"email": learner.email, "password": "nope"})
    assert response.status_code == 400 and "token" not in response.json()


def test_me_needs_authentication_and_says_how(api):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_me_updates_the_goal_and_reminders(learner_api):
    body = learner_api.patch(
        "/api/v1/me/",
        {
            "target_role": "mlops-engineer",
            "weekly_hours": 12.5,
            "reminder_weekday": None,
            "timezone": "Europe/Paris",
        },
        format="json",
    ).json()
    assert body["target_role"] == "mlops-engineer" and body["weekly_hours"] == 12.5
    assert body["reminder_weekday"] is None and body["timezone"] == "Europe/Paris"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"weekly_hours": 0}, "weekly_hours"),
        ({"weekly_hours": 81}, "weekly_hours"),
        ({"target_role": "astronaut"}, "target_role"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"start_date": "2027-01-10", "target_date": "2027-01-01"}, "target_date"),
    ],
)
def test_me_refuses_bad_input_with_the_field(learner_api, payload, field):
    response = learner_api.patch("/api/v1/me/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_skills_are_replaced_as_a_whole(learner_api, learner):
    learner_api.put(
        "/api/v1/me/skills/",
        [{"skill": "python", "level": 2}, {"skill": "sql", "level": 1}],
        format="json",
    )
    body = learner_api.put(
        "/api/v1/me/skills/", [{"skill": "python", "level": 3}], format="json"
    ).json()
    assert body == [{"skill": "python", "level": 3, "source": "self"}]
    assert not LearnerSkill.objects.filter(user=learner, skill__slug="sql", level__gt=0).exists()


def test_skills_refuse_a_level_outside_the_scale_or_an_unknown_skill(learner_api):
    response = learner_api.put(
        "/api/v1/me/skills/", [{"skill": "python", "level": 6}], format="json"
    )
    assert response.status_code == 400 and "level" in str(response.json())
    response = learner_api.put(
        "/api/v1/me/skills/", [{"skill": "knitting", "level": 2}], format="json"
    )
    assert response.status_code == 400 and "knitting" in str(response.json())


def test_building_without_a_target_role_is_a_400(learner_api):
    response = learner_api.post("/api/v1/me/roadmaps/")
    assert response.status_code == 400 and "target_role" in response.json()


def test_the_roadmap_has_the_design_shape(with_roadmap):
    body = with_roadmap
    assert body["version"] == 1 and body["role"] == "data-scientist"
    assert {
        "reason",
        "curriculum_revision",
        "weekly_hours",
        "start_date",
        "finish_date",
        "total_hours",
        "weeks",
        "target",
        "status",
        "stages",
    } <= set(body)
    assert [s["key"] for s in body["stages"]] == ["0-6", "6-18", "18+"]
    item = body["stages"][0]["items"][0]
    assert {
        "id",
        "kind",
        "skill",
        "from_level",
        "to_level",
        "project",
        "hours",
        "start_week",
        "end_week",
        "start_date",
        "end_date",
        "status",
        "reasons",
    } <= set(item)
    assert body["status"] == {"state": "on_track", "weeks": 0.0, "progress": 0.0}
    total = sum(i["hours"] for s in body["stages"] for i in s["items"])
    assert body["total_hours"] == pytest.approx(total)


def test_the_current_roadmap_is_404_before_there_is_one(learner_api):
    assert learner_api.get("/api/v1/me/roadmap/").status_code == 404


def test_patching_an_item_updates_progress(learner_api, with_roadmap):
    item = with_roadmap["stages"][0]["items"][0]
    response = learner_api.patch(
        f"/api/v1/me/roadmap/items/{item['id']}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "done"
    body = learner_api.get("/api/v1/me/roadmap/").json()
    assert body["stages"][0]["progress"] > 0 and body["status"]["progress"] > 0


def test_a_project_item_can_be_marked_done_and_the_roadmap_shows_milestones(
    learner_api, with_roadmap
):
    items = [i for s in with_roadmap["stages"] for i in s["items"]]
    project = next(i for i in items if i["kind"] == "project")
    response = learner_api.patch(
        f"/api/v1/me/roadmap/items/{project['id']}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 200, response.content
    keys = [m["key"] for m in with_roadmap["milestones"]]
    assert keys[0] != "proficient" and "job-ready" in keys and keys[-1] == "proficient"
    weeks = [m["week"] for m in with_roadmap["milestones"]]
    assert weeks == sorted(weeks)


def test_patching_an_item_refuses_an_unknown_status(learner_api, with_roadmap):
    item = with_roadmap["stages"][0]["items"][0]
    response = learner_api.patch(
        f"/api/v1/me/roadmap/items/{item['id']}/", {"status": "finished"}, format="json"
    )
    assert response.status_code == 400 and "status" in response.json()


def test_another_learners_roadmap_and_items_are_404(with_roadmap, api, other_learner):
    api.force_authenticate(other_learner)
    item = with_roadmap["stages"][0]["items"][0]
    assert (
        api.patch(
            f"/api/v1/me/roadmap/items/{item['id']}/", {"status": "done"}, format="json"
        ).status_code
        == 404
    )
    assert api.get("/api/v1/me/roadmaps/1/").status_code == 404
    assert api.get("/api/v1/me/roadmaps/1/diff/").status_code == 404
    assert api.get("/api/v1/me/roadmaps/").json()["count"] == 0


def test_versions_are_listed_and_diffed(learner_api, with_roadmap):
    learner_api.patch("/api/v1/me/", {"target_role": "machine-learning-engineer"}, format="json")
    learner_api.post("/api/v1/me/roadmaps/")
    versions = learner_api.get("/api/v1/me/roadmaps/").json()
    assert [v["version"] for v in versions["results"]] == [2, 1]
    assert learner_api.get("/api/v1/me/roadmaps/1/").json()["role"] == "data-scientist"
    diff = learner_api.get("/api/v1/me/roadmaps/2/diff/").json()
    assert diff["previous_version"] == 1 and diff["added"]
    assert learner_api.get("/api/v1/me/roadmaps/9/").status_code == 404


def test_role_fit_ranks_every_role_by_closeness(learner_api):
    learner_api.put(
        "/api/v1/me/skills/",
        [{"skill": "sql", "level": 3}, {"skill": "data-visualization", "level": 3}],
        format="json",
    )
    rows = learner_api.get("/api/v1/me/role-fit/", {"limit": 100}).json()["results"]
    closeness = [r["closeness"] for r in rows]
    assert closeness == sorted(closeness, reverse=True) and len(rows) >= 13
    assert rows[0]["role"] == "data-analyst"
    assert all(r["hours_to_proficient"] >= r["hours_to_ready"] for r in rows)


def test_the_calendar_has_an_event_per_item_and_per_milestone(learner_api, with_roadmap):
    response = learner_api.get("/api/v1/me/roadmap.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    items = [i for s in with_roadmap["stages"] for i in s["items"]]
    milestones = with_roadmap["milestones"]
    assert [m["key"] for m in milestones][-1] == "proficient"
    assert len(events) == len(items) + len(milestones)
    by_start = {(e.decoded("dtstart"), str(e["summary"])) for e in events}
    first = items[0]
    begins = date.fromisoformat(first["start_date"])
    # A weekly study block: the first one on the learner's reminder day in the step's week.
    assert any(
        0 <= (start.date() - begins).days < 7 and str(first["to_level"]) in summary
        for start, summary in by_start
        if hasattr(start, "date")
    )
    for milestone in milestones:
        event = next(e for e in events if str(e["summary"]) == milestone["title"])
        assert event.decoded("dtstart") == date.fromisoformat(milestone["date"])
    proficient = next(m for m in milestones if m["key"] == "proficient")
    assert proficient["date"] == with_roadmap["finish_date"]


def test_preview_needs_no_account_and_stores_nothing(api):
    before = Roadmap.objects.count(), RoadmapItem.objects.count()
    response = api.post(
        "/api/v1/plans/preview/",
        {
            "role": "data-analyst",
            "weekly_hours": 8,
            "skills": {"python": 2},
            "target_date": "2027-06-01",
        },
        format="json",
    )
    body = response.json()
    assert response.status_code == 200 and body["role"] == "data-analyst"
    assert (
        body["target"]["reachable"] in (True, False) and body["target"]["weekly_hours_needed"] > 0
    )
    assert not any(
        i["skill"] == "python" and i["to_level"] <= 2 for s in body["stages"] for i in s["items"]
    )
    assert (Roadmap.objects.count(), RoadmapItem.objects.count()) == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": "astronaut", "weekly_hours": 8}, "role"),
        ({"role": "data-analyst", "weekly_hours": 0.5}, "weekly_hours"),
        ({"role": "data-analyst", "weekly_hours": 8, "skills": {"python": 9}}, "skills"),
        ({"role": "data-analyst", "weekly_hours": 8, "skills": {"knitting": 1}}, "skills"),
        ({"role": "data-analyst"}, "weekly_hours"),
    ],
)
def test_preview_refuses_bad_input_with_the_field(api, payload, field):
    response = api.post("/api/v1/plans/preview/", payload, format="json")
    assert response.status_code == 400 and field in response.json()


def test_reading_a_roadmap_takes_the_same_queries_whatever_its_size(learner, learner_api):
    from curriculum.models import Role
    from planner.services import set_skill_levels, update_profile

    update_profile(user=learner, target_role=Role.objects.get(slug="data-analyst"), weekly_hours=10)
    graph_levels = {"python": 3, "sql": 3, "statistics": 2}
    set_skill_levels(user=learner, levels=graph_levels)
    small = build_roadmap(user=learner)
    small_count = small.items.count()
    with CaptureQueriesContext(connection) as small_queries:
        assert learner_api.get("/api/v1/me/roadmap/").status_code == 200

    update_profile(user=learner, target_role=Role.objects.get(slug="machine-learning-researcher"))
    set_skill_levels(user=learner, levels={}, replace=True)
    large = build_roadmap(user=learner)
    assert large.items.count() >= 60 > small_count
    with CaptureQueriesContext(connection) as large_queries:
        assert learner_api.get("/api/v1/me/roadmap/").status_code == 200

    assert len(small_queries) == len(large_queries)


def test_a_cached_roadmap_follows_every_change_of_what_it_shows(learner_api, learner, with_roadmap):
    from planner.services import reassess, set_skill_levels

    item = with_roadmap["stages"][0]["items"][0]
    learner_api.patch(
        f"/api/v1/me/roadmap/items/{item['id']}/", {"status": "skipped"}, format="json"
    )
    first = learner_api.get("/api/v1/me/roadmap/").json()
    assert first == learner_api.get("/api/v1/me/roadmap/").json()  # served again as is
    assert first["status"]["progress"] == 0  # a skipped step counts only once verified

    # A week in with nothing done: behind, recorded on the same version.
    start = date.fromisoformat(with_roadmap["start_date"])
    assert not reassess(user=learner, today=start + timedelta(weeks=1, days=3)).new_version
    assert learner_api.get("/api/v1/me/roadmap/").json()["status"]["state"] == "behind"

    set_skill_levels(user=learner, levels={item["skill"]: item["to_level"]}, source="mentor")
    verified = learner_api.get("/api/v1/me/roadmap/").json()
    assert verified["version"] == 1 and verified["status"]["progress"] > 0


def test_a_curriculum_change_shows_in_stored_roadmaps(
    learner_api, with_roadmap, django_capture_on_commit_callbacks
):
    from curriculum.models import Skill

    item = with_roadmap["stages"][0]["items"][0]
    learner_api.get("/api/v1/me/roadmap/")  # stored rendering
    skill = Skill.objects.get(slug=item["skill"])
    skill.name = "Renamed by a curator"
    with django_capture_on_commit_callbacks(execute=True):
        skill.save()

    body = learner_api.get("/api/v1/me/roadmap/").json()
    assert body["stages"][0]["items"][0]["label"].startswith("Renamed by a curator")
