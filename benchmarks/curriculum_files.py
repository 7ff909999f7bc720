"""Synthetic curriculum files of any size, for the load benchmark and large-file tests."""

from __future__ import annotations

import random
from typing import Any

from curriculum.exchange.document import FORMAT


def synthetic_curriculum(skills: int = 5000, *, areas: int = 20, seed: int = 13) -> dict[str, Any]:
    """A valid ``waymark-curriculum`` document: ``skills`` skills over ``areas`` areas, each
    with up to three prerequisites among earlier skills (so no cycle), ten roles of 15
    requirements and one project per 50 skills."""
    rng = random.Random(seed)
    area_slugs = [f"area-{n}" for n in range(areas)]
    skill_slugs = [f"skill-{n}" for n in range(skills)]
    document: dict[str, Any] = {
        "format": FORMAT,
        "name": f"Synthetic {skills}",
        "areas": [{"slug": slug, "name": slug.title()} for slug in area_slugs],
        "skills": [],
        "roles": [],
        "tasks": [],
        "projects": [],
    }
    for n, slug in enumerate(skill_slugs):
        earlier = rng.sample(skill_slugs[:n], min(n, rng.randint(0, 3)))
        document["skills"].append(
            {
                "slug": slug,
                "name": f"Skill {n}",
                "area": area_slugs[n % areas],
                "description": f"Synthetic skill number {n}.",
                "levels": {level: f"Skill {n} at level {level}." for level in range(1, 6)},
                "hours": [5 * level + n % 7 for level in range(1, 6)],
                "prerequisites": [
                    {"skill": other, "level": rng.randint(1, 3)} for other in sorted(earlier)
                ],
            }
        )
    for n in range(10):
        required = rng.sample(skill_slugs, min(15, skills))
        document["roles"].append(
            {
                "slug": f"role-{n}",
                "name": f"Role {n}",
                "requirements": [
                    {"skill": s, "level": rng.randint(2, 4), "priority": ("core", "nice")[i % 2]}
                    for i, s in enumerate(required)
                ],
            }
        )
    for n in range(max(1, skills // 50)):
        document["projects"].append(
            {
                "slug": f"project-{n}",
                "name": f"Project {n}",
                "level": ("beginner", "intermediate", "advanced")[n % 3],
                "hours": 20,
                "skills": [{"skill": s, "level": 2} for s in rng.sample(skill_slugs, 3)],
            }
        )
    return document
