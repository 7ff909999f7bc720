"""Reading roadmaps: the shape every page, API response and email shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.shortcuts import get_object_or_404

from accounts.models import User
from config.precompiled import Precompiled
from planner import engine
from planner.models import (
    ItemKind,
    ItemStatus,
    LearnerResource,
    LearnerSkill,
    LevelSource,
    Roadmap,
    RoadmapItem,
    item_label,
)
from planner.study import StepStudy, attach_study, study_html, study_text

VERIFIED_SOURCES = (LevelSource.MENTOR, LevelSource.ASSESSMENT)


@dataclass
class ItemView:
    id: int | None
    key: str
    kind: str
    skill: str | None
    skill_name: str
    from_level: int | None
    to_level: int | None
    project: str | None
    project_name: str
    hours: float
    start_week: float
    end_week: float
    start_date: date
    end_date: date
    status: str
    reasons: list[str]
    priority: str = ""
    note: str = ""
    deliverables: list[str] = field(default_factory=list)
    counts_done: bool = False
    stage: str = ""
    study: StepStudy | None = None  # set by planner.study.attach_study
    own_resources: list[LearnerResource] = field(default_factory=list)

    @property
    def study_text(self) -> str:
        """What to study for this step as indented plain text (the reminder email)."""
        return study_text(self.study, indent="  ")

    @property
    def study_html(self) -> str:
        """The same as HTML, links clickable (the reminder email)."""
        return study_html(self.study, indent="  ")

    @property
    def label(self) -> str:
        name = self.project_name if self.kind == ItemKind.PROJECT else self.skill_name
        return item_label(self.kind, name, self.from_level, self.to_level)


@dataclass
class StageView:
    key: str
    title: str
    start_week: int
    end_week: int | None
    items: list[ItemView]

    @property
    def hours(self) -> float:
        return round(sum(i.hours for i in self.items), 2)

    @property
    def progress(self) -> float:
        return _progress(self.items)


@dataclass
class RoadmapView:
    roadmap: Roadmap | None
    role: str
    role_name: str
    stages: list[StageView]
    total_hours: float
    weeks: float
    start_date: date
    finish_date: date
    weekly_hours: float
    message: str = ""
    target: engine.TargetVerdict | None = None
    milestones: list[engine.Milestone] = field(default_factory=list)

    @property
    def items(self) -> list[ItemView]:
        return [item for stage in self.stages for item in stage.items]

    @property
    def progress(self) -> float:
        return _progress(self.items)


def _progress(items: list[ItemView]) -> float:
    done = sum(i.hours for i in items if i.counts_done)
    return done_share(sum(i.hours for i in items), done, len(items))


def done_share(hours: float, done: float, count: int) -> float:
    """The share (0–1) of ``count`` items' ``hours`` that is ``done``; nothing planned is
    all done."""
    if not hours:
        return 1.0 if not count else 0.0
    return round(done / hours, 4)


def _stages(items: list[ItemView]) -> list[StageView]:
    stages = [StageView(s.key, s.title, s.start_week, s.end_week, []) for s in engine.STAGE_SPANS]
    by_key = {s.key: s for s in stages}
    for item in items:
        by_key[item.stage].items.append(item)
    return stages


def current_roadmaps(user_ids, *, only: tuple[str, ...] = ()) -> dict[int, Roadmap]:
    """Each learner's current roadmap, by user id, in one query; ``only``: the columns to read
    (e.g. not the stored rendering), all when empty."""
    roadmaps = Roadmap.objects.filter(user_id__in=user_ids).select_related("role")
    if only:
        roadmaps = roadmaps.only(*only)
    # Versions in order: the last one read for a learner is their current one.
    return {roadmap.user_id: roadmap for roadmap in roadmaps.order_by("user_id", "version")}


def roadmap_version(user: User, version: int) -> Roadmap:
    """One version of the learner's roadmap; 404 for anything not theirs."""
    return get_object_or_404(Roadmap.objects.select_related("role"), user=user, version=version)


ITEM_COLUMNS = (
    "id", "key", "kind", "stage", "skill_id", "skill__slug", "skill__name", "from_level",
    "to_level", "project__slug", "project__name", "project__deliverables", "hours",
    "start_week", "end_week", "start_date", "end_date", "status", "reasons", "priority", "note",
)  # fmt: skip


# One roadmap's rows, with their SQL built once (config/precompiled.py): for a single
# roadmap (the first read of a rendering, a page) building the SQL of these three queries
# costs more than running them.
ROADMAP_ITEMS = Precompiled(
    lambda roadmap_id: (
        RoadmapItem.objects.filter(roadmap_id=roadmap_id)
        .order_by("position")
        .values_list(*ITEM_COLUMNS)
    ),
    placeholder=0,
)
VERIFIED_LEVELS = Precompiled(
    lambda user_id: LearnerSkill.objects.filter(
        user_id=user_id, source__in=VERIFIED_SOURCES
    ).values_list("skill_id", "level"),
    placeholder=0,
)
OWN_RESOURCES = Precompiled(
    lambda roadmap_id: LearnerResource.objects.filter(item__roadmap_id=roadmap_id).order_by(
        "created_at", "pk"
    ),
    placeholder=0,
)


