"""Why each item is in the plan, in the learner's words: the role's need first, three lines at
most."""

from __future__ import annotations

from collections.abc import Mapping

from .graph import LEVEL_BITS, Gap, split_step
from .index import CurriculumIndex
from .ordering import JOB_READY, NICE, PROFICIENT
from .projects import CAPSTONE, DEPLOYMENT, FIRST, PlacedProject

MAX_REASONS = 3

PROJECT_ROLES = {
    FIRST: "Your first hands-on project: practise early, then keep learning",
    DEPLOYMENT: "Capstone: an end-to-end deployment, a model served behind an API in a container",
    CAPSTONE: "Capstone: shows you are job-ready",
}


class ReasonWriter:
    """Writes the reasons of a plan's items.

    A step first says what the role needs of its skill ("Data scientist needs Statistics
    level 3 to be job-ready"), then which planned steps of other skills wait for it
    ("Prerequisite of Deep learning level 2"). A step the role does not need directly and no
    other skill waits for (a lower level on the way to a higher one) says where it leads.
    """

    def __init__(
        self,
        index: CurriculumIndex,
        targets,
        include_nice_to_have: bool,
        gap: Gap,
        dependants: Mapping[int, list[int]],
        tier: Mapping[int, int],
    ) -> None:
        self.names = index.names
        self.role_name = targets.name
        self.entry = targets.entry
        self.core = targets.core
        self.nice = targets.nice if include_nice_to_have else {}
        self.need_all = gap.need_all
        self.dependants = dependants
        self.tier = tier

    def for_step(self, step: int) -> tuple[str, ...]:
        p, level = split_step(step)
        need, phase = self._role_need(p, level)
        prerequisite_of = [
            f"Prerequisite of {self.names[q]} level {their_level}"
            for q, their_level in map(split_step, self._unlocked_by(p, level)[:MAX_REASONS])
        ]
        if need and phase <= max(self.tier[step], JOB_READY):
            reasons = [need, *prerequisite_of]
        else:
            # Learnt earlier than the role needs it: for what comes next, then the role's need.
            reasons = [*prerequisite_of, *([need] if need else [])]
        if not reasons:
            reasons.append(self._towards(p, level))
        return tuple(reasons[:MAX_REASONS])

    def for_project(self, placed: PlacedProject) -> tuple[str, ...]:
        project = placed.project
        practised = ", ".join(f"{self.names[p]} {level}" for p, level in project.skills)
        reasons = []
        if placed.role in PROJECT_ROLES:
            reasons.append(PROJECT_ROLES[placed.role])
        reasons.append(f"Practice for {self.role_name}: {practised}")
        return tuple(reasons[:MAX_REASONS])

    def _role_need(self, p: int, level: int) -> tuple[str, int]:
        """What the role needs of this skill at this level, and the tier that need is in."""
        name, role = self.names[p], self.role_name
        if level <= self.entry.get(p, 0):
            return f"{role} needs {name} level {self.entry[p]} to be job-ready", JOB_READY
        if level <= self.core.get(p, 0):
            return f"{role} needs {name} level {self.core[p]} to be proficient", PROFICIENT
        if level <= self.nice.get(p, 0):
            return f"{role} lists {name} level {self.nice[p]} as nice-to-have", NICE
        return "", NICE

    def _towards(self, p: int, level: int) -> str:
        name = self.names[p]
        for higher in range(level + 1, self.need_all[p] + 1):
            unlocked = self._unlocked_by(p, higher)
            if unlocked:
                q, their_level = split_step(unlocked[0])
                return (
                    f"Step towards {name} level {higher}, prerequisite of "
                    f"{self.names[q]} level {their_level}"
                )
        return f"Step towards {name} level {self.need_all[p]}"

    def _unlocked_by(self, p: int, level: int) -> list[int]:
        """Planned steps of other skills that wait for this one: those of the earliest phase
        first (what this step is learnt for now), then in slug and level order."""
        step = p << LEVEL_BITS | level
        tier = self.tier
        ranked = sorted(
            (tier[after], after) for after in self.dependants[step] if after >> LEVEL_BITS != p
        )
        return [after for _, after in ranked]
