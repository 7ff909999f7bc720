"""Which roles a learner is closest to, and what they could start learning today."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .curriculum import MAX_LEVEL, Curriculum
from .graph import (
    close_gap,
    current_levels,
    gap_for,
    planned_steps,
    step_predecessors,
)
from .index import CurriculumIndex, index_of
from .learner import check_levels
from .steps import split_step, step_id


@dataclass(frozen=True, slots=True)
class Step:
    """One level of one skill: from ``from_level`` to ``to_level`` (= from_level + 1)."""

    skill: str
    skill_name: str
    from_level: int
    to_level: int
    hours: float

    @property
    def key(self) -> str:
        return f"skill:{self.skill}:{self.to_level}"


@dataclass(frozen=True, slots=True)
class RoleFit:
    """How close a learner is to a role.

    ``closeness`` is the share of the role's job-ready profile the learner already has: the
    skill hours it takes from zero minus those still needed, over those from zero (1.0 when
    the profile is empty). ``hours_to_ready`` and ``steps`` are what is left to job-ready,
    ``hours_to_proficient`` to the full profile (nice-to-have included when asked).
    ``weeks_to_ready`` is ``hours_to_ready`` at the learner's weekly hours, when given: what
    still tells roles apart for a learner who starts from nothing (closeness 0 everywhere).
    """

    role: str
    name: str
    hours_to_ready: float
    steps: int
    closeness: float = 0.0
    hours_to_proficient: float = 0.0
    weeks_to_ready: float | None = None


def make_step(index: CurriculumIndex, step: int) -> Step:
    p, level = split_step(step)
    return Step(index.slugs[p], index.names[p], level - 1, level, index.hours[p][level])


def role_fit(
    curriculum: Curriculum,
    levels: Mapping[str, int],
    include_nice_to_have: bool = False,
    weekly_hours: float | None = None,
) -> tuple[RoleFit, ...]:
    """Every role ranked by closeness, the closest first (DESIGN.md, "The planner", 9).

    Only skill steps count (projects are practice, not readiness). Ties go to fewer hours to
    job-ready, then role slug — so a complete beginner, equally far from every role, sees
    them by how soon each can be reached. Hours are rounded to two decimals, closeness to
    four, weeks (with ``weekly_hours``) to one.
    """
    check_levels(levels)
    index = index_of(curriculum)
    current = current_levels(index, levels)
    zero = [0] * len(current)
    fits = []
    for slug in sorted(index.roles):
        gap = gap_for(index, slug, current, include_nice_to_have)
        ready = list(planned_steps(current, gap.need_ready))
        to_ready = _hours(index, ready)
        from_zero = _hours(index, planned_steps(zero, close_gap(index, zero, gap.targets.entry)))
        closeness = 1.0 - to_ready / from_zero if from_zero else 1.0
        fits.append(
            RoleFit(
                slug,
                index.roles[slug].name,
                round(to_ready, 2),
                len(ready),
                round(closeness, 4),
                round(_hours(index, planned_steps(current, gap.need_all)), 2),
                round(to_ready / weekly_hours, 1) if weekly_hours else None,
            )
        )
    fits.sort(key=lambda fit: (-fit.closeness, fit.hours_to_ready, fit.role))
    return tuple(fits)


def _hours(index: CurriculumIndex, steps: Iterable[int]) -> float:
    return math.fsum(index.hours[p][level] for p, level in map(split_step, steps))


def ready_to_learn(
    curriculum: Curriculum,
    levels: Mapping[str, int],
    role_slug: str | None = None,
    include_nice_to_have: bool = False,
) -> tuple[Step, ...]:
    """The learner's frontier: next levels whose prerequisites are all met today.

    Each step is a skill's next level (current + 1). With ``role_slug``, only steps in that
    role's gap (nice-to-have ones when asked). Sorted by skill slug.
    """
    check_levels(levels)
    index = index_of(curriculum)
    current = current_levels(index, levels)
    if role_slug is None:
        candidates: Iterable[int] = (
            step_id(p, current[p] + 1) for p in range(len(current)) if current[p] < MAX_LEVEL
        )
    else:
        need = gap_for(index, role_slug, current, include_nice_to_have).need_all
        candidates = sorted(step_id(p, current[p] + 1) for p in need)
    return tuple(
        make_step(index, step) for step in candidates if not step_predecessors(index, current, step)
    )


def unmet_prerequisites(
    curriculum: Curriculum, skill: str, to_level: int, levels: Mapping[str, int]
) -> tuple[Step, ...]:
    """What is still missing before reaching ``to_level`` of ``skill``: the lower levels of
    the skill itself and every prerequisite level (direct ones, not their own prerequisites),
    each as the next step the learner would take towards it. Empty when nothing is missing
    or the skill is unknown."""
    entry = curriculum.skills.get(skill)
    if entry is None:
        return ()
    missing = []
    if levels.get(skill, 0) < to_level - 1:
        missing.append((skill, to_level - 1))
    for prerequisite in entry.prerequisites:
        if prerequisite.for_level <= to_level and levels.get(prerequisite.skill, 0) < (
            prerequisite.level
        ):
            missing.append((prerequisite.skill, prerequisite.level))
    steps = []
    for slug, level in missing:
        other = curriculum.skills.get(slug)
        if other is not None:
            steps.append(Step(slug, other.name, level - 1, level, other.hours[level - 1]))
    return tuple(steps)


def role_profile(
    curriculum: Curriculum, role_slug: str, include_nice_to_have: bool = False
) -> dict[str, int]:
    """Every skill a plan for the role can touch, starting from nothing, with the highest
    level it would reach: the role's requirements closed under prerequisites (slug → level).
    Raises ``UnknownRoleError`` for an unknown role."""
    index = index_of(curriculum)
    need = gap_for(index, role_slug, [0] * len(index.slugs), include_nice_to_have).need_all
    return {index.slugs[p]: level for p, level in need.items() if level > 0}
