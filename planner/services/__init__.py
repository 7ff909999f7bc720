"""Learner and roadmap operations: the one way the API, pages, commands and tasks change state."""

from planner.services.learners import (
    ProfileChange,
    ensure_profile,
    set_skill_levels,
    touch_activity,
    update_profile,
)
from planner.services.roadmaps import (
    REASON_BEHIND,
    ReassessResult,
    build_roadmap,
    preview_plan,
    reassess,
    update_item,
)

__all__ = [
    "REASON_BEHIND",
    "ProfileChange",
    "ReassessResult",
    "build_roadmap",
    "ensure_profile",
    "preview_plan",
    "reassess",
    "set_skill_levels",
    "touch_activity",
    "update_item",
    "update_profile",
]
