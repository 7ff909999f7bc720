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
        steps: Sequence[int],
        dependants: Sequence[list[int] | None],
        tier: Sequence[int],
    ) -> None:
        self.names = index.names
        self.role_name = targets.name
        self.entry = targets.entry
        self.core = targets.core
        self.nice = targets.nice if include_nice_to_have else {}
        self.need_all = gap.need_all
        self.steps = steps
        self.dependants = dependants
        self.tier = tier
        # Many steps are prerequisites of the same later step: that line is written once.
        self._prerequisite_texts: dict[int, str] = {}
        self._worded: dict[int, tuple[str, ...]] | None = None

    def for_step(self, step: int) -> tuple[str, ...]:
        """The step's reasons. The first read words every step's, in one pass (whoever
        reads one item's reasons, storing or showing a plan, reads them all)."""
        worded = self._worded
        if worded is None:
            worded = self._worded = self._word_steps()
        return worded[step]

    def _word_steps(self) -> dict[int, tuple[str, ...]]:
        worded: dict[int, tuple[str, ...]] = {}
        dependants, tier, texts = self.dependants, self.tier, self._prerequisite_texts
        needs: list[tuple[int, str, int]] = []
        skill = -1
        # Steps in step-id order: a skill's levels one after the other, sharing its needs.
        for step in self.steps:
            p, level = step >> LEVEL_BITS, step & LEVEL_MASK
            if p != skill:
                needs, skill = self._role_needs(p), p
            need, phase = "", NICE
            for top, line, line_phase in needs:
                if level <= top:
                    need, phase = line, line_phase
                    break
            others: Sequence[int] | None = dependants[step]
            if not others:
                # Nothing else waits for it: the role's need, else where it leads (one line).
                worded[step] = (need,) if need else (self._towards(p, level),)
                continue
            if len(others) > 1:
                others = self._unlocked_by(step)[:MAX_REASONS]
            lines = [texts.get(after) or self._prerequisite_of(after) for after in others]
            if need:
                if phase <= max(tier[step], JOB_READY):
                    lines.insert(0, need)
                else:
                    # Learnt earlier than the role needs it: for what comes next, then the need.
                    lines.append(need)
            worded[step] = tuple(lines[:MAX_REASONS])
        return worded

    def for_project(self, placed: PlacedProject) -> tuple[str, ...]:
        project = placed.project
        practised = ", ".join(f"{self.names[p]} {level}" for p, level in project.skills)
        reasons = []
        if placed.role in PROJECT_ROLES:
            reasons.append(PROJECT_ROLES[placed.role])
        reasons.append(f"Practice for {self.role_name}: {practised}")
        return tuple(reasons[:MAX_REASONS])

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
