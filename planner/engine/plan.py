"""The roadmap: what to learn, in which order, when, and why."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from .curriculum import Curriculum
from .fit import Step, make_step
from .graph import current_levels, gap_for, split_step
from .index import index_of
from .learner import LearnerState, check_learner
from .ordering import chain_hours, order_steps, step_graph
from .reasons import ReasonWriter
from .schedule import STAGE_SPANS, back_to_back, place_projects

HOUR_DECIMALS = 2


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One scheduled item: a skill step or a project.

    ``key`` is stable across versions: ``skill:<slug>:<to_level>`` or ``project:<slug>``.
    Weeks are rounded to two decimals for display; each item starts where the previous one
    ends. ``priority`` is "core" or "nice" for steps, None for projects.
    """

    key: str
    kind: str
    skill: str | None
    skill_name: str | None
    from_level: int | None
    to_level: int | None
    project: str | None
    project_name: str | None
    hours: float
    start_week: float
    end_week: float
    start_date: date
    end_date: date
    stage: str
    priority: str | None
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Stage:
    key: str
    title: str
    start_week: int
    end_week: int | None
    hours: float
    items: tuple[PlanItem, ...]


@dataclass(frozen=True, slots=True)
class TargetVerdict:
    """Whether the plan fits before the target date.

    ``weekly_hours_needed`` is the weekly effort that fits the plan between start and target
    date, rounded up to one decimal (so that it is enough); None when the target date is not
    after the start date and there is work to do (no weekly effort is enough).
    """

    date: date
    reachable: bool
    weekly_hours_needed: float | None


@dataclass(frozen=True, slots=True)
class Plan:
    role: str
    role_name: str
    items: tuple[PlanItem, ...]
    stages: tuple[Stage, Stage, Stage]
    total_hours: float
    weeks: float
    finish_date: date
    target: TargetVerdict | None
    ready_now: tuple[Step, ...]
    message: str
    weekly_hours: float
    start_date: date
    include_nice_to_have: bool
    curriculum_revision: int


