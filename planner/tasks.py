"""Background work of the planner: thin tasks that take ids and call the services.

Every task is idempotent, so each is acknowledged late (a task whose worker dies runs again);
retries are bounded, and their longest countdown stays below the broker's visibility timeout.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction

from outbox.services import publish
from planner.services import reassessment, reminders

logger = logging.getLogger(__name__)

REMINDER_MAX_RETRIES = settings.REMINDER_MAX_RETRIES
NOTIFY_MAX_RETRIES = 6
# The emails a reassessment sends: retried with backoff while the mail server is unreachable.
NOTIFY_TASK = dict(
    acks_late=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    max_retries=NOTIFY_MAX_RETRIES,
    retry_backoff=True,
    retry_backoff_max=600,
)


def backoff(retries: int) -> float:
    """Exponential backoff: base · 2^retries seconds, capped."""
    base = settings.REMINDER_RETRY_BASE_SECONDS
    cap = settings.REMINDER_RETRY_MAX_SECONDS
    return min(base * 2**retries, cap)


def enqueue(task, *args, **kwargs) -> bool:
    """Publish a task now; with the broker down, keep it in the database outbox (published
    by the outbox sweep once the broker is back) and return False instead of raising."""
    return publish(task, *args, **kwargs)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


def fan_out(task, batches) -> int:
    """Publish ``task`` once per batch of ids; returns how many were published."""
    count = 0
    for ids in batches:
        task.apply_async(args=(ids,))
        count += 1
    return count


# -- reminders ----------------------------------------------------------------------------


@shared_task(acks_late=True)
def send_due_reminders() -> int:
    """Hourly: claim the reminders due so far this week and fan them out in batches."""
    return fan_out(send_reminders, reminders.claim_due_reminders())


@shared_task(acks_late=True)
def recover_reminders() -> int:
    """Every few minutes: enqueue again the reminders of batches that were lost (a killed
    worker whose message did not come back, a broker restart), not waiting for the hour."""
    return fan_out(send_reminders, reminders.recoverable_reminders())


@shared_task(bind=True, acks_late=True, max_retries=REMINDER_MAX_RETRIES)
def send_reminders(self, reminder_ids: list[int]) -> int:
    """Send a batch; the reminders the mail server could not take are retried with backoff."""
    countdown = backoff(self.request.retries)
    outcome = reminders.deliver_reminders(
        reminder_ids=reminder_ids,
        # The task's id is the batch's claim: the same task delivered again after its worker
        # died, or retried, takes its reminders back at once.
        claim=self.request.id,
        retry_in=timedelta(seconds=countdown),
    )
    if outcome.unsent:
        send_reminders.apply_async(args=(outcome.unsent,))
    if outcome.retry:
        if self.request.retries >= self.max_retries:
            failed = reminders.give_up(reminder_ids=outcome.retry)
            logger.error("reminders failed after %s attempts: %s", self.max_retries + 1, failed)
        else:
            raise self.retry(args=(outcome.retry,), countdown=countdown)
    return len(outcome.sent)


# -- mentors ------------------------------------------------------------------------------


@shared_task(acks_late=True)
def send_mentor_digests() -> int:
    """Hourly: each mentor with news (review requests, mentees who fell behind) gets one
    email listing it all."""
    from planner.services.mentor_digests import send_mentor_digests as send

    return send()


# -- reassessment -------------------------------------------------------------------------


@shared_task(acks_late=True)
def reassess_all_plans() -> int:
    """Daily: reassess every active plan, in batches."""
    return fan_out(reassess_plans, reassessment.active_plan_batches())


@shared_task(acks_late=True)
def reassess_after_curriculum_change(revision: int) -> int:
    """Reassess the plans built from a curriculum older than ``revision``, in batches."""
    return fan_out(reassess_plans, reassessment.plans_older_than(revision))


def _reassess(user_ids: list[int]) -> int:
    """Reassess, enqueue the learners' emails the outcomes call for (their mentors hear in
    the hourly digest); returns how many new versions."""
    outcomes = reassessment.reassess_learners(user_ids=user_ids)
    for outcome in outcomes:
        if outcome.notify_learner:
            enqueue_on_commit(notify_roadmap_changed, outcome.result.roadmap.pk)
    return sum(outcome.result.new_version for outcome in outcomes)


@shared_task(acks_late=True)
def reassess_plans(user_ids: list[int]) -> int:
    return _reassess(user_ids)


@shared_task(acks_late=True)
def reassess_learner(user_id: int) -> None:
    _reassess([user_id])


@shared_task(**NOTIFY_TASK)
def notify_roadmap_changed(roadmap_id: int) -> None:
    reassessment.notify_roadmap_changed(roadmap_id=roadmap_id)


@shared_task(acks_late=True)
def notify_mentor_behind(roadmap_id: int) -> None:
    """Kept for messages published before mentors' news went into the digest: records the
    news for the digest instead of sending an email."""
    reassessment.record_fell_behind(roadmap_id=roadmap_id)
