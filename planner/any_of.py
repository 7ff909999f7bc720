"""Requirements met by one of several skills (a curriculum's ``any_of``), made plain for
the engine: per learner, each becomes the one member their plan should use.

Plain Python on the engine's dataclasses, no Django: the engine itself knows nothing of
any_of, so the Django side resolves it before planning (planner.snapshot).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace

from planner.engine.curriculum import Curriculum


def any_of_from_document(document: dict) -> dict[str, dict[str, tuple[str, ...]]]:
    """A parsed file's any_of requirements, shaped like ``Snapshot.any_of``."""
    return {
        r["slug"]: {
            q["skill"]: tuple(sorted(q["alternatives"]))
            for q in r["requirements"]
            if q.get("alternatives")
        }
        for r in document["roles"]
        if any(q.get("alternatives") for q in r["requirements"])
    }


_resolved_lock = threading.Lock()
_resolved: dict[tuple, Curriculum] = {}
RESOLVED_GRAPHS_KEPT = 256


def resolve_any_of(
    graph: Curriculum,
    any_of: Mapping[str, Mapping[str, tuple[str, ...]]],
    levels: Mapping[str, int],
) -> Curriculum:
    """``graph`` with each "one of these skills at level k" requirement replaced by one member.

    A member the learner already holds at level k meets the requirement; otherwise the
    member with the fewest extra hours to level k is planned: hours from the learner's
    levels, counting the prerequisites it pulls in, less what the role's other
    requirements make them learn anyway (ties: the order the file lists them). Graphs are
    shared between learners who get the same choices.
    """
    choices: dict[tuple[str, str], str] = {}
    for role_slug, groups in any_of.items():
        role = graph.roles.get(role_slug)
        if role is None:
            continue
        # What the plan holds anyway: the learner's levels raised by the other requirements.
        anyway = dict(levels)
        for requirement in role.requirements:
            if requirement.skill not in groups:
                for slug, wanted in _needed(graph, requirement.skill, requirement.level, levels):
                    anyway[slug] = max(anyway.get(slug, 0), wanted)
        for requirement in role.requirements:
            others = groups.get(requirement.skill)
            if others:
                members = [requirement.skill, *(o for o in others if o in graph.skills)]
                choices[role_slug, requirement.skill] = min(
                    members,
                    key=lambda m: _hours_to_reach(graph, m, requirement.level, anyway),
                )
    chosen = frozenset((key, member) for key, member in choices.items() if member != key[1])
    if not chosen:
        return graph
    key = (id(graph), graph.revision, chosen)
    cached = _resolved.get(key)
    if cached is not None and cached.skills is graph.skills:
        return cached
    picks = dict(chosen)
    roles = {
        slug: replace(
            role,
            requirements=tuple(
                replace(q, skill=picks[slug, q.skill]) if (slug, q.skill) in picks else q
                for q in role.requirements
            ),
        )
        for slug, role in graph.roles.items()
    }
    resolved = Curriculum(
        skills=graph.skills, roles=roles, projects=graph.projects, revision=graph.revision
    )
    with _resolved_lock:
        if len(_resolved) >= RESOLVED_GRAPHS_KEPT:
            _resolved.clear()
        _resolved[key] = resolved
    return resolved


def _needed(
    graph: Curriculum, skill: str, level: int, levels: Mapping[str, int]
) -> list[tuple[str, int]]:
    """The skill levels above ``levels`` that reaching ``level`` of ``skill`` takes, with
    the prerequisites it pulls in."""
    need: dict[str, int] = {}
    stack = [(skill, level)]
    while stack:
        slug, wanted = stack.pop()
        have = max(levels.get(slug, 0), need.get(slug, 0))
        node = graph.skills.get(slug)
        if node is None or have >= wanted:
            continue
        need[slug] = wanted
        stack.extend((p.skill, p.level) for p in node.prerequisites if have < p.for_level <= wanted)
    return list(need.items())


def _hours_to_reach(graph: Curriculum, skill: str, level: int, levels: Mapping[str, int]) -> float:
    """Hours from ``levels`` to ``level`` of ``skill``, with the prerequisites it needs."""
    return sum(
        sum(graph.skills[slug].hours[levels.get(slug, 0) : wanted])
        for slug, wanted in _needed(graph, skill, level, levels)
    )
