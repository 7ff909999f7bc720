"""Reminder services in process: who is due, claiming, sending, failures, the stop link."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarks.servers import SmtpSink, free_port
from planner import engine
from planner.models import LearnerSkill, LevelSource, Reminder, ReminderStatus, Roadmap
from planner.selectors.reminders import reminder_views
from planner.selectors.roadmaps import roadmap_view
from planner.services import reminders
from planner.services.reminders import (
    CLAIM_LEASE,
    RECOVER_AFTER,
    claim_batch,
    claim_due_reminders,
    deliver_reminders,
    due_learners,
    give_up,
    message_id,
    period_of,
    recoverable_reminders,
    stop_url,
)
from tests.factories import UserFactory, learner_with_roadmap

# Wednesday 2026-11-25, 14:30 UTC: 23:30 in Tokyo, 06:30 in Los Angeles.
NOW = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)
TODAY = NOW.date()  # plans start in the week the reminders below are sent
WEDNESDAY = 2


def due_ids(now=NOW) -> set[int]:
    return {uid for group in due_learners(now=now) for uid in group.user_ids}


def test_the_period_is_the_iso_week_of_the_local_date():
    assert period_of(date(2026, 11, 25)) == "2026-W48"
    assert period_of(date(2027, 1, 1)) == "2026-W53"


@pytest.mark.django_db
def test_learners_are_due_once_their_local_weekday_and_hour_have_come():
    on_the_hour = learner_with_roadmap(on=TODAY, reminder_weekday=WEDNESDAY, reminder_hour=14)
    earlier_this_week = learner_with_roadmap(on=TODAY, reminder_weekday=0, reminder_hour=8)
    later_today = learner_with_roadmap(on=TODAY, reminder_weekday=WEDNESDAY, reminder_hour=15)
    tokyo = learner_with_roadmap(
        on=TODAY, timezone="Asia/Tokyo", reminder_weekday=WEDNESDAY, reminder_hour=23
    )
    los_angeles = learner_with_roadmap(
        on=TODAY, timezone="America/Los_Angeles", reminder_weekday=WEDNESDAY, reminder_hour=8
    )
    off = learner_with_roadmap(on=TODAY, reminder_weekday=None)
    no_plan = UserFactory(reminder_weekday=0, reminder_hour=0)

    due = due_ids()

    assert {on_the_hour.pk, earlier_this_week.pk, tokyo.pk} <= due
    assert not {later_today.pk, los_angeles.pk, off.pk, no_plan.pk} & due


@pytest.mark.django_db
def test_an_address_nobody_confirmed_gets_no_weekly_reminder_until_it_is_confirmed():
    # Someone may sign up with another person's address: its owner gets the sign-up link and
    # nothing every week.
    unconfirmed = learner_with_roadmap(
        on=TODAY, reminder_weekday=0, reminder_hour=0, email_confirmed_at=None
    )
    assert unconfirmed.pk not in due_ids()

    unconfirmed.email_confirmed_at = NOW
    unconfirmed.save()
    assert unconfirmed.pk in due_ids()


@pytest.mark.django_db
def test_each_learner_is_claimed_once_per_week_however_often_the_fan_out_runs():
    ada = learner_with_roadmap(on=TODAY, reminder_weekday=0, reminder_hour=0)

    first = [ids for ids in claim_due_reminders(now=NOW)]
    second = [ids for ids in claim_due_reminders(now=NOW)]

    assert len(first) == 1 and second == []
    assert Reminder.objects.get().user == ada
    assert Reminder.objects.get().period == "2026-W48"
    assert ada.pk not in due_ids()


@pytest.mark.django_db
def test_a_reminder_is_sent_once_even_when_its_batch_runs_twice(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ada = learner_with_roadmap(
        on=TODAY, email="ada@example.com", reminder_weekday=0, reminder_hour=0
    )
    [ids] = list(claim_due_reminders(now=NOW))

    assert deliver_reminders(reminder_ids=ids, now=NOW).sent == ids
    assert deliver_reminders(reminder_ids=ids, now=NOW).sent == []

    assert [m.to for m in mail.outbox] == [[ada.email]]
    message = mail.outbox[0]
    assert message.alternatives[0].mimetype == "text/html"
    assert stop_url(ada) in message.body
    assert Reminder.objects.get().status == ReminderStatus.SENT


@pytest.mark.django_db
def test_a_mail_server_that_does_not_answer_is_retried_then_recorded_as_failed(
    settings, admin_client
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    learner_with_roadmap(on=TODAY, reminder_weekday=0, reminder_hour=0)
    [ids] = list(claim_due_reminders(now=NOW))

    outcome = deliver_reminders(reminder_ids=ids, now=NOW)

    assert outcome.retry == ids and outcome.sent == []
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == (ReminderStatus.PENDING, 1)
    assert "ConnectionRefusedError" in reminder.last_error

    give_up(reminder_ids=outcome.retry)
    assert Reminder.objects.get().status == ReminderStatus.FAILED
    page = admin_client.get("/admin/planner/reminder/?status__exact=failed")
    assert page.status_code == 200
    assert "ConnectionRefusedError" in page.content.decode()


@pytest.mark.django_db
def test_the_link_in_a_reminder_changes_or_stops_reminders_without_logging_in():
    ada = learner_with_roadmap(on=TODAY, reminder_weekday=0, reminder_hour=8)
    path = stop_url(ada).removeprefix("http://localhost:8000")
    client = Client(enforce_csrf_checks=True)

    assert client.get(path).status_code == 200
    ada.refresh_from_db()
    assert ada.reminder_weekday == 0, "opening the link changes nothing"

    assert client.post(path, {"action": "change", "weekday": 4, "hour": 18}).status_code == 200
    ada.refresh_from_db()
    assert (ada.reminder_weekday, ada.reminder_hour) == (4, 18)

    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    ada.refresh_from_db()
    assert ada.reminder_weekday is None
    assert client.get(path[:-3] + "xx/").status_code == 404


@pytest.fixture
def smtp_sink(settings):
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    yield sink
    sink.stop()


@pytest.mark.django_db
def test_a_reminder_whose_data_is_cut_off_before_the_answer_is_sent_again_once(smtp_sink):
    learners = [
        learner_with_roadmap(on=TODAY, reminder_weekday=0, reminder_hour=0) for _ in range(3)
    ]
    [ids] = list(claim_due_reminders(now=NOW))
    smtp_sink.drop_data_after(1)  # the second message's final dot gets no answer

    first = deliver_reminders(reminder_ids=ids, now=NOW)

    assert first.sent == ids[:1] and first.retry == ids[1:]
    assert "SMTPServerDisconnected" in Reminder.objects.get(pk=ids[1]).last_error
    assert Reminder.objects.get(pk=ids[1]).status == ReminderStatus.PENDING
    second = deliver_reminders(reminder_ids=first.retry, now=NOW)
    assert second.sent == ids[1:]
    assert smtp_sink.counts() == {u.email: 1 for u in learners}


@pytest.mark.django_db
def test_a_batch_reminder_over_smtp_shows_this_weeks_study_in_text_and_html(smtp_sink):
    ada = learner_with_roadmap(
        on=TODAY, email="ada@example.com", reminder_weekday=0, reminder_hour=0
    )
    [ids] = list(claim_due_reminders(now=NOW))

    assert deliver_reminders(reminder_ids=ids, now=NOW).sent == ids

    [(to, message)] = smtp_sink.messages
    text, html = (part.get_payload(decode=True).decode() for part in message.get_payload())
    assert to == ada.email and "At level " in text and "Practice: " in text
    assert '<a href="https://' in html and "<br>" in html
    assert message["Message-ID"] == f"<reminder-2026-W48-{ada.pk}@waymark.localhost>"
    assert message["List-Unsubscribe"] == f"<{stop_url(ada)}>"  # on one line, unfolded


@pytest.mark.django_db
def test_a_batch_leaves_alone_what_another_live_batch_claimed_and_takes_back_its_own():
    learner_with_roadmap(on=TODAY, reminder_weekday=0, reminder_hour=0)
    [ids] = list(claim_due_reminders(now=NOW))
    assert [r.pk for r in claim_batch(reminder_ids=ids, claim="a", now=NOW)] == ids

    assert claim_batch(reminder_ids=ids, claim="b", now=NOW) == []
    assert deliver_reminders(reminder_ids=ids, claim="b", now=NOW).sent == []
    assert [r.pk for r in claim_batch(reminder_ids=ids, claim="a", now=NOW)] == ids
    later = NOW + CLAIM_LEASE + timedelta(seconds=1)
    assert [r.pk for r in claim_batch(reminder_ids=ids, claim="b", now=later)] == ids


@pytest.mark.django_db
def test_the_recovery_sweep_takes_lost_batches_and_leaves_live_and_waiting_ones(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for _ in range(4):
        learner_with_roadmap(on=TODAY, reminder_weekday=0, reminder_hour=0)
    [[lost, claimed_dead, claimed_live, waiting]] = list(claim_due_reminders(now=NOW))
    claim_batch(reminder_ids=[claimed_dead], claim="dead", now=NOW)
    later = NOW + max(CLAIM_LEASE, RECOVER_AFTER) + timedelta(seconds=1)
    claim_batch(reminder_ids=[claimed_live], claim="live", now=later)
    Reminder.objects.filter(pk=waiting).update(next_attempt_at=later)  # a retry's countdown

    assert list(recoverable_reminders(now=NOW)) == []
    assert list(recoverable_reminders(now=later)) == [[lost, claimed_dead]]
    assert list(recoverable_reminders(now=later)) == [], "given to a task: not again at once"
    assert deliver_reminders(reminder_ids=[lost, claimed_dead], now=later).sent == [
        lost,
        claimed_dead,
    ]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_every_send_of_one_learners_weekly_reminder_has_the_same_message_id(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ada = learner_with_roadmap(on=TODAY, reminder_weekday=0, reminder_hour=0)
    [ids] = list(claim_due_reminders(now=NOW))
    reminder = Reminder.objects.get(pk=ids[0])

    assert message_id(reminder) == f"<reminder-2026-W48-{ada.pk}@waymark.localhost>"
    deliver_reminders(reminder_ids=ids, now=NOW)
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id(reminder)


@pytest.mark.django_db
def test_the_recovery_sweep_is_scheduled_every_two_minutes():
    from django_celery_beat.models import PeriodicTask

    sweep = PeriodicTask.objects.get(task="planner.tasks.recover_reminders")
    assert sweep.enabled and sweep.crontab.minute == "*/2"


def _mark(user, statuses: dict[int, str]) -> None:
    """Set the status of the current roadmap's items by position."""
    items = list(Roadmap.objects.current(user).items.order_by("position"))
    for position, status in statuses.items():
        items[position].status = status
        items[position].save(update_fields=["status"])


