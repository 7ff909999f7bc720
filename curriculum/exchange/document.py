"""Reading and validating a curriculum file into a normalised document.

The whole file is checked before anything touches the database, and every problem is
reported with the entry it belongs to, so a curator can fix a file in one pass.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

import yaml

from curriculum.exchange import study
from curriculum.graph import find_cycle, format_cycle, prerequisite_knots
from curriculum.rules import (
    MIN_HOURS,
    NAME_MAX_LENGTH,
    SOURCE_MAX_LENGTH,
    slug_problem,
    suggest_slug,
)
from planner.engine.curriculum import MAX_LEVEL

FORMAT_1 = "waymark-curriculum/1"
FORMAT = "waymark-curriculum/2"
FORMATS = (FORMAT_1, FORMAT)
LEVELS = range(1, MAX_LEVEL + 1)
PROJECT_LEVELS = ("beginner", "intermediate", "advanced")
PRIORITIES = ("core", "nice")
MODES = ("replace", "merge")

# What a format-2 file may leave out of a skill: declared in the file's ``defaults`` or,
# failing that, these. Values filled in from defaults are stored as "estimated".
DEFAULT_HOURS = (10.0, 20.0, 40.0, 80.0, 160.0)
DEFAULT_DESCRIPTORS = {
    1: "Novice: follows instructions and worked examples (estimated; no descriptor yet).",
    2: "Advanced beginner: does routine tasks with some help (estimated; no descriptor yet).",
    3: "Competent: works independently on typical tasks (estimated; no descriptor yet).",
    4: "Proficient: handles unusual cases and guides others (estimated; no descriptor yet).",
    5: "Expert: extends the practice itself (estimated; no descriptor yet).",
}
ESTIMATED_FIELDS = ("levels", "hours")

TOP_KEYS = {"format", "name", "areas", "skills", "roles", "tasks", "projects"}
AREA_KEYS: tuple[set[str], set[str]] = ({"slug", "name"}, set())
SKILL_KEYS = (
    {"slug", "name", "area", "levels", "hours"},
    {"description", "prerequisites", "practice", "resources"},
)
PREREQ_KEYS = ({"skill", "level"}, {"for_level"})
ROLE_KEYS = (
    {"slug", "name"},
    {"description", "titles", "tasks", "tools", "variant_of", "requirements"},
)
REQUIREMENT_KEYS = ({"skill", "level"}, {"priority", "entry_level"})
TASK_KEYS = ({"slug", "name"}, {"description", "subtasks"})
SUBTASK_KEYS = ({"name"}, {"examples", "skills"})
PROJECT_KEYS = (
    {"slug", "name", "level", "hours"},
    {"description", "deliverables", "skills", "dataset"},
)
SKILL_LEVEL_KEYS: tuple[set[str], set[str]] = ({"skill", "level"}, set())

# Format 2 (real sources) adds these keys; a format-1 file that uses one is refused, so an
# old reader never silently drops them.
FORMAT_2_KEYS = {
    "file": {"mode", "defaults"},
    "entry": {"source"},  # areas, skills, tasks, roles, projects
    "skill": {"order", "estimated"},
    "requirement": {"any_of"},
}
DEFAULTS_KEYS: tuple[set[str], set[str]] = (set(), {"levels", "hours"})
ESTIMATED_KEYS: tuple[set[str], set[str]] = (set(), set(ESTIMATED_FIELDS))


class CurriculumFileError(ValueError):
    """A curriculum file that cannot be loaded; ``errors`` names each bad entry."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("The curriculum file was refused:\n- " + "\n- ".join(errors))


@dataclass(frozen=True)
class LoadedCurriculum:
    """What a merge-mode file may refer to besides its own entries: the live curriculum."""

    areas: frozenset[str] = frozenset()
    skills: Mapping[str, str] = field(default_factory=dict)  # slug → name
    tasks: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    prerequisites: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    variant_of: Mapping[str, str] = field(default_factory=dict)


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_file(path: str | Path, **options: Any) -> dict[str, Any]:
    """Parse a YAML or JSON curriculum file into a validated, normalised document."""
    return parse_document(read_raw(path), **options)


