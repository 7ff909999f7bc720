"""Per-curriculum lookup tables, built once and memoised on the curriculum object."""

from __future__ import annotations

import itertools
import operator
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from .curriculum import MAX_LEVEL, Curriculum, Role
from .cycles import find_cycle
from .errors import CurriculumCycleError, InvalidCurriculum, UnknownSkillError
from .steps import LEVEL_BITS
from .targets import Targets

CACHE_KEY = "planner.engine.index"
# Areas studied as theory; the rest is practised with tools. The planner alternates the two.
THEORY_AREAS = frozenset({"mathematics", "machine-learning", "deep-learning"})
# Areas practised alongside work (communication, business sense): never front-loaded.
SOFT_AREAS = frozenset({"business-communication"})


@dataclass(frozen=True, slots=True)
class ProjectEntry:
    slug: str
    name: str
    hours: float
    # (skill position, level) in the order the project lists them.
    skills: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class CurriculumIndex:
    """The curriculum as positions and tuples, so that planning is integer work.

    Skills are numbered in slug order. ``hours[p][k]`` is the effort to reach level k
    (``[0]`` unused); ``prerequisites[p][f]`` lists ``(position, level)`` pairs that must be
    reached before level f of skill p. ``rank[p]`` is the skill's place in a topological
    order of the prerequisite graph. ``tie[p]`` is the skill's place when the planner breaks
    a tie: slug order, except that the skills of one area that declare an ``order`` take
    that area's places in their ``order`` (see ``_tie_break``).
    """

    slugs: tuple[str, ...]
    names: tuple[str, ...]
    position: Mapping[str, int]
    hours: tuple[tuple[float, ...], ...]
    prerequisites: tuple[tuple[tuple[tuple[int, int], ...], ...], ...]
    # ``prerequisite_steps[p][f]``: the pairs of ``prerequisites[p][f]`` as ``(position,
    # level, step id)``; ``prerequisite_steps_upto[p][k]``: those of every ``f`` up to k,
    # in that order (what the first planned level k of the skill waits for).
    prerequisite_steps: tuple[tuple[tuple[tuple[int, int, int], ...], ...], ...]
    prerequisite_steps_upto: tuple[tuple[tuple[tuple[int, int, int], ...], ...], ...]
    # The step ids alone of ``prerequisite_steps`` and ``prerequisite_steps_upto``: what a
    # step waits for when the learner has none of the prerequisite skills yet.
    prerequisite_ids: tuple[tuple[tuple[int, ...], ...], ...]
    prerequisite_ids_upto: tuple[tuple[tuple[int, ...], ...], ...]
    # Per skill, the skills that list it as a prerequisite (each once, in position order).
    required_by: tuple[tuple[int, ...], ...]
    # Per skill, the lowest level that needs another skill (MAX_LEVEL + 1 if none does).
    first_prerequisite_level: tuple[int, ...]
    rank: tuple[int, ...]
    tie: tuple[int, ...]
    theory: tuple[bool, ...]
    soft: tuple[bool, ...]
    projects: tuple[ProjectEntry, ...]
    roles: Mapping[str, Role]
    revision: int
    # Resolved role requirements, filled on first use.
    targets: dict[str, Targets] = field(default_factory=dict)


def index_of(curriculum: Curriculum) -> CurriculumIndex:
    """The curriculum's index, built on first use and kept in ``curriculum._cache``.

    Raises CurriculumCycleError if the prerequisites go round in a circle anywhere in the
    curriculum (the graph must be a DAG; a half-planned cycle helps nobody), and
    UnknownSkillError / InvalidCurriculum for data that cannot be planned. Failures are not
    cached: they are cheap to find again and the curriculum should be fixed instead.
    """
    index = curriculum._cache.get(CACHE_KEY)
    if index is None:
        index = build_index(curriculum)
        curriculum._cache[CACHE_KEY] = index
    return index


def build_index(curriculum: Curriculum) -> CurriculumIndex:
    slugs = tuple(sorted(curriculum.skills))
    position = {slug: p for p, slug in enumerate(slugs)}
    skills = [curriculum.skills[slug] for slug in slugs]
    prerequisites = tuple(
        _prerequisite_groups(skill, slug, position)
        for slug, skill in zip(slugs, skills, strict=True)
    )
    rank = _topological_rank(prerequisites)
    if rank is None:
        raise CurriculumCycleError(find_cycle(curriculum) or [])
    # Per skill and level: the prerequisite pairs with their step ids, and the ids alone.
    steps_of, ids_of = [], []
    required_by: list[list[int]] = [[] for _ in slugs]
    for p, groups in enumerate(prerequisites):
        steps_of.append(
            tuple([tuple([(q, m, q << LEVEL_BITS | m) for q, m in group]) for group in groups])
        )
        ids_of.append(tuple([tuple([q << LEVEL_BITS | m for q, m in group]) for group in groups]))
        for q in {q for group in groups for q, _ in group}:
            required_by[q].append(p)
    prerequisite_steps = tuple(steps_of)
    return CurriculumIndex(
        slugs=slugs,
        names=tuple(skill.name for skill in skills),
        position=position,
        hours=tuple(
            _step_hours(skill.hours, slug) for slug, skill in zip(slugs, skills, strict=True)
        ),
        prerequisites=prerequisites,
        prerequisite_steps=prerequisite_steps,
        prerequisite_steps_upto=_upto(prerequisite_steps),
        prerequisite_ids=tuple(ids_of),
        prerequisite_ids_upto=_upto(ids_of),
        required_by=tuple(map(tuple, required_by)),
        first_prerequisite_level=tuple(
            next((k for k in range(1, MAX_LEVEL + 1) if groups[k]), MAX_LEVEL + 1)
            for groups in prerequisites
        ),
        rank=rank,
        tie=_tie_break(skills),
        theory=tuple(skill.area in THEORY_AREAS for skill in skills),
        soft=tuple(skill.area in SOFT_AREAS for skill in skills),
        projects=tuple(
            _project_entry(project, position)
            for project in sorted(curriculum.projects, key=lambda project: project.slug)
        ),
        roles=curriculum.roles,
        revision=curriculum.revision,
    )


