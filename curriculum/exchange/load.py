"""Upserting a validated curriculum document into the database, all or nothing.

Only what differs is written, so loading the same file twice changes nothing (and does not
move the revision). Entries missing from the file are deleted where nothing depends on
them; an entry still used elsewhere (a learner's levels or roadmap, a target role) is
*retired* instead: hidden from the catalogue and from new plans, kept for history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from curriculum.models import (
    Area,
    CurriculumRevision,
    LifecycleTask,
    Prerequisite,
    Project,
    ProjectSkill,
    Requirement,
    Role,
    Skill,
    SkillLevel,
    Subtask,
)
from curriculum.revision import bump_revision, revision_bumps_suppressed


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    revision: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed or self.retired)

    def summary(self) -> str:
        if not self.changed:
            return f"Curriculum unchanged (revision {self.revision})."
        return (
            f"Curriculum loaded: {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {len(self.retired)} retired "
            f"(revision {self.revision})."
        )


def load_document(document: dict[str, Any]) -> LoadReport:
    """Make the database hold exactly ``document`` (see the module docstring)."""
    with transaction.atomic():
        loader = _Loader()
        with revision_bumps_suppressed():
            loader.run(document)
        if loader.report.changed:
            bump_revision()
        loader.report.revision = CurriculumRevision.objects.get(pk=1).number
    return loader.report


def _upsert(model, slug: str, values: dict, report: LoadReport, existing: dict):
    """Create or update one slugged row, touching it only when a value differs."""
    label = f"{model._meta.model_name} {slug}"
    obj = existing.get(slug)
    if obj is None:
        obj = model.objects.create(slug=slug, **values)
        report.created.append(label)
        return obj, True
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        obj.save(update_fields=changed)
        report.updated.append(label)
    return obj, False


class _Loader:
    def __init__(self) -> None:
        self.report = LoadReport()

    def run(self, doc: dict[str, Any]) -> None:
        revision, _ = CurriculumRevision.objects.get_or_create(pk=1)
        if revision.name != doc["name"]:
            revision.name = doc["name"]
            revision.save(update_fields=["name"])
            self.report.updated.append("curriculum name")

        self.areas = self.upsert_all(Area, doc["areas"], lambda a: {"name": a["name"]})
        self.skills = self.upsert_all(
            Skill,
            doc["skills"],
            lambda s: {
                "name": s["name"],
                "area": self.areas[s["area"]],
                "description": s["description"],
                "is_retired": False,
            },
        )
        for s in doc["skills"]:
            self.sync_levels(self.skills[s["slug"]], s)
            self.sync_prerequisites(self.skills[s["slug"]], s)

        self.tasks = self.upsert_all(
            LifecycleTask,
            doc["tasks"],
            lambda t: {"name": t["name"], "description": t["description"], "is_retired": False},
        )
        for t in doc["tasks"]:
            self.sync_subtasks(self.tasks[t["slug"]], t)

        self.roles = self.upsert_all(
            Role,
            doc["roles"],
            lambda r: {
                "name": r["name"],
                "description": r["description"],
                "titles": r["titles"],
                "tools": r["tools"],
                "is_retired": False,
            },
        )
        for r in doc["roles"]:
            self.sync_role(self.roles[r["slug"]], r)

        self.projects = self.upsert_all(
            Project,
            doc["projects"],
            lambda p: {
                "name": p["name"],
                "level": p["level"],
                "hours": p["hours"],
                "description": p["description"],
                "deliverables": p["deliverables"],
                "is_retired": False,
            },
        )
        for p in doc["projects"]:
            self.sync_project_skills(self.projects[p["slug"]], p)

        # Dependants first, so a role or project no longer in the file frees its skills.
        self.remove_missing(Project, self.projects)
        self.remove_missing(Role, self.roles)
        self.remove_missing(LifecycleTask, self.tasks)
        self.remove_missing(Skill, self.skills)
        self.remove_missing(Area, self.areas)

    def upsert_all(self, model, entries: list[dict], values) -> dict[str, Any]:
        existing = {o.slug: o for o in model.objects.all()}
        out = {}
        for position, entry in enumerate(entries):
            obj, _ = _upsert(
                model,
                entry["slug"],
                {**values(entry), "position": position},
                self.report,
                existing,
            )
            out[entry["slug"]] = obj
        return out

    def replace_rows(self, label: str, current: list, wanted: list, rewrite) -> None:
        """Rewrite a child collection when it differs from the file."""
        if current != wanted:
            rewrite()
            self.report.updated.append(label)

    def sync_levels(self, skill: Skill, s: dict) -> None:
        current = [(lv.level, lv.descriptor, lv.hours) for lv in skill.levels.order_by("level")]
        wanted = [(n, s["levels"][n], s["hours"][n - 1]) for n in range(1, 6)]

        def rewrite():
            skill.levels.all().delete()
            SkillLevel.objects.bulk_create(
                SkillLevel(skill=skill, level=n, descriptor=d, hours=h) for n, d, h in wanted
            )

        self.replace_rows(f"skill {skill.slug} levels", current, wanted, rewrite)

    def sync_prerequisites(self, skill: Skill, s: dict) -> None:
        current = sorted(
            skill.prerequisites.values_list("required_skill__slug", "required_level", "for_level")
        )
        wanted = sorted((p["skill"], p["level"], p["for_level"]) for p in s["prerequisites"])

        def rewrite():
            skill.prerequisites.all().delete()
            Prerequisite.objects.bulk_create(
                Prerequisite(
                    skill=skill,
                    required_skill=self.skills[other],
                    required_level=level,
                    for_level=for_level,
                )
                for other, level, for_level in wanted
            )

        self.replace_rows(f"skill {skill.slug} prerequisites", current, wanted, rewrite)

    def sync_subtasks(self, task: LifecycleTask, t: dict) -> None:
        current = [
            (st.name, st.examples, sorted(st.skills.values_list("slug", flat=True)))
            for st in task.subtasks.order_by("position")
        ]
        wanted = [(st["name"], st["examples"], sorted(st["skills"])) for st in t["subtasks"]]

        def rewrite():
            task.subtasks.all().delete()
            for position, st in enumerate(t["subtasks"]):
                row = Subtask.objects.create(
                    task=task, name=st["name"], examples=st["examples"], position=position
                )
                row.skills.set([self.skills[slug] for slug in st["skills"]])

        self.replace_rows(f"task {task.slug} subtasks", current, wanted, rewrite)

    def sync_role(self, role: Role, r: dict) -> None:
        variant_of = self.roles[r["variant_of"]] if r["variant_of"] else None
        if role.variant_of_id != (variant_of.pk if variant_of else None):
            role.variant_of = variant_of
            role.save(update_fields=["variant_of"])
            self.report.updated.append(f"role {role.slug} variant_of")

        current_tasks = sorted(role.tasks.values_list("slug", flat=True))
        if current_tasks != sorted(r["tasks"]):
            role.tasks.set([self.tasks[slug] for slug in r["tasks"]])
            self.report.updated.append(f"role {role.slug} tasks")

        current = list(
            role.requirements.order_by("position").values_list("skill__slug", "level", "priority")
        )
        wanted = [(q["skill"], q["level"], q["priority"]) for q in r["requirements"]]

        def rewrite():
            role.requirements.all().delete()
            Requirement.objects.bulk_create(
                Requirement(
                    role=role, skill=self.skills[slug], level=level, priority=priority, position=i
                )
                for i, (slug, level, priority) in enumerate(wanted)
            )

        self.replace_rows(f"role {role.slug} requirements", current, wanted, rewrite)

    def sync_project_skills(self, project: Project, p: dict) -> None:
        current = list(
            project.skill_levels.order_by("position").values_list("skill__slug", "level")
        )
        wanted = [(s["skill"], s["level"]) for s in p["skills"]]

        def rewrite():
            project.skill_levels.all().delete()
            ProjectSkill.objects.bulk_create(
                ProjectSkill(project=project, skill=self.skills[slug], level=level, position=i)
                for i, (slug, level) in enumerate(wanted)
            )

        self.replace_rows(f"project {project.slug} skills", current, wanted, rewrite)

    def remove_missing(self, model, kept: dict[str, Any]) -> None:
        """Delete what the file no longer has; retire what something still depends on.

        Deleting goes round until a pass frees nothing more, so an entry that was only
        protected by another missing entry (a base role by its variant) goes too.
        """
        label = model._meta.model_name
        missing = list(model.objects.exclude(slug__in=kept).order_by("slug"))
        while missing:
            protected = []
            for obj in missing:
                try:
                    with transaction.atomic():
                        obj.delete()
                except (ProtectedError, IntegrityError):
                    protected.append(obj)
                else:
                    self.report.removed.append(f"{label} {obj.slug}")
            if len(protected) == len(missing):
                break
            missing = protected
        for obj in missing:
            if getattr(obj, "is_retired", True):
                continue
            obj.is_retired = True
            obj.save(update_fields=["is_retired"])
            self.report.retired.append(f"{label} {obj.slug}")
