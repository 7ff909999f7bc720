"""Reading and validating a curriculum file into a normalised document.

The whole file is checked before anything touches the database, and every problem is
reported with the entry it belongs to, so a curator can fix a file in one pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from curriculum.graph import find_cycle, format_cycle
from planner.engine.curriculum import MAX_LEVEL

FORMAT = "waymark-curriculum/1"
LEVELS = range(1, MAX_LEVEL + 1)
PROJECT_LEVELS = ("beginner", "intermediate", "advanced")
PRIORITIES = ("core", "nice")

TOP_KEYS = {"format", "name", "areas", "skills", "roles", "tasks", "projects"}
AREA_KEYS = ({"slug", "name"}, set())
SKILL_KEYS = ({"slug", "name", "area", "levels", "hours"}, {"description", "prerequisites"})
PREREQ_KEYS = ({"skill", "level"}, {"for_level"})
ROLE_KEYS = (
    {"slug", "name"},
    {"description", "titles", "tasks", "tools", "variant_of", "requirements"},
)
REQUIREMENT_KEYS = ({"skill", "level"}, {"priority"})
TASK_KEYS = ({"slug", "name"}, {"description", "subtasks"})
SUBTASK_KEYS = ({"name"}, {"examples", "skills"})
PROJECT_KEYS = ({"slug", "name", "level", "hours"}, {"description", "deliverables", "skills"})
SKILL_LEVEL_KEYS = ({"skill", "level"}, set())


class CurriculumFileError(ValueError):
    """A curriculum file that cannot be loaded; ``errors`` names each bad entry."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("The curriculum file was refused:\n- " + "\n- ".join(errors))


