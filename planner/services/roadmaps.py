"""Building, updating and reassessing a learner's roadmap versions."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from planner import engine
from planner.engine import MAX_WEEKLY_HOURS, MIN_WEEKLY_HOURS
from planner.models import (
    FINISHED,
    Evidence,
    ItemKind,
    ItemStatus,
    LearnerProfile,
    LearnerResource,
    LearnerSkill,
    LevelSource,
    ProgressState,
    Roadmap,
    RoadmapItem,
    item_label,
)
from planner.services.changes import mark_changed
from planner.services.learners import (
    announce_change,
    current_levels,
    ensure_profile,
    plan_date_errors,
    set_skill_levels,
    touch_activity,
)
from planner.services.steps import current_step
from planner.snapshot import curriculum_graph, curriculum_graph_for, curriculum_snapshot

logger = logging.getLogger(__name__)


REASON_FIRST = "first plan"
REASON_REQUESTED = "rebuilt on request"
REASON_GOAL = "goal changed"
REASON_HOURS = "weekly hours changed"
REASON_TARGET_DATE = "target date changed"
REASON_LEVELS = "skill levels changed"
REASON_MENTOR = "a mentor verified a level"
REASON_CURRICULUM = "curriculum changed"
REASON_BEHIND = "behind schedule"
BEHIND_THRESHOLD_WEEKS = 2.0
# A step whose start moves by less than this is not worth telling anyone about.
MOVE_WORTH_TELLING_WEEKS = 1.0

# Which profile fields make which part of a reason, in the order a reason names them.
_CHANGE_WORDS = (
    ("goal", {"target_role", "include_nice_to_have"}),
    ("weekly hours", {"weekly_hours", "start_date"}),
    ("target date", {"target_date"}),
)


# A step kept from the old version (done, or under way) carries these over as they were.
KEPT_ITEM_FIELDS = (
    "key", "kind", "skill_id", "from_level", "to_level", "project_id", "priority", "hours",
    "start_week", "end_week", "start_date", "end_date", "stage", "status", "status_changed_at",
    "note",
)  # fmt: skip


def profile_change_reason(changed_fields) -> str:
    """The reason of a version made because these profile fields changed: "goal changed",
    "weekly hours and target date changed", …"""
    changed = set(changed_fields)
    words = [word for word, fields in _CHANGE_WORDS if fields & changed]
    if not words:
        return REASON_REQUESTED
    if len(words) == 1:
        return f"{words[0]} changed"
    return f"{', '.join(words[:-1])} and {words[-1]} changed"


# Done or skipped steps of an earlier version stay in the new one as history.


def _learner_state(profile: LearnerProfile, levels: Mapping[str, int], start: date):
    try:
        return engine.LearnerState(
            levels=dict(levels),
            weekly_hours=float(profile.weekly_hours),
            start_date=start,
            target_date=profile.target_date,
            include_nice_to_have=profile.include_nice_to_have,
        )
    except engine.InvalidLearnerState as error:
        raise ValidationError({"weekly_hours": str(error)}) from error


@transaction.atomic
def build_roadmap(
    *, user: User, reason: str = REASON_REQUESTED, today: date | None = None
) -> Roadmap:
    """Plan the learner's target role from today's levels and store it as a new version.

    Weeks count from the start of the learner's journey (the first version's start), so the
    0–6 month stage stays their first six months; steps finished in earlier versions are kept
    in place, and a step that stays in the plan keeps its status, note and evidence.
    """
    profile = (
        LearnerProfile.objects.select_for_update(of=("self",))
        .select_related("target_role")
        .get(pk=ensure_profile(user).pk)
    )
    if profile.target_role is None:
        raise ValidationError({"target_role": "Choose a target role first."})
    today = today or timezone.localdate()
    previous = Roadmap.objects.versions(user).select_related("role").first()
    previous_items = list(previous.items.select_related("skill", "project")) if previous else []

    journey_start = profile.start_date or (previous.start_date if previous else today)
    plan_start = max(today, journey_start)
    levels = current_levels(user)
    snapshot = curriculum_snapshot()
    graph = curriculum_graph_for(levels, snapshot)
    try:
        plan = engine.build_plan(
            graph, profile.target_role.slug, _learner_state(profile, levels, plan_start)
        )
    except engine.UnknownRoleError as error:
        raise ValidationError({"target_role": str(error)}) from error
    except (engine.PlanningError, OverflowError) as error:
        # Inputs stored before they were bounded (a start in the year 9999): the learner
        # is told, and can fix them, rather than meeting a server error.
        raise ValidationError(
            {"start_date": f"This plan cannot be made from the saved dates: {error}"}
        ) from error
    offset = (plan_start - journey_start).days / 7

    planned_keys = {item.key for item in plan.items}
    by_key = {item.key: item for item in previous_items}
    kept = [i for i in previous_items if i.status in FINISHED and i.key not in planned_keys]

    roadmap = Roadmap.objects.create(
        user=user,
        version=(previous.version + 1) if previous else 1,
        role=profile.target_role,
        reason=reason,
        curriculum_revision=graph.revision,
        weekly_hours=profile.weekly_hours,
        include_nice_to_have=profile.include_nice_to_have,
        start_date=journey_start,
        finish_date=plan.finish_date,
        target_date=profile.target_date,
        target_reachable=plan.target.reachable if plan.target else None,
        weekly_hours_needed=plan.target.weekly_hours_needed if plan.target else None,
        target_advice=_target_advice(plan.target),
        milestones=[
            {
                "key": m.key,
                "title": m.title,
                "week": round(offset + m.week, 2),
                "date": m.date.isoformat(),
            }
            for m in plan.milestones
        ],
        total_hours=plan.total_hours,
        weeks=round(offset + plan.weeks, 2),
        message=plan.message,
        levels=levels,
        assessed_at=timezone.now(),
    )
    rows = [
        RoadmapItem(
            roadmap=roadmap,
            reasons=_kept_reasons(old, previous, profile, graph),
            **{name: getattr(old, name) for name in KEPT_ITEM_FIELDS},
        )
        for old in sorted(kept, key=lambda i: (i.start_week, i.position))
    ]
    skill_ids, project_ids = snapshot.skill_ids, snapshot.project_ids
    for item in plan.items:
        start_week = round(offset + item.start_week, 2)
        old = by_key.get(item.key)
        rows.append(
            RoadmapItem(
                roadmap=roadmap,
                key=item.key,
                kind=item.kind,
                skill_id=skill_ids.get(item.skill),
                from_level=item.from_level,
                to_level=item.to_level,
                project_id=project_ids.get(item.project),
                priority=item.priority or "",
                hours=item.hours,
                start_week=start_week,
                end_week=round(offset + item.end_week, 2),
                start_date=item.start_date,
                end_date=item.end_date,
                stage=engine.stage_key(start_week),
                reasons=list(item.reasons),
                status=old.status if old else ItemStatus.TODO,
                status_changed_at=old.status_changed_at if old else None,
                note=old.note if old else "",
            )
        )
    for position, row in enumerate(rows):
        row.position = position
    RoadmapItem.objects.bulk_create(rows)
    _carry_evidence(previous_items, rows)
    _carry_own_resources(previous_items, rows)

    if previous is not None:
        roadmap.diff = _diff(previous, previous_items, roadmap, rows, plan)
        roadmap.save(update_fields=["diff"])
    return roadmap


def _kept_reasons(old: RoadmapItem, previous: Roadmap, profile: LearnerProfile, graph) -> list:
    """A finished step kept from an earlier version, explained for the role aimed at now."""
    role = profile.target_role
    if previous.role_id == role.pk:
        return old.reasons
    finished = "Done" if old.status == ItemStatus.DONE else "Skipped"
    if old.kind == ItemKind.PROJECT:
        return [f"{finished} while aiming at {previous.role.name}: practice that still counts"]
    try:
        needed = engine.role_profile(graph, role.slug, profile.include_nice_to_have)
    except engine.PlanningError:
        needed = {}
    if needed.get(old.skill.slug, 0) >= old.to_level:
        return [f"Part of what {role.name} needs: {old.skill.name} level {old.to_level}"]
    return [f"{finished} while aiming at {previous.role.name}; {role.name} does not need it"]


def _target_advice(target: engine.TargetVerdict | None) -> dict:
    if target is None or target.reachable:
        return {}
    return {
        "weeks_short": target.weeks_short,
        "earliest_date": target.earliest_date.isoformat() if target.earliest_date else None,
        "fits": target.fits,
        "advice": target.advice,
    }


def _carry_evidence(previous_items: list[RoadmapItem], rows: list[RoadmapItem]) -> None:
    if not previous_items:
        return
    new_by_key = {row.key: row for row in rows}
    old_by_pk = {item.pk: item for item in previous_items}
    copies = [
        Evidence(
            item=new_by_key[old_by_pk[e.item_id].key],
            url=e.url,
            note=e.note,
            verified_by_id=e.verified_by_id,
            verified_at=e.verified_at,
        )
        for e in Evidence.objects.filter(item__in=previous_items).order_by("pk")
        if old_by_pk[e.item_id].key in new_by_key
    ]
    Evidence.objects.bulk_create(copies)


def _carry_own_resources(previous_items: list[RoadmapItem], rows: list[RoadmapItem]) -> None:
    """The learner's own resources stay with a step that stays in the plan."""
    if not previous_items:
        return
    new_by_key = {row.key: row for row in rows}
    old_by_pk = {item.pk: item for item in previous_items}
    LearnerResource.objects.bulk_create(
        LearnerResource(item=new_by_key[old_by_pk[r.item_id].key], title=r.title, url=r.url)
        for r in LearnerResource.objects.filter(item__in=previous_items).order_by("pk")
        if old_by_pk[r.item_id].key in new_by_key
    )


