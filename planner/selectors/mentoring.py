"""Reads for the roadmap and mentor pages: evidence, reviews, verified levels, mentee lists.

Every queryset is filtered by the person asking (the learner, or the mentor through an
active mentorship), so what is not theirs is never loaded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from accounts.models import User
from planner.models import (
    REVIEW_UNDO_WINDOW,
    Evidence,
    ItemStatus,
    LearnerSkill,
    Mentorship,
    MentorshipStatus,
    Review,
    ReviewRequest,
    ReviewRequestStatus,
    Roadmap,
    RoadmapItem,
)
from planner.selectors.roadmaps import (
    VERIFIED_SOURCES,
    ItemView,
    RoadmapView,
    StageView,
    current_roadmaps,
    roadmap_view,
)


@dataclass
class VerifiedLevel:
    level: int
    source: str
    by: str = ""


@dataclass
class Annotations:
    """What the roadmap pages show around each item, keyed by item id or skill id."""

    evidence: dict[int, list[Evidence]] = field(default_factory=dict)
    reviews: dict[str, list[Review]] = field(default_factory=dict)
    verified: dict[str, VerifiedLevel] = field(default_factory=dict)
    levels: dict[str, int] = field(default_factory=dict)
    recent_reviews: list[Review] = field(default_factory=list)
    requests: dict[str, ReviewRequest] = field(default_factory=dict)


def annotations(roadmap: Roadmap) -> Annotations:
    """Evidence, mentor reviews and verified levels for one stored roadmap, in four queries."""
    result = Annotations()
    by_item: dict[int, list[Evidence]] = defaultdict(list)
    for evidence in Evidence.objects.filter(item__roadmap=roadmap).select_related("verified_by"):
        by_item[evidence.item_id].append(evidence)
    result.evidence = dict(by_item)

    reviews = list(
        Review.objects.filter(mentorship__learner_id=roadmap.user_id)
        .select_related("mentorship__mentor", "skill", "evidence")
        .order_by("-created_at", "-id")[:200]
    )
    by_key: dict[str, list[Review]] = defaultdict(list)
    for review in reviews:
        if review.item_key:
            by_key[review.item_key].append(review)
    result.reviews = dict(by_key)
    result.recent_reviews = reviews[:10]

    # The latest review request of each step (open, or answered).
    for request in (
        ReviewRequest.objects.filter(learner_id=roadmap.user_id)
        .exclude(status=ReviewRequestStatus.WITHDRAWN)
        .select_related("answered_by")
    ):
        result.requests[request.item_key] = request

    mentor_of_skill = {
        r.skill.slug: r.mentorship.mentor for r in reversed(reviews) if r.skill_id is not None
    }
    for row in LearnerSkill.objects.filter(user_id=roadmap.user_id).select_related("skill"):
        slug = row.skill.slug
        result.levels[slug] = row.level
        if row.source in VERIFIED_SOURCES:
            mentor = mentor_of_skill.get(slug)
            result.verified[slug] = VerifiedLevel(
                row.level, row.get_source_display(), mentor.display_name if mentor else ""
            )
    return result


@dataclass
class ItemCard:
    """One roadmap item as a page shows it, with everything around it."""

    item: ItemView
    evidence: list[Evidence]
    reviews: list[Review]
    verified: VerifiedLevel | None
    level: int
    review_request: ReviewRequest | None = None

    @property
    def id(self) -> int | None:
        return self.item.id

    @property
    def skipped_unverified(self) -> bool:
        return self.item.status == ItemStatus.SKIPPED and not self.item.counts_done


FINISHED_STATUSES = (ItemStatus.DONE, ItemStatus.SKIPPED)


@dataclass
class StageCards:
    stage: StageView
    cards: list[ItemCard]

    @property
    def open_cards(self) -> list[ItemCard]:
        """To do and in progress: what the stage shows unfolded."""
        return [c for c in self.cards if c.item.status not in FINISHED_STATUSES]

    @property
    def finished_cards(self) -> list[ItemCard]:
        """Done and skipped: folded away under the open ones."""
        return [c for c in self.cards if c.item.status in FINISHED_STATUSES]


@dataclass
class RoadmapPage:
    view: RoadmapView
    stages: list[StageCards]
    recent_reviews: list[Review]

    def card(self, item_id: int) -> ItemCard:
        return next(c for s in self.stages for c in s.cards if c.id == item_id)

    def stage_of(self, item_id: int) -> StageCards:
        return next(s for s in self.stages if any(c.id == item_id for c in s.cards))

    @property
    def cards(self) -> list[ItemCard]:
        return [card for stage in self.stages for card in stage.cards]

    def filtered(self, *, statuses=(), kinds=()) -> RoadmapPage:
        """The same page showing only items of these statuses and kinds (all when empty)."""
        stages = [
            StageCards(
                s.stage,
                [
                    c
                    for c in s.cards
                    if (not statuses or c.item.status in statuses)
                    and (not kinds or c.item.kind in kinds)
                ],
            )
            for s in self.stages
        ]
        return RoadmapPage(view=self.view, stages=stages, recent_reviews=self.recent_reviews)

    def this_week(self, ready_keys=(), next_count: int = 3) -> dict:
        """What to work on now: steps in progress, the next ones to start, and the other
        steps whose prerequisites are met today (never skipped or done ones)."""
        cards = self.cards
        in_progress = [c for c in cards if c.item.status == ItemStatus.IN_PROGRESS]
        todo = sorted(
            (c for c in cards if c.item.status == ItemStatus.TODO),
            key=lambda c: (c.item.start_week, c.item.id or 0),
        )
        next_up = todo[:next_count]
        taken = {c.item.key for c in in_progress + next_up}
        by_key = {c.item.key: c for c in todo}
        ready = [by_key[k] for k in ready_keys if k in by_key and k not in taken]
        return {"in_progress": in_progress, "next_up": next_up, "ready": ready}


def roadmap_page(roadmap: Roadmap) -> RoadmapPage:
    """A stored roadmap with its evidence, reviews and verified levels, item by item."""
    view = roadmap_view(roadmap)
    ann = annotations(roadmap)
    stages = [
        StageCards(
            stage,
            [
                ItemCard(
                    item=item,
                    evidence=ann.evidence.get(item.id, []),
                    reviews=ann.reviews.get(item.key, []),
                    verified=ann.verified.get(item.skill) if item.skill else None,
                    level=ann.levels.get(item.skill, 0) if item.skill else 0,
                    review_request=ann.requests.get(item.key),
                )
                for item in stage.items
            ],
        )
        for stage in view.stages
    ]
    return RoadmapPage(view=view, stages=stages, recent_reviews=ann.recent_reviews)


def learner_mentorships(user: User):
    """The learner's open and past mentorships, newest first."""
    return (
        Mentorship.objects.filter(learner=user)
        .select_related("mentor")
        .order_by("status", "-created_at")
    )


