"""Projects as milestones of practice: which ones, and after which step.

A project is *within reach* when every skill level it lists is met or at most one level short
and at least half of them are met: the project itself teaches the last bit. It is *relevant*
to a plan when it lists a skill the role requires, the plan brings it within reach, and the
learner could not already do it.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .index import CurriculumIndex, ProjectEntry
from .schedule import STAGE_SPANS
from .steps import LEVEL_BITS

FIRST_PROJECT_CANDIDATES = 12
# The first project should come within this many hours of study (DESIGN.md, "The planner", 4).
FIRST_PROJECT_HOURS = 100.0
# Every stage holding this many hours of study has a project (DESIGN.md, "The planner", 4).
STAGE_STUDY_WITH_PROJECT = 80.0
# A coach keeps hands-on work flowing: no longer stretch of study than this without a project
# while one is within reach (15 weeks at 10 h/week), nor than MAX_WEEKS_WITHOUT_PROJECT at
# the learner's hours (a slow pace is no reason to wait longer for hands-on work); and as a
# rule no more often than every MIN_STUDY_BETWEEN_PROJECTS hours (or half the longest
# stretch), so that an experienced learner's short path is not all projects.
MAX_STUDY_WITHOUT_PROJECT = 150.0
MAX_WEEKS_WITHOUT_PROJECT = 16.0
MIN_STUDY_BETWEEN_PROJECTS = 60.0
# A deployment project serves a model behind an API in a container; roles that require
# serving models get one before job-ready.
SERVING_SKILL = "model-serving"
CONTAINER_SKILL = "docker"

# A project practises a lifecycle subtask when it lists this many of the subtask's skills.
SUBTASK_SKILLS = 2
# Practising one of the role's subtasks outweighs any number of shared skills (a project
# lists a handful).
TASK_WEIGHT = 100

FIRST, DEPLOYMENT, CAPSTONE, PRACTICE = "first", "deployment", "capstone", "practice"


@dataclass(frozen=True, slots=True)
class PlacedProject:
    project: ProjectEntry
    role: str  # FIRST, DEPLOYMENT, CAPSTONE or PRACTICE


def needed_met(skills: Sequence[tuple[int, int]]) -> int:
    """How many of a project's listed levels must be met (at least half)."""
    return math.ceil(len(skills) / 2)


def in_reach(skills: Sequence[tuple[int, int]], levels: Sequence[int]) -> bool:
    met = 0
    for p, level in skills:
        if levels[p] >= level:
            met += 1
        elif levels[p] < level - 1:
            return False
    return met >= needed_met(skills)


def relevant_projects(
    index: CurriculumIndex,
    current: Sequence[int],
    need_all: Mapping[int, int],
    required: Mapping[int, int],
    task_skills: Sequence[frozenset[str]] = (),
) -> list[tuple[int, ProjectEntry]]:
    """The projects worth planning, with their relevance.

    Relevance ranks first whether a project practises one of the role's lifecycle subtasks
    (``task_skills``: the skills of each), that is lists at least two of its skills, then
    how many skills the role requires it lists: for an ML engineer, a tabular competition
    entry (feature engineering, supervised learning, evaluation, but no subtask's pair) comes
    after projects that do an ML engineer's work.
    """
    slugs = index.slugs
    final = list(current)
    for p, level in need_all.items():
        final[p] = max(final[p], level)
    chosen = []
    for project in index.projects:
        if not project.skills:
            continue
        if all(current[p] >= level for p, level in project.skills):
            continue  # the learner could do it already: it practises nothing new
        if not in_reach(project.skills, final):
            continue
        shared = sum(1 for p, _ in project.skills if p in required)
        if shared:
            listed = {slugs[p] for p, _ in project.skills}
            practises = any(len(listed & skills) >= SUBTASK_SKILLS for skills in task_skills)
            chosen.append((TASK_WEIGHT * practises + shared, project))
    return chosen


def is_deployment(index: CurriculumIndex, project: ProjectEntry) -> bool:
    serving = index.position.get(SERVING_SKILL)
    container = index.position.get(CONTAINER_SKILL)
    listed = {p for p, _ in project.skills}
    return serving in listed and container in listed


