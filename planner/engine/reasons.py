"""Why each item is in the plan, in the learner's words: the role's need first, three lines at
most."""

from __future__ import annotations

from collections.abc import Sequence

from .graph import Gap
from .index import CurriculumIndex
from .ordering import JOB_READY, NICE, PROFICIENT
from .projects import CAPSTONE, DEPLOYMENT, FIRST, PlacedProject
from .steps import LEVEL_BITS, LEVEL_MASK, split_step

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
        dependants: Sequence[list[int] | None],
        tier: Sequence[int],
    ) -> None:
        self.names = index.names
        self.role_name = targets.name
        self.entry = targets.entry
        self.core = targets.core
        self.nice = targets.nice if include_nice_to_have else {}
        self.need_all = gap.need_all
        self.dependants = dependants
        self.tier = tier
        # Lines shared by several steps are written once: a skill's levels share the role's
        # needs, and many steps are prerequisites of the same later step (by step id).
        self._needs: dict[int, list[tuple[int, str, int]]] = {}
        self._prerequisite_texts: dict[int, str] = {}
        self._worded: dict[int, tuple[str, ...]] = {}

    def for_step(self, step: int) -> tuple[str, ...]:
        """The step's reasons, worded on the first read (a plan's items read them lazily)."""
        words = self._worded.get(step)
        if words is None:
            words = self._worded[step] = self._word_step(step)
        return words

    def _word_step(self, step: int) -> tuple[str, ...]:
        p, level = step >> LEVEL_BITS, step & LEVEL_MASK
        need, phase = self._role_need(p, level)
        others = self.dependants[step]
        if not others:
            # Nothing else waits for it: the role's need, else where it leads (one line).
            return (need,) if need else (self._towards(p, level),)
        texts = self._prerequisite_texts
        lines = [
            texts.get(after) or self._prerequisite_of(after)
            for after in (others if len(others) == 1 else self._unlocked_by(step)[:MAX_REASONS])
        ]
        if need:
            if phase <= max(self.tier[step], JOB_READY):
                lines.insert(0, need)
            else:
                # Learnt earlier than the role needs it: for what comes next, then the need.
                lines.append(need)
        return tuple(lines[:MAX_REASONS])

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
        needs = self._needs.get(p)
        if needs is None:
            needs = self._needs[p] = self._role_needs(p)
        for top, need, phase in needs:
            if level <= top:
                return need, phase
        return "", NICE

    def _role_needs(self, p: int) -> list[tuple[int, str, int]]:
        """The role's needs of a skill: (up to which level, the line, its tier), lowest first."""
        name, role = self.names[p], self.role_name
        needs = []
        if level := self.entry.get(p, 0):
            needs.append((level, f"{role} needs {name} level {level} to be job-ready", JOB_READY))
        if level := self.core.get(p, 0):
            needs.append((level, f"{role} needs {name} level {level} to be proficient", PROFICIENT))
        if level := self.nice.get(p, 0):
            needs.append((level, f"{role} lists {name} level {level} as nice-to-have", NICE))
        return needs

    def _towards(self, p: int, level: int) -> str:
        name = self.names[p]
        base = p << LEVEL_BITS
        for higher in range(level + 1, self.need_all[p] + 1):
            unlocked = self._unlocked_by(base | higher)
            if unlocked:
                q, their_level = split_step(unlocked[0])
                return (
                    f"Step towards {name} level {higher}, prerequisite of "
                    f"{self.names[q]} level {their_level}"
                )
        return f"Step towards {name} level {self.need_all[p]}"

    def _unlocked_by(self, step: int) -> Sequence[int]:
        """Planned steps of other skills that wait for this one: those of the earliest phase
        first (what this step is learnt for now), then in slug and level order."""
        others = self.dependants[step] or ()
        # They are in step-id order, so a stable sort by tier finishes the job.
        if len(others) == 2:
            first, second = others
            if self.tier[second] < self.tier[first]:
                return (second, first)
        elif len(others) > 2:
            return sorted(others, key=self.tier.__getitem__)
        return others

    def _prerequisite_of(self, step: int) -> str:
        q, level = split_step(step)
        text = self._prerequisite_texts[step] = f"Prerequisite of {self.names[q]} level {level}"
        return text
