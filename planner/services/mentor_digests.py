"""Mentor digests: a mentor's news (their mentees' review requests, and who of them fell
behind schedule and by how much) batched into one email per hour instead of one per event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from planner import emails
from planner.models import (
    FellBehind,
    MentorDigest,
    Mentorship,
    MentorshipStatus,
    ProgressState,
    ReviewRequest,
    ReviewRequestStatus,
)
from planner.services.reminders import verdict
from planner.services.roadmaps import REASON_BEHIND

# News of falling behind older than this is not looked for: a digest run every hour has long
# passed it on (bounds the scan of mentors with news).
FELL_BEHIND_HORIZON = timedelta(days=7)


def period_of(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H")


@dataclass(frozen=True)
class MentorNews:
    """What happened since the mentor's last digest, oldest first."""

    requests: list[ReviewRequest] = field(default_factory=list)
    fell_behind: list[FellBehind] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.requests or self.fell_behind)


def mentor_news(mentor: User) -> MentorNews:
    """Open review requests of the mentor's mentees and the times one of them fell behind
    schedule, made since the mentor's last digest (or since they began following the
    learner), oldest first."""
    last = (
        MentorDigest.objects.filter(mentor=mentor, sent_at__isnull=False)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    requests: list[ReviewRequest] = []
    behind: list[FellBehind] = []
    for mentorship in Mentorship.objects.filter(mentor=mentor, status=MentorshipStatus.ACTIVE):
        since = max(filter(None, [last, mentorship.accepted_at]), default=None)
        rows = ReviewRequest.objects.filter(
            learner_id=mentorship.learner_id, status=ReviewRequestStatus.OPEN
        ).select_related("learner")
        events = FellBehind.objects.filter(learner_id=mentorship.learner_id).select_related(
            "learner", "roadmap", "roadmap__role"
        )
        if since is not None:
            rows = rows.filter(created_at__gt=since)
            events = events.filter(created_at__gt=since)
        requests.extend(rows)
        behind.extend(events)
    return MentorNews(
        requests=sorted(requests, key=lambda r: (r.created_at, r.pk)),
        fell_behind=sorted(behind, key=lambda e: (e.created_at, e.pk)),
    )


def mentors_with_news(now: datetime | None = None) -> list[int]:
    """Mentors who may have news: of a learner with an open review request or one who fell
    behind lately (:func:`mentor_news` says what is new for each)."""
    now = now or timezone.now()
    asking = ReviewRequest.objects.filter(status=ReviewRequestStatus.OPEN).values("learner_id")
    behind = FellBehind.objects.filter(created_at__gte=now - FELL_BEHIND_HORIZON).values(
        "learner_id"
    )
    return list(
        Mentorship.objects.filter(status=MentorshipStatus.ACTIVE, mentor__isnull=False)
        .filter(Q(learner_id__in=asking) | Q(learner_id__in=behind))
        .values_list("mentor_id", flat=True)
        .distinct()
    )


def _names(rows) -> list[str]:
    return sorted({row.learner.display_name for row in rows})


def _behind_lines(events: list[FellBehind]) -> list[dict]:
    """Who fell behind, by how much, and whether their plan was rebuilt for it."""
    lines = []
    for event in events:
        roadmap = event.roadmap
        lines.append(
            {
                "name": event.learner.display_name,
                "verdict": verdict(ProgressState.BEHIND, event.weeks),
                "role": roadmap.role.name if roadmap else "",
                "new_version": roadmap.version
                if roadmap and roadmap.reason == REASON_BEHIND
                else None,
                "url": emails.site_url("planner:mentee", event.learner_id),
            }
        )
    return lines


def send_mentor_digest(*, mentor_id: int, now: datetime | None = None) -> bool:
    """Send the mentor one email with their news, at most once per period; False when there
    was nothing new or this period's digest was already claimed."""
    now = now or timezone.now()
    mentor = User.objects.filter(pk=mentor_id, is_active=True).first()
    if mentor is None:
        return False
    news = mentor_news(mentor)
    if not news:
        return False
    period = period_of(now)
    try:
        # The digest row is the claim and the outbox row the email: both or neither.
        with transaction.atomic():
            MentorDigest.objects.create(
                mentor=mentor,
                period=period,
                requests=len(news.requests),
                fell_behind=len(news.fell_behind),
                sent_at=timezone.now(),
            )
            emails.send_email(
                "mentor_digest",
                {
                    "mentor": mentor,
                    "requests": news.requests,
                    "learners": _names(news.requests),
                    "fell_behind": _behind_lines(news.fell_behind),
                    "behind_learners": _names(news.fell_behind),
                    "queue_url": emails.site_url("planner:review-queue"),
                    "mentees_url": emails.site_url("planner:mentees"),
                },
                to=mentor.email,
                key=f"mentor_digest:{mentor.pk}:{period}",
            )
    except IntegrityError:
        return False
    return True


def send_mentor_digests(*, now: datetime | None = None) -> int:
    """Every mentor with news gets their digest; returns how many were sent."""
    return sum(send_mentor_digest(mentor_id=m, now=now) for m in mentors_with_news(now))