def _milestone_date(plan, key: str) -> str | None:
    """A milestone's date from a plan that has milestones (job-ready, proficient)."""
    for milestone in getattr(plan, "milestones", None) or ():
        if getattr(milestone, "key", None) == key and getattr(milestone, "date", None):
            return milestone.date.isoformat()
    return None


def _diff(
    previous: Roadmap, previous_items: list[RoadmapItem], roadmap: Roadmap, rows, plan
) -> dict:
    """What changed, what matters first: the finish (and job-ready) date before and after and
    the inputs that moved it; then steps added and removed; then steps whose start moved by
    more than a week, in dates."""
    labels = {
        i.key: item_label(i.kind, i.project_name or i.skill_name, i.from_level, i.to_level)
        for i in plan.items
    }
    labels.update(
        {
            row.key: item_label(
                row.kind,
                row.project.name if row.project_id else row.skill.name,
                row.from_level,
                row.to_level,
            )
            for row in previous_items
        }
    )
    result = engine.diff_plans(previous_items, rows)
    old_dates = {i.key: i.start_date for i in previous_items}
    new_dates = {r.key: r.start_date for r in rows}
    moved = [
        (k, old, new) for k, old, new in result.moved if abs(new - old) >= MOVE_WORTH_TELLING_WEEKS
    ]
    inputs = {}
    if previous.weekly_hours != roadmap.weekly_hours:
        inputs["weekly_hours"] = {"from": previous.weekly_hours, "to": roadmap.weekly_hours}
    if previous.target_date != roadmap.target_date:
        inputs["target_date"] = {
            "from": previous.target_date.isoformat() if previous.target_date else None,
            "to": roadmap.target_date.isoformat() if roadmap.target_date else None,
        }
    if previous.role_id != roadmap.role_id:
        inputs["role"] = {"from": previous.role.name, "to": roadmap.role.name}
    diff = {
        "finish": {
            "from": previous.finish_date.isoformat(),
            "to": roadmap.finish_date.isoformat(),
        },
        "inputs": inputs,
        "added": [{"key": k, "label": labels[k]} for k in result.added],
        "removed": [{"key": k, "label": labels[k]} for k in result.removed],
        "moved": [
            {
                "key": k,
                "label": labels[k],
                "from_week": old,
                "to_week": new,
                "from_date": old_dates[k].isoformat(),
                "to_date": new_dates[k].isoformat(),
            }
            for k, old, new in moved
        ],
        "shifted_slightly": len(result.moved) - len(moved),
    }
    job_ready = _milestone_date(plan, "job-ready")
    if job_ready:
        before = (previous.diff or {}).get("job_ready", {}).get("to")
        diff["job_ready"] = {"from": before, "to": job_ready}
    return diff


