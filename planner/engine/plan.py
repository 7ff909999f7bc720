"""The roadmap: what to learn, in which order, when, and why."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import Any

from .curriculum import Curriculum
from .fit import Step, make_step
from .graph import current_levels, gap_for, resolve_role
from .index import index_of
from .learner import MAX_WEEKLY_HOURS, LearnerState, check_learner
from .ordering import JOB_READY, NICE, PROFICIENT, chain_hours, order_steps, step_graph
from .projects import SERVING_SKILL, first_project_closure, place_projects, relevant_projects
from .reasons import ReasonWriter
from .schedule import STAGE_SPANS, Slot, back_to_back
from .steps import LEVEL_BITS, LEVEL_MASK

HOUR_DECIMALS = 2


_FIELDS = (
    "key", "kind", "skill", "skill_name", "from_level", "to_level", "project", "project_name",
    "hours", "start_week", "end_week", "start_date", "end_date", "stage", "priority",
)  # fmt: skip
_WRITE, _OF = len(_FIELDS), len(_FIELDS) + 1  # where an item keeps how to word its reasons


class PlanItem(tuple):
    """One scheduled item: a skill step or a project.

    ``key`` is stable across versions: ``skill:<slug>:<to_level>`` or ``project:<slug>``.
    Weeks are rounded to two decimals for display; each item starts where the previous one
    ends. ``priority`` is "core" or "nice" for steps, None for projects.

    Immutable, compared and hashed by its fields like a frozen dataclass; a tuple underneath
    so that a plan of 20,000 items is built in one C call per item. ``reasons`` are worded
    when read (``build_plan`` keeps the plan's reason writer and the step or project; the
    writer remembers what it has worded), so a plan whose reasons nobody reads costs none.
    """

    __slots__ = ()

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

    def __new__(
        cls,
        key: str,
        kind: str,
        skill: str | None,
        skill_name: str | None,
        from_level: int | None,
        to_level: int | None,
        project: str | None,
        project_name: str | None,
        hours: float,
        start_week: float,
        end_week: float,
        start_date: date,
        end_date: date,
        stage: str,
        priority: str | None,
        reasons: tuple[str, ...],
    ) -> PlanItem:
        return tuple.__new__(
            cls,
            (
                key, kind, skill, skill_name, from_level, to_level, project, project_name,
                hours, start_week, end_week, start_date, end_date, stage, priority,
                tuple, tuple(reasons),
            ),
        )  # fmt: skip

    @property
    def reasons(self) -> tuple[str, ...]:
        return self[_WRITE](self[_OF])

    def _fields(self) -> tuple:
        return (*self[:_WRITE], self.reasons)

    def __getnewargs__(self) -> tuple:  # copy and pickle
        return self._fields()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            # Never equal to a bare tuple of the same values, as a dataclass is not.
            return False if isinstance(other, tuple) else NotImplemented
        return self[:_WRITE] == other[:_WRITE] and self.reasons == other.reasons

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self._fields())

    def __lt__(self, other: object) -> bool:  # not ordered, as the dataclass was not
        return NotImplemented

    __le__ = __gt__ = __ge__ = __lt__

    def __repr__(self) -> str:
        named = zip((*_FIELDS, "reasons"), self._fields(), strict=True)
        values = ", ".join(f"{name}={value!r}" for name, value in named)
        return f"PlanItem({values})"


for _at, _name in enumerate(_FIELDS):
    setattr(PlanItem, _name, property(itemgetter(_at), doc=f"The item's {_name}."))
del _at, _name


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
    """Whether the plan fits before the target date, and what helps when it does not.

    ``weekly_hours_needed`` is the weekly effort that fits the plan between start and target
    date, rounded up to one decimal (so that it is enough); None when no realistic weekly
    effort (up to MAX_WEEKLY_HOURS) fits it, or the target is not after the start. When the
    target is missed: ``weeks_short`` by how much at the learner's hours, ``earliest_date``
    the finish at those hours, ``fits`` what is done by the target at those hours
    ("everything", "job-ready" or "nothing") and ``advice`` in words.
    """

    date: dt.date
    reachable: bool
    weekly_hours_needed: float | None
    weeks_short: float = 0.0
    earliest_date: dt.date | None = None
    fits: str = "everything"
    advice: str = ""


@dataclass(frozen=True, slots=True)
class Milestone:
    """``job-ready``, ``proficient`` or ``role:<slug>`` (job-ready for another role on the way)."""

    key: str
    title: str
    week: float
    date: date


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
    milestones: tuple[Milestone, ...]
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
      highest core level, entry level and nice-to-have level count, a nice-to-have level
      only where it is above the core one. Nice-to-have requirements only with
      ``include_nice_to_have``.
    - Gap: reaching level k of B needs every prerequisite of B with ``for_level`` ≤ k, even
      those for levels of B the learner already has (the higher level builds on them too).
    - Order (ordering.order_steps): tiers in order — what the first project needs, the rest
      of job-ready, proficient, nice-to-have; within a tier a skill's next level follows at
      once when it can, otherwise theory and practice take turns (practice first), the skill
      unlocking the most other planned skills first.
    - Projects (projects.place_projects): relevant when they list a skill the role requires
      and the plan brings them within reach (each listed level met or one short, at least
      half met); the first as early as possible, a deployment project before job-ready for
      roles that require serving models, a capstone closing job-ready, the rest paced.
    - Stages: by the displayed (two-decimal) start week, so what the learner sees agrees.
    - The whole curriculum must be a DAG: any prerequisite cycle raises CurriculumCycleError,
      even one that this role's gap does not touch.

    Raises UnknownRoleError, CurriculumCycleError, InvalidLearnerState, or another
    PlanningError for curriculum data that cannot be planned.
    """
    check_learner(learner)
    index = index_of(curriculum)
    current = current_levels(index, learner.levels)
    gap = gap_for(index, role_slug, current, learner.include_nice_to_have)
    targets = gap.targets
    candidates = relevant_projects(
        index,
        current,
        gap.need_all,
        targets.wanted(learner.include_nice_to_have),
        index.roles[role_slug].task_skills,
    )
    first, first_need = first_project_closure(index, current, gap.need_ready, candidates)
    graph = step_graph(
        index,
        current,
        gap.need_ready,
        gap.need_core,
        gap.need_all,
        first_need,
        targets.entry,
        dict(first.skills) if first is not None else None,
    )
    order = order_steps(index, graph, chain_hours(index, current, gap.need_all, graph), current)
    tier = graph.tier
    ready_steps = sum(1 for step in order if tier[step] <= JOB_READY)
    serving = index.position.get(SERVING_SKILL)
    placed = place_projects(
        index,
        current,
        order,
        ready_steps,
        candidates,
        first,
        serving in targets.core,
        learner.weekly_hours,
    )
    reasons = ReasonWriter(
        index,
        targets,
        learner.include_nice_to_have,
        gap,
        graph.steps,
        graph.dependants,
        graph.tier,
    )

    # Each row: (step, or placed project; hours; phase). A project is in the phase of the step
    # before it (job-ready at the very start).
    rows: list[tuple[Any, float, int]] = []
    hours_of = index.hours
    phase = JOB_READY
    done = 0  # the steps of ``order`` in rows so far: the runs between projects at once
    for at in sorted({*placed, len(order)}):
        if at > done:
            rows += [
                (step, hours_of[step >> LEVEL_BITS][step & LEVEL_MASK],
                 tier[step] if tier[step] > JOB_READY else JOB_READY)
                for step in order[done:at]
            ]  # fmt: skip
            phase, done = rows[-1][2], at
        for project in placed.get(at, ()):
            rows.append((project, project.project.hours, phase))
    hours = [row[1] for row in rows]
    slots = back_to_back(hours, learner.weekly_hours, learner.start_date)

    items = []
    new, item = tuple.__new__, PlanItem
    slugs, names = index.slugs, index.names
    for_step, for_project = reasons.for_step, reasons.for_project
    # The tiers up to PROFICIENT are the core profile; the rest is nice-to-have.
    for (what, h, _), (start_week, end_week, start_day, end_day, stage) in zip(
        rows, slots, strict=True
    ):
        if type(what) is int:
            p, level = what >> LEVEL_BITS, what & LEVEL_MASK
            slug = slugs[p]
            items.append(new(item, (
                f"skill:{slug}:{level}", "skill", slug, names[p], level - 1, level, None, None,
                h, start_week, end_week, start_day, end_day, stage,
                "core" if tier[what] <= PROFICIENT else "nice", for_step, what,
            )))  # fmt: skip
        else:
            project = what.project
            items.append(new(item, (
                f"project:{project.slug}", "project", None, None, None, None, project.slug,
                project.name, h, start_week, end_week, start_day, end_day, stage, None,
                for_project, what,
            )))  # fmt: skip

    milestones = _milestones(index, role_slug, targets.name, current, rows, slots, learner)
    # The steps waiting for nothing are the learner's frontier (same as ready_to_learn).
    waiting = graph.waiting
    ready = [step for step in graph.steps if not waiting[step]]
    total = math.fsum(hours)
    finish = slots[-1][3] if slots else learner.start_date
    return Plan(
        role=role_slug,
        role_name=targets.name,
        items=tuple(items),
        stages=_stages(items, slots, hours),
        total_hours=round(total, HOUR_DECIMALS),
        weeks=round(total / learner.weekly_hours, 2),
        finish_date=finish,
        target=_verdict(total, finish, milestones, learner),
        milestones=milestones,
        ready_now=tuple(make_step(index, step) for step in ready),
        message="" if items else f"You already meet every requirement of {targets.name}.",
        weekly_hours=learner.weekly_hours,
        start_date=learner.start_date,
        include_nice_to_have=learner.include_nice_to_have,
        curriculum_revision=index.revision,
    )


