"""The outbox: a request writes a row; the worker sends it once, retrying a failed send."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from outbox import services
from outbox.models import Email, EmailStatus, PendingTask
from planner.tasks import enqueue, reassess_learner

pytestmark = pytest.mark.django_db


def queue(key="test:1", subject="Hello"):
    return services.queue_email(key=key, to="a@example.com", subject=subject, text="Body")


class FailingConnection:
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_queueing_sends_nothing_and_the_worker_sends_it_once():
    email = queue()
    assert mail.outbox == []
    assert services.deliver_email(email_id=email.pk) == "sent"
    assert services.deliver_email(email_id=email.pk) == "skipped"
    [message] = mail.outbox
    assert message.extra_headers["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.sent_at is not None


def test_the_same_key_is_queued_once():
    assert queue().pk == queue().pk
    assert Email.objects.count() == 1


def test_a_failed_send_stays_pending_and_is_retried_later():
    email = queue()
    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.deliver_email(email_id=email.pk, connection=FailingConnection())
    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING and email.attempts == 1
    assert "SMTPServerDisconnected" in email.last_error
    assert email.next_attempt_at > timezone.now()
    assert services.due_emails() == []
    later = timezone.now() + timedelta(minutes=5)
    assert services.deliver_due_emails(now=later)["sent"] == 1
    assert len(mail.outbox) == 1


def test_an_email_held_by_a_worker_is_not_sent_by_another():
    email = queue()
    Email.objects.filter(pk=email.pk).update(claimed_until=timezone.now() + timedelta(minutes=1))
    assert services.deliver_email(email_id=email.pk) == "skipped"
    assert mail.outbox == []


def test_sending_gives_up_after_the_last_attempt():
    email = queue()
    Email.objects.filter(pk=email.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    outcome = services.deliver_email(email_id=email.pk, connection=FailingConnection())
    assert outcome == "failed"
    assert Email.objects.get(pk=email.pk).status == EmailStatus.FAILED


def test_a_subject_is_one_line_and_refuses_control_characters():
    assert queue(subject="Two\r\nlines").subject == "Two lines"
    with pytest.raises(Exception, match="Control characters"):
        queue(key="test:2", subject="Bell\x07")


def test_a_task_the_broker_refused_is_kept_and_published_later(monkeypatch):
    # The test settings point Celery at a closed port: publishing fails at once.
    PendingTask.objects.all().delete()
    with transaction.atomic():
        assert enqueue(reassess_learner, 42) is False
    pending = PendingTask.objects.get(name="planner.tasks.reassess_learner")
    assert pending.args == [42]
    published = []
    monkeypatch.setattr(
        services.current_app,
        "send_task",
        lambda name, args, kwargs, retry: published.append((name, args)),
    )
    assert services.publish_pending_tasks() == 1
    assert published == [("planner.tasks.reassess_learner", (42,))]
    assert not PendingTask.objects.filter(pk=pending.pk).exists()