def build_plan(curriculum: Curriculum, role_slug: str, learner: LearnerState) -> Plan:
    """Plan the learner's way to the role: docs/planner.md, "What the plan is".

    Choices where the design is silent:

    - Requirements: a variant role inherits its base roles' requirements; per skill the
      highest core level and the highest nice-to-have level count, a nice-to-have level only
      where it is above the core one. Nice-to-have requirements only with
      ``include_nice_to_have``.
    - Gap: reaching level k of B needs every prerequisite of B with ``for_level`` ≤ k, even
      those for levels of B the learner already has (the higher level builds on them too).
    - Order: a greedy topological order. Among the steps whose prerequisites are planned,
      take core before nice-to-have (every core step comes first: core steps never wait for
      nice-to-have ones); then foundations first, meaning the lower level (novice level of
      everything within reach before advanced-beginner of anything, so the first months are
      broad rather than one deep dive); then the longest chain of planned steps starting
      with the step, in hours (for a core step only core dependants count); then skill
      slug, then level.
    - Projects: planned when the plan raises at least one of the levels the project lists
      and the learner's levels plus the plan meet all of them; scheduled right after the
      step completing its last missing level (its hours count and push later items back).
      Projects the learner could already do are not planned: they practise nothing new.
    - Stages: by the displayed (two-decimal) start week, so what the learner sees agrees.
    - Target: reachable when the total hours fit at the learner's weekly hours by the target
      date (``TargetVerdict`` for the hours needed).
    - The whole curriculum must be a DAG: any prerequisite cycle raises CurriculumCycleError,
      even one that this role's gap does not touch.

    Raises UnknownRoleError, CurriculumCycleError, InvalidLearnerState, or another
    PlanningError for curriculum data that cannot be planned.
    """
    check_learner(learner)
    index = index_of(curriculum)
    current = current_levels(index, learner.levels)
    gap = gap_for(index, role_slug, current, learner.include_nice_to_have)
    graph = step_graph(index, current, gap.need_core, gap.need_all)
    order = order_steps(graph, chain_hours(index, current, gap.need_all, graph))
    reasons = ReasonWriter(
        index, gap.targets, learner.include_nice_to_have, gap.need_all, graph.dependants
    )

    rows: list[tuple[str, Any, float]] = []  # (kind, step or project, hours)
    projects_after = place_projects(index, current, gap.need_all, order)
    for at, step in enumerate(order):
        p, level = split_step(step)
        rows.append(("skill", step, index.hours[p][level]))
        for project in projects_after.get(at, ()):
            rows.append(("project", project, project.hours))
    slots = back_to_back((row[2] for row in rows), learner.weekly_hours, learner.start_date)

    items = []
    for (kind, what, hours), slot in zip(rows, slots, strict=True):
        if kind == "skill":
            p, level = split_step(what)
            slug = index.slugs[p]
            items.append(
                PlanItem(
                    f"skill:{slug}:{level}", "skill", slug, index.names[p], level - 1, level,
                    None, None, hours, slot.start_week, slot.end_week, slot.start_date,
                    slot.end_date, slot.stage, "core" if what in graph.core else "nice",
                    reasons.for_step(what),
                )
            )  # fmt: skip
        else:
            items.append(
                PlanItem(
                    f"project:{what.slug}", "project", None, None, None, None, what.slug,
                    what.name, hours, slot.start_week, slot.end_week, slot.start_date,
                    slot.end_date, slot.stage, None, reasons.for_project(what),
                )
            )  # fmt: skip

    # The steps waiting for nothing are the learner's frontier (same as ready_to_learn).
    ready = [step for step, waiting in graph.waiting.items() if not waiting]
    total = math.fsum(row[2] for row in rows)
    finish = slots[-1].end_date if slots else learner.start_date
    return Plan(
        role=role_slug,
        role_name=gap.targets.name,
        items=tuple(items),
        stages=_stages(items),
        total_hours=round(total, HOUR_DECIMALS),
        weeks=round(total / learner.weekly_hours, 2),
        finish_date=finish,
        target=_verdict(total, learner),
        ready_now=tuple(make_step(index, step) for step in sorted(ready)),
        message="" if items else f"You already meet every requirement of {gap.targets.name}.",
        weekly_hours=learner.weekly_hours,
        start_date=learner.start_date,
        include_nice_to_have=learner.include_nice_to_have,
        curriculum_revision=index.revision,
    )


def _stages(items: list[PlanItem]) -> tuple[Stage, Stage, Stage]:
    stages = []
    for span in STAGE_SPANS:
        inside = tuple(item for item in items if item.stage == span.key)
        hours = round(math.fsum(item.hours for item in inside), HOUR_DECIMALS)
        stages.append(Stage(span.key, span.title, span.start_week, span.end_week, hours, inside))
    return tuple(stages)  # type: ignore[return-value]


def weekly_hours_needed(total_hours: float, start: date, target: date) -> float | None:
    """Weekly hours that fit ``total_hours`` from start to target, rounded up to 0.1.

    0.0 when there is nothing to do; None when there is work but no time (target ≤ start).
    """
    if total_hours <= 0:
        return 0.0
    weeks = (target - start).days / 7
    if weeks <= 0:
        return None
    return math.ceil(round(total_hours / weeks * 10, 6)) / 10


def _verdict(total_hours: float, learner: LearnerState) -> TargetVerdict | None:
    if learner.target_date is None:
        return None
    weeks = (learner.target_date - learner.start_date).days / 7
    return TargetVerdict(
        date=learner.target_date,
        reachable=total_hours <= learner.weekly_hours * max(weeks, 0) + 1e-9,
        weekly_hours_needed=weekly_hours_needed(
            total_hours, learner.start_date, learner.target_date
        ),
    )
