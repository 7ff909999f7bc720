"""The order of the steps: foundations and long chains first, core before nice-to-have."""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import CurriculumCycleError
from .graph import LEVEL_BITS, LEVEL_MASK, planned_steps, step_predecessors
from .index import CurriculumIndex


@dataclass(frozen=True, slots=True)
class StepGraph:
    """The planned steps with their dependants, and which are needed by core requirements."""

    steps: tuple[int, ...]
    dependants: Mapping[int, list[int]]
    waiting: Mapping[int, int]
    core: frozenset[int]


def step_graph(
    index: CurriculumIndex,
    current: list[int],
    need_core: Mapping[int, int],
    need_all: Mapping[int, int],
) -> StepGraph:
    steps = tuple(planned_steps(current, need_all))
    dependants: dict[int, list[int]] = {step: [] for step in steps}
    waiting = dict.fromkeys(steps, 0)
    for step in steps:
        before = step_predecessors(index, current, step)
        waiting[step] = len(before)
        for earlier in before:
            dependants[earlier].append(step)
    return StepGraph(
        steps=steps,
        dependants=dependants,
        waiting=waiting,
        core=frozenset(planned_steps(current, need_core)),
    )


def chain_hours(
    index: CurriculumIndex, current: list[int], need_all: Mapping[int, int], graph: StepGraph
) -> dict[int, float]:
    """Per step, the hours of the longest chain of planned steps that starts with it.

    For a core step only core dependants count (the chain "to a core requirement"); a
    nice-to-have step only has nice-to-have dependants anyway. Computed backwards along the
    curriculum's topological order of skills, highest level first, so each dependant is done
    before the steps it waits for.
    """
    hours = index.hours
    rank = index.rank
    dependants = graph.dependants
    core = graph.core
    chain: dict[int, float] = {}
    for p in sorted(need_all, key=rank.__getitem__, reverse=True):
        base = p << LEVEL_BITS
        for level in range(need_all[p], current[p], -1):
            step = base | level
            only_core = step in core
            longest = 0.0
            for after in dependants[step]:
                if only_core and after not in core:
                    continue
                if chain[after] > longest:
                    longest = chain[after]
            chain[step] = hours[p][level] + longest
    return chain


def order_steps(graph: StepGraph, chain: Mapping[int, float]) -> list[int]:
    """A topological order of the steps, chosen greedily among those ready.

    Priority: core before nice-to-have; then foundations, i.e. the lower level (level 1 of
    everything reachable before level 2 of anything, so the first months are broad, not one
    deep dive); then the longest chain in hours; then skill slug, then level. Core steps are
    closed under prerequisites, so all of them come before any nice-to-have step. Raises
    CurriculumCycleError if the steps cannot all be placed (the index refuses cyclic
    curricula, so this is a safety net, not a loop).
    """
    core = graph.core
    dependants = graph.dependants
    waiting = dict(graph.waiting)

    def priority(step: int) -> tuple[bool, int, float, int]:
        return (step not in core, step & LEVEL_MASK, -chain[step], step)

    ready = [priority(step) for step, count in waiting.items() if not count]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        step = heapq.heappop(ready)[-1]
        order.append(step)
        for after in dependants[step]:
            waiting[after] -= 1
            if not waiting[after]:
                heapq.heappush(ready, priority(after))
    if len(order) != len(graph.steps):
        raise CurriculumCycleError(["(steps could not be ordered)"])
    return order