def roadmap_view(roadmap: Roadmap) -> RoadmapView:
    """A stored version with its items, in four queries whatever its size."""
    verified = dict(VERIFIED_LEVELS.rows(roadmap.user_id))
    items = [
        item_view(dict(zip(ITEM_COLUMNS, row, strict=True)), verified)
        for row in ROADMAP_ITEMS.rows(roadmap.pk)
    ]
    by_item = {item.id: item for item in items}
    for resource in OWN_RESOURCES.objects(roadmap.pk):
        by_item[resource.item_id].own_resources.append(resource)
    attach_study(items)
    return _view(roadmap, items)


def _view(roadmap: Roadmap, items: list[ItemView]) -> RoadmapView:
    target = None
    if roadmap.target_date:
        advice = roadmap.target_advice or {}
        earliest = advice.get("earliest_date")
        target = engine.TargetVerdict(
            date=roadmap.target_date,
            reachable=bool(roadmap.target_reachable),
            weekly_hours_needed=roadmap.weekly_hours_needed,
            weeks_short=advice.get("weeks_short", 0.0),
            earliest_date=date.fromisoformat(earliest) if earliest else None,
            fits=advice.get("fits", "everything"),
            advice=advice.get("advice", ""),
        )
    return RoadmapView(
        roadmap=roadmap,
        role=roadmap.role.slug,
        role_name=roadmap.role.name,
        stages=_stages(items),
        **{name: getattr(roadmap, name) for name in _SUMMARY_FIELDS},
        start_date=roadmap.start_date,
        weekly_hours=roadmap.weekly_hours,
        target=target,
        milestones=[
            engine.Milestone(m["key"], m["title"], m["week"], date.fromisoformat(m["date"]))
            for m in roadmap.milestones
        ],
    )


# Same-named fields an item view takes as they are from an engine item (a preview), and a
# roadmap view from a stored version or a plan.
_PLAN_ITEM_FIELDS = (
    "key", "kind", "skill", "from_level", "to_level", "project", "hours", "start_week",
    "end_week", "start_date", "end_date", "stage",
)  # fmt: skip
_SUMMARY_FIELDS = ("total_hours", "weeks", "finish_date", "message")


def counts_done(
    status: str, kind: str, skill_id: int | None, to_level: int | None, verified: dict[int, int]
) -> bool:
    """Whether an item's hours count as done: done, or a skill step skipped whose level a
    mentor or an assessment verified (``verified``: skill id → level)."""
    return status == ItemStatus.DONE or (
        status == ItemStatus.SKIPPED
        and kind == ItemKind.SKILL
        and verified.get(skill_id, 0) >= to_level
    )


def verified_levels(user_ids: list[int]) -> dict[int, dict[int, int]]:
    """Each learner's verified levels (skill id → level), by user id, in one query."""
    verified: dict[int, dict[int, int]] = {}
    for user_id, skill_id, level in LearnerSkill.objects.filter(
        user_id__in=user_ids, source__in=VERIFIED_SOURCES
    ).values_list("user_id", "skill_id", "level"):
        verified.setdefault(user_id, {})[skill_id] = level
    return verified


def item_view(row: dict, verified: dict[int, int]) -> ItemView:
    """An item view from a row of the columns of ``ITEM_COLUMNS`` (or fewer: see its defaults)."""
    status, kind = row["status"], row["kind"]
    return ItemView(
        id=row["id"],
        key=row["key"],
        kind=kind,
        skill=row.get("skill__slug"),
        skill_name=row["skill__name"] or "",
        from_level=row["from_level"],
        to_level=row["to_level"],
        project=row.get("project__slug"),
        project_name=row["project__name"] or "",
        hours=row["hours"],
        start_week=row["start_week"],
        end_week=row["end_week"],
        start_date=row["start_date"],
        end_date=row["end_date"],
        status=status,
        reasons=row.get("reasons", []),
        priority=row.get("priority", ""),
        note=row.get("note", ""),
        deliverables=row.get("project__deliverables") or [],
        counts_done=counts_done(status, kind, row["skill_id"], row["to_level"], verified),
        stage=row["stage"],
    )


def plan_view(plan: engine.Plan, learner: engine.LearnerState) -> RoadmapView:
    """An engine plan (a preview) in the same shape as a stored roadmap."""
    items = [
        ItemView(
            **{name: getattr(i, name) for name in _PLAN_ITEM_FIELDS},
            id=None,
            status=ItemStatus.TODO,
            skill_name=i.skill_name or "",
            project_name=i.project_name or "",
            reasons=list(i.reasons),
            priority=i.priority or "",
        )
        for i in plan.items
    ]
    attach_study(items)
    return RoadmapView(
        roadmap=None,
        role=plan.role,
        role_name=plan.role_name,
        stages=_stages(items),
        **{name: getattr(plan, name) for name in _SUMMARY_FIELDS},
        start_date=learner.start_date,
        weekly_hours=learner.weekly_hours,
        target=plan.target,
        milestones=list(plan.milestones),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def diff_dates(diff: dict) -> dict:
    """The dates a stored diff holds as text, as dates for the template."""
    return {
        "finish_from": _date(diff.get("finish", {}).get("from")),
        "finish_to": _date(diff.get("finish", {}).get("to")),
        "job_ready_from": _date(diff.get("job_ready", {}).get("from")),
        "job_ready_to": _date(diff.get("job_ready", {}).get("to")),
        "target_to": _date(diff.get("inputs", {}).get("target_date", {}).get("to")),
        "moved": [
            {**m, "from_date": _date(m.get("from_date")), "to_date": _date(m.get("to_date"))}
            for m in diff.get("moved", [])
        ],
    }
