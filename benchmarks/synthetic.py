"""Random curricula shaped like the real one, for tests and benchmarks.

Skills sit in layers; each skill's prerequisites come from earlier layers only (mostly the
one just below), so the graph is acyclic by construction. Same arguments, same curriculum.
"""

from __future__ import annotations

import math
import random

from planner.engine import curriculum as model

GENERALIST = "generalist"


def layered_curriculum(
    skills: int,
    prerequisites_per_skill: int = 3,
    *,
    layers: int | None = None,
    projects: int | None = None,
    seed: int = 0,
) -> model.Curriculum:
    """A curriculum of ``skills`` skills in ``layers`` layers (default about √skills / 2).

    Every skill above the first layer has ``prerequisites_per_skill`` prerequisites (fewer
    only when fewer skills sit below it). Roles: ``generalist`` requires every top-layer
    skill (mostly core, some nice-to-have), ``generalist-plus`` is its variant raising a few,
    and ``specialist`` requires a handful of random skills. ``projects`` (default one per ten
    skills) each list one to three skill levels.
    """
    rng = random.Random(seed)
    layers = layers or max(2, round(math.sqrt(skills) / 2))
    width = max(1, math.ceil(skills / layers))
    slugs = [f"s{n:05d}" for n in range(skills)]
    layer_of = [n // width for n in range(skills)]
    built = {}
    for n, slug in enumerate(slugs):
        below_start = (layer_of[n] - 1) * width
        prerequisites = []
        if layer_of[n] > 0:
            chosen: set[int] = set()
            wanted = min(prerequisites_per_skill, layer_of[n] * width)
            while len(chosen) < wanted:
                if rng.random() < 2 / 3:
                    chosen.add(rng.randrange(below_start, below_start + width))
                else:
                    chosen.add(rng.randrange(0, below_start + width))
            prerequisites = [
                model.Prerequisite(slugs[q], rng.randint(1, 3), rng.choice((1, 1, 2, 3)))
                for q in sorted(chosen)
            ]
        base = rng.uniform(2, 20)
        built[slug] = model.Skill(
            slug=slug,
            name=f"Skill {n}",
            hours=tuple(round(base * 1.6**level, 1) for level in range(model.MAX_LEVEL)),
            prerequisites=tuple(prerequisites),
        )
    top = [slug for n, slug in enumerate(slugs) if layer_of[n] == layer_of[-1]]
    roles = {
        GENERALIST: model.Role(
            GENERALIST,
            "Generalist",
            tuple(
                model.Requirement(slug, rng.randint(2, 4), "core" if rng.random() < 0.8 else "nice")
                for slug in top
            ),
        ),
        "generalist-plus": model.Role(
            "generalist-plus",
            "Generalist plus",
            tuple(model.Requirement(slug, 5, "core") for slug in rng.sample(top, min(3, len(top)))),
            variant_of=GENERALIST,
        ),
        "specialist": model.Role(
            "specialist",
            "Specialist",
            tuple(
                model.Requirement(
                    slug, rng.randint(1, model.MAX_LEVEL), rng.choice(("core", "nice"))
                )
                for slug in rng.sample(slugs, min(5, skills))
            ),
        ),
    }
    project_count = skills // 10 if projects is None else projects
    built_projects = tuple(
        model.Project(
            slug=f"p{n:05d}",
            name=f"Project {n}",
            level=rng.choice(("beginner", "intermediate", "advanced")),
            hours=float(rng.randint(5, 60)),
            skills=tuple(
                model.SkillLevel(slug, rng.randint(1, 4))
                for slug in rng.sample(slugs, min(rng.randint(1, 3), skills))
            ),
        )
        for n in range(project_count)
    )
    return model.Curriculum(skills=built, roles=roles, projects=built_projects)


def prerequisite_count(curriculum: model.Curriculum) -> int:
    return sum(len(skill.prerequisites) for skill in curriculum.skills.values())
