"""Weekly reminders through a real Redis, a real Celery worker and a real SMTP server."""

from __future__ import annotations

import re
import zoneinfo
from datetime import timedelta

import pytest
from django.utils import timezone

from benchmarks.seeding import copy_roadmaps
from benchmarks.servers import wait_for
from planner.models import Reminder, ReminderStatus, Roadmap
from planner.selectors.roadmaps import roadmap_view
from planner.services.reminders import (
    CLAIM_LEASE,
    RECOVER_AFTER,
    period_of,
    recoverable_reminders,
    user_from_stop_token,
)
from planner.tasks import fan_out, send_due_reminders, send_reminders
from tests.factories import UserFactory, learner_with_roadmap
from tests.integration.servers import body

pytestmark = pytest.mark.integration


def local_now(tz: str):
    return timezone.now().astimezone(zoneinfo.ZoneInfo(tz))


def due_now(tz: str = "UTC") -> dict:
    local = local_now(tz)
    return {"timezone": tz, "reminder_weekday": local.weekday(), "reminder_hour": local.hour}


def due_earlier_this_week() -> dict:
    """A slot already past this week: what a beat that fired late, or not at all, missed."""
    local = local_now("UTC")
    if local.weekday() > 0:
        return {"timezone": "UTC", "reminder_weekday": local.weekday() - 1, "reminder_hour": 9}
    return {"timezone": "UTC", "reminder_weekday": 0, "reminder_hour": 0}


def not_due() -> dict:
    """Sunday 23:00 in a time zone where that is still ahead this week."""
    for tz in ("UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"):
        local = local_now(tz)
        if (local.weekday(), local.hour) < (6, 23):
            return {"timezone": tz, "reminder_weekday": 6, "reminder_hour": 23}
    raise AssertionError("unreachable: some time zone is before Sunday 23:00")


def sent_count() -> int:
    return Reminder.objects.filter(status=ReminderStatus.SENT).count()


def test_due_learners_get_exactly_one_reminder_with_their_week(jobs, smtp_server, wait_idle):
    # 12 h a week: the plan's first step (Python 0 → 1, 20 h) ends before today.
    ada = learner_with_roadmap(
        email="ada@example.com", name="Ada", hours=12, started_weeks_ago=2, **due_now()
    )
    kenji = learner_with_roadmap(email="kenji@example.com", **due_now("Asia/Tokyo"))
    late = learner_with_roadmap(email="late@example.com", **due_earlier_this_week())
    learner_with_roadmap(email="later@example.com", **not_due())
    learner_with_roadmap(email="off@example.com", reminder_weekday=None)
    UserFactory(email="no-plan@example.com", **due_now())
    wait_idle()  # the reassessments their new goals asked for

    send_due_reminders.delay()
    wait_for(lambda: sent_count() == 3, what="three reminders sent")
    wait_idle()

    assert smtp_server.counts() == {ada.email: 1, kenji.email: 1, late.email: 1}
    row = Reminder.objects.get(user=kenji)
    assert row.period == period_of(local_now("Asia/Tokyo").date())
    assert (row.attempts, row.last_error) == (1, "")
    assert row.sent_at is not None

    message = smtp_server.to(ada.email)[0]
    text, html = body(message, "text/plain"), body(message, "text/html")
    view = roadmap_view(Roadmap.objects.current(ada))
    today = timezone.localdate()
    overdue = [i for i in view.items if i.end_date < today]
    this_week = [i for i in view.items if i.start_date <= today <= i.end_date]
    assert overdue and this_week, "a plan started two weeks ago, nothing done, has both"
    assert Roadmap.objects.current(ada).version == 1, (
        "two weeks behind is not enough for a new plan"
    )
    assert message["Subject"] == "Your week on the way to Data scientist: 2 weeks behind schedule"
    assert "Your plan to become Data scientist (version 1) is 2 weeks behind schedule" in text
    this_week_part, overdue_part = text.split("Overdue:")
    assert all(item.label in this_week_part for item in this_week)
    assert all(item.label in overdue_part.split("Progress by stage:")[0] for item in overdue)
    for stage in view.stages:
        assert stage.title in text and stage.title in html
    assert (
        "http://localhost:8000/roadmap/" in text and 'href="http://localhost:8000/roadmap/"' in html
    )
    stop = re.search(r"stop these reminders: (\S+)", text).group(1)
    assert stop.startswith("http://localhost:8000/reminders/stop/")
    assert user_from_stop_token(stop.rstrip("/").rsplit("/", 1)[1]) == ada
    assert "".join(message["List-Unsubscribe"].split()) == f"<{stop}>"