def read_file(path: str | Path) -> dict[str, Any]:
    """Parse a YAML or JSON curriculum file into a validated, normalised document."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CurriculumFileError([f"cannot read {path}: {error.strerror}"]) from error
    return parse_text(text, json_format=path.suffix.lower() == ".json")


def parse_text(text: str, *, json_format: bool = False) -> dict[str, Any]:
    try:
        raw = json.loads(text) if json_format else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as error:
        kind = "JSON" if json_format else "YAML"
        raise CurriculumFileError([f"not valid {kind}: {error}"]) from error
    return parse_document(raw)


def parse_document(raw: Any) -> dict[str, Any]:
    """Validate a loaded YAML/JSON structure; return it normalised or raise CurriculumFileError."""
    checker = _Checker()
    document = checker.document(raw)
    if checker.errors:
        raise CurriculumFileError(checker.errors)
    return document


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, where: str, problem: str) -> None:
        self.errors.append(f"{where}: {problem}")

    # -- structure -------------------------------------------------------------------

    def mapping(self, value: Any, where: str, keys: tuple[set[str], set[str]]) -> dict | None:
        required, optional = keys
        if not isinstance(value, dict):
            self.error(where, "expected a mapping")
            return None
        for key in sorted(set(value) - required - optional, key=str):
            self.error(where, f"unknown key '{key}'")
        for key in sorted(required - set(value)):
            self.error(where, f"missing key '{key}'")
        return value

    def entries(self, raw: dict, key: str, keys: tuple[set[str], set[str]]) -> list[tuple]:
        items = raw.get(key) or []
        if not isinstance(items, list):
            self.error(key, "expected a list")
            return []
        out = []
        seen: set[str] = set()
        for index, item in enumerate(items):
            slug = item.get("slug") if isinstance(item, dict) else None
            where = f"{key}[{index}]" + (f" ({slug})" if slug else "")
            entry = self.mapping(item, where, keys)
            if entry is None:
                continue
            if slug is not None:
                if not isinstance(slug, str) or not slug:
                    self.error(where, "slug must be a non-empty string")
                elif slug in seen:
                    self.error(where, f"duplicate slug '{slug}'")
                seen.add(slug)
            out.append((where, entry))
        return out

    def level(self, value: Any, where: str, field: str = "level", lowest: int = 1) -> int:
        if not _is_int(value) or not lowest <= value <= MAX_LEVEL:
            self.error(where, f"{field} {value!r} is outside {lowest}–{MAX_LEVEL}")
            return 1
        return value

    def strings(self, value: Any, where: str, field: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(where, f"{field} must be a list of strings")
            return []
        return list(value)

    def ref(self, slug: Any, known: set[str], where: str, kind: str) -> str:
        if not isinstance(slug, str) or slug not in known:
            self.error(where, f"unknown {kind} '{slug}'")
        return slug

    # -- the document ------------------------------------------------------------------

    def document(self, raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):
            self.error("file", "expected a mapping at the top level")
            return {}
        for key in sorted(set(raw) - TOP_KEYS, key=str):
            self.error("file", f"unknown key '{key}'")
        if raw.get("format") != FORMAT:
            self.error("file", f"format must be '{FORMAT}', not {raw.get('format')!r}")

        areas = [
            {"slug": e["slug"], "name": str(e.get("name", ""))}
            for _, e in self.entries(raw, "areas", AREA_KEYS)
        ]
        skill_entries = self.entries(raw, "skills", SKILL_KEYS)
        task_entries = self.entries(raw, "tasks", TASK_KEYS)
        role_entries = self.entries(raw, "roles", ROLE_KEYS)
        project_entries = self.entries(raw, "projects", PROJECT_KEYS)

        area_slugs = {a["slug"] for a in areas}
        skill_slugs = {e["slug"] for _, e in skill_entries}
        task_slugs = {e["slug"] for _, e in task_entries}
        role_slugs = {e["slug"] for _, e in role_entries}

        skills = [self.skill(w, e, area_slugs, skill_slugs) for w, e in skill_entries]
        tasks = [self.task(w, e, skill_slugs) for w, e in task_entries]
        roles = [self.role(w, e, skill_slugs, task_slugs, role_slugs) for w, e in role_entries]
        projects = [self.project(w, e, skill_slugs) for w, e in project_entries]

        self.check_prerequisite_cycle(skills)
        self.check_variant_cycle(roles)
        return {
            "name": str(raw.get("name") or "AI careers"),
            "areas": areas,
            "skills": skills,
            "roles": roles,
            "tasks": tasks,
            "projects": projects,
        }

    def skill(self, where: str, e: dict, areas: set[str], skills: set[str]) -> dict:
        levels = e.get("levels")
        descriptors: dict[int, str] = {}
        if not isinstance(levels, dict):
            self.error(where, f"levels must map each level 1–{MAX_LEVEL} to a descriptor")
        else:
            for key, text in levels.items():
                level = int(key) if isinstance(key, str) and key.isdigit() else key
                if not _is_int(level) or level not in LEVELS:
                    self.error(where, f"level {key!r} is outside 1–{MAX_LEVEL}")
                elif not isinstance(text, str) or not text.strip():
                    self.error(where, f"level {level} needs a descriptor")
                else:
                    descriptors[level] = text.strip()
            missing = [str(n) for n in LEVELS if n not in descriptors]
            if missing and len(descriptors) == len(levels):
                self.error(where, f"levels {', '.join(missing)} have no descriptor")

        hours = e.get("hours")
        if _is_number(hours):
            hours = [hours] * MAX_LEVEL
        if not (
            isinstance(hours, list) and len(hours) == MAX_LEVEL and all(map(_is_number, hours))
        ):
            self.error(where, "hours must be a number or a list of five numbers")
            hours = [1] * MAX_LEVEL
        elif any(h <= 0 for h in hours):
            self.error(where, "hours must be positive")

        prerequisites = []
        seen = set()
        for index, p in enumerate(e.get("prerequisites") or []):
            pw = f"{where} prerequisites[{index}]"
            if self.mapping(p, pw, PREREQ_KEYS) is None:
                continue
            other = self.ref(p.get("skill"), skills, pw, "skill")
            level = self.level(p.get("level"), pw)
            for_level = self.level(p.get("for_level", 1), pw, "for_level")
            if (other, for_level) in seen:
                self.error(pw, f"'{other}' is listed twice for level {for_level}")
            seen.add((other, for_level))
            prerequisites.append({"skill": other, "level": level, "for_level": for_level})
        return {
            "slug": e["slug"],
            "name": str(e.get("name", "")),
            "area": self.ref(e.get("area"), areas, where, "area"),
            "description": str(e.get("description") or ""),
            "levels": descriptors,
            "hours": [float(h) for h in hours],
            "prerequisites": prerequisites,
        }

    def task(self, where: str, e: dict, skills: set[str]) -> dict:
        subtasks = []
        for index, s in enumerate(e.get("subtasks") or []):
            sw = f"{where} subtasks[{index}]"
            if self.mapping(s, sw, SUBTASK_KEYS) is None:
                continue
            subtasks.append(
                {
                    "name": str(s["name"]),
                    "examples": self.strings(s.get("examples"), sw, "examples"),
                    "skills": [
                        self.ref(x, skills, sw, "skill")
                        for x in self.strings(s.get("skills"), sw, "skills")
                    ],
                }
            )
        return {
            "slug": e["slug"],
            "name": str(e.get("name", "")),
            "description": str(e.get("description") or ""),
            "subtasks": subtasks,
        }

    def role(self, where: str, e: dict, skills: set, tasks: set, roles: set) -> dict:
        requirements = []
        seen = set()
        for index, r in enumerate(e.get("requirements") or []):
            rw = f"{where} requirements[{index}]"
            if self.mapping(r, rw, REQUIREMENT_KEYS) is None:
                continue
            skill = self.ref(r.get("skill"), skills, rw, "skill")
            if skill in seen:
                self.error(rw, f"skill '{skill}' is required twice")
            seen.add(skill)
            priority = r.get("priority", "core")
            if priority not in PRIORITIES:
                self.error(rw, f"priority {priority!r} must be 'core' or 'nice'")
            requirements.append(
                {"skill": skill, "level": self.level(r.get("level"), rw), "priority": priority}
            )
        variant_of = e.get("variant_of")
        if variant_of is not None:
            self.ref(variant_of, roles, where, "role in variant_of")
        return {
            "slug": e["slug"],
            "name": str(e.get("name", "")),
            "description": str(e.get("description") or ""),
            "titles": self.strings(e.get("titles"), where, "titles"),
            "tasks": [
                self.ref(t, tasks, where, "task")
                for t in self.strings(e.get("tasks"), where, "tasks")
            ],
            "tools": self.strings(e.get("tools"), where, "tools"),
            "variant_of": variant_of,
            "requirements": requirements,
        }

    def project(self, where: str, e: dict, skills: set[str]) -> dict:
        if e.get("level") not in PROJECT_LEVELS:
            self.error(
                where, f"level {e.get('level')!r} must be one of {', '.join(PROJECT_LEVELS)}"
            )
        hours = e.get("hours")
        if not _is_number(hours) or hours <= 0:
            self.error(where, f"hours {hours!r} must be a positive number")
            hours = 1
        levels = []
        for index, s in enumerate(e.get("skills") or []):
            sw = f"{where} skills[{index}]"
            if self.mapping(s, sw, SKILL_LEVEL_KEYS) is None:
                continue
            levels.append(
                {
                    "skill": self.ref(s.get("skill"), skills, sw, "skill"),
                    "level": self.level(s.get("level"), sw),
                }
            )
        return {
            "slug": e["slug"],
            "name": str(e.get("name", "")),
            "level": e.get("level"),
            "hours": float(hours),
            "description": str(e.get("description") or ""),
            "deliverables": self.strings(e.get("deliverables"), where, "deliverables"),
            "skills": levels,
        }

    def check_prerequisite_cycle(self, skills: list[dict]) -> None:
        graph = {s["slug"]: [p["skill"] for p in s["prerequisites"]] for s in skills}
        cycle = find_cycle(graph)
        if cycle:
            self.error(f"skills ({cycle[0]})", f"prerequisite cycle {format_cycle(cycle)}")

    def check_variant_cycle(self, roles: list[dict]) -> None:
        graph = {r["slug"]: [r["variant_of"]] if r["variant_of"] else [] for r in roles}
        cycle = find_cycle(graph)
        if cycle:
            self.error(f"roles ({cycle[0]})", f"variant_of cycle {format_cycle(cycle)}")
