"""The order of the steps: phase by phase, each skill in one block, theory and practice taking
turns, what unlocks the most first."""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .curriculum import MAX_LEVEL
from .errors import CurriculumCycleError
from .graph import LEVEL_BITS, LEVEL_MASK, close_gap, planned_steps, step_predecessors
from .index import CurriculumIndex

# Tiers, in the order they are planned: the steps that make the first project possible, the
# job-ready levels of the skills those steps started (so they stay in one piece), the rest of
# job-ready, the rest of the core profile (proficient), nice-to-have.
FIRST_PROJECT, FINISH_STARTED, JOB_READY, PROFICIENT, NICE = range(5)


@dataclass(frozen=True, slots=True)
class StepGraph:
    """The planned steps with their dependants, and the tier each belongs to."""

    steps: tuple[int, ...]
    dependants: Mapping[int, list[int]]
    waiting: Mapping[int, int]
    core: frozenset[int]
    tier: Mapping[int, int]
    # Per skill position, the first level the plan teaches.
    first_level: Mapping[int, int]


def step_graph(
    index: CurriculumIndex,
    current: list[int],
    need_ready: Mapping[int, int],
    need_core: Mapping[int, int],
    need_all: Mapping[int, int],
    first_project: Mapping[int, int] | None = None,
    own: Mapping[int, int] | None = None,
) -> StepGraph:
    """The planned steps of ``need_all`` and their tiers.

    Each ``need_*`` (and ``first_project``, a closure within ``need_ready``) is closed under
    prerequisites and contains the one before, so a step never waits for a later tier.
    ``own`` is the role's job-ready requirements (skill → entry level): those of its own
    tools that need no other skill (spreadsheets and SQL for a data analyst) join the skills
    the first project started, so a learner meets them in the first months rather than after
    shared skills the role needs less.
    """
    steps = tuple(planned_steps(current, need_all))
    dependants: dict[int, list[int]] = {step: [] for step in steps}
    waiting = dict.fromkeys(steps, 0)
    for step in steps:
        before = step_predecessors(index, current, step)
        waiting[step] = len(before)
        for earlier in before:
            dependants[earlier].append(step)
    tier = dict.fromkeys(steps, NICE)
    for need, level in ((need_core, PROFICIENT), (need_ready, JOB_READY)):
        for step in planned_steps(current, need):
            tier[step] = level
    started = {p: need_ready[p] for p in (first_project or ()) if p in need_ready}
    for p, level in (own or {}).items():
        if p in need_ready and _is_own_tool(index, p, level):
            started[p] = need_ready[p]
    if started:
        for step in planned_steps(current, close_gap(index, current, started)):
            tier[step] = FINISH_STARTED
    if first_project:
        for step in planned_steps(current, first_project):
            tier[step] = FIRST_PROJECT
    return StepGraph(
        steps=steps,
        dependants=dependants,
        waiting=waiting,
        core=frozenset(planned_steps(current, need_core)),
        tier=tier,
        first_level={p: current[p] + 1 for p in need_all},
    )


def chain_hours(
    index: CurriculumIndex, current: list[int], need_all: Mapping[int, int], graph: StepGraph
) -> dict[int, float]:
    """Per step, the hours of the longest chain of planned steps that starts with it.

    Only dependants of the same tier or an earlier one count (the chain to what this phase
    needs). Computed backwards along the curriculum's topological order of skills, highest
    level first, so each dependant is done before the steps it waits for.
    """
    hours = index.hours
    rank = index.rank
    dependants = graph.dependants
    tier = graph.tier
    chain: dict[int, float] = {}
    for p in sorted(need_all, key=rank.__getitem__, reverse=True):
        base = p << LEVEL_BITS
        for level in range(need_all[p], current[p], -1):
            step = base | level
            own = tier[step]
            longest = 0.0
            for after in dependants[step]:
                if tier[after] <= own and chain[after] > longest:
                    longest = chain[after]
            chain[step] = hours[p][level] + longest
    return chain


def unlocks(graph: StepGraph) -> dict[int, int]:
    """Per skill position, how many other planned skills wait directly for one of its steps."""
    waiting_skills: dict[int, set[int]] = {}
    for step, after in graph.dependants.items():
        p = step >> LEVEL_BITS
        others = waiting_skills.setdefault(p, set())
        for later in after:
            if later >> LEVEL_BITS != p:
                others.add(later >> LEVEL_BITS)
    return {p: len(others) for p, others in waiting_skills.items()}


