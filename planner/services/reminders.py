"""Weekly progress reminders: who is due, claiming a (learner, week) once, sending, recording.

The database, not the broker, is the record of what is due and what was sent. A learner is
due in their local ISO week (the *period*, e.g. "2026-W48") once their chosen weekday and hour
have passed in their time zone; each fan-out re-scans the whole week so far, so a late or
missed beat still catches the slot. The unique (user, period) Reminder row is the claim, and
it turns "sent" only at the commit point of :func:`planner.emails.send_once`, so a
(learner, period) is emailed at most once whatever runs twice or dies half-way.
"""

from __future__ import annotations

import logging
import smtplib
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from accounts.models import User
from planner import emails, engine
from planner.models import (
    FINISHED,
    ItemStatus,
    ProgressState,
    Reminder,
    ReminderStatus,
    Roadmap,
)
from planner.selectors.roadmaps import (
    RoadmapView,
    current_roadmap,
    current_roadmaps,
    roadmap_view,
    roadmap_views,
)

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 200
# A pending row older than this is taken to belong to a lost batch and is enqueued again.
STALE_AFTER = timedelta(minutes=10)
# A reminder not delivered within its week is about a week that has passed.
EXPIRE_AFTER = timedelta(days=7)
STOP_SALT = "waymark.reminders.stop"


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
    return User.objects.filter(
        is_active=True,
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


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def claim_due_reminders(
    *, now: datetime | None = None, batch_size: int | None = None
) -> Iterator[list[int]]:
    """Create the pending rows of every due learner and yield their ids in batches to send.

    Also yields pending rows left by a lost batch (older than STALE_AFTER) and gives up, as
    failed, rows whose week is over. Safe to run twice: a row exists once per (user, period).
    """
    now = now or timezone.now()
    batch_size = batch_size or getattr(settings, "REMINDER_BATCH_SIZE", DEFAULT_BATCH_SIZE)
    expired = Reminder.objects.filter(
        status=ReminderStatus.PENDING, created_at__lt=now - EXPIRE_AFTER
    ).update(status=ReminderStatus.FAILED, last_error="Expired: not delivered within its week.")
    if expired:
        logger.warning("reminders expired undelivered: %s", expired)
    stale = list(
        Reminder.objects.filter(status=ReminderStatus.PENDING, created_at__lt=now - STALE_AFTER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    yield from _chunks(stale, batch_size)
    for group in due_learners(now=now):
        for chunk in _chunks(group.user_ids, batch_size):
            Reminder.objects.bulk_create(
                [Reminder(user_id=uid, period=group.period) for uid in chunk],
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


# -- sending ------------------------------------------------------------------------------


@dataclass
class DeliveryOutcome:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    error: str = ""


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer: the server will refuse this message however often we ask."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and code >= 500


def deliver_reminders(*, reminder_ids: list[int], now: datetime | None = None) -> DeliveryOutcome:
    """Send each pending reminder among ``reminder_ids`` at most once, over one connection.

    A reminder the server refuses for good (5xx) is failed at once; on a transient failure
    (server down, 4xx) this one and those not yet tried are returned to retry, each with one
    more attempt and the error recorded.
    """
    now = now or timezone.now()
    outcome = DeliveryOutcome()
    pending = list(
        Reminder.objects.filter(pk__in=reminder_ids, status=ReminderStatus.PENDING)
        .select_related("user")
        .order_by("pk")
    )
    if not pending:
        return outcome
    views = current_views([r.user_id for r in pending])
    links = _StopLinks()
    connection = emails.mail_connection()
    try:
        for index, reminder in enumerate(pending):
            try:
                message = reminder_message(
                    reminder,
                    now=now,
                    view=views.get(reminder.user_id),
                    stop=links.url(reminder.user),
                )
                if message is None:
                    _finish(reminder.pk, ReminderStatus.FAILED, "No roadmap to remind about.")
                    outcome.failed.append(reminder.pk)
                    continue
                emails.send_once(
                    message,
                    connection=connection,
                    commit=lambda pk=reminder.pk: _mark_sent(pk),
                    revert=lambda pk=reminder.pk: _unmark_sent(pk),
                )
                outcome.sent.append(reminder.pk)
            except emails.SendAbandoned:
                continue
            except Exception as error:  # noqa: BLE001 - any failure is recorded on the row
                text = f"{type(error).__name__}: {error}"[:2000]
                if _is_permanent(error):
                    _finish(reminder.pk, ReminderStatus.FAILED, text, attempt=True)
                    outcome.failed.append(reminder.pk)
                    continue
                rest = [r.pk for r in pending[index:]]
                Reminder.objects.filter(pk__in=rest, status=ReminderStatus.PENDING).update(
                    attempts=F("attempts") + 1, last_error=text
                )
                outcome.retry, outcome.error = rest, text
                logger.warning("reminders: %s to retry after %s", len(rest), text)
                break
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a dead connection must not hide the result
            logger.debug("closing the mail connection failed", exc_info=True)
    return outcome


def give_up(*, reminder_ids: list[int]) -> int:
    """Record reminders still pending after the last retry as failed, keeping the last error."""
    return Reminder.objects.filter(pk__in=reminder_ids, status=ReminderStatus.PENDING).update(
        status=ReminderStatus.FAILED
    )


def _mark_sent(pk: int) -> bool:
    return bool(
        Reminder.objects.filter(pk=pk, status=ReminderStatus.PENDING).update(
            status=ReminderStatus.SENT,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            last_error="",
        )
    )


def _unmark_sent(pk: int) -> None:
    Reminder.objects.filter(pk=pk, status=ReminderStatus.SENT).update(
        status=ReminderStatus.PENDING, sent_at=None
    )


def _finish(pk: int, status: str, error: str, *, attempt: bool = False) -> None:
    values = {"status": status, "last_error": error}
    if attempt:
        values["attempts"] = F("attempts") + 1
    Reminder.objects.filter(pk=pk, status=ReminderStatus.PENDING).update(**values)


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
        self.template = emails.site_url("reminders-stop", token=self.PLACEHOLDER)

    def url(self, user: User) -> str:
        return self.template.replace(self.PLACEHOLDER, stop_token(user))


def current_views(user_ids: list[int]) -> dict[int, RoadmapView]:
    """Each learner's current roadmap as a RoadmapView, by user id: three queries a batch."""
    latest = current_roadmaps(user_ids)
    views = roadmap_views(list(latest.values()))
    return {user_id: views[roadmap.pk] for user_id, roadmap in latest.items()}


def verdict(state: str, weeks: float) -> str:
    weeks = round(weeks or 0, 1)
    if state == ProgressState.BEHIND:
        return f"{weeks:g} weeks behind schedule"
    if state == ProgressState.AHEAD:
        return f"{weeks:g} weeks ahead of schedule"
    return "on track"


def reminder_context(
    user: User, view: RoadmapView, *, local_day: date, stop: str | None = None
) -> dict:
    roadmap = view.roadmap
    week_start = local_day - timedelta(days=local_day.weekday())
    week_end = week_start + timedelta(days=6)
    open_items = [i for i in view.items if i.status not in FINISHED and not i.counts_done]
    # Today's verdict, from the items already loaded: no write, no curriculum graph.
    progress = engine.assess_progress(
        view.items,
        {i.key for i in view.items if i.status == ItemStatus.DONE},
        local_day,
        roadmap.start_date,
        roadmap.weekly_hours,
    )
    return {
        "user": user,
        "roadmap": roadmap,
        "view": view,
        "week_start": week_start,
        "week_end": week_end,
        "this_week": [
            i for i in open_items if i.start_date <= week_end and i.end_date >= local_day
        ],
        "overdue": [i for i in open_items if i.end_date < local_day],
        "stages": [
            {"title": s.title, "percent": round(s.progress * 100), "count": len(s.items)}
            for s in view.stages
        ],
        "overall_percent": round(view.progress * 100),
        "verdict": verdict(progress.state, progress.weeks),
        "on_track": progress.state != ProgressState.BEHIND,
        "roadmap_url": emails.site_url("roadmap"),
        "stop_url": stop or stop_url(user),
    }


def reminder_message(
    reminder: Reminder, *, now: datetime, view: RoadmapView | None = None, stop: str | None = None
):
    """The email for one reminder, or None when the learner has no roadmap any more."""
    user = reminder.user
    if view is None:
        roadmap = current_roadmap(user)
        if roadmap is None:
            return None
        view = roadmap_view(roadmap)
    local_day = _local_now(now, user.timezone).date()
    context = reminder_context(user, view, local_day=local_day, stop=stop)
    url = context["stop_url"]
    return emails.build_message(
        emails.render_email("reminder", context),
        to=user.email,
        headers={
            # A deterministic id lets mail systems recognise the same reminder.
            "Message-ID": f"<reminder-{reminder.pk}-{reminder.period}@waymark>",
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