def first_project_closure(
    index: CurriculumIndex,
    current: list[int],
    need_ready: Mapping[int, int],
    candidates: Sequence[tuple[int, ProjectEntry]],
) -> tuple[ProjectEntry | None, dict[int, int]]:
    """The project the plan can reach soonest within job-ready, and the levels it needs.

    Only the cheapest few candidates (by the hours of their own missing levels) are closed
    under prerequisites, and a closure stops as soon as it costs more than FIRST_PROJECT_HOURS
    or the best one so far, so this stays cheap on large curricula. None when no project is
    within reach in that many hours.
    """
    hours = index.hours

    def wanted(project: ProjectEntry, budget: float) -> dict[int, int]:
        # Every level one short; the half cheapest to reach (prerequisites included) in full.
        want = {p: level - 1 for p, level in project.skills if level - 1 > current[p]}
        costs = []
        for p, level in project.skills:
            if level > current[p]:
                need = _bounded_closure(index, current, {p: level}, need_ready, budget)
                costs.append((float("inf") if need is None else need[1], p, level))
        costs.sort()
        met = len(project.skills) - len(costs)
        for _, p, level in costs[: max(0, needed_met(project.skills) - met)]:
            want[p] = max(want.get(p, 0), level)
        return want

    def own_hours(project: ProjectEntry) -> float:
        return sum(sum(hours[p][current[p] + 1 : level + 1]) for p, level in project.skills)

    shortlist = sorted(candidates, key=lambda c: (own_hours(c[1]), -c[0], c[1].slug))[
        :FIRST_PROJECT_CANDIDATES
    ]
    best = None
    for relevance, project in shortlist:
        budget = FIRST_PROJECT_HOURS if best is None else best[0][0]
        found = _bounded_closure(index, current, wanted(project, budget), need_ready, budget)
        if found is None:
            continue  # too long, or not within job-ready
        need, cost = found
        key = (cost, -relevance, project.slug)
        if best is None or key < best[0]:
            best = (key, project, need)
    if best is None:
        return None, {}
    return best[1], best[2]


def _bounded_closure(
    index: CurriculumIndex,
    current: Sequence[int],
    wanted: Mapping[int, int],
    within: Mapping[int, int],
    budget: float,
) -> tuple[dict[int, int], float] | None:
    """``wanted`` closed under prerequisites (as graph.close_gap) with its hours, or None as
    soon as it needs more than ``budget`` hours or a level beyond ``within``."""
    hours = index.hours
    groups_of = index.prerequisites
    need: dict[int, int] = {}
    cost = 0.0
    stack = [(p, level) for p, level in wanted.items() if level > current[p]]
    while stack:
        p, level = stack.pop()
        low = need.get(p, current[p]) + 1
        if level < low:
            continue
        if level > within.get(p, current[p]):
            return None
        cost += sum(hours[p][low : level + 1])
        if cost > budget:
            return None
        need[p] = level
        groups = groups_of[p]
        for for_level in range(1, level + 1):
            for q, m in groups[for_level]:
                if m > current[q] and m > need.get(q, 0):
                    stack.append((q, m))
    return need, cost


