"""Keeping the prerequisite graph a DAG."""

from collections import deque
from collections.abc import Iterable, Mapping
from graphlib import CycleError, TopologicalSorter

from django.core.exceptions import ValidationError

ARROW = " → "


def format_cycle(slugs: Iterable[str]) -> str:
    return ARROW.join(slugs)


def find_cycle(prerequisites: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle in ``{skill: [its prerequisite skills]}``, as ``[a, b, …, a]``, or None.

    In the cycle each skill is a prerequisite of the next one.
    """
    try:
        TopologicalSorter(prerequisites).prepare()
    except CycleError as error:
        return list(error.args[1])
    return None


def path_between(start: str, goal: str, unlocks: Mapping[str, Iterable[str]]) -> list[str] | None:
    """The shortest path start → … → goal along ``unlocks`` edges (prerequisite → dependant)."""
    parents: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while parents[path[-1]] is not None:
                path.append(parents[path[-1]])
            return path[::-1]
        for nxt in sorted(unlocks.get(node, ())):
            if nxt not in parents:
                parents[nxt] = node
                queue.append(nxt)
    return None


def cycle_closed_by(
    skill: str, required_skill: str, unlocks: Mapping[str, Iterable[str]]
) -> list[str] | None:
    """The cycle that making ``required_skill`` a prerequisite of ``skill`` would close."""
    if skill == required_skill:
        return [skill, skill]
    path = path_between(skill, required_skill, unlocks)
    return [required_skill, *path] if path else None


def check_prerequisites_close_no_cycle(
    *,
    skill_id: int,
    required_skill_ids: Iterable[int],
    replace_all: bool = False,
    ignore_pk: int | None = None,
) -> None:
    """Raise ValidationError naming the cycle if these prerequisites of a skill would close one.

    With ``replace_all`` the given prerequisites stand for all of the skill's (an admin
    inline); otherwise they are added to the saved ones, less the row ``ignore_pk``.
    """
    from curriculum.models import Prerequisite, Skill

    saved = Prerequisite.objects.all()
    saved = saved.exclude(skill_id=skill_id) if replace_all else saved.exclude(pk=ignore_pk)
    required = sorted(set(required_skill_ids))
    unlocks: dict[int, set[int]] = {}
    for source, target in [
        *saved.values_list("required_skill_id", "skill_id"),
        *((r, skill_id) for r in required),
    ]:
        unlocks.setdefault(source, set()).add(target)
    for required_skill_id in required:
        cycle = cycle_closed_by(skill_id, required_skill_id, unlocks)
        if cycle:
            slugs = dict(Skill.objects.filter(pk__in=cycle).values_list("pk", "slug"))
            raise ValidationError(
                "This prerequisite would close a cycle: %(cycle)s",
                code="prerequisite_cycle",
                params={"cycle": format_cycle(slugs[pk] for pk in cycle)},
            )
