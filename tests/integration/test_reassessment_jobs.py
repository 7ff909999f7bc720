"""Plan reassessment through a real Redis, a real Celery worker and a real SMTP server."""

from __future__ import annotations

import time

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from benchmarks.servers import wait_for
from curriculum.models import Requirement
from planner.models import Mentorship, MentorshipStatus, Roadmap
from planner.tasks import reassess_all_plans, send_mentor_digests
from tests.factories import UserFactory, learner_with_roadmap
from tests.integration.servers import body

pytestmark = pytest.mark.integration


def versions(user) -> list[tuple[int, str]]:
    return list(
        Roadmap.objects.filter(user=user).order_by("version").values_list("version", "reason")
    )


def subjects(smtp_server, address: str) -> list[str]:
    return [m["Subject"] for m in smtp_server.to(address)]


def test_a_curriculum_change_makes_new_versions_for_the_affected_plans_only(
    jobs, smtp_server, wait_idle
):
    scientist = learner_with_roadmap(email="scientist@example.com", role="data-scientist")
    engineer = learner_with_roadmap(email="engineer@example.com", role="software-engineer")
    wait_idle()
    before = Roadmap.objects.current(engineer).curriculum_revision
    requirement = (
        Requirement.objects.filter(role__slug="data-scientist", priority="core", level__lt=5)
        .order_by("skill__slug")
        .first()
    )

    with transaction.atomic():  # what an admin's save does
        requirement.level += 1
        requirement.save()

    wait_for(lambda: len(versions(scientist)) == 2, what="the data scientist's new version")
    # Her email leaves through the outbox after the version commits: wait for it to arrive,
    # not only for the queue to look empty (it can, between the commit and the publish).
    wait_for(lambda: smtp_server.to(scientist.email), what="the data scientist's email")
    wait_idle()
    assert versions(scientist) == [(1, "first plan"), (2, "curriculum changed")]
    assert versions(engineer) == [(1, "first plan")]
    assert Roadmap.objects.current(engineer).curriculum_revision > before, (
        "looked at, found unaffected"
    )
    assert subjects(smtp_server, scientist.email) == [
        "Your roadmap to Data scientist has a new version: curriculum changed"
    ]
    text = body(smtp_server.to(scientist.email)[0], "text/plain")
    assert f"{requirement.skill.name}: level {requirement.level - 1} → {requirement.level}" in text
    assert smtp_server.to(engineer.email) == []


def test_a_learner_behind_schedule_gets_a_new_version_and_their_mentor_an_email(
    jobs, smtp_server, wait_idle
):
    learner = learner_with_roadmap(email="slow@example.com", name="Sam", started_weeks_ago=6)
    mentor = UserFactory(email="mentor@example.com", name="Mo")
    Mentorship.objects.create(
        learner=learner,
        mentor=mentor,
        email=mentor.email,
        token="t",
        status=MentorshipStatus.ACTIVE,
    )
    wait_idle()

    reassess_all_plans.delay()
    wait_for(lambda: smtp_server.to(learner.email), what="the learner's email")
    wait_idle()
    assert versions(learner) == [(1, "first plan"), (2, "behind schedule")]
    assert subjects(smtp_server, learner.email) == [
        "Your roadmap to Data scientist has a new version: behind schedule"
    ]
    # The mentor's news waits for their hourly digest (beat runs it; here, the test does).
    assert smtp_server.to(mentor.email) == []
    send_mentor_digests.delay()
    wait_for(lambda: smtp_server.to(mentor.email), what="the mentor's digest")
    wait_idle()

    mentor_mail = smtp_server.to(mentor.email)[0]
    assert mentor_mail["Subject"] == "Sam has fallen behind on their roadmap"
    assert "weeks behind schedule" in body(mentor_mail, "text/plain")
    assert f"/mentees/{learner.pk}/" in body(mentor_mail, "text/html")

    reassess_all_plans.delay()  # the next day's run: the new plan fits, nobody is told again
    wait_idle()
    send_mentor_digests.delay()
    wait_idle()
    assert len(versions(learner)) == 2
    assert len(smtp_server.to(mentor.email)) == 1


def test_a_change_of_weekly_hours_is_reassessed_after_the_request(jobs, smtp_server, wait_idle):
    learner = learner_with_roadmap(email="busy@example.com", hours=10)
    wait_idle()
    api = APIClient()
    api.force_authenticate(learner)

    assert api.patch("/api/v1/me/", {"weekly_hours": 20}, format="json").status_code == 200

    wait_for(lambda: len(versions(learner)) == 2, what="the new version")
    assert versions(learner)[-1] == (2, "weekly hours changed")
    wait_for(lambda: smtp_server.to(learner.email), what="the learner's email")


def test_the_api_keeps_working_while_redis_is_stopped(jobs, redis_server, wait_idle):
    learner = learner_with_roadmap(email="offline@example.com", hours=10)
    wait_idle()
    api = APIClient()
    api.force_authenticate(learner)
    redis_server.stop()

    started = time.monotonic()
    response = api.patch("/api/v1/me/", {"weekly_hours": 15}, format="json")
    elapsed = time.monotonic() - started

    assert response.status_code == 200, response.content
    assert response.json()["weekly_hours"] == 15
    assert elapsed < 3, f"the request waited {elapsed:.1f}s for the broker"
    roadmap = api.get("/api/v1/me/roadmap/")
    assert roadmap.status_code == 200 and roadmap.json()["version"] == 1

    redis_server.start()  # the next scheduled run catches up what could not be enqueued
    reassess_all_plans.delay()
    wait_for(lambda: len(versions(learner)) == 2, timeout=60, what="the caught-up version")
    assert versions(learner)[-1] == (2, "weekly hours changed")
