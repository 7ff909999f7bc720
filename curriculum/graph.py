"""Keeping the prerequisite graph a DAG: plain functions on slugs and ids, no database."""

from collections import deque
from collections.abc import Iterable, Mapping
from typing import TypeVar

from planner.engine.cycles import cycle_in, prerequisite_cycle, strongly_connected

ARROW = " → "
# A skill, named by its slug (a curriculum file) or its id (the database).
Node = TypeVar("Node", str, int)


def format_cycle(slugs: Iterable[str]) -> str:
    return ARROW.join(slugs)


# A cycle in ``{skill: [its prerequisite skills]}``, as ``[a, b, …, a]``, or None: the
# engine's cycle finder, the only one.
find_cycle = prerequisite_cycle


def prerequisite_knots(
    prerequisites: Mapping[str, Iterable[str]],
) -> list[tuple[list[str], list[str]]]:
    """Every knot of ``{skill: [its prerequisites]}`` (a strongly connected group of skills,
    so every cycle of the graph lies in one), each with one cycle through it, in which each
    skill is a prerequisite of the next, and all its members. A file is fixed in one pass
    when each knot is named, not only the first cycle found."""
    unlocks: dict[str, set[str]] = {skill: set() for skill in prerequisites}
    for skill, required in prerequisites.items():
        for other in required:
            if isinstance(other, str):
                unlocks.setdefault(other, set()).add(skill)
    knots: list[tuple[list[str], list[str]]] = []
    for component in strongly_connected(unlocks):
        if len(component) == 1 and not any(n in unlocks[n] for n in component):
            continue
        inside = {n: sorted(t for t in unlocks[n] if t in component) for n in component}
        cycle = cycle_in(inside)
        assert cycle is not None, "a knot (several skills, or one that needs itself) has a cycle"
        knots.append((cycle, sorted(component)))
    return sorted(knots, key=lambda knot: knot[1])


def path_between(
    start: Node, goal: Node, unlocks: Mapping[Node, Iterable[Node]]
) -> list[Node] | None:
    """The shortest path start → … → goal along ``unlocks`` edges (prerequisite → dependant)."""
    parents: dict[Node, Node | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while (parent := parents[path[-1]]) is not None:
                path.append(parent)
            return path[::-1]
        for nxt in sorted(unlocks.get(node, ())):
            if nxt not in parents:
                parents[nxt] = node
                queue.append(nxt)
    return None


def cycle_closed_by(
    skill: Node, required_skill: Node, unlocks: Mapping[Node, Iterable[Node]]
) -> list[Node] | None:
    """The cycle that making ``required_skill`` a prerequisite of ``skill`` would close."""
    if skill == required_skill:
        return [skill, skill]
    path = path_between(skill, required_skill, unlocks)
    # Not [required_skill, *path]: mypy cannot unpack a list of a constrained type variable.
    return [required_skill] + path if path else None