def test_running_the_fan_out_twice_sends_nothing_more(jobs, smtp_server, wait_idle):
    learners = [learner_with_roadmap(email=f"twice{n}@example.com", **due_now()) for n in range(4)]

    send_due_reminders.delay()
    send_due_reminders.delay()
    wait_idle()
    send_due_reminders.delay()
    wait_idle()

    assert smtp_server.counts() == {u.email: 1 for u in learners}
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 4


def test_a_worker_killed_mid_batch_ends_with_everyone_reminded_once(jobs, smtp_server, wait_idle):
    first = learner_with_roadmap(email="first@example.com", **due_now())
    others = UserFactory.create_batch(399, **due_now())
    copy_roadmaps([Roadmap.objects.current(first)], others)

    # The mail server stops answering after 40 messages, and the worker dies waiting on it.
    smtp_server.hold_after(40)
    send_due_reminders.delay()
    assert smtp_server.held.wait(timeout=60), "the batch never reached the 41st message"
    jobs.kill()
    smtp_server.release()
    assert sent_count() == 40 and len(smtp_server.counts()) == 40

    jobs.start()
    wait_for(lambda: sent_count() == 400, timeout=60, what="every reminder sent")
    wait_idle()

    counts = smtp_server.counts()
    assert len(counts) == 400
    assert set(counts.values()) == {1}, {k: v for k, v in counts.items() if v != 1}
    assert Reminder.objects.count() == 400


def test_reminders_wait_for_a_mail_server_that_is_down(jobs, smtp_server, wait_idle):
    learners = [
        learner_with_roadmap(email=f"patient{n}@example.com", **due_now()) for n in range(3)
    ]
    smtp_server.stop()

    send_due_reminders.delay()
    wait_for(
        lambda: (
            Reminder.objects.filter(status=ReminderStatus.PENDING, attempts__gte=2).count() == 3
        ),
        what="two failed attempts each",
    )
    assert "Connection refused" in Reminder.objects.first().last_error
    smtp_server.start()

    wait_for(lambda: sent_count() == 3, timeout=30, what="the reminders after the outage")
    wait_idle()
    assert smtp_server.counts() == {u.email: 1 for u in learners}
    assert Reminder.objects.filter(last_error="").count() == 3


KILL_MID_BATCH = "kill mid-batch"


@pytest.mark.parametrize(
    "fault",
    [
        "kill at a batch's first message",  # claimed, nothing sent
        KILL_MID_BATCH,
        "kill at a batch's last message",
        "smtp drops DATA",  # the connection closes after the final dot, before the answer
        "redis restart",  # after a kill mid-batch, and the sweep hands the rest out again
    ],
)
def test_through_any_fault_every_learner_gets_exactly_one_reminder(
    fault, jobs, smtp_server, redis_server, wait_idle, settings
):
    batch = settings.REMINDER_BATCH_SIZE
    first = learner_with_roadmap(email="m0@example.com", **due_now())
    others = UserFactory.create_batch(batch + batch // 2 - 1, **due_now())
    copy_roadmaps([Roadmap.objects.current(first)], others)
    learners = [first, *others]
    held_at = {
        "kill at a batch's first message": 0,
        KILL_MID_BATCH: batch // 2,
        "kill at a batch's last message": batch - 1,
        "redis restart": batch // 2,
    }

    if fault == "smtp drops DATA":
        smtp_server.drop_data_after(batch // 2, times=3)
        send_due_reminders.delay()
    else:
        smtp_server.hold_after(held_at[fault])
        send_due_reminders.delay()
        assert smtp_server.held.wait(timeout=60), "the batch never reached the held message"
        jobs.kill()
        smtp_server.release()
        assert sent_count() == held_at[fault]
        if fault == "redis restart":
            redis_server.stop()
            redis_server.start()  # with AOF, as in production: the queued batch is kept
            # The sweep a few minutes later finds the dead batch's claims and the queued
            # batch, and hands them to new batches, while the broker still holds the old
            # ones: every reminder is now in two queued batches.
            later = timezone.now() + max(CLAIM_LEASE, RECOVER_AFTER) + timedelta(seconds=1)
            lost = list(recoverable_reminders(now=later))
            assert sum(map(len, lost)) == len(learners) - held_at[fault]
            fan_out(send_reminders, lost)
        jobs.start()

    wait_for(lambda: sent_count() == len(learners), timeout=90, what="every reminder sent")
    wait_idle()
    assert smtp_server.counts() == {u.email: 1 for u in learners}
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == len(learners)
