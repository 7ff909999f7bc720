"""The planner written the obvious way with networkx, as a yardstick for the engine.

Same semantics as ``planner.engine.build_plan`` (gap closure, order, projects, schedule), no
reasons, stages or indexes: it builds everything from the curriculum on every call.
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


def role_requirements(curriculum: Curriculum, role_slug: str) -> tuple[dict, dict]:
    """(core, nice) levels per skill slug, base roles first, variants adding or raising."""
    if role_slug not in curriculum.roles:
        raise UnknownRoleError(role_slug)
    chain = []
    slug: str | None = role_slug
    while slug is not None:
        chain.append(curriculum.roles[slug])
        slug = curriculum.roles[slug].variant_of
    core: dict[str, int] = {}
    nice: dict[str, int] = {}
    for role in chain:
        for requirement in role.requirements:
            levels = core if requirement.priority == "core" else nice
            levels[requirement.skill] = max(levels.get(requirement.skill, 0), requirement.level)
    nice = {skill: level for skill, level in nice.items() if level > core.get(skill, 0)}
    return core, nice


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
    core_levels, nice_levels = role_requirements(curriculum, role_slug)
    need_core = closure(curriculum, current, core_levels)
    wanted = {**core_levels, **nice_levels} if learner.include_nice_to_have else core_levels
    both = {
        skill: max(wanted.get(skill, 0), need_core.get(skill, 0)) for skill in {*wanted, *need_core}
    }
    need_all = closure(curriculum, current, both)

    graph = nx.DiGraph()
    for skill, top in need_all.items():
        for level in range(current.get(skill, 0) + 1, top + 1):
            is_core = level <= need_core.get(skill, 0)
            graph.add_node(
                (skill, level), core=is_core, hours=curriculum.skills[skill].hours[level - 1]
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
            if graph.nodes[other]["core"] or not graph.nodes[node]["core"]
        ]
        chain[node] = graph.nodes[node]["hours"] + max(after, default=0.0)
    order = list(
        nx.lexicographical_topological_sort(
            graph,
            key=lambda node: (not graph.nodes[node]["core"], node[1], -chain[node], node),
        )
    )

    rows = [
        (f"skill:{skill}:{level}", graph.nodes[(skill, level)]["hours"]) for skill, level in order
    ]
    at = {node: place for place, node in enumerate(order)}
    projects_after: dict[int, list] = {}
    for project in sorted(curriculum.projects, key=lambda project: project.slug):
        missing = [(s.skill, s.level) for s in project.skills if s.level > current.get(s.skill, 0)]
        if missing and all(node in at for node in missing):
            projects_after.setdefault(max(at[node] for node in missing), []).append(project)
    scheduled = []
    for place, row in enumerate(rows):
        scheduled.append(row)
        scheduled.extend((f"project:{p.slug}", p.hours) for p in projects_after.get(place, []))

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
