"""Mentor digests: a mentor's news (their mentees' review requests) batched into one email
per period instead of one email per event."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from planner import emails
from planner.models import (
    MentorDigest,
    Mentorship,
    MentorshipStatus,
    ReviewRequest,
    ReviewRequestStatus,
)


def period_of(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H")


def mentor_news(mentor: User) -> list[ReviewRequest]:
    """Open review requests of the mentor's mentees made since the mentor's last digest (or
    since they began following the learner), oldest first."""
    last = (
        MentorDigest.objects.filter(mentor=mentor, sent_at__isnull=False)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    news = []
    for mentorship in Mentorship.objects.filter(mentor=mentor, status=MentorshipStatus.ACTIVE):
        since = max(filter(None, [last, mentorship.accepted_at]), default=None)
        rows = ReviewRequest.objects.filter(
            learner_id=mentorship.learner_id, status=ReviewRequestStatus.OPEN
        ).select_related("learner")
        if since is not None:
            rows = rows.filter(created_at__gt=since)
        news.extend(rows)
    return sorted(news, key=lambda r: (r.created_at, r.pk))


def mentors_with_news() -> list[int]:
    learners = ReviewRequest.objects.filter(status=ReviewRequestStatus.OPEN).values("learner_id")
    return list(
        Mentorship.objects.filter(status=MentorshipStatus.ACTIVE, learner_id__in=learners)
        .values_list("mentor_id", flat=True)
        .distinct()
    )


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
                mentor=mentor, period=period, requests=len(news), sent_at=timezone.now()
            )
            emails.send_email(
                "mentor_digest",
                {
                    "mentor": mentor,
                    "requests": news,
                    "learners": sorted({r.learner.display_name for r in news}),
                    "queue_url": emails.site_url("planner:review-queue"),
                },
                to=mentor.email,
                key=f"mentor_digest:{mentor.pk}:{period}",
            )
    except IntegrityError:
        return False
    return True


def send_mentor_digests(*, now: datetime | None = None) -> int:
    """Every mentor with news gets their digest; returns how many were sent."""
    return sum(send_mentor_digest(mentor_id=m, now=now) for m in mentors_with_news())
