"""Reassessing plans in the background, and telling learners and mentors what came of it.

The decision whether a plan needs a new version is the planner's (:func:`reassess`); this
module decides *which* plans to look at and who hears about the result. One addition: when
only the curriculum moved and the learner's plan comes out the same under the new one, the
plan is stamped with the new revision instead of being versioned again, so a curriculum
change makes new versions for the plans it affects and no others.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from accounts.models import User
from planner import emails, engine
from planner.models import (
    FINISHED,
    FellBehind,
    Mentorship,
    MentorshipStatus,
    ProgressState,
    Roadmap,
)
from planner.selectors.roadmaps import diff_dates
from planner.services.learners import current_levels, ensure_profile
from planner.services.reminders import verdict
from planner.services.roadmaps import ReassessResult, change_reason, reassess
from planner.snapshot import curriculum_graph, curriculum_graph_for

logger = logging.getLogger(__name__)

BATCH_SIZE = 100


def _chunks(ids: list[int], size: int = BATCH_SIZE) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _active_learners():
    return User.objects.filter(
        is_active=True,
        learner__target_role__isnull=False,
    ).filter(Exists(Roadmap.objects.filter(user_id=OuterRef("pk"))))


def active_plan_batches(batch_size: int = BATCH_SIZE) -> Iterator[list[int]]:
    """Ids of every active learner with a plan, in batches."""
    ids = list(_active_learners().order_by("pk").values_list("pk", flat=True))
    yield from _chunks(ids, batch_size)


def plans_older_than(revision: int, batch_size: int = BATCH_SIZE) -> Iterator[list[int]]:
    """Ids of the learners whose current plan was built from a revision before ``revision``."""
    latest = Roadmap.objects.versions(OuterRef("pk")).values("curriculum_revision")[:1]
    ids = list(
        _active_learners()
        .annotate(plan_revision=Subquery(latest))
        .filter(plan_revision__lt=revision)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    yield from _chunks(ids, batch_size)


def confirm_plan_unaffected(*, user: User, roadmap: Roadmap, today: date) -> bool:
    """When only the curriculum moved and the plan is the same under the new one, stamp the
    plan with the new revision and say so; otherwise leave it for :func:`reassess`."""
    graph = curriculum_graph()
    if roadmap.curriculum_revision == graph.revision:
        return False
    profile = ensure_profile(user)
    items = list(roadmap.items.select_related("skill"))
    if profile.target_role is None or change_reason(
        roadmap, profile, items, roadmap.curriculum_revision
    ):
        return False
    journey_start = profile.start_date or roadmap.start_date
    try:
        levels = current_levels(user)
        plan = engine.build_plan(
            curriculum_graph_for(levels),
            profile.target_role.slug,
            engine.LearnerState(
                levels=levels,
                weekly_hours=float(profile.weekly_hours),
                start_date=max(today, journey_start),
                target_date=profile.target_date,
                include_nice_to_have=profile.include_nice_to_have,
            ),
        )
    except (engine.UnknownRoleError, engine.InvalidLearnerState):
        return False
    planned = {(i.key, round(i.hours, 2)) for i in plan.items}
    current = {(i.key, round(i.hours, 2)) for i in items if i.status not in FINISHED}
    if planned != current:
        return False
    Roadmap.objects.filter(pk=roadmap.pk, curriculum_revision=roadmap.curriculum_revision).update(
        curriculum_revision=graph.revision
    )
    return True


@dataclass(frozen=True)
class Outcome:
    """What one learner's reassessment calls for: the emails the caller is to enqueue."""

    result: ReassessResult
    was_behind: bool

    @property
    def notify_learner(self) -> bool:
        """A new version: the learner hears what changed."""
        return bool(self.result.new_version and self.result.roadmap is not None)

    @property
    def notify_mentor(self) -> bool:
        """The learner turned behind schedule (not: stays behind): the mentors hear once, in
        their next digest."""
        return self.result.state == ProgressState.BEHIND and not self.was_behind


def reassess_learner(*, user_id: int, today: date | None = None) -> Outcome | None:
    """Reassess one learner's plan; the outcome says which emails it calls for.

    The learner hears of a new version; when the learner turns behind schedule (once, not
    every day they stay behind) it is recorded for their mentors' next digest.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    previous = Roadmap.objects.current(user)
    if previous is None:
        return None
    today = today or timezone.localdate()
    confirm_plan_unaffected(user=user, roadmap=previous, today=today)
    try:
        # The verdict and the mentors' news of it: both or neither.
        with transaction.atomic():
            result = reassess(user=user, today=today)
            outcome = Outcome(result, was_behind=previous.state == ProgressState.BEHIND)
            if outcome.notify_mentor and result.roadmap is not None:
                record_fell_behind(roadmap_id=result.roadmap.pk)
    except ValidationError as error:
        logger.info("reassessment of learner %s skipped: %s", user_id, error)
        return None
    return outcome


def reassess_learners(*, user_ids: list[int], today: date | None = None) -> list[Outcome]:
    """Reassess each learner; one learner's failure is logged and does not stop the rest.

    Returns the outcome of each learner reassessed.
    """
    outcomes = []
    for user_id in user_ids:
        try:
            outcome = reassess_learner(user_id=user_id, today=today)
        except Exception:  # noqa: BLE001 - the batch goes on; the next run tries again
            logger.exception("reassessment of learner %s failed", user_id)
            continue
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


# -- emails -------------------------------------------------------------------------------


def _roadmap_url() -> str:
    return emails.site_url("planner:roadmap")


def _verdict(roadmap: Roadmap) -> str:
    return verdict(roadmap.state, roadmap.state_weeks)


def notify_roadmap_changed(*, roadmap_id: int) -> None:
    """Email the learner what changed in their new plan version and why."""
    roadmap = Roadmap.objects.select_related("user", "role").filter(pk=roadmap_id).first()
    if roadmap is None:
        return
    diff = roadmap.diff or {}
    context = {
        "user": roadmap.user,
        "roadmap": roadmap,
        "reason": roadmap.reason,
        "added": diff.get("added", []),
        "removed": diff.get("removed", []),
        **diff_dates(diff),
        "verdict": _verdict(roadmap),
        "roadmap_url": _roadmap_url(),
    }
    emails.send_email(
        "roadmap_changed", context, to=roadmap.user.email, key=f"roadmap_changed:{roadmap.pk}"
    )


def record_fell_behind(*, roadmap_id: int) -> FellBehind | None:
    """The learner of this plan turned behind schedule: news for their active mentors' next
    digest (one email an hour at most), not an email of its own. Nothing without a mentor."""
    roadmap = Roadmap.objects.filter(pk=roadmap_id).first()
    if roadmap is None or roadmap.state != ProgressState.BEHIND:
        return None
    if not Mentorship.objects.filter(
        learner_id=roadmap.user_id, status=MentorshipStatus.ACTIVE, mentor__isnull=False
    ).exists():
        return None
    return FellBehind.objects.create(
        learner_id=roadmap.user_id, roadmap=roadmap, weeks=roadmap.state_weeks or 0.0
    )
