"""Writing the curriculum in the database back out as a ``waymark-curriculum/1`` file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Prefetch

from curriculum.exchange.document import FORMAT
from curriculum.models import (
    Area,
    CurriculumRevision,
    LifecycleTask,
    Project,
    Role,
    Skill,
    Subtask,
)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _source(entry) -> dict:
    return {"source": entry.source} if entry.source else {}


def export_document() -> dict[str, Any]:
    """The live (non-retired) curriculum as a document that ``load_document`` accepts."""
    revision = CurriculumRevision.objects.filter(pk=1).first()
    skills = (
        Skill.objects.filter(is_retired=False)
        .select_related("area")
        .prefetch_related("levels", "prerequisites__required_skill", "resources")
    )
    roles = (
        Role.objects.filter(is_retired=False)
        .select_related("variant_of")
        .prefetch_related("tasks", "requirements__skill", "requirements__alternatives")
    )
    tasks = LifecycleTask.objects.filter(is_retired=False).prefetch_related(
        Prefetch("subtasks", Subtask.objects.prefetch_related("skills"))
    )
    projects = Project.objects.filter(is_retired=False).prefetch_related("skill_levels__skill")
    return {
        "format": FORMAT,
        "name": revision.name if revision else "AI careers",
        "areas": [{"slug": a.slug, "name": a.name} | _source(a) for a in Area.objects.all()],
        "skills": [_skill(s) for s in skills],
        "roles": [_role(r) for r in roles],
        "tasks": [_task(t) for t in tasks],
        "projects": [_project(p) for p in projects],
    }


def _skill(s: Skill) -> dict:
    levels = sorted(s.levels.all(), key=lambda lv: lv.level)
    prerequisites = sorted(
        s.prerequisites.all(), key=lambda p: (p.for_level, p.required_skill.slug)
    )
    estimated = {
        "levels": [lv.level for lv in levels if lv.descriptor_estimated],
        "hours": [lv.level for lv in levels if lv.hours_estimated],
    }
    hours = [_number(lv.hours) for lv in levels]
    return (
        {
            "slug": s.slug,
            "name": s.name,
            "area": s.area.slug,
            "description": s.description,
            "levels": {lv.level: lv.descriptor for lv in levels},
            # A list reads as "levels 1–5"; a skill saved with fewer levels names them.
            "hours": hours if len(hours) == 5 else {lv.level: _number(lv.hours) for lv in levels},
            "prerequisites": [
                {"skill": p.required_skill.slug, "level": p.required_level}
                | ({"for_level": p.for_level} if p.for_level != 1 else {})
                for p in prerequisites
            ],
        }
        | ({"order": s.order} if s.order is not None else {})
        | _source(s)
        | (
            {"estimated": {k: v for k, v in estimated.items() if v}}
            if any(estimated.values())
            else {}
        )
        | _study(s, levels)
    )


def _study(s: Skill, levels: list) -> dict:
    """The skill's practice tasks and resources, only when it has some (older files stay)."""
    out: dict = {}
    practice = {lv.level: lv.practice for lv in levels if lv.practice}
    if practice:
        out["practice"] = practice
    resources = sorted(s.resources.all(), key=lambda r: (r.position, r.pk))
    if resources:
        out["resources"] = [
            {"title": r.title, "url": r.url, "kind": r.kind, "free": r.free}
            | ({"hours": _number(r.hours)} if r.hours is not None else {})
            | {"levels": list(r.levels)}
            for r in resources
        ]
    return out


def _requirement(q) -> dict:
    """A requirement as the file writes it: ``entry_level`` only where one is set."""
    alternatives = sorted(skill.slug for skill in q.alternatives.all())
    if alternatives:
        row = {"any_of": [q.skill.slug, *alternatives], "level": q.level, "priority": q.priority}
    else:
        row = {"skill": q.skill.slug, "level": q.level, "priority": q.priority}
    if q.entry_level is not None:
        row["entry_level"] = q.entry_level
    return row


def _role(r: Role) -> dict:
    return {
        "slug": r.slug,
        "name": r.name,
        "description": r.description,
        "titles": list(r.titles),
        "tasks": sorted(t.slug for t in r.tasks.all()),
        "tools": list(r.tools),
        "variant_of": r.variant_of.slug if r.variant_of else None,
        "requirements": [
            _requirement(q) for q in sorted(r.requirements.all(), key=lambda q: q.position)
        ],
    } | _source(r)


def _task(t: LifecycleTask) -> dict:
    return {
        "slug": t.slug,
        "name": t.name,
        "description": t.description,
        "subtasks": [
            {
                "name": st.name,
                "examples": list(st.examples),
                "skills": sorted(sk.slug for sk in st.skills.all()),
            }
            for st in t.subtasks.all()
        ],
    } | _source(t)


def _project(p: Project) -> dict:
    return (
        {
            "slug": p.slug,
            "name": p.name,
            "level": p.level,
            "hours": _number(p.hours),
            "description": p.description,
            "deliverables": list(p.deliverables),
            "skills": [
                {"skill": ps.skill.slug, "level": ps.level}
                for ps in sorted(p.skill_levels.all(), key=lambda ps: ps.position)
            ],
        }
        | _source(p)
        | ({"dataset": {"title": p.dataset_title, "url": p.dataset_url}} if p.dataset_url else {})
    )


def dump(document: dict[str, Any], *, json_format: bool = False) -> str:
    if json_format:
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return yaml.dump(
        document,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )


def write_file(path: str | Path) -> dict[str, Any]:
    document = export_document()
    path = Path(path)
    path.write_text(dump(document, json_format=path.suffix.lower() == ".json"), encoding="utf-8")
    return document