@pytest.mark.django_db
def test_a_batch_reads_each_learners_reminder_as_the_full_roadmap_view_shows_it():
    ada = learner_with_roadmap(hours=12, started_weeks_ago=3, timezone="Asia/Tokyo")
    ben = learner_with_roadmap(role="machine-learning-engineer", started_weeks_ago=8)
    cleo = learner_with_roadmap(hours=20, started_weeks_ago=1, timezone="America/Los_Angeles")
    _mark(ada, {0: "done", 1: "in_progress", 4: "skipped"})
    _mark(ben, {0: "done", 1: "done", 2: "done", 3: "skipped"})
    skipped = Roadmap.objects.current(ben).items.order_by("position")[3]
    LearnerSkill.objects.update_or_create(
        user=ben,
        skill=skipped.skill,
        defaults={"level": skipped.to_level, "source": LevelSource.MENTOR},
    )
    now = timezone.now()
    days = {u.pk: reminders.local_day(u, now) for u in (ada, ben, cleo)}

    batch = reminder_views(days)

    for user in (ada, ben, cleo):
        full = roadmap_view(Roadmap.objects.current(user))
        day, read = days[user.pk], batch[user.pk]
        week_end = day - timedelta(days=day.weekday()) + timedelta(days=6)
        open_items = [i for i in full.items if i.status not in ("done", "skipped")]
        assert [i.key for i in read.this_week] == [
            i.key for i in open_items if i.start_date <= week_end and i.end_date >= day
        ]
        assert [i.key for i in read.overdue] == [i.key for i in open_items if i.end_date < day]
        assert all(i.study for i in read.this_week if i.kind == "skill")
        assert [(s.title, s.percent, s.count) for s in read.stages] == [
            (s.title, round(s.progress * 100), len(s.items)) for s in full.stages
        ]
        assert read.percent == round(full.progress * 100)
        assert read.progress == engine.assess_progress(
            full.items,
            {i.key for i in full.items if i.status == "done"},
            day,
            full.start_date,
            full.weekly_hours,
        )
    assert batch[ben.pk].percent > 0 and batch[ada.pk].overdue


