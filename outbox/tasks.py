"""Thin tasks over the outbox: deliver one email, and the sweep that catches up."""

from __future__ import annotations

from celery import shared_task

from outbox import services


@shared_task(bind=True, acks_late=True, max_retries=services.MAX_ATTEMPTS)
def deliver_email(self, email_id: int) -> str:
    """Send one queued email; a failed send is retried with backoff (and by the sweep)."""
    try:
        return services.deliver_email(email_id=email_id)
    except services.SEND_ERRORS as error:
        attempts = self.request.retries + 1
        raise self.retry(exc=error, countdown=services.retry_delay(attempts)) from error


@shared_task(acks_late=True)
def sweep() -> dict:
    """Every minute: publish the tasks kept while the broker was down, and send the emails
    whose task was lost or whose retry is due."""
    published = services.publish_pending_tasks()
    return {"published": published, **services.deliver_due_emails()}