def place_projects(
    index: CurriculumIndex,
    current: Sequence[int],
    order: Sequence[int],
    ready_steps: int,
    candidates: Sequence[tuple[int, ProjectEntry]],
    first: ProjectEntry | None,
    wants_deployment: bool,
    weekly_hours: float,
) -> dict[int, list[PlacedProject]]:
    """Which projects to schedule, by the position in ``order`` of the step they come before
    (``len(order)`` for the end).

    ``order[:ready_steps]`` is the job-ready phase. The first project comes as soon as it is
    within reach; a capstone closes the job-ready phase: the deployment project when
    ``wants_deployment`` and one is within reach in job-ready (an engineer's end-to-end
    piece), otherwise the relevant project within reach latest in job-ready. The others are
    paced through the plan, the most relevant first: one every ``total study ÷ (projects +
    1)`` hours, between the shortest and the longest stretch (MIN_STUDY_BETWEEN_PROJECTS,
    MAX_STUDY_WITHOUT_PROJECT, MAX_WEEKS_WITHOUT_PROJECT at ``weekly_hours``), never longer
    than the longest without one while any is within reach, and not just before a fixed one
    — except that once a stage has one, one is kept back for each later stage holding 80
    hours of study that has none fixed. Projects that never fit are left out.
    """
    hours = index.hours
    by_skill: dict[int, list[tuple[int, int]]] = {}
    short: list[int] = []
    met: list[int] = []
    for n, (_, project) in enumerate(candidates):
        short.append(sum(1 for p, level in project.skills if current[p] < level - 1))
        met.append(sum(1 for p, level in project.skills if current[p] >= level))
        for p, level in project.skills:
            by_skill.setdefault(p, []).append((n, level))

    def within(n: int) -> bool:
        return not short[n] and met[n] >= needed_met(candidates[n][1].skills)

    # When each candidate comes within reach: 0 before the plan starts, at + 1 after order[at].
    reach_at = {n: 0 for n in range(len(candidates)) if within(n)}
    for at, step in enumerate(order):
        p, level = step >> LEVEL_BITS, step & 7
        for n, wanted in by_skill.get(p, ()):
            if level == wanted - 1:
                short[n] -= 1
            elif level == wanted:
                met[n] += 1
            else:
                continue
            if n not in reach_at and within(n):
                reach_at[n] = at + 1

    fixed: dict[int, list[tuple[int, str]]] = {}
    taken: set[int] = set()

    def fix(n: int, at: int, kind: str) -> None:
        fixed.setdefault(at, []).append((n, kind))
        taken.add(n)

    slug_of = {candidates[n][1].slug: n for n in range(len(candidates))}
    if first is not None and first.slug in slug_of and slug_of[first.slug] in reach_at:
        fix(slug_of[first.slug], reach_at[slug_of[first.slug]], FIRST)
    in_job_ready = sorted(
        (reach_at[n], -candidates[n][0], candidates[n][1].slug, n)
        for n in reach_at
        if reach_at[n] <= ready_steps and n not in taken
    )
    deployment = None
    if wants_deployment:
        deployment = next(
            (row for row in in_job_ready if is_deployment(index, candidates[row[-1]][1])), None
        )
    if deployment is not None and ready_steps:
        # The end-to-end deployment is an engineer's capstone: it closes job-ready.
        fix(deployment[-1], ready_steps, DEPLOYMENT)
    elif in_job_ready and ready_steps:
        # The latest to come within reach exercises the most of job-ready; then relevance.
        latest = max(in_job_ready, key=lambda row: (row[0], -row[1], _reverse(row[2])))
        fix(latest[-1], ready_steps, CAPSTONE)

    step_hours = [hours[step >> LEVEL_BITS][step & 7] for step in order]
    study = math.fsum(step_hours)
    spare = len(reach_at) - len(taken)
    longest = min(MAX_STUDY_WITHOUT_PROJECT, MAX_WEEKS_WITHOUT_PROJECT * weekly_hours)
    shortest = min(MIN_STUDY_BETWEEN_PROJECTS, longest / 2)
    pace = max(shortest, min(longest, study / (spare + 1)))

    arriving: dict[int, list[int]] = {}
    for n, when in reach_at.items():
        if n not in taken:
            arriving.setdefault(when, []).append(n)
    pacing = _Pacing(
        candidates, fixed, arriving, step_hours, (shortest, pace, longest), weekly_hours
    )
    # Which stage holds how much study depends on the projects placed before: a first pass
    # estimates it without projects, the second uses the first one's projects.
    placed = pacing.run(_Timeline(step_hours, {}, weekly_hours))
    return pacing.run(_Timeline(step_hours, placed, weekly_hours))