def _upto(groups_of):
    """Per skill, its per-level groups accumulated: level k holds those of every level ≤ k."""
    return tuple([tuple(itertools.accumulate(groups, operator.add)) for groups in groups_of])


def _tie_break(skills: list) -> tuple[int, ...]:
    """Per skill position (slug order), its place among otherwise-equal candidates.

    Within each area the skills keep the area's set of places but take them in ``order``
    (those without one after, by slug), so siblings with a lower ``order`` come first while
    skills of different areas stay in slug order relative to each other's places. A
    permutation of the positions; the identity when no skill has an ``order``.
    """
    tie = list(range(len(skills)))
    ordered_areas = {skill.area for skill in skills if skill.order is not None}
    if not ordered_areas:
        return tuple(tie)
    by_area: dict[str, list[int]] = {area: [] for area in ordered_areas}
    for p, skill in enumerate(skills):
        if skill.area in by_area:
            by_area[skill.area].append(p)
    for positions in by_area.values():
        ranked = sorted(
            positions,
            key=lambda p: (skills[p].order is None, skills[p].order or 0, p),
        )
        for place, p in zip(positions, ranked, strict=True):
            tie[p] = place
    return tuple(tie)


def _step_hours(hours: tuple[float, ...], slug: str) -> tuple[float, ...]:
    if len(hours) == 1:
        hours = tuple(hours) * MAX_LEVEL
    if len(hours) != MAX_LEVEL or any(h < 0 for h in hours):
        raise InvalidCurriculum(
            f"Skill {slug!r} needs {MAX_LEVEL} non-negative step hours, got {hours!r}."
        )
    return (0.0, *(float(h) for h in hours))


def _check_level(level: int, what: str) -> None:
    if not 1 <= level <= MAX_LEVEL:
        raise InvalidCurriculum(f"{what}: level {level} is outside 1–{MAX_LEVEL}.")


def _prerequisite_groups(skill, slug: str, position: Mapping[str, int]):
    groups: list[list[tuple[int, int]]] = [[] for _ in range(MAX_LEVEL + 1)]
    for prerequisite in skill.prerequisites:
        q = position.get(prerequisite.skill)
        if q is None:
            raise UnknownSkillError(prerequisite.skill, f"A prerequisite of {slug!r}")
        what = f"Prerequisite {prerequisite.skill!r} of {slug!r}"
        _check_level(prerequisite.level, what)
        _check_level(prerequisite.for_level, what)
        groups[prerequisite.for_level].append((q, prerequisite.level))
    return tuple(tuple(sorted(set(group))) for group in groups)


def _topological_rank(prerequisites) -> tuple[int, ...] | None:
    """Each skill's place in a topological order (Kahn), or None when there is a cycle."""
    count = len(prerequisites)
    unlocks: list[list[int]] = [[] for _ in range(count)]
    waiting = [0] * count
    for p, groups in enumerate(prerequisites):
        before = {q for group in groups for q, _ in group}
        waiting[p] = len(before)
        for q in before:
            unlocks[q].append(p)
    ready = deque(p for p in range(count) if not waiting[p])
    rank = [0] * count
    placed = 0
    while ready:
        p = ready.popleft()
        rank[p] = placed
        placed += 1
        for after in unlocks[p]:
            waiting[after] -= 1
            if not waiting[after]:
                ready.append(after)
    return tuple(rank) if placed == count else None


def _project_entry(project, position: Mapping[str, int]) -> ProjectEntry:
    skills = []
    for skill_level in project.skills:
        p = position.get(skill_level.skill)
        if p is None:
            raise UnknownSkillError(skill_level.skill, f"Project {project.slug!r}")
        _check_level(skill_level.level, f"Project {project.slug!r}, skill {skill_level.skill!r}")
        skills.append((p, skill_level.level))
    if project.hours < 0:
        raise InvalidCurriculum(f"Project {project.slug!r} has negative hours.")
    return ProjectEntry(project.slug, project.name, float(project.hours), tuple(skills))