@dataclass
class MenteeRow:
    mentorship: Mentorship
    learner: User
    roadmap: Roadmap | None
    view: RoadmapView | None
    last_activity_at: datetime | None
    pending_evidence: int

    @property
    def progress(self) -> float:
        return self.view.progress if self.view else 0.0


def mentee_rows(mentor: User) -> list[MenteeRow]:
    """The mentor's active mentees with progress, the stored on-track verdict, last activity
    and how much evidence waits for verification.

    Reads only: the verdict is as fresh as the last reassessment (nightly, and after each
    change of the learner's progress, goal, hours or levels).
    """
    mentorships = list(
        Mentorship.objects.filter(mentor=mentor, status=MentorshipStatus.ACTIVE)
        .select_related("learner", "learner__learner")
        .order_by("learner__name", "learner__email")
    )
    rows = []
    for mentorship in mentorships:
        learner = mentorship.learner
        roadmap = Roadmap.objects.current(learner)
        pending = 0
        if roadmap is not None:
            pending = Evidence.objects.filter(
                item__roadmap=roadmap, verified_at__isnull=True
            ).count()
        profile = getattr(learner, "learner", None)
        rows.append(
            MenteeRow(
                mentorship=mentorship,
                learner=learner,
                roadmap=roadmap,
                view=roadmap_view(roadmap) if roadmap else None,
                last_activity_at=profile.last_activity_at if profile else None,
                pending_evidence=pending,
            )
        )
    return rows


@dataclass
class QueueEntry:
    request: ReviewRequest
    item: RoadmapItem | None
    evidence: list[Evidence]
    can_undo: bool = False


def review_queue(mentor: User) -> tuple[list[QueueEntry], list[QueueEntry]]:
    """(open requests of every active mentee, oldest first; this mentor's answers of the
    last hours, newest first, each saying whether it can still be undone)."""
    learners = Mentorship.objects.filter(mentor=mentor, status=MentorshipStatus.ACTIVE).values(
        "learner_id"
    )
    waiting = list(
        ReviewRequest.objects.filter(learner_id__in=learners, status=ReviewRequestStatus.OPEN)
        .select_related("learner", "answered_by")
        .order_by("created_at", "id")
    )
    since = timezone.now() - REVIEW_UNDO_WINDOW * 12
    answered = list(
        ReviewRequest.objects.filter(
            learner_id__in=learners, answered_by=mentor, answered_at__gte=since
        )
        .select_related("learner", "answered_by")
        .order_by("-answered_at")
    )
    entries = request_entries(waiting + answered)
    return entries[: len(waiting)], entries[len(waiting) :]


def request_entries(requests: list[ReviewRequest]) -> list[QueueEntry]:
    """Each request with the step it names in the learner's current plan (None when the step
    left it) and that step's evidence; in a fixed number of queries."""
    keys = {(r.learner_id, r.item_key) for r in requests}
    current = current_roadmaps({learner_id for learner_id, _ in keys})
    items = {
        (item.roadmap.user_id, item.key): item
        for item in RoadmapItem.objects.filter(
            roadmap__in=[r.pk for r in current.values()],
            key__in={key for _, key in keys},
        ).select_related("roadmap", "skill", "project")
    }
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for row in Evidence.objects.filter(item__in=[i.pk for i in items.values()]):
        evidence[row.item_id].append(row)

    def entry(request: ReviewRequest) -> QueueEntry:
        item = items.get((request.learner_id, request.item_key))
        return QueueEntry(
            request, item, evidence.get(item.pk, []) if item else [], request.can_undo()
        )

    return [entry(r) for r in requests]


def learner_review_requests(learner: User) -> list[QueueEntry]:
    """The learner's own review requests, newest first, withdrawn ones left out."""
    requests = list(
        ReviewRequest.objects.filter(learner=learner)
        .exclude(status=ReviewRequestStatus.WITHDRAWN)
        .select_related("learner", "answered_by")
        .order_by("-created_at", "-id")
    )
    return request_entries(requests)
