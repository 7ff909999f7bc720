"""The prerequisite graph: a role's requirements, and the gap a learner must close.

Steps are integers (steps.py): ``skill_position << 3 | to_level``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .curriculum import MAX_LEVEL, PRIORITIES
from .errors import CurriculumCycleError, InvalidCurriculum, UnknownRoleError, UnknownSkillError
from .steps import LEVEL_BITS, split_step
from .targets import Targets

if TYPE_CHECKING:
    from .index import CurriculumIndex


def resolve_role(index: CurriculumIndex, role_slug: str) -> Targets:
    """The role's requirements, its base roles' included (a variant adds or raises).

    Raises UnknownRoleError, CurriculumCycleError for a variant chain that loops, and
    UnknownSkillError / InvalidCurriculum for a requirement that cannot be planned.
    """
    cached = index.targets.get(role_slug)
    if cached is not None:
        return cached
    roles = index.roles
    if role_slug not in roles:
        raise UnknownRoleError(role_slug)
    chain = [role_slug]
    while (base := roles[chain[-1]].variant_of) is not None:
        if base not in roles:
            raise UnknownRoleError(base)
        if base in chain:
            loop = chain[chain.index(base) :] + [base]
            raise CurriculumCycleError(loop[::-1], what="Role variant cycle")
        chain.append(base)
    core: dict[int, int] = {}
    nice: dict[int, int] = {}
    entry: dict[int, int] = {}
    for slug in chain:
        for requirement in roles[slug].requirements:
            position = index.position.get(requirement.skill)
            if position is None:
                raise UnknownSkillError(requirement.skill, f"Role {slug!r}")
            if not 0 <= requirement.level <= MAX_LEVEL:
                raise InvalidCurriculum(
                    f"Role {slug!r} requires {requirement.skill!r} at level "
                    f"{requirement.level}, outside 0–{MAX_LEVEL}."
                )
            if requirement.priority not in PRIORITIES:
                raise InvalidCurriculum(
                    f"Role {slug!r}: priority of {requirement.skill!r} must be core or nice."
                )
            if requirement.entry_level is not None and not (
                0 <= requirement.entry_level <= requirement.level
            ):
                raise InvalidCurriculum(
                    f"Role {slug!r}: entry level of {requirement.skill!r} must be from 0 to "
                    f"its level {requirement.level}, got {requirement.entry_level}."
                )
            chosen = core if requirement.priority == "core" else nice
            if requirement.level > chosen.get(position, 0):
                chosen[position] = requirement.level
            if requirement.priority == "core":
                ready = requirement.job_ready_level
                if ready > entry.get(position, 0):
                    entry[position] = ready
    nice = {p: level for p, level in nice.items() if level > core.get(p, 0)}
    entry = {p: min(level, core[p]) for p, level in entry.items() if level}
    targets = Targets(role=role_slug, name=roles[role_slug].name, core=core, nice=nice, entry=entry)
    index.targets[role_slug] = targets
    return targets


def current_levels(index: CurriculumIndex, levels: Mapping[str, int]) -> list[int]:
    """The learner's level per skill position (0 where unknown; unknown skills ignored)."""
    current = [0] * len(index.slugs)
    position = index.position
    for slug, level in levels.items():
        p = position.get(slug)
        if p is not None:
            current[p] = level
    return current


def close_gap(
    index: CurriculumIndex,
    current: list[int],
    wanted: Mapping[int, int],
    need: dict[int, int] | None = None,
) -> dict[int, int]:
    """The level each skill must reach: ``wanted`` closed under prerequisites.

    Returns ``{position: level}`` only for skills above the learner's current level; the
    planned steps of a skill are ``current + 1 … level``. Reaching level k of B needs every
    prerequisite of B whose ``for_level`` ≤ k, including those for levels the learner
    already has. ``need`` (a previous result, copied) lets the nice-to-have closure extend
    the core one. Each skill's prerequisites are looked at most once per level it rises.
    """
    need = dict(need or {})
    groups_of = index.prerequisites
    first_groups_of = index.prerequisite_steps_upto
    stack = [(p, level) for p, level in wanted.items() if level > current[p]]
    while stack:
        p, level = stack.pop()
        already = need.get(p)
        if already is None:
            # Every prerequisite up to this level, at once (the common case).
            need[p] = level
            for q, m, _ in first_groups_of[p][level]:
                if m > current[q] and m > need.get(q, 0):
                    stack.append((q, m))
            continue
        if level <= already:
            continue
        need[p] = level
        groups = groups_of[p]
        for for_level in range(already + 1, level + 1):
            for q, m in groups[for_level]:
                if m > current[q] and m > need.get(q, 0):
                    stack.append((q, m))
    return need


def planned_steps(current: list[int], need: Mapping[int, int]) -> Iterable[int]:
    for p, top in need.items():
        base = p << LEVEL_BITS
        for level in range(current[p] + 1, top + 1):
            yield base | level


def step_predecessors(index: CurriculumIndex, current: list[int], step: int) -> list[int]:
    """The planned steps that must come right before ``step`` (a transitive reduction).

    The first planned step of a skill waits for every prerequisite with ``for_level`` up to
    its level; a later step waits for the level below it and the prerequisites for its own
    level only (the rest are already behind the level below).
    """
    p, level = split_step(step)
    groups = index.prerequisites[p]
    if level == current[p] + 1:
        before = []
        for_levels: Iterable[int] = range(1, level + 1)
    else:
        before = [step - 1]
        for_levels = (level,)
    for for_level in for_levels:
        for q, m in groups[for_level]:
            if m > current[q]:
                before.append(q << LEVEL_BITS | m)
    return before


@dataclass(frozen=True, slots=True)
class Gap:
    """What separates a learner from a role: the level each skill must reach, by phase.

    ``need_ready`` closes the core entry levels (job-ready); ``need_core`` extends it to the
    full core levels (proficient); ``need_all`` adds the nice-to-have ones when asked
    (otherwise it is ``need_core``). Each is closed under prerequisites and contains the one
    before, so the phases can be planned one after the other.
    """

    targets: Targets
    need_ready: Mapping[int, int]
    need_core: Mapping[int, int]
    need_all: Mapping[int, int]


def gap_for(
    index: CurriculumIndex, role_slug: str, current: list[int], include_nice_to_have: bool
) -> Gap:
    targets = resolve_role(index, role_slug)
    need_ready = close_gap(index, current, targets.entry)
    need_core = close_gap(index, current, targets.core, need_ready)
    need_all = (
        close_gap(index, current, targets.nice, need_core) if include_nice_to_have else need_core
    )
    return Gap(targets, need_ready, need_core, need_all)
