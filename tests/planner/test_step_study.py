"""Each roadmap step says what to study: on the page, in the API, in the terminal, the
reminder email and the calendar."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from curriculum.models import Project, Resource, Skill, SkillLevel
from planner.models import Reminder, RoadmapItem
from planner.services.reminders import reminder_message
from tests.factories import learner_with_roadmap, roadmap_for

pytestmark = pytest.mark.django_db


def items_of(body: dict) -> list[dict]:
    return [item for stage in body["stages"] for item in stage["items"]]


def expected_study(skill_slug: str, level: int) -> dict:
    row = SkillLevel.objects.get(skill__slug=skill_slug, level=level)
    resources = [r for r in Resource.objects.filter(skill__slug=skill_slug) if level in r.levels]
    return {"descriptor": row.descriptor, "practice": row.practice, "resources": resources}


def test_every_skill_step_in_the_api_carries_its_target_levels_study(learner, learner_api):
    roadmap_for(learner, role="data-scientist")

    body = learner_api.get("/api/v1/me/roadmap/").json()

    skill_items = [i for i in items_of(body) if i["kind"] == "skill"]
    assert skill_items
    for item in skill_items:
        study = item["study"]
        wanted = expected_study(item["skill"], item["to_level"])
        assert study["level"] == item["to_level"]
        assert study["descriptor"] == wanted["descriptor"]
        assert study["practice"] == wanted["practice"]
        assert {r["url"] for r in study["resources"]} == {r.url for r in wanted["resources"]}
        if item["to_level"] <= 3:  # the curriculum covers levels 1–3 (see the shipped test)
            assert study["practice"]
            assert len(study["resources"]) >= 2
        frees = [r["free"] for r in study["resources"]]
        assert frees == sorted(frees, reverse=True), "free resources come first"


def test_a_project_step_carries_its_deliverables_and_dataset(learner, learner_api):
    roadmap_for(learner, role="data-scientist")

    body = learner_api.get("/api/v1/me/roadmap/").json()

    projects = [i for i in items_of(body) if i["kind"] == "project"]
    assert projects
    for item in projects:
        project = Project.objects.get(slug=item["project"])
        assert item["study"]["deliverables"] == project.deliverables
        if project.dataset_url:
            assert item["study"]["dataset"]["url"] == project.dataset_url
        else:
            assert item["study"]["dataset"] is None
    assert any(i["study"]["dataset"] for i in projects)


def test_a_preview_carries_the_same_study(api):
    response = api.post(
        "/api/v1/plans/preview/", {"role": "data-analyst", "weekly_hours": 10}, format="json"
    )

    first = next(i for i in items_of(response.json()) if i["kind"] == "skill")
    assert (
        first["study"]["descriptor"]
        == expected_study(first["skill"], first["to_level"])["descriptor"]
    )


def test_a_curriculum_change_shows_on_the_next_read(
    learner, learner_api, django_capture_on_commit_callbacks
):
    roadmap_for(learner, role="data-scientist")
    first = next(i for i in items_of(learner_api.get("/api/v1/me/roadmap/").json()) if i["skill"])

    with django_capture_on_commit_callbacks(execute=True):  # as after the admin's commit
        Resource.objects.create(
            skill=Skill.objects.get(slug=first["skill"]),
            title="A new free course",
            url="https://example.org/course",
            kind="course",
            levels=[first["to_level"]],
            position=0,
        )

    again = next(
        i for i in items_of(learner_api.get("/api/v1/me/roadmap/").json()) if i["id"] == first["id"]
    )
    assert "A new free course" in [r["title"] for r in again["study"]["resources"]]


def test_the_roadmap_page_shows_the_descriptor_practice_and_resources(client, learner):
    _, roadmap = roadmap_for(learner, role="data-scientist")
    item = roadmap.items.filter(kind="skill").order_by("position").first()
    wanted = expected_study(item.skill.slug, item.to_level)
    client.force_login(learner)

    page = client.get("/roadmap/").content.decode()

    assert f"At level {item.to_level} (" in page
    assert wanted["descriptor"].replace("'", "&#x27;") in page
    assert wanted["practice"].replace("'", "&#x27;") in page
    for resource in wanted["resources"]:
        assert f'href="{resource.url}"' in page


def test_plan_details_prints_what_to_study_under_each_step(capsys):
    call_command("plan", "--role", "data-analyst", "--hours", "10", "--details")

    out = capsys.readouterr().out
    assert "At level 1 (novice):" in out
    assert "Practice: " in out
    assert "https://" in out
    call_command("plan", "--role", "data-analyst", "--hours", "10")
    assert "Practice: " not in capsys.readouterr().out


def test_plan_details_reads_a_curriculum_file_too(capsys, settings):
    call_command(
        "plan",
        "--role",
        "data-analyst",
        "--details",
        "--curriculum",
        str(settings.CURRICULUM_FILE),
    )

    assert "Practice: " in capsys.readouterr().out


def test_the_reminder_email_says_what_to_study_this_week():
    user = learner_with_roadmap(role="data-scientist")
    first = RoadmapItem.objects.filter(roadmap__user=user).order_by("position").first()
    wanted = expected_study(first.skill.slug, first.to_level)
    reminder = Reminder.objects.create(user=user, period="test")

    message = reminder_message(reminder, now=timezone.now())

    text = message.body
    html = message.alternatives[0][0]
    assert f"  At level {first.to_level} (" in text
    assert f"  Practice: {wanted['practice']}" in text
    assert wanted["resources"][0].url in text
    assert f'<a href="{wanted["resources"][0].url}"' in html
    assert "Practice:" in html


def test_the_calendar_event_of_a_step_describes_what_to_study(learner, learner_api):
    _, roadmap = roadmap_for(learner, role="data-scientist")
    first = roadmap.items.order_by("position").first()
    wanted = expected_study(first.skill.slug, first.to_level)

    calendar = Calendar.from_ical(learner_api.get("/api/v1/me/roadmap.ics").content)

    event = next(e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith(first.key))
    description = str(event["description"])
    assert f"Practice: {wanted['practice']}" in description
    assert all(r.url in description for r in wanted["resources"])
