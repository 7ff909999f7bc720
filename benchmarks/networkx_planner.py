"""The planner written the obvious way with networkx, as a yardstick for the engine.

The same steps as ``planner.engine.build_plan`` (the gap closed in phases: job-ready, core,
nice-to-have) in a topological order by phase, what unlocks most and longest chain (not the
engine's blocks and theory/practice turns), scheduled back to back; no projects, reasons,
stages or indexes: it builds everything from the curriculum on every call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import networkx as nx

from planner.engine import Curriculum, LearnerState, UnknownRoleError


@dataclass(frozen=True)
class NxItem:
    key: str
    hours: float
    start_week: float
    end_week: float
    start_date: date
    end_date: date


def role_requirements(curriculum: Curriculum, role_slug: str) -> tuple[dict, dict, dict]:
    """(core, nice, entry) levels per skill slug, base roles first, variants adding or
    raising."""
    if role_slug not in curriculum.roles:
        raise UnknownRoleError(role_slug)
    chain = []
    slug: str | None = role_slug
    while slug is not None:
        chain.append(curriculum.roles[slug])
        slug = curriculum.roles[slug].variant_of
    core: dict[str, int] = {}
    nice: dict[str, int] = {}
    entry: dict[str, int] = {}
    for role in chain:
        for requirement in role.requirements:
            levels = core if requirement.priority == "core" else nice
            levels[requirement.skill] = max(levels.get(requirement.skill, 0), requirement.level)
            if requirement.priority == "core":
                entry[requirement.skill] = max(
                    entry.get(requirement.skill, 0), requirement.job_ready_level
                )
    nice = {skill: level for skill, level in nice.items() if level > core.get(skill, 0)}
    return core, nice, entry


def closure(curriculum: Curriculum, current: dict, wanted: dict) -> dict:
    """Raise levels to a fixed point: every prerequisite of every needed level is needed."""
    need = {skill: level for skill, level in wanted.items() if level > current.get(skill, 0)}
    changed = True
    while changed:
        changed = False
        for skill, level in list(need.items()):
            for prerequisite in curriculum.skills[skill].prerequisites:
                if prerequisite.for_level > level:
                    continue
                have = max(current.get(prerequisite.skill, 0), need.get(prerequisite.skill, 0))
                if prerequisite.level > have:
                    need[prerequisite.skill] = prerequisite.level
                    changed = True
    return need


def plan_with_networkx(
    curriculum: Curriculum, role_slug: str, learner: LearnerState
) -> list[NxItem]:
    current = dict(learner.levels)
    core_levels, nice_levels, entry_levels = role_requirements(curriculum, role_slug)
    need_ready = closure(curriculum, current, entry_levels)
    need_core = closure(curriculum, current, _higher(core_levels, need_ready))
    wanted = {**core_levels, **nice_levels} if learner.include_nice_to_have else core_levels
    need_all = closure(curriculum, current, _higher(wanted, need_core))

    graph = nx.DiGraph()
    for skill, top in need_all.items():
        for level in range(current.get(skill, 0) + 1, top + 1):
            tier = 0 if level <= need_ready.get(skill, 0) else 1 + (level > need_core.get(skill, 0))
            graph.add_node(
                (skill, level), tier=tier, hours=curriculum.skills[skill].hours[level - 1]
            )
    for skill, level in list(graph.nodes):
        if (skill, level - 1) in graph:
            graph.add_edge((skill, level - 1), (skill, level))
        for prerequisite in curriculum.skills[skill].prerequisites:
            if (
                prerequisite.for_level <= level
                and (prerequisite.skill, prerequisite.level) in graph
            ):
                graph.add_edge((prerequisite.skill, prerequisite.level), (skill, level))

    chain = {}
    for node in reversed(list(nx.topological_sort(graph))):
        after = [
            chain[other]
            for other in graph.successors(node)
            if graph.nodes[other]["tier"] <= graph.nodes[node]["tier"]
        ]
        chain[node] = graph.nodes[node]["hours"] + max(after, default=0.0)
    waiting_skills: dict[str, set] = {skill: set() for skill in need_all}
    for before, after in graph.edges:
        if before[0] != after[0]:
            waiting_skills[before[0]].add(after[0])
    unlocks = {skill: len(others) for skill, others in waiting_skills.items()}
    order = list(
        nx.lexicographical_topological_sort(
            graph,
            key=lambda node: (graph.nodes[node]["tier"], -unlocks[node[0]], -chain[node], node),
        )
    )
    scheduled = [
        (f"skill:{skill}:{level}", graph.nodes[(skill, level)]["hours"]) for skill, level in order
    ]

    items = []
    done = 0.0
    for key, hours in scheduled:
        start = done / learner.weekly_hours
        done += hours
        end = done / learner.weekly_hours
        items.append(
            NxItem(
                key,
                hours,
                round(start, 2),
                round(end, 2),
                learner.start_date + timedelta(days=round(start * 7)),
                learner.start_date + timedelta(days=round(end * 7)),
            )
        )
    return items


def _higher(wanted: dict, need: dict) -> dict:
    return {skill: max(wanted.get(skill, 0), need.get(skill, 0)) for skill in {*wanted, *need}}