@pytest.mark.django_db
def test_a_batch_reads_its_learners_in_the_same_queries_whatever_their_number_and_plans():
    def queries(users) -> int:
        days = {u.pk: reminders.local_day(u, timezone.now()) for u in users}
        with CaptureQueriesContext(connection) as captured:
            assert len(reminder_views(days)) == len(users)
        return len(captured)

    small = [learner_with_roadmap(on=TODAY, role="data-analyst", hours=40)]
    large = [
        learner_with_roadmap(on=TODAY, role="machine-learning-engineer", hours=2) for _ in range(4)
    ]

    assert queries(small) == queries(large) == 5


def test_the_emails_date_filter_formats_as_djangos_own_and_remembers_dates():
    from django.template.defaultfilters import date as date_filter

    from planner.templatetags.email_dates import _formatted, cached_date

    day, moment = date(2026, 11, 30), datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
    _formatted.cache_clear()

    assert cached_date(day, "D j M") == date_filter(day, "D j M") == "Mon 30 Nov"
    assert cached_date(day, "D j M") == "Mon 30 Nov"
    assert _formatted.cache_info().hits == 1
    assert cached_date(moment, "j M H:i") == date_filter(moment, "j M H:i")
    assert cached_date(None, "j M") == ""


journal: list[tuple[str, str]] = []