def order_steps(
    index: CurriculumIndex,
    graph: StepGraph,
    chain: Mapping[int, float],
    current: Sequence[int] | None = None,
) -> list[int]:
    """A topological order of the steps, chosen greedily among those ready.

    - Tiers in order (every tier is closed under prerequisites, so none waits for a later).
    - A skill's next level follows at once when it is ready and in the same tier, and a
      skill already started goes on before any new one: each skill is learnt in one block
      wherever the prerequisites allow.
    - Otherwise theory and practice take turns (practice first: programming before maths),
      and within each: for practice, tools that need nothing the learner lacks at the start
      first (Python, Git; NumPy for someone who knows Python), and among them the tools
      theory is practised in (a direct prerequisite of a planned theory step: NumPy before
      a block of maths); then the skill that unlocks the most other planned skills, then
      the longest chain of hours it leads, then the skill's ``order`` among its siblings
      (``index.tie``: slug order when there is none), then slug and level.

    Deterministic. Raises CurriculumCycleError if the steps cannot all be placed (the index
    refuses cyclic curricula, so this is a safety net, not a loop).
    """
    tier = graph.tier
    dependants = graph.dependants
    waiting = dict(graph.waiting)
    theory = index.theory
    unlocked = unlocks(graph)
    tie = index.tie

    first_level = graph.first_level
    # Practice starts from the tools that need nothing the learner lacks (Python, Git,
    # spreadsheets; NumPy once Python is known): levels below a skill's first unmet
    # prerequisite. Theory starts from what unlocks the most (an intro ML course before more
    # maths).
    needs_from = {
        p: _first_prerequisite_level(index, p, current)
        for p in first_level
        if not theory[p] and not index.soft[p]
    }
    # The tools theory is practised in (NumPy for maths and ML) come before the theory.
    theory_tools = {
        step >> LEVEL_BITS
        for step, after in dependants.items()
        if not theory[step >> LEVEL_BITS] and any(theory[later >> LEVEL_BITS] for later in after)
    }

    def priority(step: int) -> tuple[int, bool, bool, bool, int, float, int, int]:
        p, level = step >> LEVEL_BITS, step & LEVEL_MASK
        # A skill already started goes on as soon as it can (one piece, not fragments).
        started = level > first_level[p]
        foundation = level < needs_from.get(p, 0)
        return (
            tier[step], not started, not foundation, not (foundation and p in theory_tools),
            -unlocked[p], -chain[step], tie[p], step,
        )  # fmt: skip

    # heaps[0] practice, heaps[1] theory
    heaps: tuple[list, list] = ([], [])
    for step, count in waiting.items():
        if not count:
            heaps[theory[step >> LEVEL_BITS]].append(priority(step))
    for heap in heaps:
        heapq.heapify(heap)
    order: list[int] = []
    last_theory = True  # so that practice comes first
    follow: int | None = None
    while True:
        next_step = follow if follow is not None else _next_from(heaps, last_theory)
        if next_step is None:
            break
        step = next_step
        follow = None
        order.append(step)
        last_theory = theory[step >> LEVEL_BITS]
        for after in dependants[step]:
            waiting[after] -= 1
            if not waiting[after]:
                if after == step + 1 and tier[after] == tier[step]:
                    follow = after  # the skill's next level, at once
                else:
                    heapq.heappush(heaps[theory[after >> LEVEL_BITS]], priority(after))
    if len(order) != len(graph.steps):
        raise CurriculumCycleError(["(steps could not be ordered)"])
    return order


def _is_own_tool(index: CurriculumIndex, p: int, level: int) -> bool:
    """A practice skill that needs no other skill up to ``level`` (spreadsheets, SQL, Git)."""
    return not index.theory[p] and not index.soft[p] and _first_prerequisite_level(index, p) > level


def _first_prerequisite_level(
    index: CurriculumIndex, p: int, current: Sequence[int] | None = None
) -> int:
    """The lowest level of the skill that needs another skill the learner does not have at
    the start (``current``; None: any other skill), MAX_LEVEL + 1 if none does."""
    groups = index.prerequisites[p]

    def lacking(k: int) -> bool:
        return any(current is None or current[q] < m for q, m in groups[k])

    return next((k for k in range(1, MAX_LEVEL + 1) if lacking(k)), MAX_LEVEL + 1)


def _next_from(heaps: tuple[list, list], last_theory: bool) -> int | None:
    """The best ready step, taking the other kind than the last one at the same tier."""
    practice, theory = heaps
    if not practice or not theory:
        if not practice and not theory:
            return None
        return heapq.heappop(practice or theory)[-1]
    if practice[0][:2] != theory[0][:2]:
        # An earlier tier, or a started skill going on, before taking turns.
        return heapq.heappop(min(heaps, key=lambda heap: heap[0][:2]))[-1]
    return heapq.heappop(practice if last_theory else theory)[-1]
