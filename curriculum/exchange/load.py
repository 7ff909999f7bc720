"""Upserting a validated curriculum document into the database, all or nothing.

Only what differs is written, so loading the same file twice changes nothing (and does not
move the revision). In the default *replace* mode the file is the whole curriculum: entries
missing from it are deleted where nothing depends on them, and an entry still used
elsewhere (a learner's levels or roadmap, a target role) is *retired* instead: hidden from
the catalogue and from new plans, kept for history. In *merge* mode (a module) the file's
entries are added or updated and nothing else is touched.

A dry run does the same work inside a transaction that is then rolled back, so its report
is exactly what the load would do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Max, ProtectedError

from curriculum import models
from curriculum.exchange.document import LEVELS, CurriculumFileError
from curriculum.revision import bump_revision, revision_bumps_suppressed


@dataclass
class LoadReport:
    """What a load did (or, for a dry run, would do), one label per entry (``skill ml``).

    ``changed`` maps each existing entry that differs to what differs in it (its fields and
    child collections: ``levels``, ``prerequisites``, ``requirements``, …); an entry the
    load creates is only in ``created``, whatever rows it brings.
    """

    created: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    revision: int = 0
    mode: str = "replace"
    dry_run: bool = False

    @property
    def any_change(self) -> bool:
        return bool(self.created or self.changed or self.deleted or self.retired)

    def note_change(self, label: str, what: str) -> None:
        if label not in self.created:
            self.changed.setdefault(label, []).append(what)

    def summary(self) -> str:
        module = " (merge: other entries kept)" if self.mode == "merge" else ""
        if not self.any_change:
            verb = "would stay" if self.dry_run else "is"
            return f"Curriculum {verb} unchanged{module} (revision {self.revision})."
        counts = (
            f"{len(self.created)} created, {len(self.changed)} changed, "
            f"{len(self.deleted)} deleted, {len(self.retired)} retired"
        )
        if self.dry_run:
            return f"Dry run, nothing saved{module}: the load would make {counts}."
        return f"Curriculum loaded{module}: {counts} (revision {self.revision})."

    def lines(self) -> list[str]:
        """Every entry the load touches, one line each, in a stable order."""
        out = [f"created  {label}" for label in self.created]
        out += [f"changed  {label}: {', '.join(what)}" for label, what in self.changed.items()]
        out += [f"deleted  {label}" for label in self.deleted]
        out += [f"retired  {label} (still in use; hidden from new plans)" for label in self.retired]
        return out


class _DryRun(Exception):
    """Raised to roll a dry run back."""


def load_document(document: dict[str, Any], *, dry_run: bool = False) -> LoadReport:
    """Make the database hold ``document`` (see the module docstring)."""
    loader = _Loader(document.get("mode", "replace"))
    loader.report.dry_run = dry_run
    try:
        with transaction.atomic():
            with revision_bumps_suppressed():
                loader.run(document)
            loader.report.revision = models.CurriculumRevision.objects.get(pk=1).number
            if loader.report.any_change and not dry_run:
                loader.report.revision = bump_revision()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return loader.report


@contextmanager
def _naming(label: str) -> Iterator[None]:
    """Turn a database error into a refusal that names the entry being written."""
    try:
        yield
    except DatabaseError as error:
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        raise CurriculumFileError([f"{label}: the database refused it ({message})"]) from error


def _label(model, slug: str) -> str:
    return f"{model._meta.model_name} {slug}"


def _create_all(model, rows: list[tuple[str, Any]]) -> None:
    """Insert ``(label, unsaved row)`` pairs in batches; if the database refuses a batch,
    insert its rows one by one to name the entry it refuses."""
    if not rows:
        return
    try:
        with transaction.atomic():
            model.objects.bulk_create([row for _, row in rows], batch_size=BATCH_SIZE)
    except DatabaseError:
        for label, row in rows:
            row.pk = None
            with _naming(label), transaction.atomic():
                row.save(force_insert=True)
        raise  # every row went in alone: the batch failed for a reason no row shows


BATCH_SIZE = 500


# A level's columns, as the file gives them and as they are compared with the database.
_LEVEL_FIELDS = (
    "level",
    "descriptor",
    "hours",
    "descriptor_estimated",
    "hours_estimated",
    "practice",
)


def _live(entry: dict) -> bool:
    return False


def _fields(*keys: str, **computed):
    """The model values of a file entry, in the order of ``keys`` (the order changes are
    reported in): each the entry's own value, or the one ``computed`` from the entry."""

    def values(entry: dict) -> dict[str, Any]:
        return {key: computed[key](entry) if key in computed else entry[key] for key in keys}

    return values


