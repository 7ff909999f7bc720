"""Nothing lost: emails and queued work survive an SMTP outage, a Redis restart and a broker
that is down when the request commits; and throttles hold across web processes.

Real Redis (with AOF, as in production), a real Celery worker, a real SMTP server and, for
the throttle, real gunicorn with two worker processes.
"""

from __future__ import annotations

import concurrent.futures
import json
import re
import time
import urllib.error
import urllib.request

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from benchmarks.servers import Gunicorn, wait_for
from curriculum.models import Requirement
from outbox.models import Email, EmailStatus, PendingTask
from outbox.tasks import sweep
from planner.models import Roadmap
from tests.factories import learner_with_roadmap
from tests.integration.servers import body

pytestmark = pytest.mark.integration


def versions(user) -> list[tuple[int, str]]:
    return list(
        Roadmap.objects.filter(user=user).order_by("version").values_list("version", "reason")
    )


def test_an_invitation_made_while_smtp_is_down_arrives_once_when_it_returns(
    jobs, smtp_server, wait_idle
):
    learner = learner_with_roadmap(email="inviter@example.com", name="Ines")
    wait_idle()
    api = APIClient()
    api.force_authenticate(learner)
    smtp_server.stop()

    started = time.monotonic()
    response = api.post("/api/v1/me/mentors/", {"email": "mentor@example.com"})
    assert response.status_code == 201, response.content
    assert time.monotonic() - started < 3, "the request waited for the mail server"
    wait_for(
        lambda: Email.objects.filter(attempts__gte=2).exclude(last_error="").exists(),
        timeout=30,
        what="the worker to try and fail twice",
    )

    smtp_server.start()
    wait_for(lambda: smtp_server.to("mentor@example.com"), timeout=60, what="the invitation")
    wait_idle()
    time.sleep(1)
    [message] = smtp_server.to("mentor@example.com")
    assert message["Subject"] == "Ines invites you to mentor them on Waymark"
    email = Email.objects.get(key__startswith="mentor_invitation:")
    assert email.status == EmailStatus.SENT and message["Message-ID"] == email.message_id


def test_a_reassessment_queued_before_a_redis_restart_still_runs(
    jobs, celery_worker, redis_server, wait_idle
):
    learner = learner_with_roadmap(email="queued@example.com", hours=10)
    wait_idle()
    celery_worker.stop()  # nothing takes the message off the queue
    api = APIClient()
    api.force_authenticate(learner)
    assert api.patch("/api/v1/me/", {"weekly_hours": 20}).status_code == 200
    assert redis_server.client().llen("celery") == 1

    redis_server.stop()
    redis_server.start()
    assert redis_server.client().llen("celery") == 1, "the queued task survived the restart"

    celery_worker.start()
    wait_for(lambda: len(versions(learner)) == 2, timeout=60, what="the reassessment")
    assert versions(learner)[-1] == (2, "weekly hours changed")


def test_work_the_broker_refused_is_published_when_it_returns(jobs, redis_server, wait_idle):
    learner = learner_with_roadmap(email="scientist@example.com", role="data-scientist")
    wait_idle()
    redis_server.stop()
    requirement = (
        Requirement.objects.filter(role__slug="data-scientist", priority="core", level__lt=5)
        .order_by("skill__slug")
        .first()
    )
    with transaction.atomic():  # an admin's save: the curriculum changes, Redis is down
        requirement.level += 1
        requirement.save()
    assert PendingTask.objects.filter(name__endswith="reassess_after_curriculum_change").exists()

    redis_server.start()
    sweep.delay()  # what beat does every minute
    wait_for(lambda: len(versions(learner)) == 2, timeout=60, what="the caught-up version")
    assert versions(learner)[-1] == (2, "curriculum changed")
    assert not PendingTask.objects.exists()


def test_a_change_of_hours_rebuilds_the_plan_while_redis_is_down(
    jobs, redis_server, wait_idle, settings
):
    settings.WAYMARK_REASSESS_INLINE_WHEN_BROKER_DOWN = True  # as in production
    learner = learner_with_roadmap(email="offline@example.com", hours=10)
    wait_idle()
    api = APIClient()
    api.force_authenticate(learner)
    redis_server.stop()

    assert api.patch("/api/v1/me/", {"weekly_hours": 20}).status_code == 200
    assert api.get("/api/v1/me/roadmap/").json()["version"] == 2
    assert versions(learner)[-1] == (2, "weekly hours changed")


def test_two_gunicorn_workers_share_one_throttle_count(
    transactional_db, redis_server, worker_env, tmp_path
):
    redis_server.client().flushall()
    limit = 10
    env = {
        **worker_env,
        "CACHE_URL": redis_server.url.rsplit("/", 1)[0] + "/1",
        "WAYMARK_ANON_THROTTLE": f"{limit}/min",
    }
    server = Gunicorn(env, tmp_path / "gunicorn.log", workers=2, ready_path="/healthz/")
    server.start()
    try:

        def preview(_):
            request = urllib.request.Request(
                f"http://127.0.0.1:{server.port}/api/v1/plans/preview/",
                data=json.dumps({}).encode(),
                headers={"Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code

        # Four at once: both sync workers are busy, each counting in its own process.
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            codes = list(pool.map(preview, range(3 * limit)))
    finally:
        server.stop()
    assert codes.count(429) == 2 * limit, codes
    assert 500 not in codes


def test_a_sign_up_on_the_site_is_confirmed_by_the_link_the_worker_delivered(
    jobs, smtp_server, wait_idle
):
    wait_idle()
    visitor = Client()
    visitor.get("/accounts/signup/?role=data-analyst&weekly_hours=6")
    password = "a-long-learning-path-42"
    response = visitor.post(
        "/accounts/signup/",
        {"email": "newcomer@example.com", "password1": password, "password2": password},
    )
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    assert "_auth_user_id" not in visitor.session

    wait_for(lambda: smtp_server.to("newcomer@example.com"), timeout=60, what="the link")
    [message] = smtp_server.to("newcomer@example.com")
    assert message["Subject"] == "Finish signing up to Waymark"
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", body(message, "text/plain"))
    other_browser = Client()
    assert other_browser.post(link.group(1))["Location"] == "/onboarding/"
    assert other_browser.session["preview_goal"] == {"role": "data-analyst", "weekly_hours": "6"}
    late = Client()
    late.post(link.group(1))
    assert "_auth_user_id" not in late.session, "the link works once"