def read_raw(path: str | Path) -> Any:
    """The file's YAML or JSON structure, not yet validated."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CurriculumFileError([f"cannot read {path}: {error.strerror}"]) from error
    except UnicodeDecodeError as error:
        raise CurriculumFileError([f"{path} is not UTF-8 text"]) from error
    return parse_raw(text, json_format=path.suffix.lower() == ".json")


def parse_raw(text: str, *, json_format: bool = False) -> Any:
    try:
        return json.loads(text) if json_format else yaml.load(text, Loader=_YAML_LOADER)
    except (yaml.YAMLError, json.JSONDecodeError) as error:
        kind = "JSON" if json_format else "YAML"
        raise CurriculumFileError([f"not valid {kind}: {error}"]) from error


def parse_text(text: str, *, json_format: bool = False, **options: Any) -> dict[str, Any]:
    return parse_document(parse_raw(text, json_format=json_format), **options)


def wants_merge(raw: Any, merge: bool = False) -> bool:
    """Whether a file is loaded as a module beside the live curriculum."""
    return merge or (isinstance(raw, dict) and raw.get("mode") == "merge")


def parse_document(
    raw: Any, *, merge: bool = False, loaded: LoadedCurriculum | None = None
) -> dict[str, Any]:
    """Validate a loaded YAML/JSON structure; return it normalised or raise CurriculumFileError.

    Every problem in the file is collected before refusing it. In merge mode (the file's
    ``mode: merge`` or ``merge=True``) entries may refer to ``loaded`` ones, and the
    prerequisite cycles checked are those of the merged graph.
    """
    checker = _Checker(merge=wants_merge(raw, merge), loaded=loaded or LoadedCurriculum())
    document = checker.document(raw)
    if checker.errors:
        raise CurriculumFileError(checker.errors)
    return document


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _level_key(key: Any) -> Any:
    return int(key) if isinstance(key, str) and key.isdigit() else key


class _Checker:
    def __init__(self, *, merge: bool = False, loaded: LoadedCurriculum) -> None:
        self.errors: list[str] = []
        self.merge = merge
        self.loaded = loaded
        self.version = 2

    def error(self, where: str, problem: str) -> None:
        self.errors.append(f"{where}: {problem}")

    # -- structure -------------------------------------------------------------------

    def mapping(
        self, value: Any, where: str, keys: tuple[set[str], set[str]], *new: str
    ) -> dict | None:
        """Check a mapping's keys; ``new`` names the FORMAT_2_KEYS groups it may also use."""
        required, optional = keys
        if not isinstance(value, dict):
            self.error(where, "expected a mapping")
            return None
        newer = set().union(*(FORMAT_2_KEYS[group] for group in new))
        if self.version >= 2 and "skill" in new:
            # Descriptors and hours may come from the declared defaults.
            required, optional = required - {"levels", "hours"}, optional | {"levels", "hours"}
        for key in sorted(set(value) - required - optional - newer, key=str):
            self.error(where, f"unknown key '{key}'")
        if self.version < 2:
            for key in sorted(set(value) & newer, key=str):
                self.error(where, f"key '{key}' needs format '{FORMAT}'")
        for key in sorted(required - set(value)):
            self.error(where, f"missing key '{key}'")
        return value

    def entries(self, raw: dict, key: str, keys: tuple[set[str], set[str]], *new: str) -> list:
        items = raw.get(key) or []
        if not isinstance(items, list):
            self.error(key, "expected a list")
            return []
        out = []
        first: dict[str, str] = {}
        for index, item in enumerate(items):
            slug = item.get("slug") if isinstance(item, dict) else None
            where = f"{key}[{index}]" + (f" ({slug})" if isinstance(slug, str) and slug else "")
            entry = self.mapping(item, where, keys, "entry", *new)
            if entry is None:
                continue
            if "slug" not in entry:
                continue  # reported as a missing key; nothing can refer to it
            problem = slug_problem(slug)
            if problem:
                label = entry.get("name") or slug
                hint = f"; try '{suggest_slug(str(label))}'" if isinstance(slug, str) else ""
                self.error(where, problem + hint)
                if not isinstance(slug, str):
                    continue
            elif slug in first:
                self.error(where, f"duplicate slug '{slug}' (first at {first[slug]})")
            else:
                assert isinstance(slug, str), "slug_problem accepts only a string"
                first[slug] = where
            for text_key in ("name", "description"):
                value = entry.get(text_key)
                if value is not None and not isinstance(value, str):
                    self.error(where, f"{text_key} must be text, not {type(value).__name__}")
            self.text(entry.get("name"), where, "name")
            self.source(entry, where)
            out.append((where, entry))
        return out

    def listed(self, value: Any, where: str, field: str) -> list:
        """The items of an optional list key, or none (and a problem) if it is not a list."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(where, f"{field} must be a list")
            return []
        return value

    def text(self, value: Any, where: str, field: str, limit: int = NAME_MAX_LENGTH) -> None:
        if value is not None and len(str(value)) > limit:
            self.error(where, f"{field} is {len(str(value))} characters long, more than {limit}")

    def source(self, entry: dict, where: str) -> None:
        value = entry.get("source")
        if value is not None and not isinstance(value, str):
            self.error(where, "source must be a URL or an external id (a string)")
        self.text(value, where, "source", SOURCE_MAX_LENGTH)

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

    def ref(self, slug: Any, known: set[str], where: str, kind: str, loaded=()) -> str:
        if not isinstance(slug, str):
            self.error(where, f"{kind} must be a slug, not {slug!r}")
            return repr(slug)
        if slug not in known and slug not in loaded:
            self.error(where, f"unknown {kind} '{slug}'")
        return slug

    # -- the document ------------------------------------------------------------------

    def document(self, raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):
            self.error("file", "expected a mapping at the top level")
            return {}
        if raw.get("format") not in FORMATS:
            self.error(
                "file", f"format must be '{FORMAT}' or '{FORMAT_1}', not {raw.get('format')!r}"
            )
        elif raw["format"] == FORMAT_1:
            self.version = 1
        for key in sorted(set(raw) - TOP_KEYS - FORMAT_2_KEYS["file"], key=str):
            self.error("file", f"unknown key '{key}'")
        if self.version < 2:
            for key in sorted(set(raw) & FORMAT_2_KEYS["file"], key=str):
                self.error("file", f"key '{key}' needs format '{FORMAT}'")
        mode = raw.get("mode", "replace")
        if mode not in MODES:
            self.error("file", f"mode {mode!r} must be 'replace' or 'merge'")
        self.defaults = self.declared_defaults(raw.get("defaults"))

        areas = [
            {
                "slug": e["slug"],
                "name": str(e.get("name", "")),
                "source": str(e.get("source") or ""),
            }
            for _, e in self.entries(raw, "areas", AREA_KEYS)
        ]
        skill_entries = self.entries(raw, "skills", SKILL_KEYS, "skill")
        task_entries = self.entries(raw, "tasks", TASK_KEYS)
        role_entries = self.entries(raw, "roles", ROLE_KEYS)
        project_entries = self.entries(raw, "projects", PROJECT_KEYS)

        area_slugs = {a["slug"] for a in areas}
        skill_slugs = {e["slug"] for _, e in skill_entries}
        task_slugs = {e["slug"] for _, e in task_entries}
        role_slugs = {e["slug"] for _, e in role_entries}
        if self.merge:
            area_slugs |= self.loaded.areas
            skill_slugs |= set(self.loaded.skills)
            task_slugs |= self.loaded.tasks
            role_slugs |= self.loaded.roles

        skills = [self.skill(w, e, area_slugs, skill_slugs) for w, e in skill_entries]
        tasks = [self.task(w, e, skill_slugs) for w, e in task_entries]
        roles = [self.role(w, e, skill_slugs, task_slugs, role_slugs) for w, e in role_entries]
        projects = [self.project(w, e, skill_slugs) for w, e in project_entries]

        self.check_prerequisite_cycle(skills)
        self.check_variant_cycle(roles)
        return {
            "name": str(raw.get("name") or "AI careers"),
            "mode": "merge" if self.merge else "replace",
            "areas": areas,
            "skills": skills,
            "roles": roles,
            "tasks": tasks,
            "projects": projects,
        }

    def declared_defaults(self, raw: Any) -> dict[str, Any]:
        defaults: dict[str, Any] = {
            "levels": dict(DEFAULT_DESCRIPTORS),
            "hours": list(DEFAULT_HOURS),
        }
        if raw is None or self.mapping(raw, "defaults", DEFAULTS_KEYS) is None:
            return defaults
        levels = raw.get("levels")
        if levels is not None:
            if not isinstance(levels, dict):
                self.error("defaults", f"levels must map levels 1–{MAX_LEVEL} to descriptors")
            else:
                for key, text in levels.items():
                    level = _level_key(key)
                    if level not in LEVELS or not isinstance(text, str) or not text.strip():
                        self.error(
                            "defaults", f"level {key!r} needs a level 1–{MAX_LEVEL} and a text"
                        )
                    else:
                        defaults["levels"][level] = text.strip()
        hours = raw.get("hours")
        if hours is not None:
            if _is_number(hours):
                hours = [hours] * MAX_LEVEL
            if not (
                isinstance(hours, list) and len(hours) == MAX_LEVEL and all(map(_is_number, hours))
            ):
                self.error("defaults", "hours must be a number or a list of five numbers")
            elif any(h < MIN_HOURS for h in hours):
                self.error("defaults", f"hours must be at least {MIN_HOURS}")
            else:
                defaults["hours"] = [float(h) for h in hours]
        return defaults

    def skill(self, where: str, e: dict, areas: set[str], skills: set[str]) -> dict:
        estimated = self.estimated(e.get("estimated"), where)
        descriptors = self.descriptors(e, where, estimated["levels"])
        hours = self.hours(e, where, estimated["hours"])

        prerequisites = []
        seen = set()
        for index, p in enumerate(self.listed(e.get("prerequisites"), where, "prerequisites")):
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
        order = e.get("order")
        if order is not None and (not _is_int(order) or order < 0):
            self.error(where, f"order {order!r} must be a whole number ≥ 0")
            order = None
        self.text(e.get("description"), where, "description", 20_000)
        return {
            "slug": e["slug"],
            "name": str(e.get("name", "")),
            "area": self.ref(e.get("area"), areas, where, "area"),
            "description": str(e.get("description") or ""),
            "levels": descriptors,
            "hours": hours,
            "prerequisites": prerequisites,
            "estimated": {key: sorted(levels) for key, levels in estimated.items()},
            "order": order,
            "source": str(e.get("source") or ""),
            "practice": study.practice(e.get("practice"), where, self.error),
            "resources": study.resources(e.get("resources"), where, self.error),
        }

    def estimated(self, raw: Any, where: str) -> dict[str, set[int]]:
        """The levels whose descriptor or hours the file marks as placeholders."""
        out: dict[str, set[int]] = {key: set() for key in ESTIMATED_FIELDS}
        if raw is None or self.mapping(raw, f"{where} estimated", ESTIMATED_KEYS) is None:
            return out
        for key in ESTIMATED_FIELDS:
            levels = raw.get(key) or []
            if not isinstance(levels, list) or not all(_level_key(n) in LEVELS for n in levels):
                self.error(where, f"estimated {key} must be a list of levels 1–{MAX_LEVEL}")
                continue
            out[key] = {_level_key(n) for n in levels}
        return out

    def descriptors(self, e: dict, where: str, estimated: set[int]) -> dict[int, str]:
        levels = e.get("levels")
        descriptors: dict[int, str] = {}
        if levels is None and self.version >= 2:
            levels = {}
        if not isinstance(levels, dict):
            self.error(where, f"levels must map each level 1–{MAX_LEVEL} to a descriptor")
            return dict(self.defaults["levels"])
        for key, text in levels.items():
            level = _level_key(key)
            if not _is_int(level) or level not in LEVELS:
                self.error(where, f"level {key!r} is outside 1–{MAX_LEVEL}")
            elif not isinstance(text, str) or not text.strip():
                self.error(where, f"level {level} needs a descriptor")
            else:
                descriptors[level] = text.strip()
        missing = [n for n in LEVELS if n not in descriptors]
        if missing and self.version < 2 and len(descriptors) == len(levels):
            self.error(where, f"levels {', '.join(map(str, missing))} have no descriptor")
        for n in missing:
            descriptors[n] = self.defaults["levels"][n]
            estimated.add(n)
        return dict(sorted(descriptors.items()))

    def hours(self, e: dict, where: str, estimated: set[int]) -> list[float]:
        hours = e.get("hours")
        if hours is None and self.version >= 2:
            hours = {}
        if _is_number(hours):
            hours = [hours] * MAX_LEVEL
        if isinstance(hours, list) and len(hours) == MAX_LEVEL:
            hours = dict(zip(LEVELS, hours, strict=True))
        if not isinstance(hours, dict) or self.version < 2 and len(hours) != MAX_LEVEL:
            self.error(where, "hours must be a number or a list of five numbers")
            return [1.0] * MAX_LEVEL
        given: dict[int, float] = {}
        for key, value in hours.items():
            level = _level_key(key)
            if level not in LEVELS:
                self.error(where, f"hours for level {key!r}: the level is outside 1–{MAX_LEVEL}")
            elif not _is_number(value):
                self.error(where, f"hours for level {level} must be a number, not {value!r}")
            elif value < MIN_HOURS:
                self.error(where, f"hours must be at least {MIN_HOURS} (level {level}: {value})")
            else:
                given[level] = float(value)
        for n in LEVELS:
            if n not in given:
                given[n] = self.defaults["hours"][n - 1]
                estimated.add(n)
        return [given[n] for n in LEVELS]

    def task(self, where: str, e: dict, skills: set[str]) -> dict:
        subtasks = []
        for index, s in enumerate(self.listed(e.get("subtasks"), where, "subtasks")):
            sw = f"{where} subtasks[{index}]"
            if self.mapping(s, sw, SUBTASK_KEYS) is None:
                continue
            self.text(s.get("name"), sw, "name")
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
            "source": str(e.get("source") or ""),
        }

    def role(self, where: str, e: dict, skills: set, tasks: set, roles: set) -> dict:
        requirements = []
        seen = set()
        for index, r in enumerate(self.listed(e.get("requirements"), where, "requirements")):
            rw = f"{where} requirements[{index}]"
            if isinstance(r, dict) and "any_of" in r:
                keys = ({"any_of", "level"}, REQUIREMENT_KEYS[1])
            else:
                keys = REQUIREMENT_KEYS
            if self.mapping(r, rw, keys, "requirement") is None:
                continue
            # None stands for a requirement with no valid skill (an error already reported).
            members: list[str | None]
            if "any_of" in r:
                named = self.strings(r.get("any_of"), rw, "any_of")
                if len(named) < 2:
                    self.error(rw, "any_of must list at least two skills")
                members = [self.ref(x, skills, rw, "skill") for x in named] or [None]
            else:
                members = [self.ref(r.get("skill"), skills, rw, "skill")]
            for skill in members:
                if skill in seen:
                    self.error(rw, f"skill '{skill}' is required twice")
                seen.add(skill)
            priority = r.get("priority", "core")
            if priority not in PRIORITIES:
                self.error(rw, f"priority {priority!r} must be 'core' or 'nice'")
            level = self.level(r.get("level"), rw)
            entry_level = r.get("entry_level")
            if entry_level is not None:
                entry_level = self.level(entry_level, rw, "entry_level", lowest=0)
                if entry_level > level:
                    self.error(rw, f"entry_level {entry_level} is above level {level}")
            requirements.append(
                {
                    "skill": members[0],
                    "level": level,
                    "priority": priority,
                    "alternatives": members[1:],
                    "entry_level": entry_level,
                }
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
            "source": str(e.get("source") or ""),
        }

    def project(self, where: str, e: dict, skills: set[str]) -> dict:
        if e.get("level") not in PROJECT_LEVELS:
            self.error(
                where, f"level {e.get('level')!r} must be one of {', '.join(PROJECT_LEVELS)}"
            )
        hours = e.get("hours")
        if not _is_number(hours) or hours < MIN_HOURS:
            self.error(where, f"hours {hours!r} must be a number of at least {MIN_HOURS}")
            hours = 1
        levels = []
        for index, s in enumerate(self.listed(e.get("skills"), where, "skills")):
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
            "source": str(e.get("source") or ""),
            "dataset": study.dataset(e.get("dataset"), where, self.error),
        }

    def check_prerequisite_cycle(self, skills: list[dict]) -> None:
        """Name every cycle: one problem per strongly connected component of the graph."""
        names = {**self.loaded.skills} if self.merge else {}
        graph: dict[str, list[str]] = {}
        if self.merge:
            graph.update({slug: list(req) for slug, req in self.loaded.prerequisites.items()})
        for s in skills:
            if isinstance(s["slug"], str):
                names[s["slug"]] = s["name"]
                graph[s["slug"]] = [p["skill"] for p in s["prerequisites"]]
        for cycle, members in prerequisite_knots(graph):
            path = format_cycle(f"{names.get(slug, slug)} ({slug})" for slug in cycle)
            others = sorted(set(members) - set(cycle))
            also = f"; the same knot also holds {', '.join(others)}" if others else ""
            self.error(
                f"skills ({', '.join(sorted(members))})",
                f"prerequisite cycle of {len(members)} skills: {path}{also}",
            )

    def check_variant_cycle(self, roles: list[dict]) -> None:
        graph = {r: [base] for r, base in self.loaded.variant_of.items()} if self.merge else {}
        graph.update({r["slug"]: [r["variant_of"]] if r["variant_of"] else [] for r in roles})
        cycle = find_cycle(graph)
        if cycle:
            self.error(f"roles ({cycle[0]})", f"variant_of cycle {format_cycle(cycle)}")
