"""Finding a cycle in the prerequisite graph: a leaf module, shared by the index and the graph."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .curriculum import Curriculum


def find_cycle(curriculum: Curriculum) -> list[str] | None:
    """A prerequisite cycle among the curriculum's skills, as ``[a, b, …, a]``, or None.

    There is an edge A → B when B lists a prerequisite on A, so each skill in the cycle is a
    prerequisite of the next. A skill listing itself is the cycle ``[a, a]``. Prerequisites
    on unknown skills are not edges. The search is depth-first in slug order, so the same
    curriculum always names the same cycle.
    """
    return prerequisite_cycle(
        {slug: [p.skill for p in skill.prerequisites] for slug, skill in curriculum.skills.items()}
    )


def prerequisite_cycle(prerequisites: Mapping[str, Iterable[str]]) -> list[str] | None:
    """The same for ``{node: [the nodes it requires]}``: a cycle in which each node is
    required by the next, or None (the curriculum file's checks use it on slugs)."""
    unlocks: dict[str, set[str]] = {node: set() for node in prerequisites}
    for node, required in prerequisites.items():
        for prerequisite in required:
            if prerequisite in unlocks:
                unlocks[prerequisite].add(node)
    return cycle_in({node: sorted(after) for node, after in unlocks.items()})


def cycle_in(edges: Mapping[str, Iterable[str]]) -> list[str] | None:
    """The first cycle an iterative depth-first search finds in ``edges``, or None."""
    done: set[str] = set()
    for root in sorted(edges):
        if root in done:
            continue
        path = [root]
        on_path = {root: 0}
        stack = [iter(edges[root])]
        while stack:
            node = next(stack[-1], None)
            if node is None:
                stack.pop()
                finished = path.pop()
                del on_path[finished]
                done.add(finished)
                continue
            if node in on_path:
                return [*path[on_path[node] :], node]
            if node in done or node not in edges:
                continue
            on_path[node] = len(path)
            path.append(node)
            stack.append(iter(edges[node]))
    return None


def strongly_connected(edges: Mapping[str, Iterable[str]]) -> list[set[str]]:
    """The strongly connected components of ``edges`` ({node: [successors]}), by Tarjan's
    algorithm without recursion (a long prerequisite chain must not hit the recursion limit).
    Successors that are not keys of ``edges`` are ignored."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(edges[root]))]
        while work:
            node, successors = work[-1]
            nxt = next(successors, None)
            if nxt is not None:
                if nxt not in edges:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(edges[nxt])))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components