@transaction.atomic
def update_item(
    *,
    user: User,
    item_id: int,
    status: str | None = None,
    note: str | None = None,
) -> RoadmapItem:
    """Change an item of the learner's current roadmap.

    ``item_id`` may be an item of an older version (a page opened before a replan): the
    change then applies to the same step in the current version (``current_step``). Marking
    a skill step done raises the learner's level to the step's level (never lowers it); a
    skipped step raises nothing: it counts as done only once the level is verified. The
    returned item's ``unmet_prerequisites`` names what the learner has not reached yet before
    a step they just marked done (empty otherwise). A change of status has the plan
    reassessed in the background (its verdict refreshed).
    """
    item = current_step(user_id=user.pk, item_id=item_id, lock=True)
    fields = []
    if status is not None and status != item.status:
        if status not in ItemStatus.values:
            raise ValidationError(
                {"status": f"'{status}' is not one of {', '.join(ItemStatus.values)}."}
            )
        item.status = status
        item.status_changed_at = timezone.now()
        fields += ["status", "status_changed_at"]
    if note is not None and note != item.note:
        item.note = note
        fields.append("note")
    if fields:
        # Only what changed is judged: a project item has no levels to validate.
        item.full_clean(exclude=[f.name for f in item._meta.fields if f.name not in fields])
        item.save(update_fields=fields)
        mark_changed(roadmap_ids=[item.roadmap_id])
    item.unmet_prerequisites = []
    if "status" in fields and status == ItemStatus.DONE and item.kind == ItemKind.SKILL:
        levels = current_levels(user)
        # A warning, not a block: people learn out of order, but should know they did.
        item.unmet_prerequisites = [
            f"{step.skill_name} level {step.to_level}"
            for step in engine.unmet_prerequisites(
                curriculum_graph(), item.skill.slug, item.to_level, levels
            )
        ]
        if levels.get(item.skill.slug, 0) < item.to_level:
            # Progress along the plan is expected: no reassessment needed for it.
            set_skill_levels(
                user=user,
                levels={item.skill.slug: item.to_level},
                source=LevelSource.SELF,
                announce=False,
            )
    if "status" in fields:
        # The on-track verdict follows progress: reassessed in the background, not on a read.
        announce_change(user.pk, ("progress",))
    touch_activity(user)
    return item