class RecordingBackend(locmem.EmailBackend):
    """The test outbox, noting each send (in the batch's sender thread) in the journal."""

    def send_messages(self, messages):
        time.sleep(0.002)  # a server's answer takes a while: the next message is built
        journal.extend(("send", m.to[0]) for m in messages)
        return super().send_messages(messages)


@pytest.mark.django_db
def test_a_batch_hands_the_sender_a_message_only_once_the_one_before_is_confirmed(
    settings, monkeypatch
):
    settings.EMAIL_BACKEND = f"{__name__}.RecordingBackend"
    learners = [
        learner_with_roadmap(on=TODAY, reminder_weekday=0, reminder_hour=0) for _ in range(4)
    ]
    [ids] = list(claim_due_reminders(now=NOW))
    emails_of = {r.pk: r.user.email for r in Reminder.objects.select_related("user")}
    confirm = reminders._confirm

    def recording_confirm(pk, claim):
        journal.append(("confirm", emails_of[pk]))
        return confirm(pk, claim)

    monkeypatch.setattr(reminders, "_confirm", recording_confirm)
    journal.clear()

    assert deliver_reminders(reminder_ids=ids, now=NOW).sent == ids

    order = [u.email for u in sorted(learners, key=lambda u: u.pk)]
    assert journal == [(event, email) for email in order for event in ("send", "confirm")]


@pytest.mark.django_db
def test_a_batch_costs_one_query_per_reminder_beyond_a_fixed_few(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def queries(count: int) -> int:
        Reminder.objects.all().delete()
        for _ in range(count):
            learner_with_roadmap(on=TODAY, reminder_weekday=0, reminder_hour=0)
        [ids] = list(claim_due_reminders(now=NOW))
        with CaptureQueriesContext(connection) as captured:
            assert deliver_reminders(reminder_ids=ids, now=NOW).sent == ids
        return len(captured)

    one, three = queries(1), queries(2)  # one learner, then three

    assert three - one == 2  # the two more confirmations, nothing read per learner