def _milestones(index, role_slug, role_name, current, rows, slots, learner):
    """Job-ready, proficient, and job-ready for every other role met on the way, by week."""
    start = learner.start_date
    found: list[Milestone] = []

    def phase_end(last_phase: int) -> tuple[float, date]:
        for row, slot in zip(reversed(rows), reversed(slots), strict=True):
            if row[2] <= last_phase:
                return slot[1], slot[3]
        return 0.0, start

    week, day = phase_end(JOB_READY)
    found.append(Milestone("job-ready", f"Job-ready as {role_name}", week, day))
    week, day = phase_end(NICE)
    found.append(Milestone("proficient", f"Proficient as {role_name}", week, day))

    # Per step id, the other roles waiting for it (each short of that many entry levels).
    short: dict[str, int] = {}
    waiting_on: dict[int, list[str]] = {}
    for slug in sorted(index.roles):
        if slug == role_slug:
            continue
        entry = resolve_role(index, slug).entry
        missing = [(p, level) for p, level in entry.items() if current[p] < level]
        if not missing:
            continue  # already job-ready for it: not a milestone on the way
        short[slug] = len(missing)
        for p, level in missing:
            waiting_on.setdefault(p << LEVEL_BITS | level, []).append(slug)
    if waiting_on:
        for (what, _, _), slot in zip(rows, slots, strict=True):
            for slug in waiting_on.get(what, ()) if type(what) is int else ():
                short[slug] -= 1
                if not short[slug]:
                    name = index.roles[slug].name
                    found.append(
                        Milestone(f"role:{slug}", f"Job-ready as {name}", slot[1], slot[3])
                    )
    order = {"job-ready": 0, "proficient": 2}
    return tuple(sorted(found, key=lambda m: (m.week, order.get(m.key, 1), m.key)))