@dataclass(frozen=True)
class ReassessResult:
    roadmap: Roadmap | None
    state: str
    weeks: float
    new_version: bool
    reason: str = ""


def expected_levels(roadmap: Roadmap, items: list[RoadmapItem]) -> dict[str, int]:
    """The levels the learner should have now if only the plan's progress changed them."""
    levels = dict(roadmap.levels)
    for item in items:
        if item.kind == ItemKind.SKILL and item.status == ItemStatus.DONE:
            levels[item.skill.slug] = max(levels.get(item.skill.slug, 0), item.to_level)
    return levels


def change_reason(
    roadmap: Roadmap, profile: LearnerProfile, items: list[RoadmapItem], revision: int
) -> str:
    """Why the plan no longer fits the learner (each kind of change its own words), or ""."""
    changed = []
    if profile.target_role_id != roadmap.role_id:
        changed.append("target_role")
    if profile.include_nice_to_have != roadmap.include_nice_to_have:
        changed.append("include_nice_to_have")
    if profile.target_date != roadmap.target_date:
        changed.append("target_date")
    if profile.weekly_hours != roadmap.weekly_hours:
        changed.append("weekly_hours")
    if profile.start_date and profile.start_date != roadmap.start_date:
        changed.append("start_date")
    if changed:
        return profile_change_reason(changed)
    if revision != roadmap.curriculum_revision:
        return REASON_CURRICULUM
    rows = LearnerSkill.objects.filter(user=roadmap.user).values_list(
        "skill__slug", "level", "source"
    )
    current = {slug: (level, source) for slug, level, source in rows if level > 0}
    expected = expected_levels(roadmap, items)
    moved = {s for s, lv in expected.items() if current.get(s, (0, ""))[0] < lv} | {
        s for s, (lv, _) in current.items() if lv > expected.get(s, 0)
    }
    if not moved:
        return ""
    if all(current.get(s, (0, ""))[1] == LevelSource.MENTOR for s in moved):
        return REASON_MENTOR
    return REASON_LEVELS