class _Timeline:
    """When each step and project slot starts, given the projects placed (hours only)."""

    def __init__(self, step_hours: Sequence[float], placed: Mapping, weekly_hours: float):
        self.count = len(step_hours)
        self.study = list(itertools.accumulate(step_hours, initial=0.0))
        self.positions = sorted(placed)
        self.project_hours = list(
            itertools.accumulate(
                (sum(p.project.hours for p in placed[at]) for at in self.positions), initial=0.0
            )
        )
        self.stage_starts = [span.start_week * weekly_hours for span in STAGE_SPANS[1:]]

    def slot_start(self, at: int) -> float:
        """Hours before a project placed before step ``at`` would start."""
        return self.study[at] + self.project_hours[bisect.bisect_left(self.positions, at)]

    def step_start(self, at: int) -> float:
        return self.study[at] + self.project_hours[bisect.bisect_right(self.positions, at)]

    def slot_stage(self, at: int) -> int:
        return bisect.bisect_right(self.stage_starts, self.slot_start(at))

    def study_per_stage(self) -> list[float]:
        """Hours of study in the steps that start in each stage."""
        bounds = [0]
        for start in self.stage_starts:
            low, high = bounds[-1], self.count
            while low < high:  # the first step starting at or after ``start``
                middle = (low + high) // 2
                if self.step_start(middle) >= start:
                    high = middle
                else:
                    low = middle + 1
            bounds.append(low)
        bounds.append(self.count)
        return [self.study[b] - self.study[a] for a, b in itertools.pairwise(bounds)]


class _Pacing:
    """Paced projects between the fixed ones (see place_projects)."""

    def __init__(self, candidates, fixed, arriving, step_hours, paces, weekly_hours) -> None:
        # Hours of study: at least ``shortest`` between projects, one every ``pace``, at most
        # ``longest`` without one while one is within reach.
        self.shortest, self.pace, self.longest = paces
        self.stage_starts = [span.start_week * weekly_hours for span in STAGE_SPANS[1:]]
        self.candidates = candidates
        self.fixed = fixed
        self.arriving = arriving
        self.step_hours = step_hours
        self.arrivals = sorted(at for at, ns in arriving.items() for _ in ns)

    def run(self, timeline: _Timeline) -> dict[int, list[PlacedProject]]:
        """Place the projects; ``timeline`` says which stages will hold 80 hours of study and
        where the fixed projects fall."""
        candidates, step_hours, count = self.candidates, self.step_hours, len(self.step_hours)
        study_in = timeline.study_per_stage()
        with_project = {timeline.slot_stage(at) for at in self.fixed}
        needs = [
            stage
            for stage in range(len(STAGE_SPANS))
            if study_in[stage] >= STAGE_STUDY_WITH_PROJECT and stage not in with_project
        ]
        # Per slot, the hours of study until the next fixed project (first, capstone).
        until_fixed = [math.inf] * (count + 1)
        ahead = math.inf
        for at in range(count, -1, -1):
            if at in self.fixed:
                ahead = 0.0
            until_fixed[at] = ahead
            if at:
                ahead += step_hours[at - 1]
        placed: dict[int, list[PlacedProject]] = {}
        queue: list[tuple[int, str, int]] = []
        since = done = 0.0
        arriving, fixed = self.arriving, self.fixed
        for at in range(count + 1):
            if at in arriving:
                for n in arriving[at]:
                    heapq.heappush(queue, (-candidates[n][0], candidates[n][1].slug, n))
            h = step_hours[at] if at < count else 0.0
            due = bool(queue) and (
                not placed
                or since >= self.pace
                or (since > 0 and since + h > self.longest)
                # The plan ends: one more project closes it when there was study since.
                or (at == count and since >= self.shortest)
            )
            if due and until_fixed[at] < self.shortest:
                # A fixed project comes soon: not two in a row, unless the stretch without
                # one would grow too long.
                due = since + until_fixed[at] > self.longest
            if not due and at not in fixed:
                # Nothing goes before this step (most steps of a long plan).
                since += h
                done += h
                continue
            here = list(fixed.get(at, ()))
            stage = bisect.bisect_right(self.stage_starts, done)
            if due and stage in with_project:
                # Keep one back for each later stage that will need one.
                later = len(queue) + len(self.arrivals) - bisect.bisect_right(self.arrivals, at)
                due = later > sum(1 for need in needs if need > stage)
            if due and not here:
                here.append((heapq.heappop(queue)[-1], PRACTICE))
            if here:
                placed[at] = [PlacedProject(candidates[n][1], kind) for n, kind in here]
                since = 0.0
                with_project.add(stage)
                done += sum(candidates[n][1].hours for n, _ in here)
            since += h
            done += h
        return placed


def _reverse(slug: str) -> tuple[int, ...]:
    """A key that sorts slugs backwards, so max() picks the first slug on ties."""
    return tuple(-ord(c) for c in slug)
