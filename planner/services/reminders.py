"""Weekly progress reminders: who is due, claiming a (learner, week) once, sending, recording.

The database, not the broker, is the record of what is due and what was sent. A learner is
due in their local ISO week (the *period*, e.g. "2026-W48") once their chosen weekday and hour
have passed in their time zone; each fan-out re-scans the whole week so far, so a late or
missed beat still catches the slot. The unique (user, period) Reminder row makes a second
row impossible; how one row is sent exactly once (claim, send, confirm) is told at
"sending" below, and the recovery sweep picks up what a lost batch left.
"""

from __future__ import annotations

import gc
import logging
import smtplib
import sys
import time
import uuid
import zoneinfo
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Now
from django.db.models.sql import UpdateQuery
from django.utils import timezone

from accounts.models import User
from planner import emails
from planner.models import (
    ProgressState,
    Reminder,
    ReminderStatus,
    Roadmap,
)
from planner.selectors.reminders import ReminderView, reminder_views

logger = logging.getLogger(__name__)

# A claim older than this belongs to a batch whose worker died: the recovery sweep takes it.
# A live batch never holds one this long: it stops after REMINDER_BATCH_SECONDS (each SMTP
# step has its own timeout) and hands the rest to a new task.
CLAIM_LEASE = timedelta(minutes=3)
# A pending row whose batch was expected this long ago lost its task: the sweep enqueues it.
RECOVER_AFTER = timedelta(minutes=3)
# A reminder not delivered within its week is about a week that has passed.
EXPIRE_AFTER = timedelta(days=7)
STOP_SALT = "waymark.reminders.stop"
NO_ROADMAP = "No roadmap to remind about."
# How long the thread building messages may hold the interpreter while the sender thread has
# the mail server's answer to read (see _quick_thread_switches).
SENDER_SWITCH_INTERVAL = 0.0002  # seconds; Python's default is 0.005


def period_of(local_day: date) -> str:
    """The reminder period of a local date: its ISO week, e.g. "2026-W48"."""
    year, week, _ = local_day.isocalendar()
    return f"{year}-W{week:02d}"


