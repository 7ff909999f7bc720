"""The read-only curriculum graph the planner works on.

Plain frozen dataclasses: the Django side builds one from the database (or from a
curriculum file) and hands it to the engine; nothing here knows about Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

MAX_LEVEL = 5


def is_level(value: object) -> bool:
    """Whether ``value`` is a learner's level: a whole number from 0 to MAX_LEVEL."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_LEVEL


PRIORITIES = ("core", "nice")


@dataclass(frozen=True, slots=True)
class Prerequisite:
    """Before reaching level ``for_level`` of the owning skill, reach ``level`` of ``skill``."""

    skill: str
    level: int
    for_level: int = 1


@dataclass(frozen=True, slots=True)
class Skill:
    slug: str
    name: str
    # hours[i] is the effort to go from level i to level i + 1 (five entries).
    hours: tuple[float, ...]
    prerequisites: tuple[Prerequisite, ...] = ()
    area: str = ""
    # Rank among the skills of its area (the source's sibling order): the planner's tie-break
    # between otherwise-equal steps, before the slug. None: no order, slug order as before.
    order: int | None = None


@dataclass(frozen=True, slots=True)
class Requirement:
    """The role needs ``skill`` at ``level`` (the full profile of an experienced practitioner).

    ``entry_level`` is what a hiring manager expects of a junior (job-ready); None means the
    same as ``level``.
    """

    skill: str
    level: int
    priority: str = "core"  # "core" or "nice"
    entry_level: int | None = None

    @property
    def job_ready_level(self) -> int:
        if self.entry_level is None:
            return self.level
        return min(self.entry_level, self.level)


@dataclass(frozen=True, slots=True)
class Role:
    slug: str
    name: str
    requirements: tuple[Requirement, ...] = ()
    variant_of: str | None = None
    # The skills of each subtask of the role's lifecycle tasks (``tasks`` in the curriculum
    # file): a project that practises one of them is relevant above one that merely shares a
    # skill with the role.
    task_skills: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True, slots=True)
class SkillLevel:
    skill: str
    level: int


@dataclass(frozen=True, slots=True)
class Project:
    slug: str
    name: str
    level: str  # beginner | intermediate | advanced
    hours: float
    skills: tuple[SkillLevel, ...] = ()


@dataclass(frozen=True, slots=True)
class Curriculum:
    skills: Mapping[str, Skill]
    roles: Mapping[str, Role]
    projects: tuple[Project, ...] = ()
    revision: int = 0
    # Derived indexes, filled lazily by the engine and keyed by nothing but this object.
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
