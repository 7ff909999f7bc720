"""Waymark's planning engine: plain Python, frozen dataclasses in and out, no Django.

What a plan means: docs/planner.md. The Django side builds a ``Curriculum`` (cached by
revision), calls ``build_plan`` / ``role_fit`` / ``ready_to_learn`` / ``assess_progress`` /
``diff_plans``, and stores or renders what comes back.
"""

from .curriculum import (
    MAX_LEVEL,
    Curriculum,
    Prerequisite,
    Project,
    Requirement,
    Role,
    Skill,
    SkillLevel,
    is_level,
)
from .cycles import find_cycle
from .diff import PlanDiff, diff_plans
from .errors import (
    CurriculumCycleError,
    InvalidCurriculum,
    InvalidLearnerState,
    PlanningError,
    UnknownRoleError,
    UnknownSkillError,
)
from .fit import RoleFit, Step, ready_to_learn, role_fit, role_profile, unmet_prerequisites
from .learner import MAX_WEEKLY_HOURS, MIN_WEEKLY_HOURS, LearnerState
from .plan import (
    Milestone,
    Plan,
    PlanItem,
    Stage,
    TargetVerdict,
    build_plan,
    weekly_hours_needed,
)
from .progress import ON_TRACK_TOLERANCE_WEEKS, Progress, assess_progress
from .schedule import STAGE_SPANS, stage_key

__all__ = [
    "MAX_LEVEL",
    "is_level",
    "MAX_WEEKLY_HOURS",
    "MIN_WEEKLY_HOURS",
    "ON_TRACK_TOLERANCE_WEEKS",
    "STAGE_SPANS",
    "Curriculum",
    "CurriculumCycleError",
    "InvalidCurriculum",
    "InvalidLearnerState",
    "LearnerState",
    "Milestone",
    "Plan",
    "PlanDiff",
    "PlanItem",
    "PlanningError",
    "Prerequisite",
    "Progress",
    "Project",
    "Requirement",
    "Role",
    "RoleFit",
    "Skill",
    "SkillLevel",
    "Stage",
    "Step",
    "TargetVerdict",
    "UnknownRoleError",
    "UnknownSkillError",
    "assess_progress",
    "build_plan",
    "diff_plans",
    "find_cycle",
    "ready_to_learn",
    "role_fit",
    "role_profile",
    "unmet_prerequisites",
    "stage_key",
    "weekly_hours_needed",
]