def _local_now(now: datetime, tz_name: str) -> datetime:
    try:
        return now.astimezone(zoneinfo.ZoneInfo(tz_name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return now.astimezone(zoneinfo.ZoneInfo("UTC"))


def _learners_with_reminders():
    # Only confirmed addresses: an account signed up with someone else's address must not
    # email its owner every week (the sign-up link, and the owner's notice, are the only
    # emails an unconfirmed address gets).
    return User.objects.filter(
        is_active=True,
        email_confirmed_at__isnull=False,
        reminder_weekday__isnull=False,
        pk__in=Roadmap.objects.values("user_id"),
    )


@dataclass(frozen=True)
class DueGroup:
    """Learners of one time zone who are due in ``period`` and have no reminder row for it."""

    timezone: str
    period: str
    user_ids: list[int] = field(repr=False)


def due_learners(*, now: datetime | None = None) -> Iterator[DueGroup]:
    """Learners whose weekday and hour have passed this local week, with no row for the week.

    Only learners with a roadmap and reminders on; grouped by time zone so each group is one
    indexed query whatever the number of learners.
    """
    now = now or timezone.now()
    learners = _learners_with_reminders()
    for tz_name in learners.values_list("timezone", flat=True).distinct().order_by("timezone"):
        local = _local_now(now, tz_name)
        period = period_of(local.date())
        weekday, hour = local.weekday(), local.hour
        already = Reminder.objects.filter(user_id=OuterRef("pk"), period=period)
        ids = list(
            learners.filter(timezone=tz_name)
            .filter(
                Q(reminder_weekday__lt=weekday)
                | Q(reminder_weekday=weekday, reminder_hour__lte=hour)
            )
            .exclude(Exists(already))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if ids:
            yield DueGroup(tz_name, period, ids)


def claim_due_reminders(
    *, now: datetime | None = None, batch_size: int | None = None
) -> Iterator[list[int]]:
    """Create the pending rows of every due learner and yield their ids in batches to send.

    Also yields the rows :func:`recoverable_reminders` finds and gives up, as failed, rows
    whose week is over. Safe to run twice: a row exists once per (user, period).
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.REMINDER_BATCH_SIZE
    yield from recoverable_reminders(now=now, batch_size=batch_size)
    for group in due_learners(now=now):
        for chunk in _chunks(group.user_ids, batch_size):
            Reminder.objects.bulk_create(
                [Reminder(user_id=uid, period=group.period, next_attempt_at=now) for uid in chunk],
                ignore_conflicts=True,
            )
            ids = list(
                Reminder.objects.filter(
                    period=group.period, user_id__in=chunk, status=ReminderStatus.PENDING
                )
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if ids:
                yield ids


def recoverable_reminders(
    *, now: datetime | None = None, batch_size: int | None = None
) -> Iterator[list[int]]:
    """Batches of reminders no live task will send: the recovery sweep enqueues them again.

    Pending rows that a batch was expected to take more than RECOVER_AFTER ago (their task
    was lost, e.g. with a Redis restart) and rows claimed by a batch more than CLAIM_LEASE
    ago (its worker died, and it never holds a claim that long otherwise). Each yielded row
    is made pending and expected now, so the next sweep leaves it to the task it is given to.
    Rows whose week is over are failed instead.
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.REMINDER_BATCH_SIZE
    stale_claim = Q(status=ReminderStatus.SENDING, claimed_at__lt=now - CLAIM_LEASE)
    unclaimed = Reminder.objects.filter(Q(status=ReminderStatus.PENDING) | stale_claim)
    expired = unclaimed.filter(created_at__lt=now - EXPIRE_AFTER).update(
        status=ReminderStatus.FAILED,
        claimed_by="",
        last_error="Expired: not delivered within its week.",
    )
    if expired:
        logger.warning("reminders expired undelivered: %s", expired)
    overdue = now - RECOVER_AFTER
    lost = list(
        unclaimed.filter(
            stale_claim
            | Q(next_attempt_at__lt=overdue)
            | Q(next_attempt_at__isnull=True, created_at__lt=overdue)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for chunk in _chunks(lost, batch_size):
        # Back to pending: a dead batch's claim is released, not left for the next sweep.
        unclaimed.filter(pk__in=chunk).update(
            status=ReminderStatus.PENDING, claimed_by="", claimed_at=None, next_attempt_at=now
        )
        yield chunk


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# -- sending ------------------------------------------------------------------------------
#
# Claim, send, confirm. A batch first claims its rows (pending -> sending, with its own claim
# token) in one statement, sends each over one SMTP connection, and confirms each
# (sending -> sent) the moment the server has answered 250 to the final "." of DATA. A send
# that fails before that answer (a refused connection, an error or a lost connection during
# DATA) was provably not accepted: its row goes back to pending and is retried. A worker
# killed mid-batch leaves rows claimed: the same task, delivered again by the broker, takes
# them back at once (same token); otherwise the recovery sweep does once the claim is older
# than CLAIM_LEASE. Only a crash between the server's acceptance and the confirming commit
# sends twice, and the stable Message-ID (one per learner and week) makes that duplicate
# recognisable. The SMTP conversation runs in a sender thread so that the next message is
# built meanwhile (_Batch); the database is only touched by the task's own thread, a message
# is handed to the sender only after the one before is confirmed, and a failure in the
# sender is raised again in the task's thread: the same guarantees, told in
# docs/background-jobs.md.


@dataclass
class DeliveryOutcome:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    error: str = ""
    # Claimed but not tried because the batch ran out of its time budget: send them next.
    unsent: list[int] = field(default_factory=list)


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer: the server will refuse this message however often we ask."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and code >= 500


def claim_batch(*, reminder_ids: list[int], claim: str, now: datetime) -> list[Reminder]:
    """Claim the rows among ``reminder_ids`` this batch may send, with their learners.

    In one statement: pending rows, rows this same claim already holds (the task delivered
    again after its worker died, or retried), and rows whose claim is older than CLAIM_LEASE
    (a batch that died and whose task is lost). Rows another live batch holds are left alone.
    """
    Reminder.objects.filter(pk__in=reminder_ids).filter(
        Q(status=ReminderStatus.PENDING)
        | Q(status=ReminderStatus.SENDING)
        & (Q(claimed_by=claim) | Q(claimed_at__lt=now - CLAIM_LEASE))
    ).update(status=ReminderStatus.SENDING, claimed_by=claim, claimed_at=now)
    return list(
        Reminder.objects.filter(
            pk__in=reminder_ids, status=ReminderStatus.SENDING, claimed_by=claim
        )
        .select_related("user")
        .order_by("pk")
    )


def deliver_reminders(
    *,
    reminder_ids: list[int],
    claim: str | None = None,
    now: datetime | None = None,
    retry_in: timedelta = timedelta(0),
) -> DeliveryOutcome:
    """Send each reminder among ``reminder_ids`` that is due and not sent, over one connection.

    ``claim`` names this batch (the Celery task id: the same task delivered again takes its
    rows back). A reminder the server refuses for good (5xx) is failed at once; on a transient
    failure (server down, 4xx, connection lost before the server's answer) this one and those
    not yet tried go back to pending with one more attempt and the error, expected again in
    ``retry_in``; they are returned to retry. Past REMINDER_BATCH_SECONDS the rest is returned
    untried (``unsent``), well before its claim could be taken as lost.
    """
    now = now or timezone.now()
    claim = claim or uuid.uuid4().hex
    with _without_gc():
        return _deliver(reminder_ids, claim, now, retry_in)


@contextmanager
def _without_gc():
    """A batch allocates tens of thousands of short-lived objects (every item of every
    learner's roadmap): the cyclic collector would walk the whole process's heap again and
    again for them, ~15% of a batch's CPU. It resumes after the batch."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _quick_thread_switches():
    """While the batch's main thread builds a message, the sender thread gets the server's
    answer to the previous one: it must take the interpreter's lock within a fraction of a
    millisecond, not the default 5 ms, or it waits for the build to finish and nothing
    overlaps. The worker runs one task at a time; the interval is restored after the batch."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(SENDER_SWITCH_INTERVAL)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def _deliver(
    reminder_ids: list[int], claim: str, now: datetime, retry_in: timedelta
) -> DeliveryOutcome:
    claimed = claim_batch(reminder_ids=reminder_ids, claim=claim, now=now)
    if not claimed:
        return DeliveryOutcome()
    batch = _Batch(claimed, claim=claim, now=now, retry_in=retry_in)
    try:
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="reminders-smtp") as sender,
            _quick_thread_switches(),
        ):
            try:
                batch.run(sender)
            finally:
                # The last message, and the one in flight when this thread fails (the
                # database): confirmed if the server took it, before the error goes on.
                batch.settle()
    finally:
        batch.close()
    return batch.outcome


class _Batch:
    """One batch's claimed reminders, sent in order over one connection. This thread builds
    each message while the sender thread sends the one before; a message is handed to the
    sender only once the one before has been confirmed (or its failure recorded), so one
    message at most is ever in flight."""

    def __init__(
        self, claimed: list[Reminder], *, claim: str, now: datetime, retry_in: timedelta
    ) -> None:
        self.claimed, self.claim, self.now, self.retry_in = claimed, claim, now, retry_in
        self.outcome = DeliveryOutcome()
        self.views = reminder_views({r.user_id: local_day(r.user, now) for r in claimed})
        self.templates = emails.EmailTemplates("reminder")
        self.links = _StopLinks()
        self.boundary = emails.batch_boundary()
        self.mail = emails.BatchSender()
        # The message the sender thread is sending: its position, its reminder, the send.
        self.in_flight: tuple[int, Reminder, Future] | None = None

    def run(self, sender: ThreadPoolExecutor) -> None:
        budget, started = settings.REMINDER_BATCH_SECONDS, time.monotonic()
        for index, reminder in enumerate(self.claimed):
            if time.monotonic() - started > budget:
                if self.settle():
                    self.outcome.unsent = [r.pk for r in self.claimed[index:]]
                    _hand_back(self.outcome.unsent, self.claim, next_attempt_at=self.now)
                return
            view = self.views.get(reminder.user_id)
            if view is None:
                _finish(reminder.pk, self.claim, ReminderStatus.FAILED, NO_ROADMAP)
                self.outcome.failed.append(reminder.pk)
                continue
            try:  # while the sender thread waits for the server's answers to the one before
                message = self.mail.prepare(self.message(reminder, view))
            except Exception as error:  # noqa: BLE001 - any failure is recorded on the row
                if not self.settle() or not self.failed(index, reminder, error):
                    return
                continue
            if not self.settle():
                return
            self.in_flight = (index, reminder, sender.submit(self.mail.send, message))

    def message(self, reminder: Reminder, view: ReminderView):
        return reminder_message(
            reminder,
            now=self.now,
            view=view,
            stop=self.links.url(reminder.user),
            templates=self.templates,
            boundary=self.boundary,
        )

    def settle(self) -> bool:
        """Wait for the message in flight and confirm it, or record its failure; False when
        the batch must stop."""
        if self.in_flight is None:
            return True
        index, reminder, send = self.in_flight
        self.in_flight = None
        try:
            send.result()
        except Exception as error:  # noqa: BLE001 - any failure is recorded on the row
            return self.failed(index, reminder, error)
        # The server said 250 to the final dot: confirm at once, so that only a crash in
        # this instant can send it again.
        if not _confirm(reminder.pk, self.claim):
            logger.error("reminder %s was sent but its claim was taken over", reminder.pk)
        self.outcome.sent.append(reminder.pk)
        return True

    def failed(self, index: int, reminder: Reminder, error: Exception) -> bool:
        """Record a failed build or send; False when the batch must stop (a transient
        failure: this reminder and the ones after it go back to pending)."""
        text = f"{type(error).__name__}: {error}"[:2000]
        if _is_permanent(error):
            _finish(reminder.pk, self.claim, ReminderStatus.FAILED, text, attempt=True)
            self.outcome.failed.append(reminder.pk)
            return True
        done = set(self.outcome.failed)
        rest = [r.pk for r in self.claimed[index:] if r.pk not in done]
        _hand_back(rest, self.claim, error=text, next_attempt_at=self.now + self.retry_in)
        self.outcome.retry, self.outcome.error = rest, text
        logger.warning("reminders: %s to retry after %s", len(rest), text)
        return False

    def close(self) -> None:
        try:
            self.mail.close()
        except Exception:  # noqa: BLE001 - closing a dead connection must not hide the result
            logger.debug("closing the mail connection failed", exc_info=True)


def give_up(*, reminder_ids: list[int]) -> int:
    """Record reminders still pending after the last retry as failed, keeping the last error."""
    return Reminder.objects.filter(pk__in=reminder_ids, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.FAILED
    )


def _claimed(pks, claim: str):
    return Reminder.objects.filter(pk__in=pks, status=ReminderStatus.SENDING, claimed_by=claim)


class _Confirm:
    """sending -> sent for one (reminder, claim), with its SQL built once per database: the
    ORM would build it again for every message, which costs several times running it."""

    PK, CLAIM = -7_000_000_001, "\x00claim"  # stand-ins, replaced by the real values

    def __init__(self) -> None:
        self._compiled: dict[str, tuple[str, list, int, int]] = {}

    def _compile(self, using: str):
        if using not in self._compiled:
            query = Reminder.objects.filter(
                pk=self.PK, status=ReminderStatus.SENDING, claimed_by=self.CLAIM
            ).query.chain(UpdateQuery)
            query.add_update_values(
                {
                    "status": ReminderStatus.SENT,
                    "sent_at": Now(),
                    "attempts": F("attempts") + 1,
                    "last_error": "",
                    "claimed_by": "",
                }
            )
            sql, params = query.get_compiler(using).as_sql()
            params = list(params)
            self._compiled[using] = (sql, params, params.index(self.PK), params.index(self.CLAIM))
        return self._compiled[using]

    def __call__(self, pk: int, claim: str, using: str = "default") -> bool:
        sql, params, pk_at, claim_at = self._compile(using)
        params = params.copy()
        params[pk_at], params[claim_at] = pk, claim
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount == 1


_confirm = _Confirm()


def _hand_back(pks: list[int], claim: str, *, next_attempt_at: datetime, error: str = "") -> None:
    values = {"status": ReminderStatus.PENDING, "claimed_by": "", "claimed_at": None}
    if error:
        values |= {"attempts": F("attempts") + 1, "last_error": error}
    _claimed(pks, claim).update(next_attempt_at=next_attempt_at, **values)


def _finish(pk: int, claim: str, status: str, error: str, *, attempt: bool = False) -> None:
    values = {"status": status, "last_error": error, "claimed_by": ""}
    if attempt:
        values["attempts"] = F("attempts") + 1
    _claimed([pk], claim).update(**values)


# -- content ------------------------------------------------------------------------------


def stop_token(user: User) -> str:
    """A token naming the learner, signed with the secret key; it does not expire, like the
    links in the reminders already sent."""
    return signing.Signer(salt=STOP_SALT).sign(str(user.pk))


def user_from_stop_token(token: str) -> User | None:
    """The learner a reminder's change-or-stop link was made for; None when forged."""
    try:
        pk = int(signing.Signer(salt=STOP_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return User.objects.filter(pk=pk).first()


def stop_url(user: User) -> str:
    return _StopLinks().url(user)


class _StopLinks:
    """Change-or-stop links, resolving the URL pattern once for a whole batch."""

    PLACEHOLDER = "TOKEN"

    def __init__(self) -> None:
        self.template = emails.site_url("planner:reminders-stop", token=self.PLACEHOLDER)

    def url(self, user: User) -> str:
        return self.template.replace(self.PLACEHOLDER, stop_token(user))


def verdict(state: str, weeks: float) -> str:
    weeks = round(weeks or 0, 1)
    if state == ProgressState.BEHIND:
        return f"{weeks:g} weeks behind schedule"
    if state == ProgressState.AHEAD:
        return f"{weeks:g} weeks ahead of schedule"
    return "on track"


def reminder_context(user: User, view: ReminderView, *, stop: str | None = None) -> dict:
    progress = view.progress
    return {
        "user": user,
        "roadmap": view.roadmap,
        "week_start": view.week_start,
        "week_end": view.week_end,
        "this_week": view.this_week,
        "overdue": view.overdue,
        "stages": view.stages,
        "overall_percent": view.percent,
        "verdict": verdict(progress.state, progress.weeks),
        "on_track": progress.state != ProgressState.BEHIND,
        "roadmap_url": emails.site_url("planner:roadmap"),
        "stop_url": stop or stop_url(user),
    }


def message_id(reminder: Reminder) -> str:
    """The same for every send of one learner's reminder of one week, so that a duplicate (a
    crash between the server's acceptance and the confirmation) is recognisable."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "waymark"
    return f"<reminder-{reminder.period}-{reminder.user_id}@{domain}>"


def local_day(user: User, now: datetime) -> date:
    """The learner's date at ``now``, in their time zone."""
    return _local_now(now, user.timezone).date()


def reminder_message(
    reminder: Reminder,
    *,
    now: datetime,
    view: ReminderView | None = None,
    stop: str | None = None,
    templates: emails.EmailTemplates | None = None,
    boundary: str | None = None,
):
    """The email for one reminder, or None when the learner has no roadmap any more.

    ``view``: what :func:`~planner.selectors.reminders.reminder_views` read for the learner
    on their local day at ``now`` (read here when not given)."""
    user = reminder.user
    if view is None:
        view = reminder_views({user.pk: local_day(user, now)}).get(user.pk)
        if view is None:
            return None
    context = reminder_context(user, view, stop=stop)
    url = context["stop_url"]
    return emails.build_message(
        (templates or emails.EmailTemplates("reminder")).render(context),
        to=user.email,
        headers={
            "Message-ID": message_id(reminder),
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        boundary=boundary,
    )
