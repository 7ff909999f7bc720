"""Writing to the outbox, and delivering from it.

``queue_email`` is all a web request does: a row in its transaction. The worker delivers it
(``deliver_email``): claim the row, send, confirm. A send the mail server refused or never
got (an error before the end of DATA) leaves the row pending, to be retried with backoff;
only a worker that dies between the server's acceptance and the confirmation sends twice,
and the stable ``Message-ID`` makes that second copy recognisable.

``publish`` hands a task to the broker and, when the broker is down, keeps it as a
``PendingTask`` row that the sweep publishes once the broker is back.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from email.utils import make_msgid

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.validators import validate_single_line
from outbox.models import Email, EmailStatus, PendingTask

logger = logging.getLogger(__name__)

# A worker holds a row this long while sending; longer than any send (the SMTP timeout).
CLAIM_SECONDS = 120
SMTP_TIMEOUT_SECONDS = 10
# Failed sends are retried with exponential backoff, this many times in all.
MAX_ATTEMPTS = 10
# What one sweep does at most, so it finishes well within a minute.
SWEEP_BATCH = 200
# An email younger than this is left to the task published with it.
SWEEP_GRACE_SECONDS = 30

SEND_ERRORS = (OSError, smtplib.SMTPException)
# By name: the tasks module imports this one.
DELIVER_TASK = "outbox.tasks.deliver_email"


def retry_delay(attempts: int) -> float:
    """Seconds before the next try after ``attempts`` failed ones: doubling, capped."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    cap = settings.OUTBOX_RETRY_MAX_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), cap)


def one_line(subject: str) -> str:
    """A subject as one header line: whitespace runs (newlines too) become one space."""
    return " ".join(subject.split())


def publish(task, *args, record: bool = True, **kwargs) -> bool:
    """Publish a task (a task or its name) now; with the broker down, keep it in the
    database (``record``) and return False instead of raising: a web request never fails
    because Redis is down."""
    name = task if isinstance(task, str) else task.name
    try:
        current_app.send_task(name, args=args, kwargs=kwargs, retry=False)
    except Exception as error:  # noqa: BLE001 - whatever the broker client raises
        logger.warning("could not publish %s%r: %s", name, args, error)
        if record:
            PendingTask.objects.create(
                name=name, args=list(args), kwargs=kwargs, error=str(error)[:500]
            )
        return False
    return True


def queue_email(*, key: str, to: str, subject: str, text: str, html: str = "") -> Email:
    """Put an email in the outbox, in the caller's transaction; the worker sends it after the
    commit. The same ``key`` queued again returns the first row and sends nothing more."""
    subject = one_line(subject)
    validate_single_line(subject)
    email, created = Email.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            "subject": subject[:300],
            "text": text,
            "html": html,
            "message_id": make_msgid(domain=settings.OUTBOX_MESSAGE_ID_DOMAIN),
        },
    )
    if created:
        # No PendingTask for it: the row itself is the record the sweep reads.
        transaction.on_commit(lambda: publish(DELIVER_TASK, email.pk, record=False))
    return email


def _message(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": email.message_id},
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def deliver_email(*, email_id: int, connection=None) -> str:
    """Send one email of the outbox unless it is sent or another worker holds it.

    Returns "sent", "skipped" (nothing to do) or "failed" (given up after MAX_ATTEMPTS);
    raises the mail server's error when the send failed and will be retried.
    """
    now = timezone.now()
    claimed = (
        Email.objects.filter(pk=email_id, status=EmailStatus.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    email = Email.objects.get(pk=email_id)
    try:
        connection = connection or get_connection(timeout=SMTP_TIMEOUT_SECONDS)
        connection.send_messages([_message(email)])
    except SEND_ERRORS as error:
        gave_up = email.attempts >= MAX_ATTEMPTS
        Email.objects.filter(pk=email_id).update(
            claimed_until=None,
            last_error=f"{type(error).__name__}: {error}"[:1000],
            next_attempt_at=timezone.now() + timedelta(seconds=retry_delay(email.attempts)),
            status=EmailStatus.FAILED if gave_up else EmailStatus.PENDING,
        )
        if gave_up:
            logger.error(
                "email %s given up after %s attempts: %s", email.key, email.attempts, error
            )
            return "failed"
        raise
    Email.objects.filter(pk=email_id).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return "sent"


def due_emails(*, now=None, limit: int = SWEEP_BATCH) -> list[int]:
    """Pending emails whose next try is due and that no worker holds."""
    now = now or timezone.now()
    return list(
        Email.objects.filter(
            status=EmailStatus.PENDING,
            next_attempt_at__lte=now,
            created_at__lte=now - timedelta(seconds=SWEEP_GRACE_SECONDS),
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .values_list("pk", flat=True)[:limit]
    )


def deliver_due_emails(*, now=None) -> dict[str, int]:
    """Send what is due, one connection for the lot; a failing mail server stops the round
    (the rest waits for the next sweep)."""
    counts = {"sent": 0, "skipped": 0, "failed": 0, "error": 0}
    ids = due_emails(now=now)
    if not ids:
        return counts
    connection = get_connection(timeout=SMTP_TIMEOUT_SECONDS)
    for email_id in ids:
        try:
            counts[deliver_email(email_id=email_id, connection=connection)] += 1
        except SEND_ERRORS:
            counts["error"] += 1
            break
    return counts


def publish_pending_tasks(*, limit: int = SWEEP_BATCH) -> int:
    """Publish the tasks kept while the broker was down; stops at the first that fails."""
    published = 0
    for pending in PendingTask.objects.all()[:limit]:
        if not publish(pending.name, *pending.args, record=False, **pending.kwargs):
            break
        pending.delete()
        published += 1
    return published