class _Loader:
    def __init__(self, mode: str) -> None:
        self.report = LoadReport(mode=mode)
        self.merge = mode == "merge"
        self.in_file: dict[Any, set[str]] = {}

    def run(self, doc: dict[str, Any]) -> None:
        revision, _ = models.CurriculumRevision.objects.get_or_create(pk=1)
        if not self.merge and revision.name != doc["name"]:
            revision.name = doc["name"]
            revision.save(update_fields=["name"])
            self.report.changed["curriculum"] = ["name"]

        self.areas = self.upsert_all(models.Area, doc["areas"], _fields("name", "source"))
        self.skills = self.upsert_all(
            models.Skill,
            doc["skills"],
            _fields(
                "name",
                "area_id",
                "description",
                "order",
                "source",
                "is_retired",
                area_id=lambda s: self.areas[s["area"]].pk,
                is_retired=_live,
            ),
        )
        self.sync_levels(doc["skills"])
        self.sync_prerequisites(doc["skills"])
        self.sync_resources(doc["skills"])

        self.tasks = self.upsert_all(
            models.LifecycleTask,
            doc["tasks"],
            _fields("name", "description", "source", "is_retired", is_retired=_live),
        )
        for t in doc["tasks"]:
            self.sync_subtasks(self.tasks[t["slug"]], t)

        self.roles = self.upsert_all(
            models.Role,
            doc["roles"],
            _fields(
                "name", "description", "titles", "tools", "source", "is_retired", is_retired=_live
            ),
        )
        self.sync_roles(doc["roles"])

        self.projects = self.upsert_all(
            models.Project,
            doc["projects"],
            _fields(
                "name",
                "level",
                "hours",
                "description",
                "deliverables",
                "source",
                "dataset_title",
                "dataset_url",
                "is_retired",
                dataset_title=lambda p: (p.get("dataset") or {}).get("title", ""),
                dataset_url=lambda p: (p.get("dataset") or {}).get("url", ""),
                is_retired=_live,
            ),
        )
        self.sync_project_skills(doc["projects"])

        if self.merge:
            return
        # Dependants first, so a role or project no longer in the file frees its skills.
        for model in (models.Project, models.Role, models.LifecycleTask, models.Skill, models.Area):
            self.remove_missing(model, self.in_file[model])

    def upsert_all(self, model, entries: list[dict], values) -> dict[str, Any]:
        """Create or update the file's rows of ``model``, touching a row only when a value
        differs; return every row of the model by slug (in merge mode the others too, so
        entries can refer to them)."""
        existing = {o.slug: o for o in model.objects.all()}
        self.in_file[model] = {entry["slug"] for entry in entries}
        next_position = 0
        if self.merge:
            next_position = (model.objects.aggregate(last=Max("position"))["last"] or 0) + 1
        # Positions only keep the file's order: renumbering entries whose order among the
        # others is unchanged is bookkeeping, not a change to report.
        kept = [entry["slug"] for entry in entries if entry["slug"] in existing]
        by_position = sorted(kept, key=lambda slug: (existing[slug].position, slug))
        moved = {slug for slug, was in zip(kept, by_position, strict=True) if slug != was}
        new = []
        for index, entry in enumerate(entries):
            slug = entry["slug"]
            label = _label(model, slug)
            obj = existing.get(slug)
            wanted = values(entry)
            if obj is None:
                position = next_position + index if self.merge else index
                new.append((label, model(slug=slug, position=position, **wanted)))
                self.report.created.append(label)
                continue
            if not self.merge:
                wanted["position"] = index
            changed = [k for k, v in wanted.items() if getattr(obj, k) != v]
            if changed:
                for key in changed:
                    setattr(obj, key, wanted[key])
                with _naming(label):
                    obj.save(update_fields=changed)
                for key in changed:
                    if key == "position" and slug not in moved:
                        continue
                    what = "revived" if key == "is_retired" else key.removesuffix("_id")
                    self.report.note_change(label, what)
        _create_all(model, new)
        existing.update((obj.slug, obj) for _, obj in new)
        return existing

    def replace_children(self, model, parent_field: str, what: str, changed: list) -> None:
        """Replace the child rows of each ``(label, parent, current rows, new rows)``: one
        delete and one batched insert for them all, naming the entry the database refuses."""
        stale = [parent.pk for _, parent, current, _ in changed if current]
        if stale:
            with _naming(f"{what} of {', '.join(label for label, *_ in changed[:3])}"):
                model.objects.filter(**{f"{parent_field}__in": stale}).delete()
        _create_all(
            model, [(f"{label} {what}", row) for label, _, _, rows in changed for row in rows]
        )
        for label, *_ in changed:
            self.report.note_change(label, what)

    def sync_children(
        self,
        model,
        parent_field: str,
        what: str,
        parents: list[tuple[str, Any, dict]],
        columns: tuple[str, ...],
        wanted_of: Callable[[dict], list[tuple]],
        row_of: Callable[[Any, int, tuple], Any],
        *,
        order: tuple[str, ...] = (),
        any_order: bool = False,
    ) -> None:
        """Make each parent's child rows the ones its file entry gives.

        ``parents`` are (label, parent, entry); ``columns`` the child values compared, read
        in ``order`` (or compared in ``any_order``); ``wanted_of(entry)`` the entry's values
        in the same shape, and ``row_of(parent, position, values)`` a new child row. Only the
        children of parents whose values changed are replaced.
        """
        current = defaultdict(list)
        for parent_id, *row in (
            model.objects.filter(**{f"{parent_field}__in": [p.pk for _, p, _ in parents]})
            .order_by(parent_field, *order)
            .values_list(parent_field, *columns)
        ):
            current[parent_id].append(tuple(row))
        changed = []
        for label, parent, entry in parents:
            wanted, have = wanted_of(entry), current[parent.pk]
            if (sorted(have) if any_order else have) != wanted:
                rows = [row_of(parent, i, values) for i, values in enumerate(wanted)]
                changed.append((label, parent, have, rows))
        self.replace_children(model, parent_field, what, changed)

    def _skills(self, skills: list[dict]) -> list[tuple[str, Any, dict]]:
        return [(_label(models.Skill, s["slug"]), self.skills[s["slug"]], s) for s in skills]

    def sync_levels(self, skills: list[dict]) -> None:
        def wanted(s: dict) -> list[tuple]:  # in the order of _LEVEL_FIELDS
            guessed_text, guessed_hours = (
                set(s["estimated"]["levels"]),
                set(s["estimated"]["hours"]),
            )
            practice = s.get("practice", {})
            return [
                (
                    n,
                    s["levels"][n],
                    s["hours"][n - 1],
                    n in guessed_text,
                    n in guessed_hours,
                    practice.get(n, ""),
                )
                for n in LEVELS
            ]

        self.sync_children(
            models.SkillLevel,
            "skill_id",
            "levels",
            self._skills(skills),
            _LEVEL_FIELDS,
            wanted,
            lambda skill, _, values: models.SkillLevel(
                skill=skill, **dict(zip(_LEVEL_FIELDS, values, strict=True))
            ),
            order=("level",),
        )

    def sync_prerequisites(self, skills: list[dict]) -> None:
        self.sync_children(
            models.Prerequisite,
            "skill_id",
            "prerequisites",
            self._skills(skills),
            ("required_skill__slug", "required_level", "for_level"),
            lambda s: sorted((p["skill"], p["level"], p["for_level"]) for p in s["prerequisites"]),
            lambda skill, _, values: models.Prerequisite(
                skill=skill,
                required_skill=self.skills[values[0]],
                required_level=values[1],
                for_level=values[2],
            ),
            any_order=True,
        )

    def sync_resources(self, skills: list[dict]) -> None:
        fields = ("title", "url", "kind", "free", "hours", "levels")
        self.sync_children(
            models.Resource,
            "skill_id",
            "resources",
            self._skills(skills),
            fields,
            lambda s: [tuple(r[f] for f in fields) for r in s.get("resources", [])],
            lambda skill, i, values: models.Resource(
                skill=skill, position=i, **dict(zip(fields, values, strict=True))
            ),
            order=("position", "pk"),
        )

    def sync_subtasks(self, task: models.LifecycleTask, t: dict) -> None:
        current = [
            (st.name, st.examples, sorted(st.skills.values_list("slug", flat=True)))
            for st in task.subtasks.order_by("position")
        ]
        wanted = [(st["name"], st["examples"], sorted(st["skills"])) for st in t["subtasks"]]
        if current == wanted:
            return

        def create():
            for position, st in enumerate(t["subtasks"]):
                row = models.Subtask.objects.create(
                    task=task, name=st["name"], examples=st["examples"], position=position
                )
                row.skills.set([self.skills[slug] for slug in st["skills"]])

        label = _label(models.LifecycleTask, task.slug)
        with _naming(f"{label} subtasks"):
            task.subtasks.all().delete()
            create()
        self.report.note_change(label, "subtasks")

    def sync_roles(self, roles: list[dict]) -> None:
        ids = [self.roles[r["slug"]].pk for r in roles]
        alternatives = defaultdict(list)
        for requirement_id, slug in models.Requirement.alternatives.through.objects.filter(
            requirement__role_id__in=ids
        ).values_list("requirement_id", "skill__slug"):
            alternatives[requirement_id].append(slug)
        current = defaultdict(list)
        for pk, role_id, *row in (
            models.Requirement.objects.filter(role_id__in=ids)
            .order_by("role_id", "position")
            .values_list("pk", "role_id", "skill__slug", "level", "priority", "entry_level")
        ):
            current[role_id].append((*row, sorted(alternatives[pk])))
        tasks = defaultdict(list)
        for role_id, slug in models.Role.tasks.through.objects.filter(role_id__in=ids).values_list(
            "role_id", "lifecycletask__slug"
        ):
            tasks[role_id].append(slug)

        changed: list[tuple[str, models.Role, list, list[models.Requirement]]] = []
        alternatives_of: list[tuple[str, models.Requirement, list[str]]] = []
        for r in roles:
            role = self.roles[r["slug"]]
            label = _label(models.Role, role.slug)
            variant_of = self.roles[r["variant_of"]] if r["variant_of"] else None
            if role.variant_of_id != (variant_of.pk if variant_of else None):
                role.variant_of = variant_of
                with _naming(label):
                    role.save(update_fields=["variant_of"])
                self.report.note_change(label, "variant_of")

            if sorted(tasks[role.pk]) != sorted(r["tasks"]):
                with _naming(f"{label} tasks"):
                    role.tasks.set([self.tasks[slug] for slug in r["tasks"]])
                self.report.note_change(label, "tasks")

            wanted = [
                (
                    q["skill"],
                    q["level"],
                    q["priority"],
                    q.get("entry_level"),
                    sorted(q.get("alternatives", ())),
                )
                for q in r["requirements"]
            ]
            if current[role.pk] != wanted:
                rows = [
                    models.Requirement(
                        role=role,
                        skill=self.skills[slug],
                        level=level,
                        priority=priority,
                        entry_level=entry_level,
                        position=i,
                    )
                    for i, (slug, level, priority, entry_level, _) in enumerate(wanted)
                ]
                changed.append((label, role, current[role.pk], rows))
                alternatives_of.extend(
                    (label, row, others) for row, (*_, others) in zip(rows, wanted, strict=True)
                )
        self.replace_children(models.Requirement, "role_id", "requirements", changed)
        through = models.Requirement.alternatives.through
        _create_all(
            through,
            [
                (
                    f"{label} requirements",
                    through(requirement_id=row.pk, skill_id=self.skills[o].pk),
                )
                for label, row, others in alternatives_of
                for o in others
            ],
        )

    def sync_project_skills(self, projects: list[dict]) -> None:
        self.sync_children(
            models.ProjectSkill,
            "project_id",
            "skills",
            [(_label(models.Project, p["slug"]), self.projects[p["slug"]], p) for p in projects],
            ("skill__slug", "level"),
            lambda p: [(s["skill"], s["level"]) for s in p["skills"]],
            lambda project, i, values: models.ProjectSkill(
                project=project, skill=self.skills[values[0]], level=values[1], position=i
            ),
            order=("position",),
        )

    def remove_missing(self, model, kept: set[str]) -> None:
        """Delete what the file no longer has; retire what something still depends on.

        Deleting goes round until a pass frees nothing more, so an entry that was only
        protected by another missing entry (a base role by its variant) goes too.
        """
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
                    self.report.deleted.append(_label(model, obj.slug))
            if len(protected) == len(missing):
                break
            missing = protected
        for obj in missing:
            if getattr(obj, "is_retired", True):
                continue
            obj.is_retired = True
            obj.save(update_fields=["is_retired"])
            self.report.retired.append(_label(model, obj.slug))
