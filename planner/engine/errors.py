"""What can go wrong when planning, as exceptions the Django side can turn into 400s."""

from __future__ import annotations

ARROW = " → "


class PlanningError(Exception):
    """Base of every error the planning engine raises on bad input."""


class UnknownRoleError(PlanningError):
    def __init__(self, role: str) -> None:
        self.role = role
        super().__init__(f"Unknown role: {role!r}.")


class UnknownSkillError(PlanningError):
    """The curriculum refers to a skill it does not define."""

    def __init__(self, skill: str, referenced_by: str) -> None:
        self.skill = skill
        self.referenced_by = referenced_by
        super().__init__(f"{referenced_by} refers to an unknown skill: {skill!r}.")


class InvalidCurriculum(PlanningError):
    """A curriculum value out of range (a level above 5, missing hours, …)."""


class CurriculumCycleError(PlanningError):
    """The prerequisites (or role variants) go round in a circle.

    ``cycle`` lists the slugs with the first repeated at the end, each one a prerequisite of
    the next: ``["a", "b", "c", "a"]`` reads "a → b → c → a".
    """

    def __init__(self, cycle: list[str], what: str = "Prerequisite cycle") -> None:
        self.cycle = list(cycle)
        super().__init__(f"{what}: {ARROW.join(self.cycle)}")


class InvalidLearnerState(PlanningError):
    """Weekly hours outside 1–80, a level outside 0–5, or dates that make no sense."""
