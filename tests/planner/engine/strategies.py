"""Hypothesis strategies: random layered (so acyclic) curricula and learners to plan for."""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import strategies as st

from planner.engine import (
    Curriculum,
    LearnerState,
    Prerequisite,
    Project,
    Requirement,
    Role,
    Skill,
    SkillLevel,
)

levels = st.integers(min_value=1, max_value=5)
step_hours = st.integers(min_value=0, max_value=300).map(lambda half_hours: half_hours / 2)


@st.composite
def curricula(draw, max_skills: int = 12) -> Curriculum:
    """Skills in layers, each with prerequisites only on lower layers; 1–3 roles (one may be
    a variant of another), core and nice-to-have requirements, and a few projects."""
    count = draw(st.integers(min_value=1, max_value=max_skills))
    # Slugs in random order relative to layers, so slug order is not topological order.
    slugs = draw(st.permutations([f"{letter}-skill" for letter in string.ascii_lowercase[:count]]))
    layer_of = sorted(draw(st.lists(st.integers(0, 3), min_size=count, max_size=count)))
    skills = {}
    for n, slug in enumerate(slugs):
        below = [slugs[m] for m in range(count) if layer_of[m] < layer_of[n]]
        prerequisites = ()
        if below:
            prerequisites = tuple(
                draw(
                    st.lists(
                        st.builds(Prerequisite, st.sampled_from(below), levels, levels),
                        max_size=3,
                    )
                )
            )
        hours = tuple(draw(st.lists(step_hours, min_size=5, max_size=5)))
        # Two plain areas and, on some skills, an order among the area's skills (the
        # planner's tie-break, which must never break an invariant).
        skills[slug] = Skill(
            slug,
            slug.replace("-", " ").capitalize(),
            hours,
            prerequisites,
            area=draw(st.sampled_from(("area-one", "area-two"))),
            order=draw(st.none() | st.integers(0, 3)),
        )

    @st.composite
    def requirement(draw_requirement):
        level = draw_requirement(levels)
        return Requirement(
            draw_requirement(st.sampled_from(slugs)),
            level,
            draw_requirement(st.sampled_from(("core", "nice"))),
            draw_requirement(st.none() | st.integers(0, level)),
        )

    roles = {}
    for n in range(draw(st.integers(1, 3))):
        slug = f"role-{n}"
        variant_of = "role-0" if n > 0 and draw(st.booleans()) else None
        roles[slug] = Role(
            slug,
            f"Role {n}",
            tuple(draw(st.lists(requirement(), min_size=1 if n == 0 else 0, max_size=5))),
            variant_of=variant_of,
        )
    projects = tuple(
        Project(
            f"project-{n}",
            f"Project {n}",
            "beginner",
            float(draw(st.integers(1, 30))),
            tuple(
                draw(
                    st.lists(
                        st.builds(SkillLevel, st.sampled_from(slugs), levels),
                        min_size=1,
                        max_size=3,
                    )
                )
            ),
        )
        for n in range(draw(st.integers(0, 4)))
    )
    return Curriculum(skills=skills, roles=roles, projects=projects)


@st.composite
def learners(draw, curriculum: Curriculum) -> LearnerState:
    slugs = sorted(curriculum.skills)
    known = draw(st.lists(st.sampled_from(slugs), unique=True)) if slugs else []
    start = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)))
    target = draw(st.none() | st.integers(-30, 2000).map(lambda days: start + timedelta(days=days)))
    return LearnerState(
        levels={slug: draw(st.integers(0, 5)) for slug in known},
        weekly_hours=draw(st.integers(1, 20) | st.floats(1, 80, allow_nan=False)),
        start_date=start,
        target_date=target,
        include_nice_to_have=draw(st.booleans()),
    )


@dataclass(frozen=True)
class PlanningCase:
    curriculum: Curriculum
    role: str
    learner: LearnerState


@st.composite
def planning_cases(draw, max_skills: int = 12) -> PlanningCase:
    curriculum = draw(curricula(max_skills))
    role = draw(st.sampled_from(sorted(curriculum.roles)))
    return PlanningCase(curriculum, role, draw(learners(curriculum)))
