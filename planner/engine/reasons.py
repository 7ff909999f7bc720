"""Why each item is in the plan, in the learner's words."""

from __future__ import annotations

from collections.abc import Mapping

from .graph import LEVEL_BITS, Targets, split_step
from .index import CurriculumIndex, ProjectEntry


class ReasonWriter:
    """Writes the reasons of a plan's items.

    A step gets every direct reason it has: the role requires exactly that level, or it is
    a prerequisite of a planned step of another skill. A step with no direct reason (a lower
    level on the way to a higher one) says which higher level it leads to and why that one
    is needed.
    """

    def __init__(
        self,
        index: CurriculumIndex,
        targets: Targets,
        include_nice_to_have: bool,
        need_all: Mapping[int, int],
        dependants: Mapping[int, list[int]],
    ) -> None:
        self.names = index.names
        self.role_name = targets.name
        self.core = targets.core
        self.nice = targets.nice if include_nice_to_have else {}
        self.need_all = need_all
        self.dependants = dependants

    def for_step(self, step: int) -> tuple[str, ...]:
        p, level = split_step(step)
        direct = self._direct(p, level)
        if direct:
            return tuple(direct)
        name = self.names[p]
        role = self.role_name
        for higher in range(level + 1, self.need_all[p] + 1):
            if self.core.get(p) == higher or self.nice.get(p) == higher:
                return (f"Step towards {name} level {higher} required by {role}",)
            unlocked = self._unlocked_by(p, higher)
            if unlocked:
                q, their_level = split_step(unlocked[0])
                return (
                    f"Step towards {name} level {higher}, prerequisite of "
                    f"{self.names[q]} level {their_level} (for {role})",
                )
        return (f"Step towards {name} level {self.need_all[p]} for {role}",)

    def for_project(self, project: ProjectEntry) -> tuple[str, ...]:
        practised = ", ".join(f"{self.names[p]} level {level}" for p, level in project.skills)
        return (f"Practises {practised} as soon as your planned levels allow",)

    def _direct(self, p: int, level: int) -> list[str]:
        reasons = []
        if self.core.get(p) == level:
            reasons.append(f"Required by {self.role_name} at level {level} (core)")
        if self.nice.get(p) == level:
            reasons.append(f"Required by {self.role_name} at level {level} (nice-to-have)")
        for after in self._unlocked_by(p, level):
            q, their_level = split_step(after)
            reason = f"Prerequisite of {self.names[q]} level {their_level} (for {self.role_name})"
            if reason not in reasons:
                reasons.append(reason)
        return reasons

    def _unlocked_by(self, p: int, level: int) -> list[int]:
        """Planned steps of other skills that wait for this one, in slug and level order."""
        step = p << LEVEL_BITS | level
        return sorted(after for after in self.dependants[step] if after >> LEVEL_BITS != p)