@transaction.atomic
def reassess(
    *, user: User, today: date | None = None, threshold_weeks: float = BEHIND_THRESHOLD_WEEKS
) -> ReassessResult:
    """On track, behind or ahead; a new version only when the plan no longer fits.

    A new version is made when the goal, hours, levels or curriculum changed, or the learner
    is behind by more than ``threshold_weeks``; otherwise the plan stays and only its verdict
    is recorded, so plans do not churn.
    """
    today = today or timezone.localdate()
    profile = ensure_profile(user)
    roadmap = Roadmap.objects.select_related("user").current(user)
    if roadmap is None:
        return ReassessResult(None, ProgressState.ON_TRACK, 0.0, False)
    items = list(roadmap.items.select_related("skill"))
    reason = change_reason(roadmap, profile, items, curriculum_graph().revision)
    progress = assess(roadmap, items, today)
    if not reason and progress.state == ProgressState.BEHIND and progress.weeks > threshold_weeks:
        reason = REASON_BEHIND
    if reason:
        new = build_roadmap(user=user, reason=reason, today=today)
        if reason == REASON_BEHIND:
            # The verdict that caused the new plan stays visible on it.
            new.state, new.state_weeks = progress.state, progress.weeks
            new.changed_at, new.rendered_gzip = timezone.now(), None
            new.save(update_fields=["state", "state_weeks", "changed_at", "rendered_gzip"])
        return ReassessResult(new, progress.state, progress.weeks, True, reason)
    roadmap.state, roadmap.state_weeks = progress.state, progress.weeks
    roadmap.assessed_at = roadmap.changed_at = timezone.now()
    roadmap.rendered_gzip = None
    roadmap.save(
        update_fields=["state", "state_weeks", "assessed_at", "changed_at", "rendered_gzip"]
    )
    return ReassessResult(roadmap, progress.state, progress.weeks, False)


# In a plan's first week, being "ahead" is one afternoon's work, not a trend worth a badge
# (and it sat oddly beside "target not reachable" on the first day).
AHEAD_AFTER_DAYS = 7


def assess(roadmap: Roadmap, items: list[RoadmapItem], today: date) -> engine.Progress:
    done = {i.key for i in items if i.status == ItemStatus.DONE}
    progress = engine.assess_progress(items, done, today, roadmap.start_date, roadmap.weekly_hours)
    if progress.state == ProgressState.AHEAD and (today - roadmap.start_date).days < (
        AHEAD_AFTER_DAYS
    ):
        return engine.Progress(ProgressState.ON_TRACK, 0.0, progress.progress)
    return progress


def preview_plan(
    *,
    role: str,
    weekly_hours: float,
    skills: Mapping[str, int],
    start_date: date | None = None,
    target_date: date | None = None,
    include_nice_to_have: bool = False,
) -> tuple[engine.Plan, engine.LearnerState]:
    """A plan for anyone, stored nowhere; returned with the learner state it was made for."""
    graph = curriculum_graph()
    errors = {}
    if role not in graph.roles:
        errors["role"] = f"Unknown role '{role}'."
    if not MIN_WEEKLY_HOURS <= weekly_hours <= MAX_WEEKLY_HOURS:
        errors["weekly_hours"] = (
            f"Weekly hours must be between {MIN_WEEKLY_HOURS} and {MAX_WEEKLY_HOURS}."
        )
    bad = [
        f"Unknown skill '{slug}'."
        if slug not in graph.skills
        else f"{slug}: level {lv!r} is outside 0–{engine.MAX_LEVEL}."
        for slug, lv in sorted(skills.items())
        if slug not in graph.skills or not engine.is_level(lv)
    ]
    if bad:
        errors["skills"] = bad
    start = start_date or timezone.localdate()
    errors.update(plan_date_errors(start_date=start_date, target_date=target_date))
    if errors:
        raise ValidationError(errors)
    state = engine.LearnerState(
        levels=dict(skills),
        weekly_hours=float(weekly_hours),
        start_date=start,
        target_date=target_date,
        include_nice_to_have=include_nice_to_have,
    )
    try:
        return engine.build_plan(curriculum_graph_for(state.levels), role, state), state
    except (engine.PlanningError, OverflowError) as error:
        raise ValidationError({"detail": str(error)}) from error
