"""The curriculum graph as the engine sees it, loaded in a fixed number of queries.

Snapshots are cached per process by curriculum revision: a revision names one immutable
curriculum, so a cached graph can never be stale, only unused.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from curriculum.models import (
    Prerequisite,
    Project,
    ProjectSkill,
    Requirement,
    Role,
    SkillLevel,
    Subtask,
)
from curriculum.revision import revision_stamp
from planner.any_of import resolve_any_of
from planner.engine.curriculum import (
    MAX_LEVEL,
    Curriculum,
    Prerequisite as EnginePrerequisite,
    Project as EngineProject,
    Requirement as EngineRequirement,
    Role as EngineRole,
    Skill as EngineSkill,
    SkillLevel as EngineSkillLevel,
)


@dataclass(frozen=True)
class Snapshot:
    """The graph, and the database ids of its skills and projects by slug (for storing plans)."""

    graph: Curriculum
    skill_ids: Mapping[str, int]
    project_ids: Mapping[str, int]
    # "One of these skills" requirements: role → {the skill the graph lists: the other
    # members}. The graph lists the first member; curriculum_graph_for() picks per learner.
    any_of: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)


_lock = threading.Lock()
_cache: dict[tuple[int, float], Snapshot] = {}


def curriculum_snapshot() -> Snapshot:
    """The live curriculum (one query when cached, seven when not)."""
    stamp = revision_stamp()
    cached = _cache.get(stamp)
    if cached is not None:
        return cached
    snapshot = load_snapshot(stamp[0])
    with _lock:
        _cache.clear()  # only the newest revision is worth keeping
        _cache[stamp] = snapshot
    return snapshot


def curriculum_graph() -> Curriculum:
    """The live curriculum graph (one query when cached, seven when not)."""
    return curriculum_snapshot().graph


def load_snapshot(revision: int) -> Snapshot:
    hours: dict[int, list[float]] = defaultdict(lambda: [1.0] * MAX_LEVEL)
    slugs: dict[int, str] = {}
    names: dict[int, str] = {}
    areas: dict[int, str] = {}
    orders: dict[int, int | None] = {}
    for skill_id, slug, name, area, order, level, level_hours in SkillLevel.objects.filter(
        skill__is_retired=False
    ).values_list(
        "skill_id",
        "skill__slug",
        "skill__name",
        "skill__area__slug",
        "skill__order",
        "level",
        "hours",
    ):
        hours[skill_id][level - 1] = level_hours
        slugs[skill_id], names[skill_id], areas[skill_id] = slug, name, area
        orders[skill_id] = order

    prerequisites: dict[int, list[EnginePrerequisite]] = defaultdict(list)
    for skill_id, required_slug, level, for_level in Prerequisite.objects.filter(
        skill__is_retired=False, required_skill__is_retired=False
    ).values_list("skill_id", "required_skill__slug", "required_level", "for_level"):
        prerequisites[skill_id].append(EnginePrerequisite(required_slug, level, for_level))

    skills = {
        slugs[pk]: EngineSkill(
            slug=slugs[pk],
            name=names[pk],
            hours=tuple(hours[pk]),
            prerequisites=tuple(sorted(prerequisites[pk], key=lambda p: (p.for_level, p.skill))),
            area=areas[pk],
            order=orders[pk],
        )
        for pk in sorted(slugs, key=slugs.get)
    }

    requirements: dict[int, list[EngineRequirement]] = defaultdict(list)
    for role_id, skill_slug, level, priority, entry_level in (
        Requirement.objects.filter(role__is_retired=False, skill__is_retired=False)
        .order_by("role_id", "position")
        .values_list("role_id", "skill__slug", "level", "priority", "entry_level")
    ):
        requirements[role_id].append(EngineRequirement(skill_slug, level, priority, entry_level))
    subtask_skills: dict[int, set[str]] = defaultdict(set)
    for subtask_id, skill_slug in Subtask.skills.through.objects.filter(
        skill__is_retired=False
    ).values_list("subtask_id", "skill__slug"):
        subtask_skills[subtask_id].add(skill_slug)
    task_skills: dict[int, list[frozenset[str]]] = defaultdict(list)
    for role_id, subtask_id in (
        Role.tasks.through.objects.filter(lifecycletask__is_retired=False)
        .order_by("role_id", "lifecycletask__slug", "lifecycletask__subtasks__position")
        .values_list("role_id", "lifecycletask__subtasks__id")
    ):
        if subtask_id is not None:
            task_skills[role_id].append(frozenset(subtask_skills[subtask_id]))
    roles = {
        slug: EngineRole(
            slug=slug,
            name=name,
            requirements=tuple(requirements[pk]),
            variant_of=variant_of,
            task_skills=tuple(task_skills[pk]),
        )
        for pk, slug, name, variant_of in Role.objects.filter(is_retired=False)
        .order_by("slug")
        .values_list("pk", "slug", "name", "variant_of__slug")
    }

    any_of: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for role, listed, other in (
        Requirement.alternatives.through.objects.filter(
            requirement__role__is_retired=False,
            requirement__skill__is_retired=False,
            skill__is_retired=False,
        )
        .order_by("skill__slug")
        .values_list("requirement__role__slug", "requirement__skill__slug", "skill__slug")
    ):
        any_of[role][listed].append(other)

    project_levels: dict[int, list[EngineSkillLevel]] = defaultdict(list)
    for project_id, skill_slug, level in (
        ProjectSkill.objects.filter(project__is_retired=False)
        .order_by("project_id", "position")
        .values_list("project_id", "skill__slug", "level")
    ):
        project_levels[project_id].append(EngineSkillLevel(skill_slug, level))
    project_rows = list(
        Project.objects.filter(is_retired=False)
        .order_by("slug")
        .values_list("pk", "slug", "name", "level", "hours")
    )
    projects = tuple(
        EngineProject(slug, name, level, project_hours, tuple(project_levels[pk]))
        for pk, slug, name, level, project_hours in project_rows
    )
    return Snapshot(
        graph=Curriculum(skills=skills, roles=roles, projects=projects, revision=revision),
        skill_ids={slug: pk for pk, slug in slugs.items()},
        project_ids={slug: pk for pk, slug, *_ in project_rows},
        any_of={
            role: {listed: tuple(others) for listed, others in groups.items()}
            for role, groups in any_of.items()
        },
    )


def graph_from_document(document: dict) -> Curriculum:
    """The engine's graph straight from a parsed curriculum file, without the database."""
    skills = {
        s["slug"]: EngineSkill(
            slug=s["slug"],
            name=s["name"],
            hours=tuple(s["hours"]),
            prerequisites=tuple(
                sorted(
                    (
                        EnginePrerequisite(p["skill"], p["level"], p["for_level"])
                        for p in s["prerequisites"]
                    ),
                    key=lambda p: (p.for_level, p.skill),
                )
            ),
            area=s["area"],
            order=s.get("order"),
        )
        for s in sorted(document["skills"], key=lambda s: s["slug"])
    }
    subtasks = {t["slug"]: t["subtasks"] for t in document.get("tasks", ())}
    roles = {
        r["slug"]: EngineRole(
            slug=r["slug"],
            name=r["name"],
            requirements=tuple(
                EngineRequirement(q["skill"], q["level"], q["priority"], q["entry_level"])
                for q in r["requirements"]
            ),
            variant_of=r["variant_of"],
            task_skills=tuple(
                frozenset(subtask.get("skills", ()))
                for task in r.get("tasks", ())
                for subtask in subtasks.get(task, ())
            ),
        )
        for r in sorted(document["roles"], key=lambda r: r["slug"])
    }
    projects = tuple(
        EngineProject(
            p["slug"],
            p["name"],
            p["level"],
            p["hours"],
            tuple(EngineSkillLevel(x["skill"], x["level"]) for x in p["skills"]),
        )
        for p in sorted(document["projects"], key=lambda p: p["slug"])
    )
    return Curriculum(skills=skills, roles=roles, projects=projects, revision=0)


def any_of_members(role: str) -> set[str]:
    """Every skill that can meet one of the role's any_of requirements."""
    groups = curriculum_snapshot().any_of.get(role, {})
    return {skill for listed, others in groups.items() for skill in (listed, *others)}


def curriculum_graph_for(levels: Mapping[str, int], snapshot: Snapshot | None = None) -> Curriculum:
    """The live graph as one learner's plan sees it: each any_of requirement becomes the
    member this learner already meets, else the one cheapest for them to reach (see
    :func:`resolve_any_of`). Without any_of requirements this is the shared graph."""
    snapshot = snapshot or curriculum_snapshot()
    return resolve_any_of(snapshot.graph, snapshot.any_of, levels)