def _stages(
    items: list[PlanItem], slots: list[Slot], hours: list[float]
) -> tuple[Stage, Stage, Stage]:
    """The three stages, each with the items that start in it. Items start in week order, so
    each stage's items are one run of them."""
    stages = []
    keys = [slot[4] for slot in slots]
    low = 0
    for span in STAGE_SPANS:
        high = low + keys.count(span.key)
        total = round(math.fsum(hours[low:high]), HOUR_DECIMALS)
        stages.append(
            Stage(
                span.key, span.title, span.start_week, span.end_week, total, tuple(items[low:high])
            )
        )
        low = high
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


def _verdict(
    total_hours: float, finish: date, milestones: tuple[Milestone, ...], learner: LearnerState
) -> TargetVerdict | None:
    target = learner.target_date
    if target is None:
        return None
    weeks = (target - learner.start_date).days / 7
    needed = weekly_hours_needed(total_hours, learner.start_date, target)
    if needed is not None and needed > MAX_WEEKLY_HOURS:
        needed = None
    if total_hours <= learner.weekly_hours * max(weeks, 0) + 1e-9:
        return TargetVerdict(target, True, needed, earliest_date=finish)
    short = round(total_hours / learner.weekly_hours - max(weeks, 0), 1)
    by_key = {m.key: m for m in milestones}
    job_ready = by_key["job-ready"]
    fits = "job-ready" if job_ready.date <= target else "nothing"
    advice = [f"At {learner.weekly_hours:g} h a week you finish on {finish:%d %b %Y}, "
              f"{short:g} weeks after your target."]  # fmt: skip
    if weeks <= 0:
        advice.append("The target date is not after the start date.")
    elif needed is not None:
        advice.append(f"{needed:g} h a week would reach it.")
    else:
        advice.append(
            f"No realistic weekly effort (up to {MAX_WEEKLY_HOURS} h) reaches everything by then."
        )
    if fits == "job-ready":
        advice.append(f"By then you can be job-ready (around {job_ready.date:%d %b %Y}).")
    elif weeks > 0 and job_ready.date < finish:
        ready_hours = job_ready.week * learner.weekly_hours
        ready_needed = weekly_hours_needed(ready_hours, learner.start_date, target)
        if ready_needed is not None and ready_needed <= MAX_WEEKLY_HOURS:
            advice.append(f"Job-ready by then needs {ready_needed:g} h a week.")
    return TargetVerdict(
        date=target,
        reachable=False,
        weekly_hours_needed=needed,
        weeks_short=short,
        earliest_date=finish,
        fits=fits,
        advice=" ".join(advice),
    )
